#pragma once
// One sampling run: x_T from seeded noise (or given), a solver, a step callback after every
// network evaluation, cancellation that returns what there is. Everything needed to reproduce
// an image is in SampleRequest (see describe()).
#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <vector>

#include "diffusion/noise.h"
#include "diffusion/solver.h"

namespace sdm {

struct SampleRequest {
  SolverOptions solver;
  int batch = 8;
  std::vector<int64_t> imageShape{3, 32, 32};  // C, H, W
  uint64_t seed = 0;
  NoiseMode noiseMode = NoiseMode::PerImage;
  at::Tensor xT;  // when defined: used as x_T (the seed still drives noise during sampling)

  nlohmann::json describe() const;
};

struct StepFrame {
  int evaluation = 0;        // 0-based
  int totalEvaluations = 0;  // NFE of the run
  double modelTime = 0;      // t given to the network
  double elapsedSeconds = 0;
  at::Tensor x, eps, x0;     // [B, C, H, W]
};

struct SampleResult {
  at::Tensor images;         // [B, C, H, W]; the latest x0 prediction when cancelled
  at::Tensor xT;
  bool cancelled = false;
  int evaluations = 0;
  double seconds = 0;
};

SampleResult runSampler(EpsModel& model, const Schedule& schedule, const SampleRequest& request,
                        const std::function<void(const StepFrame&)>& onStep = {});

}  // namespace sdm
