// The training loop: epsilon-prediction MSE on x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps,
// Adam with pytorch-ddpm's linear warmup, global-norm clipping, an EMA copy, data-parallel
// gradient averaging, and the run folder's checkpoints, metrics and sample grids.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <optional>

#include <torch/nn/module.h>
#include "io/checkpoint.h"
#include "io/grid.h"
#include "io/png.h"

#include "model/spk_unet.h"
#include "train/bn_recalibration.h"
#include "train/rng_streams.h"
#include "train/sample_grid.h"
#include "train/sync_batch_norm.h"
#include "train/trainer_impl.h"
#include "util/error.h"
#include "util/log.h"

namespace sdm::train {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double secondsBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

std::string durationText(double s) {
  if (s < 0) return "?";
  const auto total = static_cast<int64_t>(s + 0.5);
  char buf[32];
  if (total >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", (long long)(total / 3600),
                  (long long)(total / 60 % 60));
  else
    std::snprintf(buf, sizeof buf, "%lldm%02llds", (long long)(total / 60),
                  (long long)(total % 60));
  return buf;
}

// A checkpoint file as is; a run folder: its newest checkpoint that reads completely.
std::string resolveResumeCheckpoint(const std::string& from) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) return from;
  auto latest = findLatestCheckpoint(from);
  if (!latest) throw Error("no readable checkpoint in " + from + " to resume from");
  return *latest;
}

}  // namespace

void Trainer::prepare(bool resumed) {
  openLog();
  m_data.emplace(loadDataset(m_cfg.data));
  if (m_data->channels() != m_cfg.model.imgCh)
    throw Error("the data has " + std::to_string(m_data->channels()) + " channels, the model " +
                std::to_string(m_cfg.model.imgCh));
  if (m_data->size() < m_cfg.batch)
    throw Error("the dataset has " + std::to_string(m_data->size()) +
                " images, fewer than one batch of " + std::to_string(m_cfg.batch));
  buildModels();
  if (isRoot()) {
    if (resumed)
      restoreFrom(resolveResumeCheckpoint(m_rt.resumeFrom));
    else
      initialiseFresh();
  }
  prepareRunFolder(resumed);
}

TrainResult Trainer::run() {
  agreeOnConfig();
  // Every process prepares; if one fails (a missing dataset on one machine, an unreadable
  // checkpoint on rank 0), all of them stop instead of waiting for it in a collective.
  const bool resumed = !m_rt.resumeFrom.empty();
  std::exception_ptr failure;
  try {
    prepare(resumed);
  } catch (...) {
    failure = std::current_exception();
  }
  if (m_world > 1) {
    at::Tensor failed = at::tensor({failure ? 1.0 : 0.0}, at::kDouble);
    m_comm->allReduceSum(failed);
    if (!failure && failed.item<double>() > 0)
      throw Error("another process of the run failed to start (see its output)");
  }
  if (failure) std::rethrow_exception(failure);
  synchroniseFromRoot();
  if (isRoot())
    note(spdlog::level::info, "{} {}: {} on {}, global batch {} over {} process(es), steps {}..{}",
         nlohmann::json(m_cfg)["kind"].get<std::string>(), m_cfg.runDir, m_cfg.modelSummary(),
         m_data->description(), m_cfg.batch, m_world, m_step, m_cfg.totalSteps);

  m_start = m_lastTick = m_lastLogLine = m_lastSaveTime = Clock::now();
  const int64_t firstStep = m_step;
  bool cancelled = false;
  double lastLoss = 0;
  while (m_step < m_cfg.totalSteps) {
    StepStats stats = trainStep(m_step);
    ++m_step;
    lastLoss = stats.loss;
    const auto now = Clock::now();
    const double wall = secondsBetween(m_lastTick, now);
    m_lastTick = now;
    report(stats, wall);
    const bool stop = stats.stopRequested ||
                      (m_rt.stopAfterSteps > 0 && m_step - firstStep >= m_rt.stopAfterSteps);
    if (isRoot() && m_cfg.sampleEvery > 0 && !stop &&
        (m_step % m_cfg.sampleEvery == 0 || m_step == m_cfg.totalSteps)) {
      const std::string grid = writeSampleGrid();
      if (!grid.empty()) emit(TrainProgress::Event::Sample, grid);
    }
    const bool saveTime = m_cfg.saveMinutes > 0 &&
                          secondsBetween(m_lastSaveTime, Clock::now()) >= 60 * m_cfg.saveMinutes;
    if (isRoot() &&
        (m_step % m_cfg.saveEvery == 0 || m_step == m_cfg.totalSteps || stop || saveTime))
      emit(TrainProgress::Event::Checkpoint, saveCheckpoint());
    if (stop) {
      cancelled = true;
      break;
    }
  }
  if (isRoot() && cancelled == false && m_lastSaved != m_step && m_step > 0)
    emit(TrainProgress::Event::Checkpoint, saveCheckpoint());
  emit(cancelled ? TrainProgress::Event::Cancelled : TrainProgress::Event::Finished,
       m_lastCheckpoint);
  if (isRoot())
    note(spdlog::level::info, "{} at step {} of {} ({} in this session)",
         cancelled ? "stopped" : "finished", m_step, m_cfg.totalSteps,
         durationText(secondsBetween(m_start, Clock::now())));
  TrainResult r;
  r.cancelled = cancelled;
  r.step = m_step;
  r.checkpoint = isRoot() ? m_lastCheckpoint : std::string();
  r.lastLoss = lastLoss;
  return r;
}

