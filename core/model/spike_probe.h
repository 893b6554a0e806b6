#pragma once
// Observation hook for the IF layers of one network evaluation. The model calls it only when a
// probe is attached, so an evaluation without one pays nothing.
#include <ATen/core/Tensor.h>

namespace sdm {

class SpikeProbe {
 public:
  virtual ~SpikeProbe() = default;
  // Called once per IF layer, in execution order (layer 0 = the stem's `neuron`).
  // input: the currents charged into the neurons, spikes: the 0/1 output; both [T, B, C, H, W].
  virtual void onLayer(int layer, const at::Tensor& input, const at::Tensor& spikes) = 0;
  // When a batch is evaluated in chunks: the index of the chunk's first image in the batch.
  virtual void setBatchOffset(int64_t offset) {}
};

}  // namespace sdm
