#pragma once
// The fast inference form of a Spk_UNet / Spk_UNet_TSM: built once from the model's weights
// for one precision (fast / bf16 / int8), then evaluated on buffers in oneDNN's preferred layout
// (channel-blocked for fp32 / bf16, channels-last for int8) that are reused
// across evaluations. BatchNorm is folded into the convs (a TSM conv's per-step gain and bias
// stay a per-step epilogue), every IF layer runs all SNN steps in one fused loop, the stem conv
// runs once per image (its input is the same at every SNN step), spike-input convs run in the
// chosen precision through oneDNN, analog-input layers (stem, 1x1 shortcuts, time embedding,
// tail) stay fp32. Same outputs as the exact model up to rounding (and the spikes that rounding
// flips near a threshold).
#include <ATen/core/Tensor.h>

#include <memory>
#include <string>

#include "model/config.h"
#include "model/precision.h"
#include "model/state_dict.h"

namespace sdm {

struct ForwardOptions;

class FastSpkUNet {
 public:
  // Throws sdm::Error when the precision cannot run on this CPU or a weight is missing.
  FastSpkUNet(const ModelConfig& config, const StateDict& weights, Precision precision);
  ~FastSpkUNet();

  // x: [B, img_ch, H, W], t: [B] (int64 or fractional) -> predicted noise [B, img_ch, H, W].
  // One evaluation at a time per instance (serialised); runs on the caller's OpenMP team.
  at::Tensor forward(const at::Tensor& x, const at::Tensor& t, const ForwardOptions& opt);

  Precision precision() const;
  const ModelConfig& config() const;
  // "int8 spikes x int8 weights, NHWC (jit_uni_int8:avx2)": what runs, for reports.
  std::string describe() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace sdm
