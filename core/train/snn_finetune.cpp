#include "train/snn_finetune.h"

#include <ATen/ATen.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <memory>

#include "diffusion/schedule.h"
#include "io/checkpoint.h"
#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "train/adam.h"
#include "train/rng_streams.h"
#include "train/run_folder.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm::train {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void SnnFinetuneConfig::validate() const {
  if (annCheckpoint.empty()) throw Error("the quantized ANN checkpoint (--ann) is required");
  if (snnCheckpoint.empty()) throw Error("the converted SNN checkpoint (--snn) is required");
  if (annWeights != "net" && annWeights != "ema") throw Error("--ann-weights must be net or ema");
  if (runDir.empty()) throw Error("--run-dir is required");
  if (batch < 1 || batch > 4096) throw Error("--batch must be 1 … 4096");
  if (stepsPerBlock < 1) throw Error("--steps-per-block must be at least 1");
  if (!(lr > 0) || lr > 1) throw Error("--lr must be in (0, 1]");
  if (dropout < 0 || dropout >= 1) throw Error("--dropout must be in [0, 1)");
  if (saveEvery < 0) throw Error("--save-every must not be negative");
}

void to_json(nlohmann::json& j, const SnnFinetuneConfig& c) {
  j = {{"kind", "finetune-snn"},
       {"ann_checkpoint", c.annCheckpoint},
       {"ann_weights", c.annWeights},
       {"snn_checkpoint", c.snnCheckpoint},
       {"run_dir", c.runDir},
       {"data", c.data},
       {"batch_size", c.batch},
       {"steps_per_block", c.stepsPerBlock},
       {"lr", c.lr},
       {"dropout", c.dropout},
       {"original_inputs", c.originalInputs},
       {"seed", c.seed},
       {"save_every", c.saveEvery},
       {"save_minutes", c.saveMinutes},
       {"loss", "mse(T-averaged SNN block output, quantized ANN activation), straight-through"},
       {"optimizer", "adam(betas=(0.9, 0.999), eps=1e-8), a fresh one per block"}};
}

void from_json(const nlohmann::json& j, SnnFinetuneConfig& c) {
  if (j.value("kind", std::string()) != "finetune-snn")
    throw Error("not a finetune-snn run (config.json kind is " +
                j.value("kind", std::string("missing")) + ")");
  c.annCheckpoint = j.value("ann_checkpoint", c.annCheckpoint);
  c.annWeights = j.value("ann_weights", c.annWeights);
  c.snnCheckpoint = j.value("snn_checkpoint", c.snnCheckpoint);
  c.runDir = j.value("run_dir", c.runDir);
  if (j.contains("data")) c.data = j["data"].get<DatasetSpec>();
  c.batch = j.value("batch_size", c.batch);
  c.stepsPerBlock = j.value("steps_per_block", c.stepsPerBlock);
  c.lr = j.value("lr", c.lr);
  c.dropout = j.value("dropout", c.dropout);
  c.originalInputs = j.value("original_inputs", c.originalInputs);
  c.seed = j.value("seed", c.seed);
  c.saveEvery = j.value("save_every", c.saveEvery);
  c.saveMinutes = j.value("save_minutes", c.saveMinutes);
}

SnnFinetuneConfig readSnnFinetuneConfig(const std::string& runDir) {
  const fs::path p = fs::path(runDir) / "config.json";
  std::string text;
  try {
    text = readFileBytes(p.string());
    SnnFinetuneConfig c = nlohmann::json::parse(text).get<SnnFinetuneConfig>();
    c.runDir = runDir;
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw Error(p.string() + " is not a readable finetune-snn config: " + e.what());
  }
}

SnnFinetuneConfig snnFinetuneResumeConfig(const std::string& from) {
  std::error_code ec;
  if (from.empty() || !fs::exists(from, ec)) throw Error("nothing to resume at " + from);
  const fs::path dir = fs::is_directory(from, ec) ? fs::path(from) : fs::path(from).parent_path();
  return readSnnFinetuneConfig(dir.string());
}

void prepareNewSnnFinetune(SnnFinetuneConfig& c) {
  if (!c.annCheckpoint.empty()) c.annCheckpoint = fs::absolute(c.annCheckpoint).string();
  if (!c.snnCheckpoint.empty()) c.snnCheckpoint = fs::absolute(c.snnCheckpoint).string();
  c.validate();
}

