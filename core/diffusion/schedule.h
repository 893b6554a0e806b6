#pragma once
// The linear beta schedule of DDPM exactly as the original code builds it: beta = linspace in
// float32, cast to float64; alpha_bar = cumprod in float64; every coefficient is gathered from a
// float64 table and cast to float32 before it touches a tensor (the reference's `extract`).
#include <ATen/core/Tensor.h>

namespace sdm {

class Schedule {
 public:
  explicit Schedule(int trainingTimesteps = 1000, double beta1 = 1e-4, double betaT = 0.02);

  int size() const { return m_T; }
  // float64 tables [T]
  const at::Tensor& betas() const { return m_betas; }
  const at::Tensor& alphasBar() const { return m_alphasBar; }
  const at::Tensor& sqrtAlphasBar() const { return m_sqrtAlphasBar; }
  const at::Tensor& sqrtOneMinusAlphasBar() const { return m_sqrtOneMinusAlphasBar; }
  const at::Tensor& oneMinusAlphasBar() const { return m_oneMinusAlphasBar; }
  double alphaBar(int64_t t) const;  // float64 value
  // The reference sampler's posterior tables (float64 [T]).
  const at::Tensor& sqrtRecipAlphasBar() const { return m_sqrtRecipAlphasBar; }
  const at::Tensor& sqrtRecipm1AlphasBar() const { return m_sqrtRecipm1AlphasBar; }
  const at::Tensor& posteriorMeanCoef1() const { return m_coef1; }
  const at::Tensor& posteriorMeanCoef2() const { return m_coef2; }
  const at::Tensor& posteriorVar() const { return m_posteriorVar; }
  // log variance: fixedlarge = log [posterior_var[1], beta_1, beta_2, ...],
  // fixedsmall = log [posterior_var[1], posterior_var[1], posterior_var[2], ...].
  const at::Tensor& logVarFixedLarge() const { return m_logVarLarge; }
  const at::Tensor& logVarFixedSmall() const { return m_logVarSmall; }

  // table[t] as float32, shaped [B, 1, 1, 1] for broadcasting over images.
  static at::Tensor extract(const at::Tensor& table, const at::Tensor& t, int64_t ndim = 4);

  // x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) noise, as the reference trainer.
  at::Tensor qSample(const at::Tensor& x0, const at::Tensor& t, const at::Tensor& noise) const;

 private:
  int m_T;
  at::Tensor m_betas, m_alphasBar, m_sqrtAlphasBar, m_sqrtOneMinusAlphasBar, m_oneMinusAlphasBar;
  at::Tensor m_sqrtRecipAlphasBar, m_sqrtRecipm1AlphasBar, m_coef1, m_coef2, m_posteriorVar;
  at::Tensor m_logVarLarge, m_logVarSmall;
};

}  // namespace sdm