Trainer::StepStats Trainer::trainStep(int64_t s) {
  const auto t0 = Clock::now();
  StepStats stats;
  const int64_t batch = m_cfg.batch, local = batch / m_world;
  const int64_t perEpoch = m_data->size() / batch;  // drop_last, as the reference's DataLoader
  const int64_t epoch = s / perEpoch, position = s % perEpoch;
  if (epoch != m_orderEpoch) {
    m_order = epochOrder(m_data->size(), m_cfg.seed, epoch);
    m_orderEpoch = epoch;
  }
  // The whole global batch's randomness is drawn on every process, each then takes its shard:
  // the run is the same for any number of processes (and resumes exactly).
  const int C = m_cfg.model.imgCh, S = m_cfg.model.imgSize;
  at::Generator gen = streamGenerator(m_cfg.seed, RngStream::Step, static_cast<uint64_t>(s));
  at::Tensor t = at::randint(0, m_schedule.size(), {batch}, gen, at::TensorOptions(at::kLong));
  at::Tensor noise = at::randn({batch, C, S, S}, gen);
  at::Tensor flip = m_data->flips() ? at::randint(0, 2, {batch}, gen, at::TensorOptions(at::kLong))
                                    : at::Tensor();
  const int64_t from = m_rank * local;
  at::Tensor indices = m_order.narrow(0, position * batch + from, local);
  t = t.narrow(0, from, local);
  noise = noise.narrow(0, from, local).contiguous();
  if (flip.defined()) flip = flip.narrow(0, from, local);
  const at::Tensor x0 = m_data->batch(indices, flip);
  const at::Tensor xt = m_schedule.qSample(x0, t, noise);

  for (auto& p : m_trainable) p.mutable_grad().reset();
  m_probe.reset();
  // The ANN's dropout (at::dropout has no generator argument): per step and process, so that a
  // resumed run draws the masks an uninterrupted one would.
  if (m_cfg.kind == RunKind::TrainAnn)
    at::manual_seed(
        streamSeed(m_cfg.seed, RngStream::Dropout, static_cast<uint64_t>(s * m_world + m_rank)));
  {
    std::optional<SyncBatchNormScope> syncBn;
    if (m_world > 1 && m_cfg.syncBatchNorm) syncBn.emplace(m_comm);
    at::Tensor loss;
    {
      AutocastScope autocast(m_cfg.precision == TrainPrecision::Bf16);
      const at::Tensor eps = m_net->forward(xt, t, &m_probe).to(at::kFloat);
      // The reference: F.mse_loss(eps, noise, reduction='none').mean()
      loss = at::mse_loss(eps, noise, at::Reduction::None).mean();
    }
    loss.backward();
    stats.loss = loss.item<double>();
  }
  at::Tensor spikes = m_probe.spikes();
  stats.firingRate = m_probe.neuronSteps() > 0 ? spikes.item<double>() / m_probe.neuronSteps() : 0;
  if (m_world > 1) {
    at::Tensor sums = at::tensor({stats.loss, spikes.item<double>(), m_probe.neuronSteps(),
                                  m_rt.cancel.cancelled() ? 1.0 : 0.0},
                                 at::kDouble);
    allReduceGradients(stats, sums);
  } else {
    stats.stopRequested = m_rt.cancel.cancelled();
  }
  stats.gradNorm = clipGradNorm(m_trainable, m_cfg.gradClip);
  const double factor = lrFactor(s, m_cfg.warmup, m_cfg.lrDecayFrom, m_cfg.totalSteps);
  for (std::size_t g = 0; g < m_adam->groupCount(); ++g) {
    AdamGroup& group = m_adam->group(g);
    group.initialLr = g == 0 ? m_cfg.lr : m_cfg.tsmLr;
    group.lr = group.initialLr * factor;
  }
  stats.lr = m_adam->group(0).lr;
  m_adam->step();
  // What the next step will use, as LambdaLR leaves it in param_groups after sched.step().
  const double next = lrFactor(s + 1, m_cfg.warmup, m_cfg.lrDecayFrom, m_cfg.totalSteps);
  for (std::size_t g = 0; g < m_adam->groupCount(); ++g)
    m_adam->group(g).lr = m_adam->group(g).initialLr * next;
  if (m_ema) emaUpdate(m_netState, m_emaState, m_cfg.emaDecay);
  stats.seconds = secondsBetween(t0, Clock::now());
  return stats;
}

