// sdm-cli train and finetune-tsm: the training jobs of core/train from the command line, with a
// progress line (ETA) on stderr, Ctrl-C / SIGTERM stopping after the current step with a valid
// checkpoint, and torchrun-style multi-process runs (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "int_list.h"
#include "job_signals.h"
#include "model/loader.h"
#include "progress.h"
#include "train/distributed.h"
#include "train/run_folder.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/log.h"

namespace sdm::cli {
namespace {

namespace fs = std::filesystem;
using train::TrainConfig;

struct TrainOpts {
  Common common;
  TrainConfig cfg;
  std::string chMult = "1,2,2,4", dataset = "fashion-mnist", resume, from, weights = "net";
  int snnSteps = 0;
  bool noEma = false, noSyncBn = false;
};

void addJobOptions(CLI::App* sub, TrainOpts& o) {
  auto& c = o.cfg;
  sub->add_option("--run-dir", c.runDir, "run folder (checkpoints, metrics, samples, logs)");
  sub->add_option("--resume", o.resume, "continue a run: its folder, or one of its checkpoints");
  sub->add_option("--dataset", o.dataset, "fashion-mnist, mnist, idx, cifar10 or folder")
      ->capture_default_str();
  sub->add_option("--data-dir", c.data.path,
                  "data folder or file (default for fashion-mnist: " +
                      std::string(train::kDebianFashionMnistDir) + ")");
  sub->add_option("--split", c.data.split, "train or test")->capture_default_str();
  sub->add_option("--crop", c.data.crop,
                  "image folders: centre crop side before resizing (0: largest square)");
  sub->add_flag("--hflip", c.data.flip, "random horizontal flips");
  sub->add_option("--limit", c.data.limit, "use only the first N images");
  sub->add_option("--batch", c.batch, "global batch size (all processes)")->capture_default_str();
  sub->add_option("--steps", c.totalSteps, "total optimizer steps of the run")
      ->capture_default_str();
  sub->add_option("--lr", c.lr, "learning rate")->capture_default_str();
  sub->add_option("--warmup", c.warmup, "linear warmup steps (pytorch-ddpm)")
      ->capture_default_str();
  sub->add_option("--lr-decay-from", c.lrDecayFrom,
                  "linear learning-rate decay to 0 at --steps from this step (0: constant; "
                  "may be set when resuming, for a cooldown)")
      ->capture_default_str();
  sub->add_option("--grad-clip", c.gradClip, "global gradient norm clip (0: off)")
      ->capture_default_str();
  sub->add_option("--ema-decay", c.emaDecay, "EMA decay")->capture_default_str();
  sub->add_flag("--no-ema", o.noEma, "no EMA copy of the weights");
  sub->add_option("--save-every", c.saveEvery, "checkpoint every N steps")->capture_default_str();
  sub->add_option("--save-minutes", c.saveMinutes,
                  "also checkpoint after this many minutes (0: off)")
      ->capture_default_str();
  sub->add_option("--keep", c.keep, "numbered checkpoints kept (0: all)")->capture_default_str();
  sub->add_option("--sample-every", c.sampleEvery, "sample grid every N steps (0: never)")
      ->capture_default_str();
  sub->add_option("--sample-size", c.sampleSize, "images in the sample grid")
      ->capture_default_str();
  sub->add_option("--sample-steps", c.sampleSteps, "DDIM steps for the sample grid")
      ->capture_default_str();
  sub->add_option("--sample-bn-batches", c.sampleBnBatches,
                  "forwards that recalibrate the sampled copy's BatchNorm statistics before each "
                  "grid (restored after; 0: off)")
      ->capture_default_str();
  sub->add_option("--seed", c.seed, "seed of initialisation, data order and noise")
      ->capture_default_str();
  sub->add_option("--precision", c.precision,
                  "fp32, or bf16: forward and loss under bf16 autocast (convs and linears in bf16, "
                  "IF membranes, weights and optimizer in fp32; Spk_UNet runs; may be changed "
                  "when resuming)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, train::TrainPrecision>{
          {"fp32", train::TrainPrecision::Fp32}, {"bf16", train::TrainPrecision::Bf16}}))
      ->default_str("fp32");
  sub->add_flag("--no-sync-bn", o.noSyncBn,
                "several processes: BatchNorm over each process's shard only");
  addCommonOptions(sub, o.common);
}

// What the command line changes in a resumed run (train/run_setup.h names what may change).
train::ResumeChanges resumeChanges(CLI::App* sub, const TrainConfig& given) {
  train::ResumeChanges r;
  if (sub->count("--steps")) r.totalSteps = given.totalSteps;
  if (sub->count("--lr-decay-from")) r.lrDecayFrom = given.lrDecayFrom;
  if (sub->count("--save-every")) r.saveEvery = given.saveEvery;
  if (sub->count("--save-minutes")) r.saveMinutes = given.saveMinutes;
  if (sub->count("--keep")) r.keep = given.keep;
  if (sub->count("--sample-every")) r.sampleEvery = given.sampleEvery;
  if (sub->count("--sample-steps")) r.sampleSteps = given.sampleSteps;
  if (sub->count("--sample-bn-batches")) r.sampleBnBatches = given.sampleBnBatches;
  if (sub->count("--data-dir")) r.dataPath = given.data.path;
  if (sub->count("--precision")) r.precision = given.precision;
  return r;
}

