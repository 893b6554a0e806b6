#pragma once
// Long jobs of the studio (training, TSM finetuning, evaluation, Analytic-DPM's Gamma file) as
// plain data: a JobSpec that round-trips through JSON (the studio's persisted queue), and runJob()
// that drives the core (runTraining, evaluate, makeGammaFile) and reports Torch-free progress.
// Torch-free, so Qt code can include it.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/study.h"
#include "metrics/evaluate.h"
#include "metrics/gamma_estimation.h"
#include "util/cancel.h"

namespace sdm {

// TrainAnn: SDM's quantized-ReLU ANN, for ANN→SNN conversion (sdm-cli train-ann).
// Convert: a quantized ANN into its spiking S_UNet (seconds; the result names the error).
// Study: models x solvers x steps x thresholds x precisions, one evaluation per cell (runStudy).
enum class JobKind { Train, FinetuneTsm, Eval, Gamma, TrainAnn, Convert, Study };
const char* toString(JobKind k);  // "train", "finetune-tsm", "eval", "gamma", "train-ann", "study"
// Train and FinetuneTsm: a run folder with checkpoints, a loss curve and sample grids.
inline bool isTrainingJob(JobKind k) {
  return k == JobKind::Train || k == JobKind::FinetuneTsm || k == JobKind::TrainAnn;
}
JobKind parseJobKind(const std::string& s);

struct JobSpec {
  JobKind kind = JobKind::Train;
  std::string runDir;  // train / finetune: the run folder (resumed when it holds a checkpoint)
  // Data (train / finetune)
  std::string dataset = "fashion-mnist", dataDir;  // empty dataDir: the dataset's default
  int64_t limit = 0;                               // use only the first N images (0: all)
  // Model (train)
  int ch = 32;
  std::vector<int> chMult{1, 2, 2};
  int numResBlocks = 1;
  int snnSteps = 4;
  int imgSize = 32;
  int bit = 2;  // train-ann: activation bits (the converted SNN runs 2^bit - 1 steps)
  // Optimisation (train / finetune)
  int64_t totalSteps = 20000;
  int batch = 64;
  double lr = 2e-4;
  int64_t warmup = 5000;
  int64_t lrDecayFrom = 0;  // linear cooldown to 0 at totalSteps from this step (0: constant)
  bool ema = true;
  double emaDecay = 0.9999;
  int64_t saveEvery = 5000;
  int64_t sampleEvery = 1000;
  int sampleSize = 64;
  int sampleSteps = 20;
  uint64_t seed = 42;
  // Finetune
  std::string sourceCheckpoint;
  std::string sourceWeights = "net";
  double tsmLr = 1e-3;
  // Convert: sourceCheckpoint (the ANN) and sourceWeights into this file
  std::string convertOut;
  int convertSpikeTime = 0;  // 0: 2^bit - 1
  // Eval
  EvalRequest eval;
  // Gamma: a resumable Gamma file (a cancelled job, run again, completes it)
  GammaRequest gamma;
  // Study: progress step = cells started before the running one, total = cells; a Sample event
  // with path = the study folder each time study.json has been rewritten (a cell ended)
  StudyRequest study;

  std::string title() const;  // "train ch 32 [1,2,2] T 4 · 20000 steps"
};

void to_json(nlohmann::json& j, const JobSpec& s);
void from_json(const nlohmann::json& j, JobSpec& s);

struct JobProgress {
  enum class Event { Started, Step, Checkpoint, Sample, Finished, Cancelled } event = Event::Step;
  // optimizer steps, network evaluations of an evaluation, or timesteps of a Gamma file
  int64_t step = 0, total = 0;
  double loss = 0, lr = 0, imagesPerSecond = 0;
  double elapsedSeconds = 0;
  double etaSeconds = -1;  // -1: not known yet
  std::string path;        // checkpoint or sample grid of this event
  std::string stage;       // eval: loading, sampling, scoring; gamma: loading, estimating
};

struct JobOutcome {
  bool cancelled = false;
  int64_t step = 0;
  std::string checkpoint;  // train / finetune: the last checkpoint written
  nlohmann::json result;   // eval: the evaluation's JSON; gamma: {gamma: path, timesteps: n};
                           // convert: convertAnnToSnn's JSON
};

// Runs the job on the calling thread (a worker). Train / finetune resume when the run folder
// already holds a checkpoint; cancelling stops after the current step with a valid checkpoint.
// Throws sdm::Error on bad input; an evaluation or a Gamma file that is cancelled returns
// cancelled = true (the Gamma file keeps its finished timesteps).
JobOutcome runJob(const JobSpec& spec, const std::function<void(const JobProgress&)>& onProgress,
                  const CancelToken& cancel);

// Whether a run folder already holds a readable checkpoint (a job there resumes).
bool runHasCheckpoint(const std::string& runDir);
// (step, loss) of every line of <runDir>/metrics.jsonl (torn lines skipped).
std::vector<std::pair<int64_t, double>> readLossHistory(const std::string& runDir);
// (step, path) of the sample grids <runDir>/sample/<step>.png, by step.
std::vector<std::pair<int64_t, std::string>> listSampleGrids(const std::string& runDir);

}  // namespace sdm
