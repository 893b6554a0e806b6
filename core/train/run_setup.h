#pragma once
// The rules that turn what a user asked for into a run's settings, in one place for the CLI
// (`train`, `train-ann`, `finetune-tsm`) and the studio's jobs: what a new run inherits from the
// checkpoint it starts from, and what a resumed run may change. Torch-free header.
#include <cstdint>
#include <optional>
#include <string>

#include "train/train_config.h"

namespace sdm::train {

// Completes and validates a new run's settings (throws sdm::Error with one line):
// - finetune-tsm: the model is the Spk_UNet at sourceCheckpoint (its T from model.snnSteps when
//   the file does not say), turned into Spk_UNet_TSM;
// - train-ann with a sourceCheckpoint (progressive bits, --init-from: a run folder or a
//   checkpoint): the previous stage's architecture, only the bit width is this run's;
// - model.imgCh 0: the dataset's channels; the data is fed at the model's size and channels.
// sourceWeights must be net or ema; sourceCheckpoint becomes an absolute path.
void prepareNewRun(TrainConfig& c);

// Settings a resumed run may change; everything else stays as its config.json says.
struct ResumeChanges {
  std::optional<int64_t> totalSteps, lrDecayFrom, saveEvery, sampleEvery;
  std::optional<double> saveMinutes;
  std::optional<int> keep, sampleSteps, sampleBnBatches;
  std::optional<std::string> dataPath;  // the data moved
  std::optional<TrainPrecision> precision;
};

struct ResumePoint {
  TrainConfig config;      // the run's config.json with the changes applied
  std::string checkpoint;  // where it continues from
};

// `from`: a run folder (its newest readable checkpoint) or one of its checkpoints; runDir names
// the run folder of a checkpoint elsewhere (empty: the checkpoint's folder). Throws sdm::Error
// when there is nothing to resume or the folder has no config.json.
ResumePoint prepareResume(const std::string& from, const std::string& runDir,
                          const ResumeChanges& changes);

}  // namespace sdm::train