void warnIgnoredOnResume(CLI::App* sub) {
  for (const char* fixed :
       {"--batch", "--lr", "--warmup", "--grad-clip", "--ema-decay", "--seed", "--dataset", "--ch",
        "--ch-mult", "--num-res-blocks", "--snn-steps", "--bit", "--dropout", "--init-from"})
    if (const CLI::Option* opt = sub->get_option_no_throw(fixed); opt && opt->count() > 0)
      spdlog::warn("{} is ignored when resuming: the run keeps its config.json", fixed);
}

// Where a resumed run continues from; fills cfg from the run folder's config.json.
std::string prepareResume(CLI::App* sub, const TrainOpts& o, TrainConfig& cfg) {
  train::ResumePoint r = train::prepareResume(o.resume, o.cfg.runDir, resumeChanges(sub, o.cfg));
  warnIgnoredOnResume(sub);  // once the run is known to continue
  cfg = r.config;
  return r.checkpoint;
}

void checkNewRunFolder(const std::string& dir) {
  if (!train::listCheckpoints(dir).empty() || fs::exists(fs::path(dir) / train::kLatestCheckpoint))
    throw Error(dir + " already holds a run: pass --resume " + dir +
                " to continue it, or choose another --run-dir");
  ensureWritableFolder(dir, "run folder");  // before the dataset and the model load
}

void runJob(TrainOpts& o, TrainConfig cfg, const std::string& resumeFrom,
            const train::DistributedEnv& env) {
  train::TrainRuntime rt;
  rt.resumeFrom = resumeFrom;
  rt.cancel = jobStopToken();
  if (env.worldSize > 1) rt.comm = train::connectProcessGroup(env, std::chrono::minutes(30));
  const bool root = env.rank == 0;
  const bool tty = ::isatty(2);
  auto last = std::chrono::steady_clock::now() - std::chrono::hours(1);
  rt.onProgress = [&](const train::TrainProgress& p) {
    if (!root) return;
    using E = train::TrainProgress::Event;
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last).count();
    if (p.event == E::Step && since < (tty ? 0.5 : 30.0) && p.step != p.totalSteps) return;
    last = now;
    char line[256];
    std::snprintf(line, sizeof line, "step %lld/%lld  loss %.5f  %.1f img/s  elapsed %s  ETA %s",
                  (long long)p.step, (long long)p.totalSteps, p.loss, p.imagesPerSecond,
                  clockText(p.elapsedSeconds).c_str(), clockText(p.etaSeconds).c_str());
    if (p.event == E::Step) {
      std::cerr << (tty ? "\r" : "") << line << (tty ? "\033[K" : "\n") << std::flush;
    } else if (p.event == E::Checkpoint) {
      std::cerr << (tty ? "\r\033[K" : "") << "checkpoint " << p.path << "\n";
    }
  };
  stopJobOnSignals();
  const train::TrainResult r = train::runTraining(cfg, rt);
  if (tty && root) std::cerr << "\n";
  if (!root) {
    if (r.cancelled) throw Cancelled();
    return;
  }
  if (r.cancelled) {
    std::cout << "stopped at step " << r.step << ": " << r.checkpoint << " (continue with --resume "
              << cfg.runDir << ")\n";
    throw Cancelled();
  }
  std::cout << "finished at step " << r.step << ": "
            << (r.checkpoint.empty() ? "(no new checkpoint)" : r.checkpoint) << "\n";
}

// The architecture options of a run trained from scratch (train, train-ann).
void addArchitectureOptions(CLI::App* sub, TrainOpts& o) {
  auto& m = o.cfg.model;
  sub->add_option("--ch", m.ch, "base channels")->capture_default_str();
  sub->add_option("--ch-mult", o.chMult, "channel multipliers per level, e.g. 1,2,2,4")
      ->capture_default_str();
  sub->add_option("--num-res-blocks", m.numResBlocks, "ResBlocks per level")->capture_default_str();
  sub->add_option("--img-ch", m.imgCh, "image channels (default: the dataset's)");
  sub->add_option("--img-size", m.imgSize, "image size")->capture_default_str();
}

// The settings of a new run: the source it starts from (finetune-tsm, train-ann --init-from)
// and the dataset's channels unless given (train/run_setup.h).
void prepareNewRun(CLI::App* sub, const TrainOpts& o, TrainConfig& cfg) {
  if (cfg.runDir.empty()) throw Error("--run-dir is required for a new run");
  checkNewRunFolder(cfg.runDir);
  cfg.data.kind = train::parseDatasetKind(o.dataset);
  cfg.ema = !o.noEma;
  cfg.syncBatchNorm = !o.noSyncBn;
  if (!o.from.empty()) {
    cfg.sourceCheckpoint = o.from;
    cfg.sourceWeights = o.weights;
  }
  if (cfg.kind == train::RunKind::FinetuneTsm) {
    cfg.model.snnSteps = o.snnSteps;  // the source's T when the file does not say
  } else {
    cfg.model.chMult = parseIntList(o.chMult);
    if (!sub->count("--img-ch")) cfg.model.imgCh = 0;  // the dataset's
    if (!o.from.empty())
      for (const char* fixed : {"--ch", "--ch-mult", "--num-res-blocks", "--img-ch", "--img-size"})
        if (sub->count(fixed))
          spdlog::warn("{} is ignored with --init-from: the architecture is the previous stage's",
                       fixed);
  }
  train::prepareNewRun(cfg);
}

