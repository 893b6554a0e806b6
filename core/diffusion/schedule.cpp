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
  // Same float64 expressions, in the same order, as the reference GaussianDiffusionSampler.
  const at::Tensor alphas = 1.0 - m_betas;
  const at::Tensor prev = at::constant_pad_nd(m_alphasBar, {1, 0}, 1.0).slice(0, 0, T);
  m_sqrtRecipAlphasBar = at::sqrt(1.0 / m_alphasBar);
  m_sqrtRecipm1AlphasBar = at::sqrt(1.0 / m_alphasBar - 1);
  m_posteriorVar = m_betas * (1.0 - prev) / (1.0 - m_alphasBar);
  m_logVarSmall = at::log(at::cat({m_posteriorVar.slice(0, 1, 2), m_posteriorVar.slice(0, 1)}));
  m_logVarLarge = at::log(at::cat({m_posteriorVar.slice(0, 1, 2), m_betas.slice(0, 1)}));
  m_coef1 = at::sqrt(prev) * m_betas / (1.0 - m_alphasBar);
  m_coef2 = at::sqrt(alphas) * (1.0 - prev) / (1.0 - m_alphasBar);
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