bool snnFinetuneRunExists(const std::string& runDir) {
  std::error_code ec;
  return !runDir.empty() && fs::exists(fs::path(runDir) / "ckpt.pt", ec);
}

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The shape both models must share (the SNN may run another T, and its thresholds differ).
void requireSameArchitecture(const QuantUNetConfig& ann, const QuantUNetConfig& snn) {
  if (!sameQuantArchitecture(ann, snn))
    throw Error("the SNN (" + snn.summary() + ") is not a conversion of the ANN (" + ann.summary() +
                ")");
}

class Finetuner {
 public:
  Finetuner(const SnnFinetuneConfig& cfg, const SnnFinetuneRuntime& rt) : m_cfg(cfg), m_rt(rt) {}

  SnnFinetuneResult run();

 private:
  void loadModels();
  void openLog();
  std::pair<at::Tensor, at::Tensor> drawBatch(int64_t step);
  double tuneStep(int unit, const at::Tensor& x, const at::Tensor& t);
  void beginUnit(int unit);
  int64_t unitSteps(int unit) const { return unit < 2 ? 1 : m_cfg.stepsPerBlock; }
  std::pair<int, int64_t> position(int64_t step) const;  // (unit, steps done in it)
  io::CheckpointData snnCheckpoint() const;
  std::string saveResumePoint(int64_t step);
  std::string saveBlock(int unit);
  void report(SnnFinetuneProgress p);
  std::string runPath(const std::string& name) const {
    return (fs::path(m_cfg.runDir) / name).string();
  }

  SnnFinetuneConfig m_cfg;
  const SnnFinetuneRuntime& m_rt;
  std::shared_ptr<QuantUNet> m_ann, m_snn;
  QuantUNetConfig m_snnConfig;
  std::unique_ptr<ImageDataset> m_data;
  std::unique_ptr<Schedule> m_schedule;
  std::unique_ptr<Adam> m_adam;
  std::vector<at::Tensor> m_tuned;  // the parameters of the block being tuned
  std::unique_ptr<MetricsLog> m_metrics;
  std::shared_ptr<spdlog::logger> m_log;
  at::Tensor m_order;
  int64_t m_orderEpoch = -1;
  int64_t m_totalSteps = 0;
  Clock::time_point m_start, m_lastSave;
};

void Finetuner::loadModels() {
  QuantLoadOptions ao;
  ao.weights = m_cfg.annWeights == "net" ? WeightsChoice::Net : WeightsChoice::Ema;
  LoadedQuantModel ann = loadQuantModel(m_cfg.annCheckpoint, ao);
  if (ann.config.converted())
    throw Error(m_cfg.annCheckpoint + " is a converted SNN: --ann takes the quantized ANN");
  if (ann.config.bit >= 32)
    throw Error(m_cfg.annCheckpoint + " has plain ReLUs: only a quantized ANN converts");
  LoadedQuantModel snn = loadQuantModel(m_cfg.snnCheckpoint, {});
  if (!snn.config.converted())
    throw Error(m_cfg.snnCheckpoint +
                " is an ANN: --snn takes its conversion (sdm-cli convert writes one)");
  requireSameArchitecture(ann.config, snn.config);
  m_ann = ann.model;
  m_ann->eval();
  // The tuned copy carries the tuner's dropout (the weights do not say it).
  m_snnConfig = snn.config;
  m_snnConfig.bit = ann.config.bit;
  m_snnConfig.dropout = m_cfg.dropout;
  m_snn = std::make_shared<QuantUNet>(m_snnConfig);
  m_snn->loadStateDict(snn.model->stateDict());
  m_snn->eval();
  m_schedule = std::make_unique<Schedule>(m_snnConfig.trainingTimesteps);
  for (int u = 0; u < m_snn->unitCount(); ++u) m_totalSteps += unitSteps(u);
}

void Finetuner::openLog() {
  auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(runPath("train.log"));
  m_log = std::make_shared<spdlog::logger>("finetune-snn", sink);
  m_log->set_pattern("%Y-%m-%d %H:%M:%S.%e [%l] %v");
  m_log->flush_on(spdlog::level::info);
}

