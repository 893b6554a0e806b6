#pragma once
// Dense operation counts of a spiking U-Net, per image and per network evaluation, the basis of
// the SOP/energy estimate. MACs of a conv run every SNN step count T times; the time-embedding
// MLP and the temb projections run once per evaluation. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "model/config.h"
#include "model/quant_config.h"

namespace sdm {

struct LayerCost {
  enum class Kind { Conv, Linear, Conv3d };
  std::string name;  // module path, e.g. "downblocks.0.conv1", "time_embedding.timembedding.1"
  Kind kind = Kind::Conv;
  int64_t macs = 0;     // per image per evaluation (all SNN steps)
  int spikeInput = -1;  // IF layer feeding it (its input is binary), -1 when analog
};

std::vector<LayerCost> layerCosts(const ModelConfig& config);
// The converted S_UNet: every layer runs on all T frames; a layer after an IF neuron (the second
// time-embedding linear, conv1 / temb_proj / conv2 of each ResBlock, the tail conv) is fed by its
// spike events (signed spikes count once each), the head, the first time-embedding linear,
// shortcuts and the resampling convs by analog values. spikeInput indexes
// convertedNeuronLayers().
std::vector<LayerCost> convertedLayerCosts(const QuantUNetConfig& config);
int64_t denseMacsPerImage(const ModelConfig& config);
// Counting multiply-accumulates x 2, as the field does (51.85 for the CIFAR-10 Spk_UNet, T=4).
double denseGflopsPerImage(const ModelConfig& config);
double denseGflopsPerImage(const QuantUNetConfig& converted);  // all T frames

// A conservative estimate of the activation memory one image needs during one evaluation
// (inputs, spikes and conv outputs of every IF layer over all SNN steps, plus the skips).
int64_t activationBytesPerImage(const ModelConfig& config);

// The images per network evaluation that fit `budgetBytes` (0: half the RAM, at most 8 GB):
// microBatch (0 = the whole batch) lowered when needed, never below 1.
int fitMicroBatch(const ModelConfig& config, int microBatch, int batch, double budgetBytes = 0);

}  // namespace sdm
