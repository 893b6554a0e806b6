#pragma once
// Architecture of SDM's ANN2SNN models (quantized-ReLU UNet and its converted S_UNet).
// Torch-free, for configs and views; the models themselves are in quant_model.h.
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

#include "model/config.h"
#include "model/topology.h"

namespace sdm {

struct QuantUNetConfig {
  int ch = 128;
  std::vector<int> chMult{1, 2, 2, 2};
  int numResBlocks = 2;
  int imgCh = 3;
  int imgSize = 32;
  int trainingTimesteps = 1000;
  double dropout = 0.1;
  int bit = 32;              // activation bits; 32 = plain ReLU (nothing to convert)
  int spikeTime = 0;         // 0: the ANN; > 0: the converted SNN run for this many steps
  bool signedSpikes = true;  // the released code's setting (the paper says unsigned)

  int tdim() const { return 4 * ch; }
  bool converted() const { return spikeTime > 0; }
  // "Quant UNet(ch=32, ch_mult=[1,2,2], num_res_blocks=1, img_ch=1, 32x32, 2-bit ReLU)" or
  // "S_UNet(..., SNN T=3, signed spikes)".
  std::string summary() const;
  void validate() const;  // throws sdm::Error naming the first invalid field
  // The fields the samplers and image exports read (image shape, diffusion length).
  ModelConfig asModelConfig() const;
};

void to_json(nlohmann::json& j, const QuantUNetConfig& c);

// The IF layers of the converted S_UNet in execution order: the time embedding's, then per
// ResBlock block1.1, temb_proj.0 and block2.1, then the tail's (time-embedding layers are
// tdim x 1 x 1). Empty for an ANN.
std::vector<NeuronLayer> convertedNeuronLayers(const QuantUNetConfig& c);

}  // namespace sdm
