// The offline evaluation behind `sdm-cli eval` and the studio's Evaluate action.
#include "metrics/evaluate.h"

#include <ATen/ATen.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <mutex>
#include <optional>
#include <sstream>

#include "diffusion/gamma.h"
#include "diffusion/sampler.h"
#include "io/grid.h"
#include "io/npz.h"
#include "io/torch_file.h"
#include "metrics/classifier.h"
#include "metrics/extractor.h"
#include "metrics/scores.h"
#include "model/loader.h"
#include "model/quant_model.h"
#include "model/spike_probe.h"
#include "model/topology.h"
#include "probe/energy.h"
#include "train/dataset.h"
#include "util/error.h"
#include "util/resources.h"

namespace sdm {
namespace {

at::Tensor allImages(const train::ImageDataset& d) {
  return d.batch(at::arange(d.size(), at::kLong), at::zeros({d.size()}, at::kBool));
}

std::string resourceOr(const std::string& given, const std::string& bundled, const char* what) {
  if (!given.empty()) return given;
  if (auto p = findResource(bundled)) return *p;
  throw Error(std::string("no ") + what + " given and the bundled " + bundled + " was not found");
}

train::DatasetSpec dataSpec(const EvalRequest& r, const std::string& split, int channels,
                            int64_t limit = 0) {
  train::DatasetSpec s;
  s.kind = train::parseDatasetKind(r.dataset);
  s.path = r.dataDir;
  s.split = split;
  s.channels = channels;
  s.limit = limit;
  return s;
}

// Mean firing rate of every IF layer over a whole sampling run (forwards may run concurrently).
class LayerRateProbe : public SpikeProbe {
 public:
  explicit LayerRateProbe(std::size_t layers) : m_spikes(layers, 0.0), m_elements(layers, 0.0) {}
  void onLayerEvent(const LayerEvent& e) override {
    const double spikes = e.spikes.sum().item<double>();
    const double elements = double(e.spikes.numel());
    std::lock_guard<std::mutex> lock(m_mutex);
    if (e.layer < 0 || std::size_t(e.layer) >= m_spikes.size()) return;
    m_spikes[std::size_t(e.layer)] += spikes;
    m_elements[std::size_t(e.layer)] += elements;
  }
  std::vector<double> rates() const {
    std::vector<double> out;
    for (std::size_t i = 0; i < m_spikes.size(); ++i)
      out.push_back(m_elements[i] > 0 ? m_spikes[i] / m_elements[i] : 0.0);
    return out;
  }