// A new run from scratch (rank 0), or the settings of the run being resumed.
void registerFromScratch(CLI::App* sub, std::shared_ptr<TrainOpts> o) {
  addJobOptions(sub, *o);
  sub->callback([o, sub] {
    applyCommon(o->common);
    const train::DistributedEnv env = train::distributedEnvFromEnvironment();
    TrainConfig cfg = o->cfg;
    std::string resumeFrom;
    if (env.rank == 0) {  // the other processes receive rank 0's settings
      if (!o->resume.empty()) {
        resumeFrom = prepareResume(sub, *o, cfg);
        if ((cfg.kind == train::RunKind::TrainAnn) != (o->cfg.kind == train::RunKind::TrainAnn))
          throw Error(cfg.runDir + " is a " +
                      (cfg.kind == train::RunKind::TrainAnn ? "train-ann" : "Spk_UNet") +
                      " run: resume it with that command");
      } else {
        prepareNewRun(sub, *o, cfg);
      }
    }
    runJob(*o, cfg, resumeFrom, env);
  });
}

}  // namespace

void registerTrain(CLI::App& app) {
  auto* sub = app.add_subcommand("train", "Train a Spk_UNet (SDDPM) from scratch, or resume a run");
  auto o = std::make_shared<TrainOpts>();
  addArchitectureOptions(sub, *o);
  sub->add_option("--snn-steps", o->cfg.model.snnSteps, "SNN time steps T")->capture_default_str();
  registerFromScratch(sub, o);
}

void registerTrainAnn(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "train-ann",
      "Train SDM's quantized-ReLU ANN (ANN2SNN) for conversion with `convert`, or resume a run");
  auto o = std::make_shared<TrainOpts>();
  o->cfg.kind = train::RunKind::TrainAnn;
  o->cfg.model.chMult = {1, 2, 2, 2};
  o->chMult = "1,2,2,2";  // ANN2SNN's CIFAR-10 default
  addArchitectureOptions(sub, *o);
  sub->add_option("--bit", o->cfg.bit,
                  "activation bits: the converted SNN runs 2^bit - 1 steps (32: plain ReLU, not "
                  "convertible)")
      ->check(CLI::Range(1, 32))
      ->capture_default_str();
  sub->add_option("--dropout", o->cfg.model.dropout, "dropout in the ResBlocks")
      ->check(CLI::Range(0.0, 0.9))
      ->capture_default_str();
  o->weights = "ema";
  sub->add_option(
      "--init-from", o->from,
      "progressive bit schedule (Fast-SNN: 32 -> 4 -> 3 -> 2): start from the previous "
      "stage's run folder or checkpoint, same architecture, this --bit; clipping values "
      "are taken over, or calibrated from the data when that stage had plain ReLUs");
  sub->add_option("--init-weights", o->weights, "the previous stage's ema or net weights")
      ->capture_default_str();
  registerFromScratch(sub, o);
}

void registerFinetuneTsm(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "finetune-tsm",
      "Inherit a Spk_UNet checkpoint into Spk_UNet_TSM and finetune W and the per-step gains");
  auto o = std::make_shared<TrainOpts>();
  o->cfg.kind = train::RunKind::FinetuneTsm;
  o->cfg.lr = 1e-5;  // the SDM paper's finetuning rate
  o->cfg.warmup = 0;
  sub->add_option("--from", o->from, "the Spk_UNet checkpoint to start from");
  sub->add_option("--weights", o->weights, "start from its net or ema weights")
      ->capture_default_str();
  sub->add_option("--snn-steps", o->snnSteps,
                  "SNN time steps T of the source (when it does not say)");
  sub->add_option("--tsm-lr", o->cfg.tsmLr, "learning rate of the per-step gains tsmp")
      ->capture_default_str();
  addJobOptions(sub, *o);
  sub->callback([o, sub] {
    applyCommon(o->common);
    const train::DistributedEnv env = train::distributedEnvFromEnvironment();
    TrainConfig cfg = o->cfg;
    std::string resumeFrom;
    if (env.rank == 0) {
      if (!o->resume.empty()) {
        resumeFrom = prepareResume(sub, *o, cfg);
      } else {
        if (o->from.empty()) throw Error("--from CHECKPOINT is required for a new finetuning run");
        prepareNewRun(sub, *o, cfg);
      }
    }
    runJob(*o, cfg, resumeFrom, env);
  });
}

}  // namespace sdm::cli
