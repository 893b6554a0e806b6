// Training, ANN training and TSM finetuning as a studio job: the run's TrainConfig, resumed when
// its folder holds a checkpoint.
#include <filesystem>
#include <sstream>

#include "engine/jobs.h"
#include "engine/jobs/job_text.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm {
namespace {

namespace fs = std::filesystem;
using train::RunKind;

JobProgress jobProgressOf(const train::TrainProgress& p) {
  using E = train::TrainProgress::Event;
  auto q = jobs::counted<JobProgress>(p.step, p.totalSteps, p.elapsedSeconds, p.etaSeconds);
  q.event = p.event == E::Checkpoint  ? JobProgress::Event::Checkpoint
            : p.event == E::Sample    ? JobProgress::Event::Sample
            : p.event == E::Finished  ? JobProgress::Event::Finished
            : p.event == E::Cancelled ? JobProgress::Event::Cancelled
                                      : JobProgress::Event::Step;
  q.loss = p.loss;
  q.lr = p.lr;
  q.imagesPerSecond = p.imagesPerSecond;
  q.path = p.path;
  return q;
}

// Queues written before job kinds were types held a training job's settings as flat keys.
train::TrainConfig legacyTrainingConfig(const nlohmann::json& j) {
  train::TrainConfig c = TrainingJob::quickStart(RunKind::Train).config;
  // kind, run_dir, bit and the optimisation keys are config.json's (batch aside).
  nlohmann::json same = j;
  same["batch_size"] = j.value("batch", c.batch);
  from_json(same, c);
  c.data.kind = train::parseDatasetKind(j.value("dataset", std::string("fashion-mnist")));
  c.data.path = j.value("data_dir", c.data.path);
  c.data.limit = j.value("limit", c.data.limit);
  c.model.ch = j.value("ch", c.model.ch);
  c.model.chMult = j.value("ch_mult", c.model.chMult);
  c.model.numResBlocks = j.value("num_res_blocks", c.model.numResBlocks);
  c.model.snnSteps = j.value("snn_steps", c.model.snnSteps);
  c.model.imgSize = j.value("img_size", c.model.imgSize);
  c.sourceCheckpoint = j.value("source_checkpoint", c.sourceCheckpoint);
  c.sourceWeights = j.value("source_weights", c.sourceWeights);
  c.tsmLr = j.value("tsm_lr", c.tsmLr);
  return c;
}

}  // namespace

TrainingJob TrainingJob::quickStart(RunKind kind) {
  TrainingJob j;
  train::TrainConfig& c = j.config;
  c.kind = kind;
  c.model.ch = 32;
  c.model.chMult = {1, 2, 2};
  c.model.numResBlocks = 1;
  c.model.snnSteps = 4;
  c.model.imgSize = 32;
  c.model.imgCh = 0;  // the dataset's
  c.bit = 2;
  c.totalSteps = 20000;
  c.sampleEvery = 1000;
  if (kind == RunKind::FinetuneTsm) {  // the SDM paper's finetuning rate, no warmup
    c.lr = 1e-5;
    c.warmup = 0;
    c.totalSteps = 2000;
    c.saveEvery = 500;
    c.sampleEvery = 500;
  }
  return j;
}

const char* TrainingJob::kindName() const {
  switch (config.kind) {
    case RunKind::Train:
      return "train";
    case RunKind::FinetuneTsm:
      return "finetune-tsm";
    case RunKind::TrainAnn:
      return "train-ann";
  }
  return "?";
}

std::string TrainingJob::title() const {
  const train::TrainConfig& c = config;
  std::ostringstream o;
  switch (c.kind) {
    case RunKind::Train:
      o << "train ch " << c.model.ch << " [" << jobs::joinInts(c.model.chMult) << "] T "
        << c.model.snnSteps;
      break;
    case RunKind::TrainAnn:
      o << "train-ann ch " << c.model.ch << " [" << jobs::joinInts(c.model.chMult) << "] " << c.bit
        << "-bit";
      if (!c.sourceCheckpoint.empty()) o << " from " << jobs::fileName(c.sourceCheckpoint);
      break;
    case RunKind::FinetuneTsm:
      o << "TSM finetune of " << jobs::fileName(c.sourceCheckpoint);
      break;
  }
  o << " · " << c.totalSteps << " steps";
  if (c.precision != train::TrainPrecision::Fp32) o << " · " << trainPrecisionName(c.precision);
  return o.str();
}

JobOutcome TrainingJob::run(const JobEmit& emit, const CancelToken& cancel) const {
  if (config.runDir.empty()) throw Error("a training job needs a run folder");
  ensureWritableFolder(config.runDir, "run folder");
  train::TrainConfig cfg;
  train::TrainRuntime rt;
  std::error_code ec;
  if (runHasCheckpoint(config.runDir) && fs::exists(fs::path(config.runDir) / "config.json", ec)) {
    train::ResumeChanges changes;
    changes.totalSteps = config.totalSteps;
    changes.lrDecayFrom = config.lrDecayFrom;
    changes.saveEvery = config.saveEvery;
    changes.sampleEvery = config.sampleEvery;
    if (!config.data.path.empty()) changes.dataPath = config.data.path;
    changes.precision = config.precision;
    train::ResumePoint r = train::prepareResume(config.runDir, {}, changes);
    cfg = std::move(r.config);
    rt.resumeFrom = r.checkpoint;
  } else {
    cfg = config;
    train::prepareNewRun(cfg);
  }
  rt.cancel = cancel;
  rt.onProgress = [&](const train::TrainProgress& p) { emit(jobProgressOf(p)); };
  const train::TrainResult r = train::runTraining(cfg, rt);
  JobOutcome out;
  out.cancelled = r.cancelled;
  out.step = r.step;
  out.checkpoint = r.checkpoint;
  return out;
}

void to_json(nlohmann::json& j, const TrainingJob& s) {
  j = {{"kind", s.kindName()}, {"config", s.config}};
}

void from_json(const nlohmann::json& j, TrainingJob& s) {
  if (!j.contains("config")) {
    s.config = legacyTrainingConfig(j);
    return;
  }
  s.config = j["config"].get<train::TrainConfig>();
}

}  // namespace sdm