 private:
  std::mutex m_mutex;
  std::vector<double> m_spikes, m_elements;
};
}  // namespace

void to_json(nlohmann::json& j, const EvalRequest& r) {
  j = r.solver;
  j.update({{"anchor", r.anchor},
            {"checkpoint", r.checkpoint},
            {"weights", toString(r.load.weights)},
            {"snn_steps", r.load.snnSteps},
            {"gamma", r.gammaPath},
            {"noise_mode", r.noiseMode == NoiseMode::Batch ? "batch" : "per-image"},
            {"seed", r.seed},
            {"n", r.n},
            {"threshold", r.threshold},
            {"micro_batch", r.microBatch},
            {"precision", toString(r.precision)},
            {"classifier", r.classifier},
            {"ref_stats", r.refStats},
            {"kid", r.kid},
            {"dataset", r.dataset},
            {"data_dir", r.dataDir},
            {"inception", r.inception},
            {"noise", r.noisePath},
            {"energy", r.energy},
            {"energy_costs", r.energyPreset},
            {"grid_out", r.gridOut},
            {"out_json", r.outJson}});
}

void from_json(const nlohmann::json& j, EvalRequest& r) {
  const EvalRequest d;
  r.anchor = j.value("anchor", d.anchor);
  r.checkpoint = j.value("checkpoint", d.checkpoint);
  r.load.weights = parseWeightsChoice(j.value("weights", std::string("auto")));
  r.load.snnSteps = j.value("snn_steps", 0);
  r.solver = d.solver;
  from_json(j, r.solver);
  r.gammaPath = j.value("gamma", d.gammaPath);
  r.noiseMode =
      j.value("noise_mode", std::string()) == "batch" ? NoiseMode::Batch : NoiseMode::PerImage;
  r.seed = j.value("seed", d.seed);
  r.n = j.value("n", d.n);
  r.threshold = j.value("threshold", d.threshold);
  r.microBatch = j.value("micro_batch", d.microBatch);
  r.precision = parsePrecision(j.value("precision", std::string(toString(d.precision))));
  r.classifier = j.value("classifier", d.classifier);
  r.refStats = j.value("ref_stats", d.refStats);
  r.kid = j.value("kid", d.kid);
  r.dataset = j.value("dataset", d.dataset);
  r.dataDir = j.value("data_dir", d.dataDir);
  r.inception = j.value("inception", d.inception);
  r.noisePath = j.value("noise", d.noisePath);
  r.energy = j.value("energy", d.energy);
  r.energyPreset = j.value("energy_costs", d.energyPreset);
  r.gridOut = j.value("grid_out", d.gridOut);
  r.outJson = j.value("out_json", d.outJson);
}

std::string EvalRequest::outputPath() const {
  if (outJson == "-") return {};
  if (!outJson.empty()) return outJson;
  if (anchor == "model" && !checkpoint.empty()) return checkpoint + ".eval.jsonl";
  return {};
}

const char* toString(EvalProgress::Stage s) {
  switch (s) {
    case EvalProgress::Stage::Loading:
      return "loading";
    case EvalProgress::Stage::Sampling:
      return "sampling";
    case EvalProgress::Stage::Scoring:
      return "scoring";
    case EvalProgress::Stage::Done:
      return "done";
  }
  return "?";
}

nlohmann::json evaluate(const EvalRequest& req,
                        const std::function<void(const EvalProgress&)>& onProgress,
                        const CancelToken& cancel) {
  if (req.anchor != "model" && req.anchor != "real" && req.anchor != "noise")
    throw Error("anchor must be model, real or noise, not '" + req.anchor + "'");
  if (req.n < 1) throw Error("n must be at least 1");
  const auto start = std::chrono::steady_clock::now();
  auto report = [&](EvalProgress::Stage stage, int done, int total) {
    if (!onProgress) return;
    EvalProgress p;
    p.stage = stage;
    p.done = done;
    p.total = total;
    p.elapsedSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    onProgress(p);
  };
  report(EvalProgress::Stage::Loading, 0, 0);

  std::unique_ptr<FeatureExtractor> fx;
  if (!req.inception.empty()) {
    if (req.refStats.empty())
      throw Error("--inception needs --ref-stats (mu, sigma of the reference set)");
    fx = inceptionExtractor(req.inception);
  } else {
    std::string desc;
    auto model = loadClassifier(
        resourceOr(req.classifier, "models/fmnist_classifier.pt", "--classifier"), &desc);
    fx = classifierExtractor(model, desc);
  }
  auto stats = io::readNpz(resourceOr(req.refStats, "models/fmnist_test_stats.npz", "--ref-stats"));
  if (!stats.count("mu") || !stats.count("sigma"))
    throw Error("the reference statistics need arrays mu and sigma");
  GaussianStats ref{stats["mu"], stats["sigma"], 0};

  nlohmann::json meta{{"anchor", req.anchor}, {"n", req.n}};
  at::Tensor images;
  int imgCh = 1, imgSize = 32;
  double samplingSeconds = 0;
  if (req.anchor == "model") {
    if (req.checkpoint.empty())
      throw Error("--checkpoint is required (or use --anchor real / noise)");
    // A Spk_UNet, or an ANN2SNN model (quantized ANN / converted S_UNet) through the same solvers.
    io::Checkpoint ck = io::readCheckpoint(req.checkpoint);
    std::optional<LoadedQuantModel> quant;
    LoadedModel lm;
    std::unique_ptr<EpsModel> eps;
    std::unique_ptr<LayerRateProbe> rates;
    if (isQuantCheckpoint(ck)) {
      requireNoThresholdGuidance(req.threshold);
      QuantLoadOptions qo = req.quant;
      qo.weights = req.load.weights;
      if (qo.spikeTime == 0) qo.spikeTime = req.load.snnSteps;  // a converted model's T
      quant = loadQuantModel(std::move(ck), qo);
      lm.config = quant->config.asModelConfig();
      lm.weights = quant->weights;
      eps = quantEps(*quant->model, req.microBatch, &cancel, nullptr, req.precision);
      meta["model"] = quant->config.summary();
    } else {
      if (req.quant.bit || req.quant.spikeTime || req.quant.unsignedSpikes)
        throw Error("--bit, --spike-time and --unsigned-spikes apply to ANN2SNN models only");
      lm = loadModel(std::move(ck), req.load);
      if (req.energy) rates = std::make_unique<LayerRateProbe>(neuronLayers(lm.config).size());
      eps = std::make_unique<NetworkEps>(
          *lm.model, NetworkEpsOptions{static_cast<float>(req.threshold), req.microBatch,
                                       rates.get(), &cancel, req.precision});
      meta["model"] = lm.config.summary();
    }
    imgCh = lm.config.imgCh;
    imgSize = lm.config.imgSize;
    SampleRequest sr;
    sr.solver = req.solver;
    if (sr.solver.steps <= 0)
      sr.solver.steps = defaultSteps(sr.solver.kind, lm.config.trainingTimesteps);
    if (!sr.solver.gamma && !req.gammaPath.empty())
      sr.solver.gamma = std::make_shared<GammaTable>(
          GammaTable::load(req.gammaPath, lm.config.trainingTimesteps));
    sr.solver.validate();
    sr.batch = req.n;
    sr.imageShape = {imgCh, imgSize, imgSize};
    sr.seed = req.seed;
    sr.noiseMode = req.noiseMode;
    if (!req.noisePath.empty()) {
      sr.xT = io::readTensorFile(req.noisePath);
      if (sr.xT.dim() != 4 || sr.xT.size(0) != req.n || sr.xT.size(1) != imgCh ||
          sr.xT.size(2) != imgSize || sr.xT.size(3) != imgSize)
        throw Error("--noise must hold [" + std::to_string(req.n) + "," + std::to_string(imgCh) +
                    "," + std::to_string(imgSize) + "," + std::to_string(imgSize) + "], got " +
                    std::string(c10::str(sr.xT.sizes())));
    }
    SampleResult r =
        runSampler(*eps, Schedule(lm.config.trainingTimesteps), sr, [&](const StepFrame& f) {
          report(EvalProgress::Stage::Sampling, f.evaluation + 1, f.totalEvaluations);
        });
    if (r.cancelled || cancel.cancelled()) throw Cancelled();
    samplingSeconds = r.seconds;
    images = r.images;
    meta["checkpoint"] = req.checkpoint;
    meta["weights"] = lm.weights;
    meta["ema"] = lm.weights == "ema_model";
    meta["sampler"] = sr.describe();
    meta["threshold"] = req.threshold;
    meta["precision"] = toString(req.precision);
    meta["seed"] = req.seed;
    meta["evaluations"] = r.evaluations;
    if (rates)
      meta["energy"] = energyToJson(
          estimateEnergy(lm.config, rates->rates(), EnergyCosts::byName(req.energyPreset)),
          r.evaluations);
  } else if (req.anchor == "real") {
    images = allImages(train::loadDataset(dataSpec(req, "train", imgCh, req.n)));
  } else {
    images = at::randn({req.n, imgCh, imgSize, imgSize}, at::detail::createCPUGenerator(req.seed))
                 .clamp(-1, 1);
  }
  if (cancel.cancelled()) throw Cancelled();
  report(EvalProgress::Stage::Scoring, 0, 0);
  at::Tensor realFeatures;
  if (req.kid)
    extractAll(*fx, allImages(train::loadDataset(dataSpec(req, "test", imgCh))), &realFeatures,
               nullptr);
  if (cancel.cancelled()) throw Cancelled();
  ScoreReport rep = scoreImages(*fx, images, ref, realFeatures);
  meta["scores"] = rep.toJson();
  meta["seconds"] = samplingSeconds;
  if (!req.gridOut.empty()) {
    const int64_t shown = std::min<int64_t>(16, images.size(0));
    io::writePng(req.gridOut, io::toImage8(io::makeGrid(images.slice(0, 0, shown))),
                 {{"parameters", meta.dump()}});
  }
  if (const std::string out = req.outputPath(); !out.empty()) {
    std::ofstream f(out, std::ios::app);
    f << meta.dump() << "\n";
    if (!f) throw Error("cannot append to " + out);
  }
  report(EvalProgress::Stage::Done, 0, 0);
  return meta;
}

std::string evalSummaryText(const nlohmann::json& j) { return evalSummaryText(evalSummaryOf(j)); }

}  // namespace sdm
