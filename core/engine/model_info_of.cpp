#include "engine/model_info_of.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/loader.h"
#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "probe/cost.h"
#include "util/sha256.h"

namespace sdm {
namespace {

// What any checkpoint says of itself: file, digest, weights, size, step, keys and notes.
ModelInfo fileInfo(const std::string& path, const io::Checkpoint& ck, const std::string& weights,
                   const StateDict& sd) {
  ModelInfo info;
  info.path = path;
  info.sha256 = sha256File(path);
  info.hasNet = ck.hasNet();
  info.hasEma = ck.hasEma();
  info.weights = weights;
  info.tensors = static_cast<int64_t>(sd.size());
  for (const auto& [k, v] : sd) info.elements += v.numel();
  info.step = ck.step.value_or(-1);
  info.topKeys = ck.topKeys;
  info.notes = ck.notes;
  return info;
}

// ANN2SNN lineage from the file's metadata: the ANN a converted (or fine-tuned) SNN came from,
// and the converted SNN a fine-tuned one was tuned from.
void readLineage(const nlohmann::json& meta, ModelInfo& info) {
  if (!meta.is_object()) return;
  if (meta.contains("converted_from") && meta["converted_from"].is_object())
    info.annSource = meta["converted_from"].value("path", std::string());
  if (meta.contains("snn_finetune") && meta["snn_finetune"].is_object()) {
    info.annSource = meta["snn_finetune"].value("ann_checkpoint", info.annSource);
    info.convertedSource = meta["snn_finetune"].value("snn_checkpoint", std::string());
  }
}

}  // namespace

ModelInfo modelInfoOf(const std::string& path, const LoadedModel& lm) {
  const StateDict& sd = lm.weights == "ema_model" ? lm.checkpoint.ema : lm.checkpoint.net;
  ModelInfo info = fileInfo(path, lm.checkpoint, lm.weights, sd);
  info.config = lm.config;
  info.summary = lm.config.summary();
  info.parameters = parameterCount(lm.config);
  info.layers = neuronLayers(lm.config);
  info.ifLayers = static_cast<int>(info.layers.size());
  info.gflopsPerImage = denseGflopsPerImage(lm.config);
  info.snnStepsFree = !lm.config.tsm;
  info.warnings = lm.warnings;
  return info;
}

// An ANN2SNN model: the studio's SNN-steps control sets a converted model's T.
ModelInfo modelInfoOf(const std::string& path, const LoadedQuantModel& q) {
  const bool converted = q.config.converted();
  ModelInfo info = fileInfo(path, q.checkpoint, q.weights, q.model->stateDict());
  info.config = q.config.asModelConfig();
  if (converted) info.config.snnStepsSource = SnnStepsSource::Checkpoint;
  info.summary = q.config.summary();
  info.parameters = info.elements;
  info.ifLayers = converted ? q.model->activationLayers() : 0;
  info.layers = convertedNeuronLayers(q.config);
  info.snnStepsFree = converted;
  info.spiking = converted;
  info.thresholdGuidance = false;
  info.convertible = !converted && q.config.bit < 32;
  info.converted = converted;
  info.bits = q.config.bit;
  readLineage(q.checkpoint.studio, info);
  info.gflopsPerImage = -1;  // not estimated for these models
  info.className = converted ? "S_UNet (ANN2SNN, " + std::to_string(q.config.bit) + "-bit" +
                                   (q.config.signedSpikes ? ", signed spikes)" : ")")
                   : q.config.bit < 32
                       ? "Quant UNet (ANN2SNN ANN, " + std::to_string(q.config.bit) + "-bit ReLU)"
                       : "UNet (ReLU ANN)";
  info.notes.push_back(converted
                           ? "ANN2SNN converted S_UNet: IF thresholds are the learnt act_alpha, "
                             "signed spikes count as one event each in rates and energy"
                           : "ANN2SNN quantized ANN: `sdm-cli convert` makes its SNN");
  return info;
}

}  // namespace sdm
