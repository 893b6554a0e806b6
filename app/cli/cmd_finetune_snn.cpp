// sdm-cli finetune-snn: block-wise fine-tuning of a converted SNN against its quantized ANN
// (core/train/snn_finetune.h), resumable like `train`.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "commands.h"
#include "job_signals.h"
#include "progress.h"
#include "train/snn_finetune.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm::cli {
namespace {

namespace fs = std::filesystem;

struct FinetuneSnnOpts {
  Common common;
  train::SnnFinetuneConfig cfg;
  std::string dataset = "fashion-mnist", resume;
};

void printProgress(const train::SnnFinetuneProgress& p) {
  using E = train::SnnFinetuneProgress::Event;
  static const bool tty = ::isatty(2);
  static auto last = std::chrono::steady_clock::now() - std::chrono::hours(1);
  const auto now = std::chrono::steady_clock::now();
  if (p.event == E::Step) {
    if (std::chrono::duration<double>(now - last).count() < (tty ? 0.5 : 30.0)) return;
    last = now;
    char line[320];
    std::snprintf(line, sizeof line,
                  "block %d/%d %s  step %lld/%lld  loss %.6f  total %lld/%lld  elapsed %s  ETA %s",
                  p.block + 1, p.blockCount, p.blockName.c_str(), (long long)p.stepInBlock,
                  (long long)p.blockSteps, p.loss, (long long)p.step, (long long)p.totalSteps,
                  clockText(p.elapsedSeconds).c_str(), clockText(p.etaSeconds).c_str());
    std::cerr << (tty ? "\r" : "") << line << (tty ? "\033[K" : "\n") << std::flush;
  } else if (p.event == E::BlockDone) {
    std::cerr << (tty ? "\r\033[K" : "") << "block " << p.blockName << " done: loss " << p.blockLoss
              << " -> " << p.path << "\n";
  }
}

}  // namespace

void registerFinetuneSnn(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "finetune-snn",
      "Fine-tune a converted SNN block by block against its quantized ANN (SDM's SNN_ft.py), or "
      "resume such a run");
  auto o = std::make_shared<FinetuneSnnOpts>();
  auto& c = o->cfg;
  sub->add_option("--ann", c.annCheckpoint, "the quantized ANN (train-ann's checkpoint)");
  sub->add_option("--ann-weights", c.annWeights, "its ema or net weights")->capture_default_str();
  sub->add_option("--snn", c.snnCheckpoint, "its converted S_UNet (convert's output)");
  sub->add_option("--run-dir", c.runDir, "run folder (checkpoints, per-block models, log)");
  sub->add_option("--resume", o->resume, "continue a run: its folder, or its ckpt.pt");
  sub->add_option("--steps-per-block", c.stepsPerBlock,
                  "optimizer steps per block (the time embedding and the head get one)")
      ->capture_default_str();
  sub->add_option("--batch", c.batch, "images per step")->capture_default_str();
  sub->add_option("--lr", c.lr, "Adam learning rate (a fresh Adam per block)")
      ->capture_default_str();
  sub->add_option("--dropout", c.dropout,
                  "dropout of the tuner (the block's ANN form, in training mode as the original)")
      ->capture_default_str();
  sub->add_flag("--original-inputs", c.originalInputs,
                "feed clean training images with t ~ U{0..2^bit-2}, as SNN_ft.py does (default: "
                "noised x_t with t ~ U{0..N-1}, what the model sees when sampling)");
  sub->add_option("--seed", c.seed, "seed of data order, timesteps, noise and dropout")
      ->capture_default_str();
  sub->add_option("--save-every", c.saveEvery, "also checkpoint every N steps (0: block ends only)")
      ->capture_default_str();
  sub->add_option("--save-minutes", c.saveMinutes, "and after this many minutes (0: off)")
      ->capture_default_str();
  sub->add_option("--dataset", o->dataset, "fashion-mnist, mnist, idx, cifar10 or folder")
      ->capture_default_str();
  sub->add_option("--data-dir", c.data.path,
                  "data folder or file (default for fashion-mnist: Debian's package)");
  sub->add_flag("--hflip", c.data.flip, "random horizontal flips");
  sub->add_option("--limit", c.data.limit, "use only the first N images");
  addCommonOptions(sub, o->common);
  sub->callback([o, sub] {
    applyCommon(o->common);
    train::SnnFinetuneConfig cfg = o->cfg;
    train::SnnFinetuneRuntime rt;
    if (!o->resume.empty()) {
      cfg = train::snnFinetuneResumeConfig(o->resume);
      rt.resumeFrom = o->resume;
      if (sub->count("--save-every")) cfg.saveEvery = o->cfg.saveEvery;
      if (sub->count("--save-minutes")) cfg.saveMinutes = o->cfg.saveMinutes;
      if (sub->count("--data-dir")) cfg.data.path = o->cfg.data.path;
      for (const char* fixed : {"--ann", "--snn", "--steps-per-block", "--batch", "--lr",
                                "--dropout", "--original-inputs", "--seed", "--dataset"})
        if (sub->count(fixed))
          std::cerr << "warning: " << fixed
                    << " is ignored when resuming: the run keeps its config.json\n";
    } else {
      if (cfg.runDir.empty()) throw Error("--run-dir is required for a new run");
      if (train::snnFinetuneRunExists(cfg.runDir))
        throw Error(cfg.runDir + " already holds a run: pass --resume " + cfg.runDir +
                    " to continue it, or choose another --run-dir");
      cfg.data.kind = train::parseDatasetKind(o->dataset);
      train::prepareNewSnnFinetune(cfg);
    }
    rt.cancel = jobStopToken();
    rt.onProgress = printProgress;
    stopJobOnSignals();
    const train::SnnFinetuneResult r = train::runSnnFinetune(cfg, rt);
    if (::isatty(2)) std::cerr << "\n";
    if (r.cancelled) {
      std::cout << "stopped at step " << r.step << ": " << r.checkpoint
                << " (continue with --resume " << cfg.runDir << ")\n";
      throw Cancelled();
    }
    std::cout << "finished: " << r.checkpoint << "\n";
  });
}

}  // namespace sdm::cli
