#include "model/fast_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

namespace sdm::fast {
namespace {

// GCC builds one clone per ISA; clang (the fuzzing build) cannot clone templates and gets one,
// and so does ThreadSanitizer: the clones' IFUNC resolvers run during relocation, before the TSan
// runtime exists, and crash when instrumented.
#if defined(__clang__) || defined(__SANITIZE_THREAD__)
#define SDM_CLONES
#else
#define SDM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif

// A spike's count at one step: uint8 its value, fp32 above 0.5, bf16 (as int16 bits) above 0.5
// (0x3F00; negative values are negative as int16).
inline int32_t stepCount(uint8_t s) { return s; }
inline int32_t stepCount(float s) { return s > 0.5f; }
inline int32_t stepCount(int16_t bits) { return bits > 0x3F00; }

// In chunks that stay in L1 across the steps.
template <class S>
SDM_CLONES void addCounts(const S* spikes, int64_t n, int64_t steps, int64_t stride,
                          int32_t* __restrict counts) {
  constexpr int64_t kChunk = 2048;
  for (int64_t i0 = 0; i0 < n; i0 += kChunk) {
    const int64_t i1 = std::min(n, i0 + kChunk);
    for (int64_t k = 0; k < steps; ++k) {
      const S* __restrict s = spikes + k * stride;
      for (int64_t i = i0; i < i1; ++i) counts[i] += stepCount(s[i]);
    }
  }
}

// One pixel's channel block through one SNN step. Returns the number of spikes.
template <class S>
inline int64_t fireRow(const float* x, const float* bias, float* v, S* out, int64_t c,
                       float threshold) {
  int64_t n = 0;
  for (int64_t j = 0; j < c; ++j) {
    const float h = v[j] + x[j] + (bias ? bias[j] : 0.f);
    const bool s = h >= threshold;
    v[j] = s ? 0.f : h;
    out[j] = s ? S(1) : S(0);
    n += s;
  }
  return n;
}

// bf16 1.0 is 0x3F80: spikes are exact.
struct Bf16Bits {
  uint16_t bits;
  explicit Bf16Bits(int one) : bits(one ? 0x3F80 : 0) {}
  Bf16Bits() = default;
};

// Pixels [p0, p1) of channel block `blk` of image b, all SNN steps.
template <class S>
SDM_CLONES void fireChunk(const IfInput& in, const Shape& sh, int64_t b, int64_t blk, int64_t p0,
                          int64_t p1, float threshold, S* spikes, bool up, int64_t* counts,
                          float* v) {
  const int64_t cb = sh.cb(), P = sh.pixels(), W = sh.width, CB = sh.blocks();
  const float* bias = in.perImage ? in.perImage + b * sh.channels + blk * cb : nullptr;
  std::fill(v, v + (p1 - p0) * cb, 0.f);
  for (int64_t k = 0; k < sh.steps; ++k) {
    const int64_t image = k * sh.batch + b;  // index among the T*B conv images
    const float* x = in.data + k * in.stepStride + ((b * CB + blk) * P + p0) * cb;
    int64_t n = 0;
    for (int64_t p = p0; p < p1; ++p) {
      float* vp = v + (p - p0) * cb;
      const float* xp = x + (p - p0) * cb;
      if (!up) {
        S* o = spikes + ((image * CB + blk) * P + p) * cb;
        n += fireRow(xp, bias, vp, o, cb, threshold);
      } else {
        const int64_t y = p / W, xc = p % W;
        S* o = spikes + (((image * CB + blk) * 2 * sh.height + 2 * y) * 2 * W + 2 * xc) * cb;
        n += fireRow(xp, bias, vp, o, cb, threshold);
        std::memcpy(o + cb, o, sizeof(S) * cb);
        std::memcpy(o + 2 * W * cb, o, sizeof(S) * 2 * cb);
      }
    }
    if (counts) counts[k] += n;
  }
}

template <class S>
void fireAll(const IfInput& in, const Shape& sh, float threshold, S* spikes, bool up,
             int64_t* stepCounts) {
  const int64_t cb = sh.cb(), P = sh.pixels(), CB = sh.blocks();
  const int64_t chunkPixels = std::max<int64_t>(1, 2048 / cb);
  const int64_t chunks = (P + chunkPixels - 1) / chunkPixels;
  std::mutex countsMutex;
  if (stepCounts) std::fill(stepCounts, stepCounts + sh.steps, 0);
  at::parallel_for(0, sh.batch * CB * chunks, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> v(static_cast<std::size_t>(chunkPixels * cb));
    std::vector<int64_t> local(static_cast<std::size_t>(sh.steps), 0);
    for (int64_t i = begin; i < end; ++i) {
      const int64_t b = i / (CB * chunks), blk = (i / chunks) % CB, p0 = (i % chunks) * chunkPixels;
      fireChunk(in, sh, b, blk, p0, std::min(P, p0 + chunkPixels), threshold, spikes, up,
                stepCounts ? local.data() : nullptr, v.data());
    }
    if (stepCounts) {
      std::lock_guard<std::mutex> lock(countsMutex);
      for (int64_t k = 0; k < sh.steps; ++k) stepCounts[k] += local[static_cast<std::size_t>(k)];
    }
  });
}

// Signed spikes in bf16: 1.0 is 0x3F80, -1.0 0xBF80.
struct SignedBf16 {
  uint16_t bits;
  SignedBf16() = default;
  explicit SignedBf16(int s) : bits(s > 0 ? 0x3F80 : s < 0 ? 0xBF80 : 0) {}
};

// Elements [e0, e1) of one image's frames through all SNN steps. Branch-free (0/1 floats as
// masks) so that it vectorises; m - 0·θ and m + 0·θ are m exactly, so the arithmetic is the
// module's where().
template <class S>
SDM_CLONES void softResetChunk(const float* in, const SoftResetIf& n, int64_t b, int64_t e0,
                               int64_t e1, int offset, S* out, float* v, float* count) {
  const float th = n.threshold, half = th * 0.5f, below = -1e-3f;
  const float signedOn = n.signedSpikes ? 1.f : 0.f, off = float(offset);
  const int64_t len = e1 - e0;
  std::fill(v, v + len, half);
  std::fill(count, count + len, 0.f);
  for (int64_t k = 0; k < n.steps; ++k) {
    const int64_t frame = (b * n.steps + k) * n.perFrame + e0;
    const float* x = in + frame;
    S* o = out + frame;
    if (n.charged)  // for the Spikes view's membrane traces
      for (int64_t j = 0; j < len; ++j) n.charged[frame + j] = (v[j] + x[j]) / th;
    for (int64_t j = 0; j < len; ++j) {
      float m = v[j] + x[j];
      const float fired = m >= th ? 1.f : 0.f;
      m = m - fired * th;
      float c = count[j] + fired;
      const float taken = ((m <= below) & (c > 0.f)) ? signedOn : 0.f;
      v[j] = m + taken * th;
      count[j] = c - taken;
      o[j] = S(static_cast<int>(fired - taken + off));
    }
  }
}

template <class S>
void softResetAll(const float* in, const SoftResetIf& n, int offset, S* out) {
  const int64_t chunk = 4096, chunks = (n.perFrame + chunk - 1) / chunk;
  at::parallel_for(0, n.batch * chunks, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> v(chunk), count(chunk);
    for (int64_t i = begin; i < end; ++i) {
      const int64_t b = i / chunks, e0 = (i % chunks) * chunk;
      softResetChunk(in, n, b, e0, std::min(n.perFrame, e0 + chunk), offset, out, v.data(),
                     count.data());
    }
  });
}

