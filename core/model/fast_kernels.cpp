#include "model/fast_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

namespace sdm::fast {
namespace {

#define SDM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

// One pixel's channel vector through one SNN step. Returns the number of spikes.
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

template <class S>
SDM_CLONES void fireChunk(const IfInput& in, const Shape& sh, int64_t b, int64_t p0, int64_t p1,
                          float threshold, S* spikes, bool up, int64_t* counts, float* v) {
  const int64_t C = sh.channels, P = sh.pixels(), W = sh.width;
  const float* bias = in.perImage ? in.perImage + b * C : nullptr;
  std::fill(v, v + (p1 - p0) * C, 0.f);
  for (int64_t k = 0; k < sh.steps; ++k) {
    const float* x = in.data + k * in.stepStride + (b * P + p0) * C;
    int64_t n = 0;
    for (int64_t p = p0; p < p1; ++p) {
      float* vp = v + (p - p0) * C;
      const float* xp = x + (p - p0) * C;
      if (!up) {
        S* o = spikes + ((k * sh.batch + b) * P + p) * C;
        n += fireRow(xp, bias, vp, o, C, threshold);
      } else {
        const int64_t y = p / W, xcol = p % W;
        S* o = spikes + (((k * sh.batch + b) * 2 * sh.height + 2 * y) * 2 * W + 2 * xcol) * C;
        n += fireRow(xp, bias, vp, o, C, threshold);
        std::memcpy(o + C, o, sizeof(S) * C);
        std::memcpy(o + 2 * W * C, o, sizeof(S) * 2 * C);
      }
    }
    if (counts) counts[k] += n;
  }
}

template <class S>
void fireAll(const IfInput& in, const Shape& sh, float threshold, S* spikes, bool up,
             int64_t* stepCounts) {
  const int64_t C = sh.channels, P = sh.pixels();
  const int64_t chunkPixels = std::max<int64_t>(1, 2048 / C);
  const int64_t chunksPerImage = (P + chunkPixels - 1) / chunkPixels;
  std::mutex countsMutex;
  if (stepCounts) std::fill(stepCounts, stepCounts + sh.steps, 0);
  at::parallel_for(0, sh.batch * chunksPerImage, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> v(static_cast<std::size_t>(chunkPixels * C));
    std::vector<int64_t> local(static_cast<std::size_t>(sh.steps), 0);
    for (int64_t i = begin; i < end; ++i) {
      const int64_t b = i / chunksPerImage, p0 = (i % chunksPerImage) * chunkPixels;
      fireChunk(in, sh, b, p0, std::min(P, p0 + chunkPixels), threshold, spikes, up,
                stepCounts ? local.data() : nullptr, v.data());
    }
    if (stepCounts) {
      std::lock_guard<std::mutex> lock(countsMutex);
      for (int64_t k = 0; k < sh.steps; ++k) stepCounts[k] += local[static_cast<std::size_t>(k)];
    }
  });
}

SDM_CLONES void scaleShiftRows(const float* a, float g, const float* bias, float* d, int64_t rows,
                               int64_t c, bool accumulate) {
  for (int64_t r = 0; r < rows; ++r, a += c, d += c)
    if (accumulate)
      for (int64_t j = 0; j < c; ++j) d[j] += g * a[j] + bias[j];
    else
      for (int64_t j = 0; j < c; ++j) d[j] = g * a[j] + bias[j];
}

SDM_CLONES void addRows(const float* a, const float* bias, float* d, int64_t rows, int64_t c) {
  for (int64_t r = 0; r < rows; ++r, a += c, d += c)
    for (int64_t j = 0; j < c; ++j) d[j] = a[j] + bias[j];
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

void scaleShift(const float* acc, int64_t accStepStride, const Shape& sh, const float* gain,
                const float* stepBias, float* dst, bool accumulate) {
  const int64_t rows = sh.batch * sh.pixels(), C = sh.channels;
  const int64_t grain = std::max<int64_t>(1, 16384 / C);
  for (int64_t k = 0; k < sh.steps; ++k) {
    const float* a = acc + k * accStepStride;
    float* d = dst + k * sh.perStep();
    const float g = gain ? gain[k] : 1.f;
    const float* bias = stepBias + k * C;
    at::parallel_for(0, rows, grain, [&](int64_t r0, int64_t r1) {
      scaleShiftRows(a + r0 * C, g, bias, d + r0 * C, r1 - r0, C, accumulate);
    });
  }
}

void concatChannels(const float* a, int64_t ca, const float* b, int64_t cb, int64_t rows,
                    float* out) {
  const int64_t c = ca + cb;
  at::parallel_for(0, rows, std::max<int64_t>(1, 16384 / c), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      std::memcpy(out + r * c, a + r * ca, sizeof(float) * ca);
      std::memcpy(out + r * c + ca, b + r * cb, sizeof(float) * cb);
    }
  });
}

void addPerImage(const float* in, const float* perImage, const Shape& sh, float* out) {
  const int64_t C = sh.channels, P = sh.pixels();
  for (int64_t k = 0; k < sh.steps; ++k)
    for (int64_t b = 0; b < sh.batch; ++b) {
      const int64_t off = ((k * sh.batch + b) * P) * C;
      addRows(in + off, perImage + b * C, out + off, P, C);
    }
}

}  // namespace sdm::fast
