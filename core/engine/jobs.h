#pragma once
// Long jobs of the studio as types: one spec per kind (training runs, block-wise SNN fine-tuning,
// evaluation, Analytic-DPM's Gamma file, ANN→SNN conversion, a study), a JobSpec variant of
// them that round-trips through JSON (the studio's persisted queue), and runJob() that drives the
// core on a worker thread with Torch-free progress. Each kind's title, JSON and run live in one
// file of engine/jobs/. Torch-free, so Qt code can include it.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/study.h"
#include "metrics/evaluate.h"
#include "metrics/gamma_estimation.h"
#include "train/snn_finetune_config.h"
#include "train/train_config.h"
#include "util/cancel.h"

namespace sdm {

struct JobProgress {
  enum class Event { Started, Step, Checkpoint, Sample, Finished, Cancelled } event = Event::Step;
  // optimizer steps, network evaluations of an evaluation, timesteps of a Gamma file, cells of a
  // study
  int64_t step = 0, total = 0;
  double loss = 0, lr = 0, imagesPerSecond = 0;
  double elapsedSeconds = 0;
  double etaSeconds = -1;  // -1: not known yet
  std::string path;        // checkpoint or sample grid of this event
  // What runs now: evaluations and Gamma files load first, then sample / estimate (and score).
  enum class Stage { Running, Loading, Sampling, Scoring, Estimating, Converting };
  Stage stage = Stage::Running;
  std::string label;        // for people: the finetune-snn block ("downblocks.1"), a study's cell
                            // and its stage
  int part = 0, parts = 0;  // finetune-snn: the block (0-based) and the number of blocks
};

struct JobOutcome {
  bool cancelled = false;
  int64_t step = 0;
  std::string checkpoint;  // runs: the last checkpoint written; convert: the SNN
  nlohmann::json result;   // eval: the evaluation's JSON; gamma: {gamma, timesteps, done};
                           // convert: convertAnnToSnn's JSON; study: {out, cells, ...};
                           // finetune-snn: {snn, blocks}
};

using JobEmit = std::function<void(const JobProgress&)>;

// Training, ANN training and TSM finetuning (train::runTraining). A run folder that already
// holds a checkpoint is resumed with the changes a resume may make (train/run_setup.h).
struct TrainingJob {
  train::TrainConfig config;  // finetune-tsm: the model is the source's, resolved when it starts

  // Settings that show a first result within an hour on two cores (the studio's dialog starts
  // from them): ch 32 [1,2,2], one ResBlock, 32×32, Fashion-MNIST, 20000 steps.
  static TrainingJob quickStart(train::RunKind kind);
  const char* kindName() const;  // "train", "finetune-tsm", "train-ann"
  std::string title() const;     // "train ch 32 [1,2,2] T 4 · 20000 steps"
  const std::string& outputPath() const { return config.runDir; }
  JobOutcome run(const JobEmit& emit, const CancelToken& cancel) const;
};

// Block-wise fine-tuning of a converted SNN against its quantized ANN (train/snn_finetune.h);
// a run folder that already holds ckpt.pt is resumed.
struct SnnFinetuneJob {
  train::SnnFinetuneConfig config;

  static constexpr const char* kindName() { return "finetune-snn"; }
  std::string title() const;
  const std::string& outputPath() const { return config.runDir; }
  JobOutcome run(const JobEmit& emit, const CancelToken& cancel) const;
};

struct EvalJob {
  EvalRequest request;

  static constexpr const char* kindName() { return "eval"; }
  std::string title() const;  // "eval model.pt · ddim 50 steps · N 1000"
  const std::string& outputPath() const { return request.checkpoint; }
  JobOutcome run(const JobEmit& emit, const CancelToken& cancel) const;  // cancelled: no result
};

// Analytic-DPM's Gamma file, resumable: a cancelled job, run again, completes it.
struct GammaFileJob {
  GammaRequest request;

