#pragma once
// From a checkpoint path to a ready model: read the file, pick net or EMA weights, infer and
// validate the architecture, decide the SNN time steps, build the model, load the weights.
#include <memory>
#include <string>
#include <vector>

#include "io/checkpoint.h"
#include "model/config.h"
#include "model/load_options.h"
#include "model/spk_unet.h"

namespace sdm {

struct LoadedModel {
  std::shared_ptr<SpkUNet> model;
  ModelConfig config;
  std::string weights;                // "net_model" or "ema_model"
  io::Checkpoint checkpoint;
  std::vector<std::string> warnings;  // non-finite values, notes from reading
};

// The configuration of the chosen weights, validated against every key of the file's state
// dicts. Throws sdm::Error naming the first problem.
ModelConfig resolveConfig(const io::Checkpoint& ck, const LoadOptions& opt, std::string* weightsKey);
LoadedModel loadModel(const std::string& path, const LoadOptions& opt = {});
LoadedModel loadModel(io::Checkpoint checkpoint, const LoadOptions& opt = {});

}  // namespace sdm