void Trainer::allReduceGradients(StepStats& stats, at::Tensor& sums) {
  at::NoGradGuard noGrad;
  std::vector<at::Tensor> parts;
  for (auto& p : m_trainable)
    parts.push_back(p.grad().defined() ? p.grad().reshape({-1}) : at::zeros({p.numel()}));
  at::Tensor flat = at::cat(parts);
  m_comm->allReduceSum(flat);
  flat.div_(static_cast<double>(m_world));
  int64_t offset = 0;
  for (auto& p : m_trainable) {
    const int64_t n = p.numel();
    if (!p.grad().defined()) p.mutable_grad() = at::zeros_like(p);
    p.mutable_grad().copy_(flat.narrow(0, offset, n).view_as(p));
    offset += n;
  }
  m_comm->allReduceSum(sums);
  const double* v = sums.data_ptr<double>();
  stats.loss = v[0] / m_world;
  stats.firingRate = v[2] > 0 ? v[1] / v[2] : 0;
  stats.stopRequested = v[3] > 0;
}

std::string Trainer::saveCheckpoint() {
  io::CheckpointData d;
  d.net = m_net->stateDict();
  if (m_ema) d.ema = m_ema->stateDict();
  d.optim = m_adam->stateDict();
  d.step = m_step;
  d.xT = m_xT;
  // An ANN names its bit width (its weights do not say it) for loading and conversion.
  d.studio = m_cfg.kind == RunKind::TrainAnn ? nlohmann::json{{"quant_model", m_cfg.annConfig()}}
                                             : io::studioMetadata(m_cfg.model);
  d.studio["trainer"] = {
      {"config", m_cfg},
      {"world_size", m_world},
      {"rng", "CPU mt19937 generators seeded per epoch / step from the run seed"},
      {"loss", m_progress.loss}};
  const std::string path = runPath(checkpointFileName(m_step));
  io::writeCheckpoint(path, d);
  publishLatest(m_cfg.runDir, path);
  pruneCheckpoints(m_cfg.runDir, m_cfg.keep);
  m_lastSaved = m_step;
  m_lastSaveTime = Clock::now();
  m_lastCheckpoint = path;
  note(spdlog::level::info, "step {}: checkpoint {}", m_step, path);
  return path;
}

