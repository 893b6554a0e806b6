#pragma once
// Observation hook for the IF layers of one network evaluation. The model calls it only when a
// probe is attached, so an evaluation without one pays nothing.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace sdm {

struct LayerEvent {
  int layer = 0;            // execution order; 0 = the stem's `neuron`
  int64_t batchOffset = 0;  // index of this forward's first image in the whole batch
  // Currents charged into the neurons [T, B, C, H, W]; undefined when the forward hands them out
  // per image instead (imageInput).
  const at::Tensor& input;
  const at::Tensor& spikes;   // 0/1 output [T, B, C, H, W]
  const int64_t* stepCounts;  // spikes per SNN step summed over the forward, or nullptr
  // Charged potentials [T, B, ...] in units of the layer's threshold, for neurons that
  // ifMembrane() does not describe (the converted S_UNet's); nullptr: computed from `input`.
  const at::Tensor* membrane = nullptr;
  // One image's currents at flat neuron indices into [C, H, W], as [T, k] fp32, on request when
  // `input` is undefined: the fast forms add the time-embedding projection inside the IF loop,
  // and writing a layer's currents out for the few neurons a probe traces cost a seventh of a
  // recorded evaluation.
  std::function<at::Tensor(int64_t image, const std::vector<int64_t>& neurons)> imageInput;
};

class SpikeProbe {
 public:
  virtual ~SpikeProbe() = default;
  // Called once per IF layer per forward. Forwards run concurrently when images are evaluated in
  // parallel: implementations that keep state must be thread-safe.
  virtual void onLayerEvent(const LayerEvent& e) { onLayer(e.layer, e.input, e.spikes); }
  virtual void onLayer(int layer, const at::Tensor& input, const at::Tensor& spikes) {}
  // false: the probe reads the event's tensors only during the call, so the model may hand it
  // buffers it reuses (no fresh allocation per layer).
  virtual bool keepsEventTensors() const { return true; }
  // Deprecated: the offset now arrives with every event.
  virtual void setBatchOffset(int64_t offset) {}
};

}  // namespace sdm