  static constexpr const char* kindName() { return "gamma"; }
  std::string title() const;
  const std::string& outputPath() const { return request.outPath; }
  JobOutcome run(const JobEmit& emit, const CancelToken& cancel) const;
};

// A quantized ANN into its spiking S_UNet (seconds; the result holds the conversion check).
struct ConvertJob {
  std::string annCheckpoint;
  std::string annWeights = "net";  // net, ema or auto
  std::string out;
  int spikeTime = 0;  // 0: 2^bit - 1

  static constexpr const char* kindName() { return "convert"; }
  std::string title() const;
  const std::string& outputPath() const { return out; }
  JobOutcome run(const JobEmit& emit, const CancelToken& cancel) const;
};

// Models × solvers × steps × thresholds × precisions, one evaluation per cell (runStudy).
// Progress: step = cells started before the running one, total = cells; a Sample event with
// path = the study folder each time study.json has been rewritten (a cell ended).
struct StudyJob {
  StudyRequest request;

  static constexpr const char* kindName() { return "study"; }
  std::string title() const;
  const std::string& outputPath() const { return request.outDir; }
  JobOutcome run(const JobEmit& emit, const CancelToken& cancel) const;
};

using JobSpec =
    std::variant<TrainingJob, SnnFinetuneJob, EvalJob, GammaFileJob, ConvertJob, StudyJob>;

std::string jobKindName(const JobSpec& s);
std::string jobTitle(const JobSpec& s);
// The run folder, the evaluated checkpoint, the Gamma file, the SNN written or the study folder.
std::string jobOutputPath(const JobSpec& s);
// Runs in a folder with metrics.jsonl (a loss curve) and checkpoints to resume from.
bool jobHasRunFolder(const JobSpec& s);
// Optimizer steps a run is asked for (0: not known before it starts).
int64_t jobPlannedSteps(const JobSpec& s);

void to_json(nlohmann::json& j, const JobSpec& s);    // {"kind": name, ...the kind's fields}
void from_json(const nlohmann::json& j, JobSpec& s);  // throws on an unknown kind

// Runs the job on the calling thread (a worker): a Started event, then the kind's own. Throws
// sdm::Error on bad input; cancelling stops after the current step (runs keep a valid
// checkpoint, a Gamma file its finished timesteps) and returns cancelled = true.
JobOutcome runJob(const JobSpec& spec, const JobEmit& onProgress, const CancelToken& cancel);

// Whether a run folder already holds a readable checkpoint (a job there resumes).
bool runHasCheckpoint(const std::string& runDir);
// A run's loss record, read from <runDir>/metrics.jsonl in one pass (torn lines skipped).
struct LossHistory {
  std::vector<std::pair<int64_t, double>> steps;  // (step, loss) of every line
  // A block-wise fine-tuning's (first step, name) of each block, in order; empty for other runs.
  std::vector<std::pair<int64_t, std::string>> blocks;
};
LossHistory readLossHistory(const std::string& runDir);
// (step, path) of the sample grids <runDir>/sample/<step>.png, by step.
std::vector<std::pair<int64_t, std::string>> listSampleGrids(const std::string& runDir);

// Kind-specific JSON, used by the variant's (engine/jobs/*.cpp).
void to_json(nlohmann::json& j, const TrainingJob& s);
void from_json(const nlohmann::json& j, TrainingJob& s);
void to_json(nlohmann::json& j, const SnnFinetuneJob& s);
void from_json(const nlohmann::json& j, SnnFinetuneJob& s);
void to_json(nlohmann::json& j, const EvalJob& s);
void from_json(const nlohmann::json& j, EvalJob& s);
void to_json(nlohmann::json& j, const GammaFileJob& s);
void from_json(const nlohmann::json& j, GammaFileJob& s);
void to_json(nlohmann::json& j, const ConvertJob& s);
void from_json(const nlohmann::json& j, ConvertJob& s);
void to_json(nlohmann::json& j, const StudyJob& s);
void from_json(const nlohmann::json& j, StudyJob& s);

}  // namespace sdm
