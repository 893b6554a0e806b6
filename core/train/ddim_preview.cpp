#include "train/ddim_preview.h"

#include <ATen/ATen.h>

#include "model/spk_unet.h"

namespace sdm::train {

std::vector<int64_t> ddimTimeGrid(int steps, int trainingTimesteps) {
  const double ratio = static_cast<double>(trainingTimesteps) / steps;
  std::vector<int64_t> grid;
  for (int k = 0; k < steps; ++k)
    grid.push_back(std::max<int64_t>(static_cast<int64_t>(trainingTimesteps - 1 - ratio * k), 0));
  if (grid.back() != 0) grid.push_back(0);
  return grid;
}

at::Tensor ddimUpdate(const Schedule& schedule, const at::Tensor& x, const at::Tensor& eps,
                      int64_t t, int64_t s) {
  const int64_t batch = x.size(0);
  const at::Tensor tt = at::full({batch}, t, at::kLong);
  const at::Tensor ss = at::full({batch}, s, at::kLong);
  const at::Tensor at_ = Schedule::extract(schedule.sqrtAlphasBar(), tt, x.dim());
  const at::Tensor sigmaT = Schedule::extract(schedule.sqrtOneMinusAlphasBar(), tt, x.dim());
  const at::Tensor as = Schedule::extract(schedule.sqrtAlphasBar(), ss, x.dim());
  const at::Tensor x0 = at::clamp((x - eps * sigmaT) / at_, -1, 1);
  return as * x0 + at::sqrt((1 - as * as) - 0) * eps;
}

at::Tensor ddimSample(SpkUNet& model, const Schedule& schedule, const at::Tensor& xT, int steps,
                      const CancelToken* cancel) {
  at::NoGradGuard noGrad;
  const bool wasTraining = model.is_training();
  model.eval();
  const std::vector<int64_t> grid = ddimTimeGrid(steps, schedule.size());
  at::Tensor x = xT.to(at::kFloat);
  for (std::size_t i = 0; i + 1 < grid.size(); ++i) {
    if (cancel && cancel->cancelled()) {
      x = at::Tensor();
      break;
    }
    const at::Tensor t = at::full({x.size(0)}, grid[i], at::kLong);
    const at::Tensor eps = model.forward(x, t);
    x = ddimUpdate(schedule, x, eps, grid[i], grid[i + 1]);
  }
  model.train(wasTraining);
  return x;
}

}  // namespace sdm::train