std::pair<int, int64_t> Finetuner::position(int64_t step) const {
  int unit = 0;
  while (unit < m_snn->unitCount() && step >= unitSteps(unit)) step -= unitSteps(unit++);
  return {unit, step};
}

std::pair<at::Tensor, at::Tensor> Finetuner::drawBatch(int64_t s) {
  if (m_rt.batchSource) return m_rt.batchSource(s);
  const int64_t batch = m_cfg.batch;
  const int64_t perEpoch = std::max<int64_t>(1, m_data->size() / batch);
  const int64_t epoch = s / perEpoch, pos = s % perEpoch;
  if (epoch != m_orderEpoch) {
    m_order = epochOrder(m_data->size(), m_cfg.seed, epoch);
    m_orderEpoch = epoch;
  }
  at::Generator gen = streamGenerator(m_cfg.seed, RngStream::Step, static_cast<uint64_t>(s));
  const int64_t tMax = m_cfg.originalInputs ? (int64_t{1} << m_snnConfig.bit) - 1
                                            : static_cast<int64_t>(m_schedule->size());
  at::Tensor t = at::randint(0, tMax, {batch}, gen, at::TensorOptions(at::kLong));
  const int C = m_snnConfig.imgCh, S = m_snnConfig.imgSize;
  at::Tensor noise = at::randn({batch, C, S, S}, gen);
  at::Tensor flip = m_data->flips() ? at::randint(0, 2, {batch}, gen, at::TensorOptions(at::kLong))
                                    : at::Tensor();
  const at::Tensor x0 = m_data->batch(m_order.narrow(0, pos * batch, batch), flip);
  return {m_cfg.originalInputs ? x0 : m_schedule->qSample(x0, t, noise), t};
}

void Finetuner::beginUnit(int unit) {
  // SNN_ft.py: Adam over the block's parameters that require grad, thresholds frozen.
  m_tuned.clear();
  for (const auto& p : m_snn->unitModule(unit)->named_parameters(true))
    if (!endsWith(p.key(), "act_alpha") && p.value().requires_grad()) m_tuned.push_back(p.value());
  AdamGroup g;
  g.params = m_tuned;
  g.lr = g.initialLr = m_cfg.lr;
  m_adam = std::make_unique<Adam>(std::vector<AdamGroup>{g});
}

double Finetuner::tuneStep(int unit, const at::Tensor& x, const at::Tensor& t) {
  const int T = m_snnConfig.spikeTime;
  const bool sign = m_snnConfig.signedSpikes;
  const int64_t B = x.size(0);
  // [B*T, ...] -> mean over the T frames, as the original: sum(1).div(T).
  auto frameMean = [&](const at::Tensor& a) {
    std::vector<int64_t> shape = a.sizes().vec();
    shape[0] = B;
    shape.insert(shape.begin() + 1, T);
    return a.reshape(shape).sum(1).div(T);
  };
  at::Tensor target, snnOut;
  QuantUNet::UnitInput tunerIn;
  {
    at::NoGradGuard noGrad;
    target = m_ann->unitForward(unit, m_ann->unitInput(x, t, unit), t);
    const QuantUNet::UnitInput in = m_snn->unitInput(x, t, unit);
    snnOut = frameMean(m_snn->unitForward(unit, in, t));
    if (unit == 1) tunerIn.h = x;
    if (unit >= 2) tunerIn = {frameMean(in.h), frameMean(in.temb)};
  }
  // The tuner: the same block as an ANN (quantized ReLUs) on the SNN's averaged inputs.
  m_snn->setSpikeTime(0, sign);
  auto module = m_snn->unitModule(unit);
  module->train();
  at::Tensor out;
  try {
    out = m_snn->unitForward(unit, tunerIn, t);
  } catch (...) {
    module->eval();
    m_snn->setSpikeTime(T, sign);
    throw;
  }
  module->eval();
  m_snn->setSpikeTime(T, sign);
  out.set_data(snnOut);  // SNN_ft.py: output.data = out_maps.data
  const at::Tensor loss = at::mse_loss(out, target);
  const double value = loss.item<double>();
  // The head is exact in the SNN (a conv on the analog image): the original's copy back does not
  // reach it either (its keys gain a `block.` that the head does not have).
  if (unit == 1) return value;
  for (auto& p : m_tuned) p.mutable_grad().reset();
  loss.backward();
  m_adam->step();
  return value;
}

