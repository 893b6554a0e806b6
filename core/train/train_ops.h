#pragma once
// Small pieces of the training step, each matching its PyTorch / pytorch-ddpm counterpart.
#include <ATen/core/Tensor.h>

#include <vector>

#include "model/spike_probe.h"
#include "model/state_dict.h"

namespace sdm::train {

// torch.nn.utils.clip_grad_norm_ (torch 1.13): returns the total L2 norm before clipping and
// scales every gradient by min(1, maxNorm / (norm + 1e-6)). maxNorm <= 0: only the norm.
double clipGradNorm(const std::vector<at::Tensor>& params, double maxNorm);

// pytorch-ddpm's ema(): target = target * decay + source * (1 - decay) for every state-dict
// entry (parameters and BatchNorm buffers; integer counters truncate as in Python).
void emaUpdate(const StateDict& source, const StateDict& target, double decay);

// pytorch-ddpm's warmup_lr: lr * min(step, warmup) / warmup for the step about to run.
double warmupFactor(int64_t step, int64_t warmup);

// The learning-rate factor of the step about to run: the warmup, then (decayFrom > 0) a linear
// decay reaching 0 at totalSteps: (totalSteps - step) / (totalSteps - decayFrom).
double lrFactor(int64_t step, int64_t warmup, int64_t decayFrom, int64_t totalSteps);

// LibTorch's CPU autocast to bf16 on this thread while the scope lives (on = false: nothing), as
// `with torch.autocast("cpu", torch.bfloat16)`: around the forward and the loss, not backward.
// Leaving it drops the cached bf16 copies of the weights, so the next step casts updated ones.
class AutocastScope {
 public:
  explicit AutocastScope(bool on);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool m_on, m_wasEnabled = false;
  at::ScalarType m_wasType = at::kBFloat16;
};

// Mean firing rate over all IF layers of one forward (spikes / neuron-steps).
class FiringRateProbe : public SpikeProbe {
 public:
  void onLayerEvent(const LayerEvent& e) override;
  void reset();
  at::Tensor spikes() const;  // double scalar, total spikes
  double neuronSteps() const { return m_count; }

 private:
  std::vector<at::Tensor> m_sums;
  double m_count = 0;
};

}  // namespace sdm::train
