#pragma once
// The multi-step integrate-and-fire neuron of spikingjelly's IFNode as SDDPM/SDM use it:
// per SNN step v += x[t]; spike = (v >= threshold); v = 0 where it spiked (hard reset).
// Membranes start at 0 for every call.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace sdm {

// Inference: one fused pass over all SNN steps. x: [T, ...]; returns 0/1 spikes of x's dtype.
// stepCounts (size T), when given, receives the number of spikes per SNN step.
at::Tensor ifFire(const at::Tensor& x, float threshold, int64_t* stepCounts = nullptr);

// Training: differentiable, ATan surrogate gradient with alpha = 2, reset not detached. bf16
// currents (autocast) charge an fp32 membrane and give fp32 spikes.
at::Tensor ifFireTrain(const at::Tensor& x, double threshold);
// The same with per-step autograd nodes: the definition the fused version is tested against.
at::Tensor ifFireTrainReference(const at::Tensor& x, double threshold);

// Charged membrane potential (before reset) of chosen neurons: x [T, B, N...] flattened per
// sample, neurons are flat indices into one sample. Returns [T, B, neurons.size()].
at::Tensor ifMembrane(const at::Tensor& x, const std::vector<int64_t>& neurons, float threshold);

}  // namespace sdm
