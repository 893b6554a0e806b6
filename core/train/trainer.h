#pragma once
// Training and TSM finetuning of spiking U-Nets as monitored, resumable jobs: the CLI, the
// studio's Jobs view and the tests all drive runTraining(). Progress goes to a plain callback;
// a CancelToken stops the job after the current step, leaving a valid checkpoint.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "train/train_config.h"
#include "util/cancel.h"

namespace sdm::train {

class Communicator;

struct TrainProgress {
  int64_t step = 0;  // optimizer steps done
  int64_t totalSteps = 0;
  double loss = 0;  // of the last step (global batch)
  double lr = 0;
  double gradNorm = 0;    // before clipping
  double firingRate = 0;  // mean over all IF neurons and SNN steps of the last step
  double imagesPerSecond = 0;
  double elapsedSeconds = 0;
  double etaSeconds = -1;  // -1: not known yet
  enum class Event { Step, Checkpoint, Sample, Finished, Cancelled } event = Event::Step;
  std::string path;  // the checkpoint or sample grid of this event
};

struct TrainRuntime {
  // Continue from this checkpoint (a file, or a run folder: its newest readable checkpoint).
  std::string resumeFrom;
  std::shared_ptr<Communicator> comm;  // null: one process
  CancelToken cancel;
  std::function<void(const TrainProgress&)> onProgress;
  int64_t stopAfterSteps = 0;  // > 0: behave as if cancelled after this many steps (tests)
};

struct TrainResult {
  bool cancelled = false;
  int64_t step = 0;
  std::string checkpoint;  // the last checkpoint written ("" on ranks other than 0)
  double lastLoss = 0;
};

TrainResult runTraining(const TrainConfig& config, const TrainRuntime& runtime);

// The configuration a run folder was started with (its config.json).
TrainConfig readRunConfig(const std::string& runDir);

// Mean epsilon-MSE of the model on a fixed evaluation set (images, timesteps and noise drawn
// from `seed`), in eval mode. For comparing models on equal terms (e.g. before/after finetune).
double evaluationLoss(const std::string& checkpoint, const std::string& weights,
                      const DatasetSpec& data, int count, uint64_t seed, int batch = 64);

}  // namespace sdm::train
