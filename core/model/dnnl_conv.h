#pragma once
// One 2-D convolution for the fast inference path, run by oneDNN on channels-last (NHWC) or
// channel-blocked (nChw8c / nChw16c) buffers: src of a chosen type (fp32 analog values, or spikes
// as fp32 / bf16 / uint8), fp32 dst, weights reordered (and for uint8 spikes quantized to int8 with
// one scale per output channel) once. Primitives are made per batch size and kept.
#include <ATen/core/Tensor.h>

#include "model/precision.h"

#include <functional>
#include <memory>
#include <string>

namespace sdm {

enum class SpikeType { F32, Bf16, U8 };
int64_t bytesOf(SpikeType t);
at::ScalarType scalarTypeOf(SpikeType t);
SpikeType spikeTypeOf(Precision p);  // what the mode's spike-input convs read (exact: fp32)

// Activation layouts by channel block: -1 plain NCHW, 0 NHWC, 8 or 16 nChw8c / nChw16c.
constexpr int64_t kNchw = -1, kNhwc = 0;

class DnnlConv {
 public:
  // weight [O, I, k, k] fp32, bias [O] fp32 or undefined; src holds values of type srcType.
  DnnlConv(const at::Tensor& weight, const at::Tensor& bias, int stride, int pad, SpikeType srcType,
           int64_t srcBlock = kNhwc, int64_t dstBlock = kNhwc);
  ~DnnlConv();
  DnnlConv(DnnlConv&&) noexcept;

  // Drops the weights until a run needs them, then takes them from `source` ([O, I, k, k] fp32,
  // as given to the constructor): for an fp32 conv that another kernel usually runs (the
  // event-driven spike conv's dense twin). Other source types keep their prepared weights.
  void dropWeightsUntilUsed(std::function<at::Tensor()> source);

  // src [n, I, h, w], dst fp32 [n, O, ho, wo] in their layouts; accumulate: dst += conv(src) +
  // bias. Runs on the calling thread's OpenMP team.
  void run(const void* src, int64_t n, int64_t h, int64_t w, float* dst, bool accumulate) const;
  int64_t outSize(int64_t in) const;
  int64_t outChannels() const;
  std::string implementation(int64_t n, int64_t h, int64_t w) const;  // oneDNN's kernel name

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

bool dnnlConvSupported(SpikeType src);  // a native (non-reference) kernel exists on this CPU
// The channel block oneDNN's fp32 / bf16 convs prefer here (8 on AVX2, 16 on AVX-512; 0: NHWC).
int64_t preferredBlock(SpikeType src);
std::string dnnlVersion();  // "2.6.3"
std::string dnnlIsa();      // "avx2", "avx512_core_bf16", ...

}  // namespace sdm
