// The offline evaluation behind `sdm-cli eval` and the studio's Evaluate action.
#include "metrics/evaluate.h"

#include <ATen/ATen.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <optional>
#include <sstream>

#include "diffusion/gamma.h"
#include "diffusion/sampler.h"
#include "io/npz.h"
#include "io/torch_file.h"
#include "metrics/classifier.h"
#include "metrics/extractor.h"
#include "metrics/scores.h"
#include "model/loader.h"
#include "model/quant_model.h"
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

int defaultSteps(SolverKind k, int trainingTimesteps) {
  if (k == SolverKind::Ddpm) return trainingTimesteps;
  if (k == SolverKind::DpmSolver || k == SolverKind::DpmSolverPP) return 20;
  return 50;
}

}  // namespace

std::string EvalRequest::outputPath() const {
  if (outJson == "-") return {};
  if (!outJson.empty()) return outJson;
  if (anchor == "model" && !checkpoint.empty()) return checkpoint + ".eval.jsonl";
  return {};
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
    if (isQuantCheckpoint(ck)) {
      requireNoThresholdGuidance(req.threshold);
      if (req.precision != Precision::Exact)
        throw Error(std::string("precision ") + toString(req.precision) +
                    " applies to Spk_UNet models; ANN2SNN models run exact");
      QuantLoadOptions qo = req.quant;
      qo.weights = req.load.weights;
      if (qo.spikeTime == 0) qo.spikeTime = req.load.snnSteps;  // a converted model's T
      quant = loadQuantModel(std::move(ck), qo);
      lm.config = quant->config.asModelConfig();
      lm.weights = quant->weights;
      eps = quantEps(*quant->model, req.microBatch, &cancel);
      meta["model"] = quant->config.summary();
    } else {
      if (req.quant.bit || req.quant.spikeTime || req.quant.unsignedSpikes)
        throw Error("--bit, --spike-time and --unsigned-spikes apply to ANN2SNN models only");
      lm = loadModel(std::move(ck), req.load);
      eps = std::make_unique<NetworkEps>(
          *lm.model,
          NetworkEpsOptions{static_cast<float>(req.threshold), req.microBatch, nullptr, &cancel,
                            req.precision});
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
  if (const std::string out = req.outputPath(); !out.empty()) {
    std::ofstream f(out, std::ios::app);
    f << meta.dump() << "\n";
    if (!f) throw Error("cannot append to " + out);
  }
  report(EvalProgress::Stage::Done, 0, 0);
  return meta;
}

std::string evalSummaryText(const nlohmann::json& j) {
  const nlohmann::json& s = j.at("scores");
  std::ostringstream o;
  o << std::fixed << std::setprecision(4) << s.value("fd_name", std::string("FD")) << " = "
    << s.value("fd", 0.0) << "   (N=" << s.value("n", 0) << ", " << j.value("anchor", "");
  if (j.contains("sampler"))
    o << ", " << j["sampler"].value("summary", std::string()) << ", seed "
      << j.value("seed", uint64_t{0}) << ", " << (j.value("ema", false) ? "EMA" : "raw")
      << " weights";
  // Threshold guidance changes the model's output: a guided score names its threshold.
  if (const double th = j.value("threshold", 1.0); th != 1.0)
    o << ", IF threshold " << std::setprecision(6) << std::defaultfloat << th << std::fixed
      << std::setprecision(4);
  if (const std::string p = j.value("precision", std::string("exact")); p != "exact")
    o << ", precision " << p;
  o << ")\n";
  if (s.contains("kid"))
    o << "KID = " << s["kid"].value("mean", 0.0) << " +- " << s["kid"].value("std", 0.0)
      << "   (same extractor, " << s["kid"].value("subsets", 0) << " subsets of "
      << s["kid"].value("subset_size", 0) << ")\n";
  if (s.contains("classifier")) {
    const nlohmann::json& c = s["classifier"];
    o << "IS analogue = " << c.value("is_analogue_mean", 0.0) << " +- "
      << c.value("is_analogue_std", 0.0) << ", confident (p >= 0.5) "
      << 100 * c.value("confident_fraction", 0.0) << " %, class entropy "
      << c.value("class_entropy", 0.0) << " / ln 10 = " << std::log(10.0) << "\n";
  }
  if (j.contains("model") && j["model"].is_string())
    o << "model: " << j["model"].get<std::string>() << "\n";
  return o.str();
}

}  // namespace sdm
