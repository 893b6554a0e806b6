#pragma once
// Deterministic DDIM (eta = 0) of the reference sampler, only for the trainer's sample grids.
// TODO(sampler engine): switch to core/diffusion's DDIM once the sampler engine is on main.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "diffusion/schedule.h"
#include "util/cancel.h"

namespace sdm {
class SpkUNet;
}

namespace sdm::train {

// The reference's time grid: [max(int(N-1 - (N/S) k), 0) for k < S], then 0 appended if missing.
std::vector<int64_t> ddimTimeGrid(int steps, int trainingTimesteps);

// One DDIM update from t to s (x0 clamped to [-1, 1], the unclamped eps reused).
at::Tensor ddimUpdate(const Schedule& schedule, const at::Tensor& x, const at::Tensor& eps,
                      int64_t t, int64_t s);

// Samples from x_T with the model in eval mode; nullptr cancel: never cancelled. Returns an
// undefined tensor when cancelled.
at::Tensor ddimSample(SpkUNet& model, const Schedule& schedule, const at::Tensor& xT, int steps,
                      const CancelToken* cancel = nullptr);

}  // namespace sdm::train