// rows pixels of one channel block: d (+)= g * a + bias.
SDM_CLONES void scaleShiftRows(const float* a, float g, const float* bias, float* d, int64_t rows,
                               int64_t c, bool accumulate) {
  for (int64_t r = 0; r < rows; ++r, a += c, d += c)
    if (accumulate)
      for (int64_t j = 0; j < c; ++j) d[j] += g * a[j] + bias[j];
    else
      for (int64_t j = 0; j < c; ++j) d[j] = g * a[j] + bias[j];
}

// For every (image, channel block) of one step: f(offset of the block, channel offset).
template <class F>
void forBlocks(const Shape& sh, F&& f) {
  const int64_t CB = sh.blocks(), P = sh.pixels(), cb = sh.cb();
  at::parallel_for(0, sh.batch * CB, std::max<int64_t>(1, 16384 / (P * cb)),
                   [&](int64_t i0, int64_t i1) {
                     for (int64_t i = i0; i < i1; ++i) f(i / CB, i * P * cb, (i % CB) * cb);
                   });
}

}  // namespace

void integrateAndFire(const IfInput& in, const Shape& shape, float threshold, SpikeType type,
                      void* spikes, bool upsample2x, int64_t* stepCounts) {
  switch (type) {
    case SpikeType::F32:
      fireAll(in, shape, threshold, static_cast<float*>(spikes), upsample2x, stepCounts);
      break;
    case SpikeType::Bf16:
      fireAll(in, shape, threshold, static_cast<Bf16Bits*>(spikes), upsample2x, stepCounts);
      break;
    case SpikeType::U8:
      fireAll(in, shape, threshold, static_cast<uint8_t*>(spikes), upsample2x, stepCounts);
      break;
  }
}

