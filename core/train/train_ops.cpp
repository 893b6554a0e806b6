#include "train/train_ops.h"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>

#include <algorithm>

namespace sdm::train {

double clipGradNorm(const std::vector<at::Tensor>& params, double maxNorm) {
  at::NoGradGuard noGrad;
  std::vector<at::Tensor> grads, norms;
  for (const auto& p : params)
    if (p.grad().defined()) grads.push_back(p.grad());
  if (grads.empty()) return 0.0;
  for (const auto& g : grads) norms.push_back(at::norm(g.detach(), 2));
  const at::Tensor total = at::norm(at::stack(norms), 2);
  if (maxNorm > 0) {
    // Python's `max_norm / tensor` is tensor.reciprocal() * max_norm: the same rounding here.
    const at::Tensor coef = at::clamp((total + 1e-6).reciprocal() * maxNorm, c10::nullopt, 1.0);
    for (auto& g : grads) g.detach().mul_(coef);
  }
  return total.item<double>();
}

void emaUpdate(const StateDict& source, const StateDict& target, double decay) {
  at::NoGradGuard noGrad;
  for (std::size_t i = 0; i < source.size(); ++i) {
    const at::Tensor& src = source[i].second;
    const at::Tensor& dst = target[i].second;
    dst.copy_(dst * decay + src * (1 - decay));
  }
}

double warmupFactor(int64_t step, int64_t warmup) {
  if (warmup <= 0) return 1.0;
  return static_cast<double>(std::min(step, warmup)) / static_cast<double>(warmup);
}

double lrFactor(int64_t step, int64_t warmup, int64_t decayFrom, int64_t totalSteps) {
  double f = warmupFactor(step, warmup);
  if (decayFrom > 0 && step >= decayFrom && totalSteps > decayFrom)
    f *= std::max(
        0.0, static_cast<double>(totalSteps - step) / static_cast<double>(totalSteps - decayFrom));
  return f;
}

AutocastScope::AutocastScope(bool on) : m_on(on) {
  if (!m_on) return;
  m_wasEnabled = at::autocast::is_cpu_enabled();
  m_wasType = at::autocast::get_autocast_cpu_dtype();
  at::autocast::set_cpu_enabled(true);
  at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
  at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
  if (!m_on) return;
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  at::autocast::set_cpu_enabled(m_wasEnabled);
  at::autocast::set_autocast_cpu_dtype(m_wasType);
}

void FiringRateProbe::onLayerEvent(const LayerEvent& e) {
  if (e.stepCounts) {  // the inference kernel counted them already
    int64_t n = 0;
    for (int64_t t = 0; t < e.spikes.size(0); ++t) n += e.stepCounts[t];
    m_sums.push_back(at::scalar_tensor(static_cast<double>(n), at::kDouble));
  } else {
    m_sums.push_back(e.spikes.detach().sum(at::kDouble));
  }
  m_count += static_cast<double>(e.spikes.numel());
}

void FiringRateProbe::reset() {
  m_sums.clear();
  m_count = 0;
}

at::Tensor FiringRateProbe::spikes() const {
  return m_sums.empty() ? at::zeros({}, at::kDouble) : at::stack(m_sums).sum();
}

}  // namespace sdm::train
