// Setting a training job up: agreeing on the configuration across processes, building the
// network, its EMA copy and the optimizer, fresh or from a checkpoint, and the run folder.
#include <ATen/ATen.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "io/checkpoint.h"
#include "io/grid.h"
#include "io/png.h"
#include "model/inherit.h"
#include "model/loader.h"
#include "model/quant_model.h"
#include "model/topology.h"
#include "train/rng_streams.h"
#include "train/trainer_impl.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/log.h"

namespace sdm::train {

namespace fs = std::filesystem;

Trainer::Trainer(const TrainConfig& config, const TrainRuntime& runtime)
    : m_cfg(config),
      m_rt(runtime),
      m_comm(runtime.comm.get()),
      m_schedule(config.model.trainingTimesteps) {
  if (m_comm) {
    m_rank = m_comm->rank();
    m_world = m_comm->worldSize();
  }
}

std::string Trainer::runPath(const std::string& name) const {
  return (fs::path(m_cfg.runDir) / name).string();
}

void Trainer::agreeOnConfig() {
  // Only rank 0 needs the run folder and the source checkpoint; the others take its settings.
  if (m_world > 1) {
    std::string text = isRoot() ? nlohmann::json(m_cfg).dump() : std::string();
    m_comm->broadcastString(text, 0);
    if (!isRoot()) m_cfg = nlohmann::json::parse(text).get<TrainConfig>();
  }
  m_cfg.validate();
  if (m_cfg.batch % m_world != 0)
    throw Error("the global batch " + std::to_string(m_cfg.batch) + " does not split evenly over " +
                std::to_string(m_world) + " processes");
}

void Trainer::openLog() {
  if (!isRoot()) return;
  ensureWritableFolder(m_cfg.runDir, "run folder");
  auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(runPath("train.log"));
  m_fileLog = std::make_shared<spdlog::logger>("train", sink);
  m_fileLog->set_pattern("%Y-%m-%d %H:%M:%S.%e [%l] %v");
  m_fileLog->set_level(spdlog::level::info);
  m_fileLog->flush_on(spdlog::level::info);
}

void Trainer::buildModels() {
  // The initialisation draws from LibTorch's global generator (torch::nn::init has no
  // generator argument); seeding it makes a fresh run reproducible. Resumed runs overwrite it.
  at::manual_seed(m_cfg.seed);
  m_net = std::make_shared<TrainNet>(m_cfg);
  m_net->module().train();
  if (m_cfg.ema && isRoot()) {
    m_ema = std::make_shared<TrainNet>(m_cfg);
    for (auto& p : m_ema->module().parameters()) p.set_requires_grad(false);
    m_ema->module().eval();
    m_emaState = m_ema->stateDict();  // loading copies into these tensors: the aliases stay valid
  }
  m_netState = m_net->stateDict();
  // Parameters in PyTorch's model.parameters() order: the original key order without buffers.
  auto named = m_net->module().named_parameters(true);
  std::vector<AdamGroup> groups(m_cfg.kind == RunKind::FinetuneTsm ? 2 : 1);
  groups[0].lr = groups[0].initialLr = m_cfg.lr;
  if (groups.size() > 1) groups[1].lr = groups[1].initialLr = m_cfg.tsmLr;
  for (const auto& name : m_net->parameterOrder()) {
    const at::Tensor* p = named.find(name);
    const bool gain = name.size() > 5 && name.compare(name.size() - 5, 5, ".tsmp") == 0;
    groups[groups.size() > 1 && gain ? 1 : 0].params.push_back(*p);
    if (p->requires_grad()) m_trainable.push_back(*p);
  }
  m_adam = std::make_unique<Adam>(std::move(groups));
}

void Trainer::initialiseFresh() {
  if (m_cfg.kind == RunKind::FinetuneTsm && isRoot()) {
    io::Checkpoint src = io::readCheckpoint(m_cfg.sourceCheckpoint);
    const bool useEma = m_cfg.sourceWeights == "ema";
    if (useEma && !src.hasEma()) throw Error(m_cfg.sourceCheckpoint + " has no ema_model");
    if (!useEma && !src.hasNet()) throw Error(m_cfg.sourceCheckpoint + " has no net_model");
    ModelConfig plain = m_cfg.model;
    plain.tsm = false;
    m_net->loadStateDict(inheritTsm(useEma ? src.ema : src.net, plain));
    note(spdlog::level::info, "inherited {} weights of {} into {} (tsmp = 1)",
         useEma ? "EMA" : "net", m_cfg.sourceCheckpoint, m_cfg.model.summary());
  }
  if (m_cfg.kind == RunKind::TrainAnn && !m_cfg.sourceCheckpoint.empty() && isRoot())
    initialiseFromPreviousStage();
  if (m_ema) m_ema->loadStateDict(m_net->stateDict());  // pytorch-ddpm: a deep copy at step 0
  m_step = 0;
  at::Generator gen = streamGenerator(m_cfg.seed, RngStream::FixedNoise, 0);
  m_xT = at::randn({m_cfg.sampleSize, m_cfg.model.imgCh, m_cfg.model.imgSize, m_cfg.model.imgSize},
                   gen);
}

void Trainer::initialiseFromPreviousStage() {
  QuantLoadOptions lo;
  lo.weights = m_cfg.sourceWeights == "net" ? WeightsChoice::Net : WeightsChoice::Auto;
  LoadedQuantModel source = loadQuantModel(m_cfg.sourceCheckpoint, lo);
  // Calibration images (used when the previous stage has plain ReLUs): x_t of the first
  // training images at uniform t, drawn from the run seed.
  const int64_t n = std::min<int64_t>(64, m_data->size());
  at::Generator gen = streamGenerator(m_cfg.seed, RngStream::Eval, 0);
  const at::Tensor x0 =
      m_data->batch(epochOrder(m_data->size(), m_cfg.seed, 0).narrow(0, 0, n), at::Tensor());
  const at::Tensor t = at::randint(0, m_schedule.size(), {n}, gen, at::TensorOptions(at::kLong));
  const at::Tensor xt = m_schedule.qSample(x0, t, at::randn(x0.sizes(), gen));
  std::vector<double> alphas;
  try {
    alphas = initialiseFromStage(*m_net->quantized(), *source.model, xt, t);
  } catch (const Error& e) {
    throw Error(m_cfg.sourceCheckpoint + ": " + e.what());
  }
  const auto range = std::minmax_element(alphas.begin(), alphas.end());
  note(spdlog::level::info,
       "initialised from {} ({} weights, {}): clipping values {} {:.3g} … {:.3g}",
       m_cfg.sourceCheckpoint, source.weights, source.config.summary(),
       source.config.bit >= 32 ? "calibrated (99.9th percentile of the ReLU inputs)" : "taken over",
       alphas.empty() ? 0.0 : *range.first, alphas.empty() ? 0.0 : *range.second);
}

void Trainer::restoreFrom(const std::string& path) {
  io::Checkpoint ck = io::readCheckpoint(path);
  if (!ck.hasNet()) throw Error(path + " has no net_model: cannot resume from it");
  try {
    m_net->loadStateDict(ck.net);
    if (m_ema) m_ema->loadStateDict(ck.hasEma() ? ck.ema : ck.net);
  } catch (const Error& e) {
    throw Error("cannot resume from " + path + ": " + e.what());
  }
  if (m_ema && !ck.hasEma())
    note(spdlog::level::warn, "{} has no ema_model: the EMA restarts from net_model", path);
  if (ck.optim) {
    m_adam->loadStateDict(*ck.optim);
  } else {
    note(spdlog::level::warn, "{} has no optimizer state: Adam starts afresh", path);
  }
  m_step = ck.step.value_or(0);
  const std::vector<int64_t> want{m_cfg.sampleSize, m_cfg.model.imgCh, m_cfg.model.imgSize,
                                  m_cfg.model.imgSize};
  if (ck.xT.defined() && ck.xT.sizes().equals(want)) m_xT = ck.xT.to(at::kFloat).contiguous();
  m_lastSaved = m_step;
  m_lastCheckpoint = path;
  note(spdlog::level::info, "resumed from {} at step {}", path, m_step);
}

void Trainer::synchroniseFromRoot() {
  if (m_world <= 1) return;
  // Parameters, BatchNorm buffers, optimizer state and the step come from rank 0, so every
  // process continues from the same state (and the same data position).
  std::vector<at::Tensor> tensors{at::tensor({m_step}, at::kLong)};
  for (const auto& [name, t] : m_net->stateDict()) tensors.push_back(t);
  auto adamState = m_adam->stateTensors();
  tensors.insert(tensors.end(), adamState.begin(), adamState.end());
  {
    at::NoGradGuard noGrad;
    m_comm->broadcast(tensors, 0);
  }
  m_step = tensors[0].item<int64_t>();
  m_adam->setStepCounts(adamState[0]);
}

void Trainer::prepareRunFolder(bool resumed) {
  if (!isRoot()) return;
  fs::create_directories(fs::path(m_cfg.runDir) / "sample");
  removeStaleTemporaries(m_cfg.runDir);
  writeFileAtomically(runPath("config.json"), nlohmann::json(m_cfg).dump(2) + "\n");
  writeFileAtomically(runPath("flagfile.txt"), flagfileText(m_cfg));
  if (resumed)
    MetricsLog::truncateAfter(runPath("metrics.jsonl"), m_step);
  else
    fs::remove(runPath("metrics.jsonl"));
  m_metrics = std::make_unique<MetricsLog>(runPath("metrics.jsonl"));
  if (!resumed) writeGroundTruth();
}

void Trainer::writeGroundTruth() {
  const int64_t n = std::min<int64_t>(m_cfg.sampleSize, m_data->size());
  const at::Tensor order = epochOrder(m_data->size(), m_cfg.seed, 0);
  const at::Tensor x = m_data->batch(order.narrow(0, 0, n), at::Tensor());
  io::writePng(runPath("groundtruth.png"), io::toImage8(io::makeGrid(x)),
               {{"Software", "Spiking Diffusion Studio"}, {"Description", "training images"}});
}

}  // namespace sdm::train
