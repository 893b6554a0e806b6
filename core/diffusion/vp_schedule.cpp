#include "diffusion/vp_schedule.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "diffusion/schedule.h"

namespace sdm {
namespace {

// Linear interpolation through (xp, yp), xp ascending; outside, the end segments are extended
// (as the official interpolate_fn).
double interp(double x, const std::vector<double>& xp, const std::vector<double>& yp) {
  const std::size_t k = xp.size();
  std::size_t i = std::upper_bound(xp.begin(), xp.end(), x) - xp.begin();  // first xp > x
  std::size_t lo = i == 0 ? 0 : (i >= k ? k - 2 : i - 1);
  const double x0 = xp[lo], x1 = xp[lo + 1], y0 = yp[lo], y1 = yp[lo + 1];
  return y0 + (x - x0) * (y1 - y0) / (x1 - x0);
}

}  // namespace

VpSchedule::VpSchedule(const Schedule& s) : m_N(s.size()) {
  at::Tensor logAlphas = (0.5 * at::log(1 - s.betas()).cumsum(0)).contiguous();
  std::vector<double> la(logAlphas.data_ptr<double>(), logAlphas.data_ptr<double>() + m_N);
  // Clip the end where log-SNR < -5.1 (numerical_clip_alpha; inactive for the linear schedule).
  std::size_t keep = la.size();
  while (keep > 2) {
    const double l = la[keep - 1] - 0.5 * std::log(1 - std::exp(2 * la[keep - 1]));
    if (l >= -5.1) break;
    --keep;
  }
  la.resize(keep);
  for (std::size_t n = 0; n < la.size(); ++n) m_t.push_back(double(n + 1) / m_N);
  m_logAlpha = la;
  m_logAlphaUp.assign(m_logAlpha.rbegin(), m_logAlpha.rend());
  m_tDown.assign(m_t.rbegin(), m_t.rend());
}

double VpSchedule::logAlpha(double t) const { return interp(t, m_t, m_logAlpha); }
double VpSchedule::alpha(double t) const { return std::exp(logAlpha(t)); }
double VpSchedule::sigma(double t) const { return std::sqrt(1 - std::exp(2 * logAlpha(t))); }

double VpSchedule::lambda(double t) const {
  const double la = logAlpha(t);
  return la - 0.5 * std::log(1 - std::exp(2 * la));
}

double VpSchedule::inverseLambda(double lambda) const {
  // log alpha = -0.5 log(1 + exp(-2 lambda)), then t from the (decreasing) log-alpha table.
  const double z = -2 * lambda;
  const double logAlpha = -0.5 * (std::max(0.0, z) + std::log1p(std::exp(-std::abs(z))));
  return interp(logAlpha, m_logAlphaUp, m_tDown);
}

double VpSchedule::modelTime(double t) const {
  const double n = (t - 1.0 / m_N) * m_N;
  const double r = std::round(n);
  return std::abs(n - r) < 1e-6 ? r : n;
}

}  // namespace sdm
