#pragma once
// SDM's weight inheritance Spk_UNet -> Spk_UNet_TSM (reference §3.2): every conv weight/bias moves
// under `.tsmconv`, each conv gets `tsmp` = ones(T,1,1,1,1); everything else is copied by name.
// With tsmp = 1 the TSM model computes exactly what the source model does.
#include "model/config.h"
#include "model/state_dict.h"

namespace sdm {

// `plain` must be a complete Spk_UNet state dict for `config` (config.tsm == false).
StateDict inheritTsm(const StateDict& plain, const ModelConfig& config);

}  // namespace sdm
