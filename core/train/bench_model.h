#pragma once
// Random-weight models of the configurations users hold, for `sdm-cli bench --config`: the
// CIFAR-10 Spk_UNet (ch 128, [1,2,2,4], 2 ResBlocks, T = 4), its TSM form at T = 8, and the
// bundled demo's architecture. BatchNorm statistics are recalibrated on noised smooth random
// images, so that the IF layers fire at realistic rates (untouched statistics leave most layers
// silent or saturated, which flatters an event-driven kernel and hides nothing from a dense one).
#include <memory>
#include <string>
#include <vector>

#include "model/config.h"

namespace sdm {
class SpkUNet;
}

namespace sdm::train {

// cifar10-t4, cifar10-tsm-t8, demo, cifar10-converted-t3
std::vector<std::string> benchConfigNames();
ModelConfig benchConfig(const std::string& name);  // throws naming the choices
// cifar10-converted-t3: SDM's ANN2SNN CIFAR-10 S_UNet (ch 128, [1,2,2,2], 2 ResBlocks, 2 bits,
// T = 3), made as a user makes one: a random plain-ReLU ANN (residual branches and tail at unit
// gain), its 2-bit stage with the clipping values at the 99.9 % quantile of each ReLU's inputs
// on noised smooth random images (realistic firing rates), converted (`sdm-cli convert`) into
// `snnPath`; the ANN is written to `annPath` on the way.
bool isConvertedBenchConfig(const std::string& name);
void writeConvertedBenchModel(const std::string& annPath, const std::string& snnPath,
                              uint64_t seed = 0);

// Built with the original initialisation (seeded), tail at unit gain, TSM gains 1 + U(-0.2, 0.2),
// BatchNorm recalibrated over `batches` forwards of `batchSize` images.
std::shared_ptr<SpkUNet> makeBenchModel(const ModelConfig& config, uint64_t seed = 0,
                                        int batches = 8, int batchSize = 8);

}  // namespace sdm::train
