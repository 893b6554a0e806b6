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

std::vector<std::string> benchConfigNames();       // cifar10-t4, cifar10-tsm-t8, demo
ModelConfig benchConfig(const std::string& name);  // throws naming the choices

// Built with the original initialisation (seeded), tail at unit gain, TSM gains 1 + U(-0.2, 0.2),
// BatchNorm recalibrated over `batches` forwards of `batchSize` images.
std::shared_ptr<SpkUNet> makeBenchModel(const ModelConfig& config, uint64_t seed = 0,
                                        int batches = 8, int batchSize = 8);

}  // namespace sdm::train
