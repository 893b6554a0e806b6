#include "model/spike_conv.h"

#include <ATen/Parallel.h>
#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>

// AVX-512 F, BW (16-bit masked stores) and VL: every AVX-512 CPU since Skylake-SP.
#define SDM_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl")))

namespace sdm {
namespace {

constexpr int64_t kBlock = 16;  // input / output channels per block (AVX-512 floats)

// Spikes as bit masks [n][icb][h][w]: bit c of a pixel's mask is input channel icb * 16 + c.
// False when a value is neither 0 nor 1; `ones` counts the spikes.
SDM_AVX512 bool blockMasks(const float* x, int64_t pixels, uint16_t* m, int64_t& ones) {
  const __m512 one = _mm512_set1_ps(1.f), zero = _mm512_setzero_ps();
  __mmask16 bad = 0;
  for (int64_t p = 0; p < pixels; p += kBlock) {
    const __mmask16 live = pixels - p >= kBlock ? 0xFFFF : (1u << (pixels - p)) - 1;
    __m512i bits = _mm512_setzero_si512();  // one pixel per lane
    for (int c = 0; c < kBlock; ++c) {
      const __m512 v = _mm512_maskz_loadu_ps(live, x + c * pixels + p);
      const __mmask16 on = _mm512_cmp_ps_mask(v, one, _CMP_EQ_OQ);
      bad |= ~(on | _mm512_cmp_ps_mask(v, zero, _CMP_EQ_OQ));
      ones += __builtin_popcount(on);
      bits = _mm512_mask_or_epi32(bits, on, bits, _mm512_set1_epi32(1 << c));
    }
    _mm256_mask_storeu_epi16(m + p, live, _mm512_maskz_cvtepi32_epi16(0xFFFF, bits));
  }
  return bad == 0;
}

// The same where a pixel's 16 channels are adjacent (NHWC, channel blocks): pixel p's at
// x + p * stride.
SDM_AVX512 bool adjacentMasks(const float* x, int64_t pixels, int64_t stride, uint16_t* m,
                              int64_t& ones) {
  const __m512 one = _mm512_set1_ps(1.f), zero = _mm512_setzero_ps();
  __mmask16 bad = 0;
  for (int64_t p = 0; p < pixels; ++p) {
    const __m512 v = _mm512_loadu_ps(x + p * stride);
    const __mmask16 on = _mm512_cmp_ps_mask(v, one, _CMP_EQ_OQ);
    bad |= ~(on | _mm512_cmp_ps_mask(v, zero, _CMP_EQ_OQ));
    ones += __builtin_popcount(on);
    m[p] = on;
  }
  return bad == 0;
}

// The spikes' masks and how many there are; -1 when x holds a value other than 0 or 1.
int64_t spikeMasks(const float* x, int64_t n, int64_t in, int64_t pixels,
                   SpikeConvLayout::Format format, uint16_t* masks) {
  const int64_t blocks = in / kBlock;
  std::atomic<bool> binary{true};
  std::atomic<int64_t> total{0};
  at::parallel_for(0, n * blocks, 1, [&](int64_t begin, int64_t end) {
    int64_t ones = 0;
    for (int64_t nb = begin; nb < end; ++nb) {
      uint16_t* mb = masks + nb * pixels;
      bool ok;
      if (format == SpikeConvLayout::Nhwc)
        ok = adjacentMasks(x + (nb / blocks) * pixels * in + (nb % blocks) * kBlock, pixels, in, mb,
                           ones);
      else if (format == SpikeConvLayout::Blocked16)
        ok = adjacentMasks(x + nb * kBlock * pixels, pixels, kBlock, mb, ones);
      else
        ok = blockMasks(x + nb * kBlock * pixels, pixels, mb, ones);
      if (!ok) binary = false;
    }
    total += ones;
  });
  return binary ? total.load() : -1;
}

struct Geometry {
  int64_t h, w, oh, ow, blocks;  // input size, output size, input channel blocks
  int kernel, stride, pad;
};

constexpr int64_t kTile = 64;  // output pixels that share one pass over the weights
constexpr int64_t kListMax = 9 * kBlock + kBlock;  // a 3x3 block's active inputs, + store slack

// The active inputs of input block b at output pixel (oy, ox), as offsets of their packed rows
// (`row` floats apart), made without branches. Returns how many.
SDM_AVX512 inline int activeRows(const Geometry& g, const uint16_t* mb, const __m512i* tapRows,
                                 int64_t oy, int64_t ox, int32_t* list) {
  const int64_t iy0 = oy * g.stride - g.pad, ix0 = ox * g.stride - g.pad;
  const int kh0 = static_cast<int>(std::max<int64_t>(0, -iy0));
  const int kh1 = static_cast<int>(std::min<int64_t>(g.kernel, g.h - iy0));
  const int kw0 = static_cast<int>(std::max<int64_t>(0, -ix0));
  const int kw1 = static_cast<int>(std::min<int64_t>(g.kernel, g.w - ix0));
  int count = 0;
  for (int kh = kh0; kh < kh1; ++kh) {
    const uint16_t* mr = mb + (iy0 + kh) * g.w + ix0;
    for (int kw = kw0; kw < kw1; ++kw) {
      const __mmask16 m = mr[kw];
      _mm512_storeu_si512(list + count,
                          _mm512_maskz_compress_epi32(m, tapRows[kh * g.kernel + kw]));
      count += __builtin_popcount(m);
    }
  }
  return count;
}

// One tile of output pixels [q0, q1) (flattened n, oy, ox) for output groups [gr0, gr1) of G
// blocks each. Per input block: the active lists of every pixel, then per group (its weights
// for the block, 9 * 16 rows of G * 16 floats, stay in L1 across the tile) the sums.
template <int G>
SDM_AVX512 void tile(const Geometry& g, int64_t out, const uint16_t* masks, const float* packed,
                     const float* bias, int64_t q0, int64_t q1, int64_t gr0, int64_t gr1,
                     const SpikeConvLayout& layout, float* y) {
  constexpr int64_t row = G * kBlock;
  const int64_t taps = int64_t(g.kernel) * g.kernel, perBlock = taps * kBlock * row;
  const int64_t opix = g.oh * g.ow, width = (gr1 - gr0) * row, pixels = q1 - q0;
  __m512i tapRows[9];
  const __m512i lanes = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  for (int k = 0; k < taps; ++k)
    tapRows[k] = _mm512_mullo_epi32(_mm512_add_epi32(lanes, _mm512_set1_epi32(k * kBlock)),
                                    _mm512_set1_epi32(row));
  thread_local std::vector<int32_t> lists;
  thread_local std::vector<int> counts;
  thread_local std::vector<float> totals;
  lists.resize(static_cast<std::size_t>(kTile * kListMax));
  counts.resize(static_cast<std::size_t>(kTile));
  totals.resize(static_cast<std::size_t>(kTile * width));
  for (int64_t b = 0; b < g.blocks; ++b) {
    for (int64_t q = q0; q < q1; ++q) {
      const int64_t img = q / opix, oy = (q % opix) / g.ow, ox = q % g.ow;
      const uint16_t* mb = masks + (img * g.blocks + b) * g.h * g.w;
      counts[q - q0] = activeRows(g, mb, tapRows, oy, ox, lists.data() + (q - q0) * kListMax);
    }
    for (int64_t gr = gr0; gr < gr1; ++gr) {
      const float* wb = packed + (gr * g.blocks + b) * perBlock;
      const float* bg = bias ? bias + gr * row : nullptr;
      for (int64_t i = 0; i < pixels; ++i) {
        const int32_t* list = lists.data() + i * kListMax;
        __m512 a[G];
        for (int j = 0; j < G; ++j) a[j] = _mm512_setzero_ps();
        for (int k = 0, n = counts[i]; k < n; ++k)
          for (int j = 0; j < G; ++j)
            a[j] = _mm512_add_ps(a[j], _mm512_loadu_ps(wb + list[k] + j * kBlock));
        // oneDNN: the first block's sum plus the bias, every later one's plus the stored total.
        float* t = totals.data() + i * width + (gr - gr0) * row;
        for (int j = 0; j < G; ++j) {
          if (b > 0)
            a[j] = _mm512_add_ps(a[j], _mm512_loadu_ps(t + j * kBlock));
          else if (bg)
            a[j] = _mm512_add_ps(a[j], _mm512_loadu_ps(bg + j * kBlock));
          _mm512_storeu_ps(t + j * kBlock, a[j]);
        }
      }
    }
  }
  if (layout.format != SpikeConvLayout::Nchw) {  // 16 output channels at a time
    for (int64_t i = 0; i < pixels; ++i) {
      const int64_t q = q0 + i, img = q / opix, p = q % opix;
      for (int64_t ob = 0; ob < width / kBlock; ++ob) {
        const int64_t oc = gr0 * row + ob * kBlock;
        float* d = layout.format == SpikeConvLayout::Nhwc
                       ? y + q * out + oc
                       : y + ((img * (out / kBlock) + oc / kBlock) * opix + p) * kBlock;
        __m512 v = _mm512_loadu_ps(totals.data() + i * width + ob * kBlock);
        if (layout.accumulate) v = _mm512_add_ps(_mm512_loadu_ps(d), v);
        _mm512_storeu_ps(d, v);
      }
    }
    return;
  }
  // The tile's totals into NCHW.
  int64_t base[kTile];
  for (int64_t i = 0; i < pixels; ++i) {
    const int64_t q = q0 + i, img = q / opix;
    base[i] = (img * out + gr0 * row) * opix + q % opix;
  }
  for (int64_t c = 0; c < width; ++c)
    for (int64_t i = 0; i < pixels; ++i) {
      float& d = y[base[i] + c * opix];
      d = layout.accumulate ? d + totals[i * width + c] : totals[i * width + c];
    }
}

template <int G>
void runTiles(const Geometry& g, int64_t n, int64_t out, const uint16_t* masks, const float* packed,
              const float* bias, const SpikeConvLayout& layout, float* y) {
  const int64_t pixels = n * g.oh * g.ow, tiles = (pixels + kTile - 1) / kTile;
  const int64_t groups = out / (G * kBlock);
  // Few tiles (small images): threads split the output channels too, each listing its tile.
  const int64_t want = 2 * static_cast<int64_t>(at::get_num_threads());
  const int64_t parts = std::clamp<int64_t>((want + tiles - 1) / tiles, 1, groups);
  at::parallel_for(0, tiles * parts, 1, [&](int64_t begin, int64_t end) {
    for (int64_t item = begin; item < end; ++item) {
      const int64_t t = item / parts, p = item % parts;
      tile<G>(g, out, masks, packed, bias, t * kTile, std::min(pixels, (t + 1) * kTile),
              groups * p / parts, groups * (p + 1) / parts, layout, y);
    }
  });
}

}  // namespace

bool SpikeConvF32::cpuSupported() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl");
}

