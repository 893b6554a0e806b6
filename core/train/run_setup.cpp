#include "train/run_setup.h"

#include <filesystem>

#include "io/checkpoint.h"
#include "model/loader.h"
#include "model/quant_model.h"
#include "train/run_folder.h"
#include "train/trainer.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm::train {
namespace {

namespace fs = std::filesystem;

void inheritTsmSource(TrainConfig& c) {
  if (c.sourceCheckpoint.empty())
    throw Error("a TSM finetune needs the Spk_UNet checkpoint to start from");
  io::Checkpoint ck = io::readCheckpoint(c.sourceCheckpoint);
  LoadOptions lo;
  lo.snnSteps = c.model.snnSteps > 0 ? c.model.snnSteps : 0;
  lo.weights = c.sourceWeights == "ema" ? WeightsChoice::Ema : WeightsChoice::Net;
  ModelConfig source = resolveConfig(ck, lo, nullptr);
  if (source.tsm) throw Error(c.sourceCheckpoint + " is already a Spk_UNet_TSM checkpoint");
  c.model = source;
  c.model.tsm = true;
}

void takePreviousStageArchitecture(TrainConfig& c) {
  std::error_code ec;
  if (fs::is_directory(c.sourceCheckpoint, ec)) {
    auto latest = findLatestCheckpoint(c.sourceCheckpoint);
    if (!latest) throw Error("no readable checkpoint in " + c.sourceCheckpoint + " to start from");
    c.sourceCheckpoint = *latest;
  }
  QuantLoadOptions lo;
  lo.weights = c.sourceWeights == "net" ? WeightsChoice::Net : WeightsChoice::Auto;
  const LoadedQuantModel prev = loadQuantModel(c.sourceCheckpoint, lo);
  if (prev.config.converted())
    throw Error(c.sourceCheckpoint +
                " is a converted SNN: a progressive bit stage starts from a train-ann run or "
                "checkpoint");
  c.model.ch = prev.config.ch;
  c.model.chMult = prev.config.chMult;
  c.model.numResBlocks = prev.config.numResBlocks;
  c.model.imgCh = prev.config.imgCh;
  c.model.imgSize = prev.config.imgSize;
}

}  // namespace

void prepareNewRun(TrainConfig& c) {
  const bool inherits = c.kind == RunKind::FinetuneTsm ||
                        (c.kind == RunKind::TrainAnn && !c.sourceCheckpoint.empty());
  if (inherits) {
    if (c.sourceWeights != "net" && c.sourceWeights != "ema")
      throw Error("the source weights must be net or ema");
    c.sourceCheckpoint = fs::absolute(c.sourceCheckpoint).string();
  }
  if (c.kind == RunKind::FinetuneTsm) inheritTsmSource(c);
  if (c.kind == RunKind::TrainAnn && !c.sourceCheckpoint.empty()) takePreviousStageArchitecture(c);
  if (c.kind != RunKind::FinetuneTsm) c.model.snnStepsSource = SnnStepsSource::User;
  if (c.model.imgCh == 0) c.model.imgCh = imageChannelsOf(c.data.kind);
  c.data.channels = c.model.imgCh;
  c.data.imageSize = c.model.imgSize;
  c.validate();
}

ResumePoint prepareResume(const std::string& from, const std::string& runDir,
                          const ResumeChanges& changes) {
  std::error_code ec;
  ResumePoint r;
  std::string dir;
  if (fs::is_directory(from, ec)) {
    dir = from;
    auto latest = findLatestCheckpoint(dir);
    if (!latest) throw Error("no readable checkpoint in " + dir + " to resume from");
    r.checkpoint = *latest;
  } else if (fs::is_regular_file(from, ec)) {
    r.checkpoint = from;
    dir = runDir.empty() ? fs::path(from).parent_path().string() : runDir;
  } else {
    throw Error("nothing to resume at " + from);
  }
  if (!fs::exists(fs::path(dir) / "config.json", ec))
    throw Error(dir +
                " has no config.json: start a new run with --run-dir and --resume FILE "
                "is only for studio runs");
  r.config = readRunConfig(dir);
  r.config.runDir = dir;
  ensureWritableFolder(dir, "run folder");
  TrainConfig& c = r.config;
  if (changes.totalSteps) c.totalSteps = *changes.totalSteps;
  if (changes.lrDecayFrom) c.lrDecayFrom = *changes.lrDecayFrom;  // a cooldown
  if (changes.saveEvery) c.saveEvery = *changes.saveEvery;
  if (changes.saveMinutes) c.saveMinutes = *changes.saveMinutes;
  if (changes.keep) c.keep = *changes.keep;
  if (changes.sampleEvery) c.sampleEvery = *changes.sampleEvery;
  if (changes.sampleSteps) c.sampleSteps = *changes.sampleSteps;
  if (changes.sampleBnBatches) c.sampleBnBatches = *changes.sampleBnBatches;
  if (changes.dataPath) c.data.path = *changes.dataPath;
  if (changes.precision) c.precision = *changes.precision;  // the arithmetic, not the model
  return r;
}

}  // namespace sdm::train
