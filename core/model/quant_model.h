#pragma once
// ANN→SNN conversion models (SDM's ANN2SNN, Fast-SNN based): the quantized-ReLU U-Net that is
// trained first (`model.py` UNet) and the converted spiking U-Net (`spiking_model.py` S_UNet),
// which is the same network with every quantized ReLU replaced by an IF neuron (threshold = the
// learnt clipping value act_alpha, membrane starting at θ/2, soft reset, signed spikes) run for
// T = 2^bit − 1 SNN steps. Torch-light: the module itself lives in quant_unet.h.
#include <ATen/core/Tensor.h>
#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

#include "io/checkpoint.h"
#include "model/load_options.h"
#include "model/precision.h"
#include "model/quant_config.h"
#include "model/state_dict.h"
#include "util/cancel.h"

namespace sdm {

class QuantUNet;
class EpsModel;
class SpikeProbe;

// Original key names: ANN (`downblocks.0.block1.1.act_alpha`) and converted S_UNet
// (`downblocks.0.block1.block.1.act_alpha`): keys naming main, shortcut or head stay, every
// other key gets `block` before its last two components.
std::string snnKeyFor(const std::string& annKey);
std::string annKeyFor(const std::string& snnKey);

// Whether a state dict is one of these models (quantized ANN, plain-ReLU ANN or converted SNN)
// rather than a Spk_UNet.
bool isQuantUNetStateDict(const StateDict& sd);
bool isConvertedStateDict(const StateDict& sd);
bool isQuantCheckpoint(const io::Checkpoint& ck);  // either state dict

struct LoadedQuantModel {
  std::shared_ptr<QuantUNet> model;
  QuantUNetConfig config;
  std::string weights;  // net_model / ema_model
  io::Checkpoint checkpoint;
};

// Throws sdm::Error with one line (file, missing/unexpected key, shape, unknown bit width).
LoadedQuantModel loadQuantModel(const std::string& path, const QuantLoadOptions& opt = {});
LoadedQuantModel loadQuantModel(io::Checkpoint checkpoint, const QuantLoadOptions& opt = {});

// Throws unless threshold is 1: threshold guidance scales Spk_UNet IF thresholds, these models
// fire at their learnt act_alpha.
void requireNoThresholdGuidance(double threshold);
// Throws unless `precision` is exact or the model is a converted SNN (an ANN has no spikes).
void requirePrecisionApplies(const QuantUNetConfig& config, Precision precision);

// Fast-SNN's progressive bit schedule (32 → 4 → 3 → 2 bits, each stage from the previous):
// initialises `target` from a trained ANN of the same architecture. Every weight is copied; a
// clipping value act_alpha comes from the source when it is quantized too, else (a plain-ReLU
// source) it is the given quantile of that ReLU's positive inputs on (x, t). Returns the clipping
// values set, in state_dict order. Throws sdm::Error naming the first mismatch.
std::vector<double> initialiseFromStage(QuantUNet& target, QuantUNet& source, const at::Tensor& x,
                                        const at::Tensor& t, double quantile = 0.999);

// "26 IF layers, thresholds (act_alpha) 0.332 … 1.49", or the ANN's wording.
std::string neuronSummary(const QuantUNet& net);

// eps = f(x_t, t) for the samplers, in chunks of microBatch images (0 = all), cancellable; a
// converted model's IF layers report to `probe` while it lives (layers: convertedNeuronLayers()).
// A converted model runs in any precision this CPU has (throws otherwise, and for an ANN).
std::unique_ptr<EpsModel> quantEps(QuantUNet& model, int microBatch, const CancelToken* cancel,
                                   SpikeProbe* probe = nullptr,
                                   Precision precision = Precision::Exact);

}  // namespace sdm
