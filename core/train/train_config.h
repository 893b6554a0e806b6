#pragma once
// Everything that defines a training or TSM-finetuning run. Written to the run folder as
// config.json (resolved values) and flagfile.txt (pytorch-ddpm / SDDPM flag names), read back by
// --resume so a run continues with exactly the settings it started with.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

#include "model/config.h"
#include "model/quant_config.h"
#include "train/dataset_spec.h"

namespace sdm::train {

// Train: a Spk_UNet; TrainAnn: SDM's quantized-ReLU ANN (ANN2SNN), converted afterwards.
enum class RunKind { Train, FinetuneTsm, TrainAnn };

// Arithmetic of a training step. Bf16: the forward and the loss under LibTorch's CPU autocast to
// bf16 (convs and linears in bf16 against fp32 master weights, as torch.autocast("cpu") runs
// them), every IF layer still charging its membrane in fp32; gradients, clipping, Adam, EMA and
// BatchNorm statistics stay fp32. Spk_UNet runs (train, finetune-tsm) only.
enum class TrainPrecision { Fp32, Bf16 };
const char* trainPrecisionName(TrainPrecision p);          // "fp32", "bf16"
TrainPrecision parseTrainPrecision(const std::string& s);  // throws sdm::Error

struct TrainConfig {
  RunKind kind = RunKind::Train;
  ModelConfig model;  // for finetune-tsm: the TSM model (resolved from the source)
  DatasetSpec data;
  std::string runDir;
  int64_t totalSteps = 100000;
  int batch = 64;  // global batch (all processes together)
  double lr = 2e-4;
  int64_t warmup = 5000;  // pytorch-ddpm: lr * min(step, warmup) / warmup
  // Linear decay of the learning rate to 0 at totalSteps, from this step on (0: constant after
  // warmup, as the reference). A cooldown settles the weights of a short run (see training.md).
  int64_t lrDecayFrom = 0;
  double gradClip = 1.0;  // global L2 norm; <= 0: no clipping
  bool ema = true;
  double emaDecay = 0.9999;
  int64_t saveEvery = 5000;
  double saveMinutes = 15;     // also save when this much time passed since the last save (0: off)
  int keep = 3;                // numbered checkpoints kept (<= 0: all)
  int64_t sampleEvery = 5000;  // 0: no sample grids
  int sampleSize = 64;         // images in the sample grid (fixed x_T)
  int sampleSteps = 20;        // DDIM steps for the grid
  // Forwards that recompute the sampled copy's BatchNorm statistics before each grid (restored
  // afterwards; 0: the copy's own statistics). The EMA copy's averaged statistics belong to no
  // network and can make a good model look broken (see bn_recalibration.h).
  int sampleBnBatches = 20;
  uint64_t seed = 42;
  bool syncBatchNorm = true;  // data-parallel: BatchNorm statistics over the global batch
  TrainPrecision precision = TrainPrecision::Fp32;
  // finetune-tsm: the Spk_UNet checkpoint the TSM model inherits from; train-ann: the previous
  // stage of a progressive bit schedule (empty: from scratch)
  std::string sourceCheckpoint;
  std::string sourceWeights = "net";  // net or ema (the other one seeds the EMA copy when present)
  double tsmLr = 1e-3;                // learning rate of the per-step gains tsmp (their own group)
  // train-ann: activation bits of the quantized ReLUs (the SNN runs 2^bit - 1 steps; 32 = ReLU)
  int bit = 3;

  void validate() const;              // throws sdm::Error naming the first invalid field
  QuantUNetConfig annConfig() const;  // TrainAnn: the ANN's architecture (model's fields + bit)
  std::string modelSummary() const;
};

void to_json(nlohmann::json& j, const TrainConfig& c);
void from_json(const nlohmann::json& j, TrainConfig& c);

// absl flag-file text with the names pytorch-ddpm / SDDPM use (--timestep = SNN time steps).
std::string flagfileText(const TrainConfig& c);

}  // namespace sdm::train