io::CheckpointData Finetuner::snnCheckpoint() const {
  io::CheckpointData d;
  for (const auto& [k, v] : m_snn->stateDict()) d.ema.emplace_back(snnKeyFor(k), v);
  QuantUNetConfig meta = m_snnConfig;
  meta.dropout = 0.1;  // the architecture's, not the tuner's
  d.studio = {{"quant_model", meta}, {"snn_finetune", m_cfg}};
  return d;
}

std::string Finetuner::saveResumePoint(int64_t step) {
  io::CheckpointData d = snnCheckpoint();
  d.step = step;
  const auto [unit, done] = position(step);
  if (done > 0 && m_adam) d.optim = m_adam->stateDict();
  d.studio["snn_finetune_position"] = {
      {"block", unit},
      {"step_in_block", done},
      {"block_name", unit < m_snn->unitCount() ? m_snn->unitName(unit) : std::string("done")}};
  const std::string path = runPath(kLatestCheckpoint);
  io::writeCheckpoint(path, d);
  m_lastSave = Clock::now();
  return path;
}

std::string Finetuner::saveBlock(int unit) {
  char name[160];
  std::snprintf(name, sizeof name, "blocks/%02d_%s.pt", unit, m_snn->unitName(unit).c_str());
  io::CheckpointData d = snnCheckpoint();
  d.studio["snn_finetune_block"] = {{"block", unit}, {"block_name", m_snn->unitName(unit)}};
  const std::string path = runPath(name);
  io::writeCheckpoint(path, d);
  return path;
}

void Finetuner::report(SnnFinetuneProgress p) {
  p.blockCount = m_snn->unitCount();
  p.totalSteps = m_totalSteps;
  p.elapsedSeconds = std::chrono::duration<double>(Clock::now() - m_start).count();
  if (m_rt.onProgress) m_rt.onProgress(p);
}