bool SpikeConvF32::shapeSupported(int64_t out, int64_t in, int kernel) {
  return out > 0 && in > 0 && out % kBlock == 0 && in % kBlock == 0 && kernel >= 1 && kernel <= 3;
}

bool SpikeConvF32::available(int64_t out, int64_t in, int64_t kh, int64_t kw) {
  return kh == kw && shapeSupported(out, in, static_cast<int>(kh)) && cpuSupported();
}

SpikeConvF32::SpikeConvF32(const float* weight, const float* bias, int64_t out, int64_t in,
                           int kernel, int stride, int pad)
    : m_out(out), m_in(in), m_kernel(kernel), m_stride(stride), m_pad(pad), m_hasBias(bias) {
  if (!shapeSupported(out, in, kernel))
    throw std::invalid_argument("event-driven conv: channels must be multiples of 16, kernel <= 3");
  const int64_t outBlocks = out / kBlock;
  // Four blocks: a group's weights for one input block (9 x 16 x 64 floats, 36 KB) stay in L1
  // across a tile; two and eight measured slower (more passes; L2 traffic).
  m_group = outBlocks % 4 == 0 ? 4 : outBlocks % 2 == 0 ? 2 : 1;
  const int64_t kk = int64_t(kernel) * kernel;
  m_packed.resize(static_cast<std::size_t>(out * in * kk));
  for (int64_t o = 0; o < out; ++o)
    for (int64_t i = 0; i < in; ++i)
      for (int64_t k = 0; k < kk; ++k)
        m_packed[packedIndex(o, i, k)] = weight[(o * in + i) * kk + k];
  if (bias) m_bias.assign(bias, bias + out);
}

