#pragma once
// The trainer's sample grids: the studio's deterministic DDIM (eta = 0, the reference's time grid)
// from the run's fixed x_T, whole batch per evaluation, model in eval mode, eps re-derived from
// the clamped x0 (a young spiking network's eps error otherwise hides what it has learnt; see
// docs/samplers.md).
#include <ATen/core/Tensor.h>

#include "diffusion/schedule.h"
#include "util/cancel.h"

namespace sdm::train {

class TrainNet;

// Returns an undefined tensor when `cancel` fires during sampling.
// rederiveEps: eps re-derived from the clamped x0 (the spiking networks' grids); the quantized
// ANN's grids turn to noise with it (measured on a Fashion-MNIST run) and use the plain DDIM.
at::Tensor sampleForGrid(TrainNet& model, const Schedule& schedule, const at::Tensor& xT, int steps,
                         const CancelToken* cancel, bool rederiveEps = true);

}  // namespace sdm::train
