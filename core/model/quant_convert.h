#pragma once
// ANN→SNN conversion as one call (SNN_conversion.py): read a quantized ANN, write its converted
// S_UNet checkpoint ({'ema_model': S_UNet state dict} plus the studio's metadata) atomically,
// and measure the conversion error. Torch-free, for the CLI and the studio.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "model/load_options.h"

namespace sdm {

struct ConvertOptions {
  QuantLoadOptions load;  // weights (default EMA, as the original), bit, image size
  int spikeTime = 0;      // 0: 2^bit - 1
  bool unsignedSpikes = false;
  int checkImages = 4;  // 0: no check
  uint64_t seed = 0;
};

// Returns {"from", "to", "weights", "out", "tensors", "neurons", "check": {...}}; throws
// sdm::Error with one line (nothing is written then).
nlohmann::json convertAnnToSnn(const std::string& annPath, const std::string& outPath,
                               const ConvertOptions& options);

}  // namespace sdm
