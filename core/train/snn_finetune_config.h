#pragma once
// What a block-wise SNN fine-tuning run (train/snn_finetune.h) is given; written to its run
// folder as config.json. Torch-free: the studio's job specs hold it.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

#include "train/dataset_spec.h"

namespace sdm::train {

struct SnnFinetuneConfig {
  std::string annCheckpoint;       // the quantized ANN: the activation maps to match
  std::string annWeights = "ema";  // its net or ema weights (the original: ema_model)
  std::string snnCheckpoint;       // its conversion (`sdm-cli convert`): the weights tuned
  std::string runDir;
  DatasetSpec data;
  int batch = 64;
  int64_t stepsPerBlock = 500;  // the time embedding and the head get one step (as the original)
  double lr = 2e-4;             // Adam, a fresh one per block
  // The tuner (the block's ANN form) runs in training mode in the original, so its dropout
  // masks the gradient; 0 turns that off.
  double dropout = 0.1;
  // SNN_ft.py feeds clean training images with t ~ U{0 .. 2^bit − 2}; the default feeds what
  // the model sees when it samples: x_t = √ᾱ·x0 + √(1−ᾱ)·ε with t ~ U{0 .. N−1}.
  bool originalInputs = false;
  uint64_t seed = 42;
  int64_t saveEvery = 100;  // also checkpoint every N steps inside a block (and at every block end)
  double saveMinutes = 10;  // and after this many minutes (0: off)

  void validate() const;  // throws sdm::Error naming the first invalid field
};

void to_json(nlohmann::json& j, const SnnFinetuneConfig& c);
void from_json(const nlohmann::json& j, SnnFinetuneConfig& c);

// The configuration a fine-tuning run folder was started with.
SnnFinetuneConfig readSnnFinetuneConfig(const std::string& runDir);

// The configuration to continue the run at `from` (its folder, or a checkpoint in it) with; throws
// sdm::Error when there is nothing to resume there.
SnnFinetuneConfig snnFinetuneResumeConfig(const std::string& from);
// Completes a new run's settings (absolute checkpoint paths) and validates them.
void prepareNewSnnFinetune(SnnFinetuneConfig& c);
// Whether the run folder holds a fine-tuning run to continue (its ckpt.pt).
bool snnFinetuneRunExists(const std::string& runDir);

}  // namespace sdm::train
