#pragma once
// The converted S_UNet's convolutions prepared for one precision (fast / bf16 / int8), inference
// only. Every IF layer runs over all SNN steps in one fused loop and writes its spikes straight
// into the layout and type the next conv reads; that conv has the threshold θ folded into its
// weights (spikes·θ ⊛ W = spikes ⊛ θW) and runs through oneDNN on channels-last buffers: fp32 in
// fast, bf16 in bf16, int8 weights (one scale per output channel) in int8. Signed spikes reach
// an int8 conv as uint8 s + 1 (0, 1, 2): the conv of the constant 1, zero-padded as the spikes
// are, is taken off again, so the arithmetic stays exact in int32 (oneDNN's own signed-input
// path halves the weights on CPUs without VNNI). Analog-input convs (head, 1x1 shortcuts,
// resampling) run fp32 through oneDNN; GroupNorm, the time embedding and the sums stay ATen,
// channels-last. Weights are read when a conv is first used: make a new instance after the
// weights change (QuantUNet keeps one per weights version).
#include <ATen/core/Tensor.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "model/dnnl_conv.h"
#include "model/precision.h"

namespace torch::nn {
class Conv2dImpl;
}

namespace sdm {

class QuantAct;

class QuantFastConvs {
 public:
  explicit QuantFastConvs(Precision precision);  // throws unless the mode runs on this CPU
  ~QuantFastConvs();

  Precision precision() const { return m_precision; }
  // What ran, for reports: "fused soft-reset IF; spike convs uint8 (s + 1) x int8 weights
  // (jit_uni_int8:avx2); fp32 convs (jit:avx2), NHWC". Names the convs used so far.
  std::string describe() const;
  // An analog-input conv, fp32. x: [N, C, H, W] in any memory format -> channels-last.
  at::Tensor analog(const torch::nn::Conv2dImpl& conv, const at::Tensor& x) const;
  // The IF neuron `act` over spikeTime frames of x ([B*T, C, H, W], batch-major), then `conv`
  // on its spikes, in the mode's type (fp32 where `lowPrecision` is false: the tail).
  at::Tensor spiking(const QuantAct& act, const torch::nn::Conv2dImpl& conv, const at::Tensor& x,
                     int spikeTime, bool signedSpikes, bool lowPrecision = true) const;

 private:
  struct Layer;
  const Layer& layer(const torch::nn::Conv2dImpl& conv, float theta, SpikeType type,
                     int offset) const;
  at::Tensor correction(const Layer& l, int64_t channels, int64_t h, int64_t w) const;

  Precision m_precision;
  mutable std::mutex m_mutex;
  mutable std::map<const void*, std::unique_ptr<Layer>> m_layers;
};

}  // namespace sdm
