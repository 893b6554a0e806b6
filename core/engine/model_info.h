#pragma once
// What the studio knows of a loaded checkpoint: its file, architecture, weights, size and
// neuron layers. Torch-free; the model panel, the jobs and the Spikes view read it.
#include <cstdint>
#include <string>
#include <vector>

#include "model/config.h"
#include "model/topology.h"

namespace sdm {

struct ModelInfo {
  std::string path, sha256, summary;
  ModelConfig config;
  bool hasNet = false, hasEma = false;
  std::string weights;  // the loaded one: net_model / ema_model
  int64_t tensors = 0, elements = 0, parameters = 0;
  int ifLayers = 0;
  double gflopsPerImage = 0;      // dense, per evaluation
  int64_t step = -1;              // training step stored in the file, -1 when absent
  bool snnStepsFree = true;       // a plain Spk_UNet can run at any SNN T; TSM is tied to its T
  std::string className;          // empty: config.className(); ANN2SNN models name themselves
  bool spiking = true;            // false: an ANN (no SNN time steps at all)
  bool thresholdGuidance = true;  // a run-time IF threshold applies (Spk_UNet models)
  bool convertible = false;       // a quantized ANN: a ConvertJob makes its SNN
  bool converted = false;         // a converted S_UNet: an SnnFinetuneJob tunes it
  int bits = 0;                   // ANN2SNN: activation bits (the SNN runs 2^bits - 1 steps)
  // ANN2SNN lineage from the file's metadata (empty when it does not say): the quantized ANN a
  // converted or fine-tuned SNN came from, and the converted SNN a fine-tuned one was tuned from.
  std::string annSource, convertedSource;
  std::vector<std::string> topKeys, notes, warnings;
  std::vector<NeuronLayer> layers;
};

}  // namespace sdm
