#pragma once
// From a checkpoint path to a ready model: read the file, pick net or EMA weights, infer and
// validate the architecture, decide the SNN time steps, build the model, load the weights.
#include <memory>
#include <string>
#include <vector>

#include "io/checkpoint.h"
#include "model/config.h"
#include "model/spk_unet.h"

namespace sdm {

enum class WeightsChoice { Auto, Net, Ema };  // Auto: EMA when the file has it, else net
WeightsChoice parseWeightsChoice(const std::string& s);  // "auto", "net", "ema"

struct LoadOptions {
  WeightsChoice weights = WeightsChoice::Auto;
  int snnSteps = 0;  // 0: checkpoint / studio metadata / flagfile.txt / 4
  int imgSize = 0;   // 0: studio metadata / flagfile.txt / 32
};

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

}  // namespace sdm