SnnFinetuneResult Finetuner::run() {
  m_cfg.validate();
  ensureWritableFolder(m_cfg.runDir, "run folder");
  loadModels();
  int64_t step = 0;
  if (!m_rt.resumeFrom.empty()) {
    std::error_code ec;
    const std::string path = fs::is_directory(m_rt.resumeFrom, ec)
                                 ? (fs::path(m_rt.resumeFrom) / kLatestCheckpoint).string()
                                 : m_rt.resumeFrom;
    io::Checkpoint ck = io::readCheckpoint(path);
    if (!ck.hasEma() || !ck.step)
      throw Error(path + " is not a finetune-snn checkpoint (no ema_model or step)");
    StateDict sd;
    for (const auto& [k, v] : ck.ema) sd.emplace_back(annKeyFor(k), v);
    try {
      m_snn->loadStateDict(sd);
    } catch (const Error& e) {
      throw Error("cannot resume from " + path + ": " + e.what());
    }
    step = *ck.step;
    const auto [unit, done] = position(step);
    if (unit < m_snn->unitCount()) {
      beginUnit(unit);
      if (done > 0) {
        if (!ck.optim) throw Error(path + " has no optimizer state for the block in progress");
        m_adam->loadStateDict(*ck.optim);
      }
    }
  }
  fs::create_directories(fs::path(m_cfg.runDir) / "blocks");
  removeStaleTemporaries(m_cfg.runDir);
  writeFileAtomically(runPath("config.json"), nlohmann::json(m_cfg).dump(2) + "\n");
  if (step > 0)
    MetricsLog::truncateAfter(runPath("metrics.jsonl"), step);
  else
    fs::remove(runPath("metrics.jsonl"));
  m_metrics = std::make_unique<MetricsLog>(runPath("metrics.jsonl"));
  openLog();
  if (!m_rt.batchSource) {
    DatasetSpec spec = m_cfg.data;
    spec.channels = m_snnConfig.imgCh;
    spec.imageSize = m_snnConfig.imgSize;
    m_data = std::make_unique<ImageDataset>(loadDataset(spec));
    if (m_data->size() < m_cfg.batch)
      throw Error("the dataset has " + std::to_string(m_data->size()) +
                  " images, fewer than --batch");
  }
  m_log->info("{} {} from {}: {} blocks, {} steps, SNN {}", step > 0 ? "resuming" : "starting",
              m_snnConfig.summary(), m_cfg.snnCheckpoint, m_snn->unitCount(), m_totalSteps,
              step > 0 ? "at step " + std::to_string(step) : "as converted");
  for (auto& p : m_ann->parameters()) p.set_requires_grad(false);

  SnnFinetuneResult result;
  m_start = m_lastSave = Clock::now();
  const int64_t first = step;
  double blockSum = 0;
  int64_t blockCount = 0;
  while (step < m_totalSteps) {
    const auto [unit, done] = position(step);
    if (done == 0) {
      beginUnit(unit);
      m_log->info("block {} ({} of {}), {} steps", m_snn->unitName(unit), unit + 1,
                  m_snn->unitCount(), unitSteps(unit));
      blockSum = 0;
      blockCount = 0;
    }
    const auto [x, t] = drawBatch(step);
    // The tuner's dropout: reseeded per step so that a resumed run draws the same masks.
    at::manual_seed(streamSeed(m_cfg.seed, RngStream::Dropout, static_cast<uint64_t>(step)));
    const double loss = tuneStep(unit, x, t);
    ++step;
    result.stepLoss.push_back(loss);
    // The block's loss over its last quarter (at least its last step), for the block table.
    if (done + 1 > unitSteps(unit) * 3 / 4) {
      blockSum += loss;
      ++blockCount;
    }
    m_metrics->append({{"step", step},
                       {"block", unit},
                       {"block_name", m_snn->unitName(unit)},
                       {"step_in_block", done + 1},
                       {"loss", loss}});
    SnnFinetuneProgress p;
    p.block = unit;
    p.blockName = m_snn->unitName(unit);
    p.stepInBlock = done + 1;
    p.blockSteps = unitSteps(unit);
    p.step = step;
    p.loss = loss;
    const double seconds = std::chrono::duration<double>(Clock::now() - m_start).count();
    if (step > first) p.etaSeconds = seconds / double(step - first) * double(m_totalSteps - step);
    report(p);
    const bool blockDone = done + 1 == unitSteps(unit);
    if (blockDone) {
      p.event = SnnFinetuneProgress::Event::BlockDone;
      p.blockLoss = blockCount > 0 ? blockSum / double(blockCount) : loss;
      p.path = saveBlock(unit);
      m_log->info("block {} done: loss {:.6g} ({})", p.blockName, p.blockLoss, p.path);
      report(p);
    }
    const bool stop =
        m_rt.cancel.cancelled() || (m_rt.stopAfterSteps > 0 && step - first >= m_rt.stopAfterSteps);
    const double sinceSave = std::chrono::duration<double>(Clock::now() - m_lastSave).count();
    if (stop || blockDone || (m_cfg.saveEvery > 0 && step % m_cfg.saveEvery == 0) ||
        (m_cfg.saveMinutes > 0 && sinceSave >= 60 * m_cfg.saveMinutes)) {
      p.event = SnnFinetuneProgress::Event::Checkpoint;
      p.path = result.checkpoint = saveResumePoint(step);
      report(p);
    }
    if (stop && step < m_totalSteps) {
      m_log->info("stopped at step {} of {}", step, m_totalSteps);
      result.cancelled = true;
      result.step = step;
      p.event = SnnFinetuneProgress::Event::Cancelled;
      report(p);
      return result;
    }
  }
  const std::string final = runPath("finetuned_snn.pt");
  io::writeCheckpoint(final, snnCheckpoint());
  m_log->info("finished: {}", final);
  result.step = step;
  result.checkpoint = final;
  SnnFinetuneProgress p;
  p.event = SnnFinetuneProgress::Event::Finished;
  p.block = m_snn->unitCount();
  p.step = step;
  p.path = final;
  report(p);
  return result;
}

}  // namespace

SnnFinetuneResult runSnnFinetune(const SnnFinetuneConfig& config,
                                 const SnnFinetuneRuntime& runtime) {
  Finetuner f(config, runtime);
  return f.run();
}

}  // namespace sdm::train