std::string Trainer::writeSampleGrid() {
  TrainNet& model = m_ema ? *m_ema : *m_net;
  SpkUNet* spiking = model.spiking();  // the ANN has GroupNorms: nothing to recalibrate
  const bool wasTraining = model.module().is_training();  // the raw network trains on after this
  const int bnBatches = spiking ? m_cfg.sampleBnBatches : 0;
  at::Tensor x;
  {
    // Statistics that belong to these weights, for this grid only: the checkpoint keeps the
    // run's own (pytorch-ddpm compatible) statistics.
    std::optional<BatchNormStatsBackup> keepStats;
    if (spiking) keepStats.emplace(*spiking);
    BnRecalibration bn;
    bn.batches = bnBatches;
    bn.batchSize = m_cfg.batch;
    bn.seed = m_cfg.seed;
    const auto goOn = [this](int done, int) { return done == 0 || !m_rt.cancel.cancelled(); };
    const bool ready =
        bn.batches == 0 || recalibrateBatchNorm(*spiking, *m_data, bn, goOn) == bn.batches;
    if (ready)
      x = sampleForGrid(model, m_schedule, m_xT, m_cfg.sampleSteps, &m_rt.cancel,
                        spiking != nullptr);
  }
  model.module().train(wasTraining);
  if (!x.defined()) return {};
  const std::string path =
      (fs::path(m_cfg.runDir) / "sample" / (std::to_string(m_step) + ".png")).string();
  io::writePng(
      path, io::toImage8(io::makeGrid(x)),
      {{"Software", "Spiking Diffusion Studio"},
       {"step", std::to_string(m_step)},
       {"sampler", "ddim"},
       {"steps", std::to_string(m_cfg.sampleSteps)},
       {"eta", "0"},
       {"eps", spiking ? "re-derived from the clamped x0" : "as predicted"},
       {"batch_norm", !spiking        ? "none (GroupNorm)"
                      : bnBatches > 0 ? "recalibrated (" + std::to_string(bnBatches) + " batches)"
                                      : "the copy's own statistics"},
       {"weights", m_ema ? "ema_model" : "net_model"},
       {"x_T", "fixed, seed " + std::to_string(m_cfg.seed)},
       {"model", m_cfg.modelSummary()}});
  note(spdlog::level::info, "step {}: sample grid {}", m_step, path);
  return path;
}

void Trainer::report(const StepStats& stats, double wallSeconds) {
  m_secondsPerStep =
      m_secondsPerStep <= 0 ? wallSeconds : 0.9 * m_secondsPerStep + 0.1 * wallSeconds;
  TrainProgress& p = m_progress;
  p.step = m_step;
  p.totalSteps = m_cfg.totalSteps;
  p.loss = stats.loss;
  p.lr = stats.lr;
  p.gradNorm = stats.gradNorm;
  p.firingRate = stats.firingRate;
  p.imagesPerSecond = stats.seconds > 0 ? m_cfg.batch / stats.seconds : 0;
  p.elapsedSeconds = secondsBetween(m_start, Clock::now());
  p.etaSeconds = m_secondsPerStep * static_cast<double>(m_cfg.totalSteps - m_step);
  if (m_metrics) {
    m_metrics->append({{"step", m_step},
                       {"loss", stats.loss},
                       {"lr", stats.lr},
                       {"grad_norm", stats.gradNorm},
                       {"firing_rate", stats.firingRate},
                       {"images_per_s", p.imagesPerSecond},
                       {"step_time_s", stats.seconds},
                       {"ema_decay", m_ema ? m_cfg.emaDecay : 0.0},
                       {"wall_time", std::chrono::duration<double>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count()},
                       {"elapsed_s", p.elapsedSeconds}});
  }
  const auto now = Clock::now();
  if (isRoot() && (secondsBetween(m_lastLogLine, now) >= 60 || m_step == 1)) {
    m_lastLogLine = now;
    note(spdlog::level::info,
         "step {}/{} loss {:.5f} lr {:.3g} grad-norm {:.3f} firing {:.4f} {:.1f} img/s ETA {}",
         m_step, m_cfg.totalSteps, stats.loss, stats.lr, stats.gradNorm, stats.firingRate,
         p.imagesPerSecond, durationText(p.etaSeconds));
  }
  emit(TrainProgress::Event::Step, {});
}

void Trainer::emit(TrainProgress::Event event, const std::string& path) {
  if (!m_rt.onProgress) return;
  TrainProgress p = m_progress;
  p.event = event;
  p.path = path;
  m_rt.onProgress(p);
}

TrainResult runTraining(const TrainConfig& config, const TrainRuntime& runtime) {
  Trainer trainer(config, runtime);
  return trainer.run();
}

}  // namespace sdm::train
