#pragma once
// Architecture from a state dict's keys and shapes: ch, ch_mult, num_res_blocks, img_ch, TSM and
// (for TSM) the SNN time steps; then a strict check of every key against that architecture.
#include <string>
#include <vector>

#include "model/config.h"
#include "model/state_dict.h"

namespace sdm::io {

// Throws sdm::Error when the keys are not those of a spiking U-Net. snnSteps and imgSize of the
// result are left at the defaults for a plain Spk_UNet: the caller decides (see loadModel).
ModelConfig inferConfig(const StateDict& sd);

// Every expected key present with its shape and dtype, nothing unexpected. Throws sdm::Error
// naming the first offending key (in model order).
void validateStateDict(const StateDict& sd, const ModelConfig& config);

// "3 non-finite values in downblocks.0.conv1.weight" for each tensor that has any.
std::vector<std::string> nonFiniteReport(const StateDict& sd);

// Drops a leading "module." (DataParallel) from every key when all keys have it.
StateDict stripModulePrefix(StateDict sd);

}  // namespace sdm::io
