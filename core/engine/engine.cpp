#include "engine/engine.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <filesystem>
#include <variant>

#include "diffusion/eps_model.h"
#include "diffusion/gamma.h"
#include "diffusion/sampler.h"
#include "diffusion/solver.h"
#include "engine/model_info_of.h"
#include "engine/provenance.h"
#include "io/arch_infer.h"
#include "io/grid.h"
#include "io/torch_file.h"
#include "model/loader.h"
#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "probe/cost.h"
#include "probe/recorder.h"
#include "util/error.h"

namespace sdm {

struct Engine::Impl {
  // None yet, a Spk_UNet (SDDPM / SDM), or an ANN2SNN model (quantized ANN or converted S_UNet).
  std::variant<std::monostate, LoadedModel, LoadedQuantModel> loaded;
  ModelInfo info;  // of the loaded one; its config is the ModelConfig generation runs with
};

Engine::Engine() : m(std::make_unique<Impl>()) {}
Engine::~Engine() = default;

bool Engine::hasModel() const { return !std::holds_alternative<std::monostate>(m->loaded); }
const ModelInfo& Engine::info() const { return m->info; }

ModelInfo Engine::load(const std::string& path, const LoadOptions& options) {
  io::Checkpoint ck = io::readCheckpoint(path);  // throws before anything changes
  if (isQuantCheckpoint(ck)) {
    QuantLoadOptions qo;
    qo.weights = options.weights;
    qo.imgSize = options.imgSize;
    qo.spikeTime = isConvertedStateDict(ck.hasEma() ? ck.ema : ck.net) ? options.snnSteps : 0;
    LoadedQuantModel q = loadQuantModel(std::move(ck), qo);
    ModelInfo info = modelInfoOf(path, q);
    m->loaded = std::move(q);
    m->info = info;
    return info;
  }
  LoadedModel lm = loadModel(std::move(ck), options);
  ModelInfo info = modelInfoOf(path, lm);
  m->loaded = std::move(lm);
  m->info = info;
  return info;
}

namespace {

std::vector<io::Image8> toImages(const at::Tensor& x, int64_t count) {
  std::vector<io::Image8> out;
  for (int64_t i = 0; i < std::min<int64_t>(count, x.size(0)); ++i)
    out.push_back(io::sampleToImage8(x[i].clamp(-1, 1)));
  return out;
}

at::Tensor samplesTensor(const GenerationResult& r) {
  return at::from_blob(const_cast<float*>(r.samples.data()), r.shape, at::kFloat).clone();
}

}  // namespace

GenerationResult Engine::generate(const GenerateParams& p,
                                  const std::function<void(const GenerationFrame&)>& onFrame,
                                  const CancelToken& cancel) {
  if (!hasModel()) throw Error("no model loaded");
  const LoadedQuantModel* ann2snn = std::get_if<LoadedQuantModel>(&m->loaded);
  const ModelConfig& c = m->info.config;
  SampleRequest req;
  req.solver = p.solver;
  if (req.solver.kind == SolverKind::Ddpm) req.solver.steps = c.trainingTimesteps;
  if (!p.gammaPath.empty())
    req.solver.gamma =
        std::make_shared<GammaTable>(GammaTable::load(p.gammaPath, c.trainingTimesteps));
  req.batch = p.batch;
  req.imageShape = {c.imgCh, c.imgSize, c.imgSize};
  req.seed = p.seed;
  req.noiseMode = p.noiseMode;

  RecordOptions rec = p.record;
  rec.threshold = p.threshold;
  const bool quant = ann2snn != nullptr;
  if (quant) requireNoThresholdGuidance(p.threshold);
  std::string why;
  if (!precisionAvailable(p.precision, &why)) throw Error(why);
  const bool recordSpikes = p.recordSpikes && m->info.spiking;
  if (quant) rec.threshold = 1;  // a converted model's potentials are in units of its act_alpha
  SpikeRecorder recorder(m->info.layers, c.snnSteps, rec);
  const int micro = quant ? p.microBatch : fitMicroBatch(c, p.microBatch, p.batch);
  std::unique_ptr<EpsModel> epsModel =
      quant ? quantEps(*ann2snn->model, micro, &cancel, recordSpikes ? &recorder : nullptr,
                       p.precision)
            : std::make_unique<NetworkEps>(
                  *std::get<LoadedModel>(m->loaded).model,
                  NetworkEpsOptions{p.threshold, micro, recordSpikes ? &recorder : nullptr, &cancel,
                                    p.precision});
  EpsModel& eps = *epsModel;
  GenerationResult result;
  auto onStep = [&](const StepFrame& f) {
    GenerationFrame frame;
    frame.evaluation = f.evaluation;
    frame.total = f.totalEvaluations;
    frame.modelTime = f.modelTime;
    frame.elapsedSeconds = f.elapsedSeconds;
    frame.xt = toImages(f.x, p.trajectoryImages);
    frame.x0 = toImages(f.x0, p.trajectoryImages);
    if (recordSpikes) frame.spikes = recorder.endEvaluation(f.evaluation, f.modelTime);
    if (onFrame) onFrame(frame);
    result.frames.push_back(std::move(frame));
  };
  Schedule schedule(c.trainingTimesteps);
  SampleResult r = runSampler(eps, schedule, req, onStep);

  result.cancelled = r.cancelled;
  result.evaluations = r.evaluations;
  result.seconds = r.seconds;
  at::Tensor images = r.images.contiguous();
  result.shape = images.sizes().vec();
  result.samples.assign(images.data_ptr<float>(), images.data_ptr<float>() + images.numel());
  result.images = toImages(images, images.size(0));
  result.grid = io::toImage8(io::makeGrid(images));
  ModelIdentity id{m->info.path, m->info.sha256, m->info.weights, c};
  result.provenance = provenance(id, req, {p.threshold, micro, p.precision});
  result.provenance["cancelled"] = r.cancelled;
  result.provenance["evaluations"] = r.evaluations;
  if (quant) result.provenance["model"] = ann2snn->config;
  if (recordSpikes) {
    auto run = std::make_shared<SpikeRun>(recorder.finishedRun());
    if (!run->evaluations.empty())
      result.energy =
          quant ? estimateEnergy(convertedLayerCosts(ann2snn->config), c.snnSteps,
                                 run->meanLayerRates(), EnergyCosts::byName(p.energyPreset))
                : estimateEnergy(c, run->meanLayerRates(), EnergyCosts::byName(p.energyPreset));
    result.spikes = run;
  }
  return result;
}

bool Engine::warmUp(const GenerateParams& like) {
  if (!hasModel()) return false;
  GenerateParams p;
  p.solver.kind = SolverKind::Ddim;
  p.solver.steps = 1;
  p.precision = m->info.spiking ? like.precision : Precision::Exact;
  p.microBatch = like.microBatch;
  // Exact at micro-batch 1 runs one image per thread: as many images as threads show every shape.
  const int64_t shapes = p.precision == Precision::Exact && p.microBatch == 1
                             ? at::get_num_threads()
                             : fastChunkImages(m->info.config.snnSteps);
  p.batch = static_cast<int>(std::clamp<int64_t>(like.batch, 1, shapes));
  p.recordSpikes = false;
  p.trajectoryImages = 0;
  try {
    generate(p, {}, CancelToken());
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void Engine::writeGrid(const GenerationResult& r, const std::string& path, int nrow,
                       bool torchvisionStyle) {
  io::GridOptions g;
  g.nrow = nrow;
  g.style = torchvisionStyle ? io::GridStyle::Torchvision : io::GridStyle::Reference;
  io::writePng(path, io::toImage8(io::makeGrid(samplesTensor(r), g)), pngText(r.provenance));
}

void Engine::writeTrajectoryStrip(const GenerationResult& r, const std::string& path,
                                  bool predictedX0, int maxColumns) {
  if (r.frames.empty()) throw Error("this run has no trajectory");
  const std::size_t n = r.frames.size();
  const std::size_t cols =
      std::min<std::size_t>(n, static_cast<std::size_t>(std::max(1, maxColumns)));
  const std::size_t rows = r.frames[0].xt.size();
  const io::Image8& first = r.frames[0].xt.at(0);
  const int pad = 2, w = first.width, h = first.height;
  io::Image8 strip;
  strip.width = static_cast<int>(cols) * (w + pad) + pad;
  strip.height = static_cast<int>(rows) * (h + pad) + pad;
  strip.channels = 3;
  strip.pixels.assign(std::size_t(strip.width) * strip.height * 3, 0);
  for (std::size_t c = 0; c < cols; ++c) {
    const std::size_t f = cols == 1 ? n - 1 : c * (n - 1) / (cols - 1);
    const auto& imgs = predictedX0 ? r.frames[f].x0 : r.frames[f].xt;
    for (std::size_t row = 0; row < rows && row < imgs.size(); ++row) {
      const io::Image8& im = imgs[row];
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          for (int k = 0; k < 3; ++k) {
            const uint8_t v =
                im.pixels[(std::size_t(y) * w + x) * im.channels + (im.channels == 3 ? k : 0)];
            strip.pixels[((std::size_t(row) * (h + pad) + pad + y) * strip.width + c * (w + pad) +
                          pad + x) *
                             3 +
                         k] = v;
          }
    }
  }
  io::writePng(path, strip, pngText(r.provenance));
}

void Engine::writeImage(const io::Image8& image, const std::string& path,
                        const nlohmann::json& provenance) {
  io::writePng(path, image, pngText(provenance));
}

int Engine::evaluationsFor(const SolverOptions& options, int trainingTimesteps) {
  SolverOptions o = options;
  o.validate();
  if (o.kind == SolverKind::Ddpm) o.steps = trainingTimesteps;
  if (o.kind ==
      SolverKind::AnalyticDpm) {  // the count depends on the grid only: any complete table
    auto gamma = std::make_shared<GammaTable>(trainingTimesteps);
    for (int t = 0; t < trainingTimesteps; ++t) gamma->set(t, 0.5, 1);
    o.gamma = gamma;
  }
  Schedule schedule(trainingTimesteps);
  return makeSolver(o, schedule)->nfe();
}

void Engine::writeSamplesTensor(const GenerationResult& r, const std::string& path) {
  io::writeTensorFile(path, samplesTensor(r));
}

}  // namespace sdm
