#pragma once
// Element-wise kernels of the fast inference path, T-major (the convs see T*B images), in
// oneDNN's channel-blocked layout [T][B][C/cb][H][W][cb]: cb = C is channels-last (NHWC), cb = 8
// or 16 the blocked layouts oneDNN's fp32 kernels prefer on AVX2 / AVX-512. Torch-free plain
// loops over the block, vectorised by the compiler.
#include <cstdint>

#include "model/dnnl_conv.h"

namespace sdm::fast {

// Geometry of a T-major activation.
struct Shape {
  int64_t steps = 1, batch = 1, height = 1, width = 1, channels = 1;
  int64_t block = 0;  // channels per block; 0: all of them (NHWC)
  int64_t cb() const { return block > 0 ? block : channels; }
  int64_t blocks() const { return channels / cb(); }
  int64_t pixels() const { return height * width; }
  int64_t perStep() const { return batch * height * width * channels; }
  int64_t numel() const { return steps * perStep(); }
};

// The currents charged into an IF layer: in[k] (+ perImage[b][c]). stepStride 0 feeds the same
// input at every SNN step (the stem, whose input is the image repeated over T).
struct IfInput {
  const float* data = nullptr;
  int64_t stepStride = 0;
  const float* perImage = nullptr;  // [B][C] or null (the time-embedding projection)
};

// The IF neuron of the original (hard reset to 0, fires when v >= threshold), over all SNN steps
// in one pass; spikes written as 0/1 of `type`, optionally nearest-upsampled x2 (UpSample's
// IF -> interpolate). stepCounts[T] (may be null) receives the spikes of every step.
void integrateAndFire(const IfInput& in, const Shape& shape, float threshold, SpikeType type,
                      void* spikes, bool upsample2x, int64_t* stepCounts);

// The IF neuron of a converted S_UNet (SDM's ANN2SNN `Spiking`): threshold θ, membrane from θ/2,
// soft reset; a signed neuron takes a spike back (−1) when its membrane falls to −1e-3 or below
// after it has fired. Frames are batch-major [B][T][perFrame], as the original's. Writes the
// spike s (−1, 0, 1) as `type`, plus `offset` for uint8 (offset 1: signed spikes as 0, 1, 2).
// The same float operations as the exact module, hence the same spikes.
struct SoftResetIf {
  int64_t batch = 1, steps = 1, perFrame = 1;
  float threshold = 1.f;
  bool signedSpikes = true;
  float* charged = nullptr;  // or: the charged membrane / θ before firing, laid out as the input
};
void integrateSoftReset(const float* in, const SoftResetIf& neuron, SpikeType type, int offset,
                        void* spikes);

// dst[k] (+)= gain[k] * acc[k] + bias[k][c]: a TSM conv's per-step gain and its BatchNorm shift.
// accStepStride 0: the same acc for every step (the stem).
void scaleShift(const float* acc, int64_t accStepStride, const Shape& shape, const float* gain,
                const float* stepBias, float* dst, bool accumulate);

// out = [a, b] along channels (a: shape, b: the same with its own channel count); `out` has
// a's geometry with the sum of the channels.
void concatChannels(const float* a, const Shape& sa, const float* b, int64_t cb, float* out);

// counts[i] += the spikes of element i over `steps` arrays of n elements, `stepStride` elements
// apart (a probe's per-neuron counts, in the spikes' memory order): uint8 values are added,
// fp32 / bf16 ones count when > 0.5.
void addStepCounts(const void* spikes, SpikeType type, int64_t n, int64_t steps, int64_t stepStride,
                   int32_t* counts);

}  // namespace sdm::fast
