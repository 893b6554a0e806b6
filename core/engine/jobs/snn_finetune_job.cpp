// Block-wise fine-tuning of a converted SNN as a studio job: progress per block, the loss of
// every step, resumed when its run folder holds ckpt.pt.
#include "engine/jobs.h"
#include "engine/jobs/job_text.h"
#include "train/snn_finetune.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm {
namespace {

JobProgress jobProgressOf(const train::SnnFinetuneProgress& p) {
  using E = train::SnnFinetuneProgress::Event;
  auto q = jobs::counted<JobProgress>(p.step, p.totalSteps, p.elapsedSeconds, p.etaSeconds);
  q.event = p.event == E::Checkpoint || p.event == E::BlockDone ? JobProgress::Event::Checkpoint
            : p.event == E::Finished                            ? JobProgress::Event::Finished
            : p.event == E::Cancelled                           ? JobProgress::Event::Cancelled
                                                                : JobProgress::Event::Step;
  q.loss = p.event == E::BlockDone ? p.blockLoss : p.loss;
  q.path = p.path;
  q.label = p.blockName;
  q.part = p.block;
  q.parts = p.blockCount;
  return q;
}

}  // namespace

std::string SnnFinetuneJob::title() const {
  return "finetune-snn " + jobs::fileName(config.snnCheckpoint) + " · " +
         std::to_string(config.stepsPerBlock) + " steps per block";
}

JobOutcome SnnFinetuneJob::run(const JobEmit& emit, const CancelToken& cancel) const {
  if (config.runDir.empty()) throw Error("a fine-tuning job needs a run folder");
  ensureWritableFolder(config.runDir, "run folder");
  train::SnnFinetuneConfig cfg = config;
  train::SnnFinetuneRuntime rt;
  if (train::snnFinetuneRunExists(config.runDir)) {
    cfg = train::snnFinetuneResumeConfig(config.runDir);
    cfg.saveEvery = config.saveEvery;  // what a resume may change
    cfg.saveMinutes = config.saveMinutes;
    if (!config.data.path.empty()) cfg.data.path = config.data.path;
    rt.resumeFrom = config.runDir;
  } else {
    train::prepareNewSnnFinetune(cfg);
  }
  rt.cancel = cancel;
  int blocks = 0;
  rt.onProgress = [&](const train::SnnFinetuneProgress& p) {
    blocks = p.blockCount;
    emit(jobProgressOf(p));
  };
  const train::SnnFinetuneResult r = train::runSnnFinetune(cfg, rt);
  JobOutcome out;
  out.cancelled = r.cancelled;
  out.step = r.step;
  out.checkpoint = r.checkpoint;
  if (!r.cancelled) out.result = {{"snn", r.checkpoint}, {"blocks", blocks}, {"steps", r.step}};
  return out;
}

void to_json(nlohmann::json& j, const SnnFinetuneJob& s) {
  j = {{"kind", s.kindName()}, {"config", s.config}};
}

void from_json(const nlohmann::json& j, SnnFinetuneJob& s) {
  s.config = j.at("config").get<train::SnnFinetuneConfig>();
}

}  // namespace sdm