std::size_t SpikeConvF32::packedIndex(int64_t o, int64_t i, int64_t k) const {
  // [group][icb][kh][kw][ic][oc within the group]
  const int64_t row = m_group * kBlock, kk = int64_t(m_kernel) * m_kernel, blocks = m_in / kBlock;
  const int64_t grp = o / row, j = o % row, b = i / kBlock, c = i % kBlock;
  return static_cast<std::size_t>(((((grp * blocks + b) * kk + k) * kBlock + c) * row) + j);
}

void SpikeConvF32::unpackWeights(float* out) const {
  const int64_t kk = int64_t(m_kernel) * m_kernel;
  for (int64_t o = 0; o < m_out; ++o)
    for (int64_t i = 0; i < m_in; ++i)
      for (int64_t k = 0; k < kk; ++k)
        out[(o * m_in + i) * kk + k] = m_packed[packedIndex(o, i, k)];
}

double SpikeConvF32::breakEvenRate(int64_t h, int64_t w) {
  // `sdm-cli bench --rate-curve` on AVX-512: 32x32 and 16x16 images break even at ~1/3 of the
  // inputs spiking; at 4x4 (the dense call's weight reorder dominates) it still wins at 3/4.
  return h * w >= 256 ? 0.3 : 0.6;
}

SpikeConvF32::Outcome SpikeConvF32::run(const float* x, int64_t n, int64_t h, int64_t w, float* y,
                                        double maxRate, const SpikeConvLayout& layout) const {
  std::vector<uint16_t> masks(static_cast<std::size_t>(n * m_in / kBlock * h * w));
  const int64_t ones = spikeMasks(x, n, m_in, h * w, layout.format, masks.data());
  if (ones < 0) return Outcome::NotSpikes;
  if (double(ones) > maxRate * double(n * m_in * h * w)) return Outcome::TooDense;
  const Geometry g{h, w, outSize(h), outSize(w), m_in / kBlock, m_kernel, m_stride, m_pad};
  const float* bias = m_hasBias ? m_bias.data() : nullptr;
  if (m_group == 4)
    runTiles<4>(g, n, m_out, masks.data(), m_packed.data(), bias, layout, y);
  else if (m_group == 2)
    runTiles<2>(g, n, m_out, masks.data(), m_packed.data(), bias, layout, y);
  else
    runTiles<1>(g, n, m_out, masks.data(), m_packed.data(), bias, layout, y);
  return Outcome::Done;
}

}  // namespace sdm
