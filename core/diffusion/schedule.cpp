#include "diffusion/schedule.h"

#include <ATen/ATen.h>

#include "util/error.h"

namespace sdm {

Schedule::Schedule(int T, double beta1, double betaT) : m_T(T) {
  if (T < 2) throw Error("a diffusion schedule needs at least 2 timesteps");
  m_betas = at::linspace(beta1, betaT, T, at::kFloat).to(at::kDouble);
  m_alphasBar = at::cumprod(1.0 - m_betas, 0);
  m_sqrtAlphasBar = at::sqrt(m_alphasBar);
  m_oneMinusAlphasBar = 1.0 - m_alphasBar;
  m_sqrtOneMinusAlphasBar = at::sqrt(m_oneMinusAlphasBar);
}

double Schedule::alphaBar(int64_t t) const { return m_alphasBar[t].item<double>(); }

at::Tensor Schedule::extract(const at::Tensor& table, const at::Tensor& t, int64_t ndim) {
  at::Tensor out = at::gather(table, 0, t).to(at::kFloat);
  std::vector<int64_t> shape(static_cast<std::size_t>(ndim), 1);
  shape[0] = t.size(0);
  return out.view(shape);
}

at::Tensor Schedule::qSample(const at::Tensor& x0, const at::Tensor& t, const at::Tensor& noise) const {
  return extract(m_sqrtAlphasBar, t, x0.dim()) * x0 + extract(m_sqrtOneMinusAlphasBar, t, x0.dim()) * noise;
}

}  // namespace sdm