void integrateSoftReset(const float* in, const SoftResetIf& neuron, SpikeType type, int offset,
                        void* spikes) {
  switch (type) {
    case SpikeType::F32:
      softResetAll(in, neuron, offset, static_cast<float*>(spikes));
      break;
    case SpikeType::Bf16:
      softResetAll(in, neuron, offset, static_cast<SignedBf16*>(spikes));
      break;
    case SpikeType::U8:
      softResetAll(in, neuron, offset, static_cast<uint8_t*>(spikes));
      break;
  }
}

void scaleShift(const float* acc, int64_t accStepStride, const Shape& sh, const float* gain,
                const float* stepBias, float* dst, bool accumulate) {
  const int64_t P = sh.pixels(), cb = sh.cb();
  for (int64_t k = 0; k < sh.steps; ++k) {
    const float* a = acc + k * accStepStride;
    float* d = dst + k * sh.perStep();
    const float g = gain ? gain[k] : 1.f;
    const float* bias = stepBias + k * sh.channels;
    forBlocks(sh, [&](int64_t, int64_t off, int64_t c0) {
      scaleShiftRows(a + off, g, bias + c0, d + off, P, cb, accumulate);
    });
  }
}

void concatChannels(const float* a, const Shape& sa, const float* b, int64_t cb, float* out) {
  const int64_t ca = sa.channels, c = ca + cb, P = sa.pixels();
  const int64_t images = sa.steps * sa.batch;
  if (sa.block == 0) {  // NHWC: interleave per pixel
    const int64_t rows = images * P;
    at::parallel_for(0, rows, std::max<int64_t>(1, 16384 / c), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; ++r) {
        std::memcpy(out + r * c, a + r * ca, sizeof(float) * ca);
        std::memcpy(out + r * c + ca, b + r * cb, sizeof(float) * cb);
      }
    });
    return;
  }
  // Blocked: an image's blocks of a, then its blocks of b.
  at::parallel_for(0, images, 1, [&](int64_t n0, int64_t n1) {
    for (int64_t n = n0; n < n1; ++n) {
      std::memcpy(out + n * c * P, a + n * ca * P, sizeof(float) * ca * P);
      std::memcpy(out + n * c * P + ca * P, b + n * cb * P, sizeof(float) * cb * P);
    }
  });
}

void addStepCounts(const void* spikes, SpikeType type, int64_t n, int64_t steps, int64_t stepStride,
                   int32_t* counts) {
  switch (type) {
    case SpikeType::F32:
      addCounts(static_cast<const float*>(spikes), n, steps, stepStride, counts);
      break;
    case SpikeType::Bf16:
      addCounts(static_cast<const int16_t*>(spikes), n, steps, stepStride, counts);
      break;
    case SpikeType::U8:
      addCounts(static_cast<const uint8_t*>(spikes), n, steps, stepStride, counts);
      break;
  }
}

}  // namespace sdm::fast
