#pragma once
// An event-driven fp32 conv for spike inputs (every input 0 or 1): each output adds the weights
// of its active inputs only, in the order oneDNN's AVX-512 direct conv (what PyTorch runs for the
// original's NCHW fp32 convs) accumulates them: per block of 16 input channels a sum from zero
// over kh, kw, channel; the first block's sum plus the bias, every later block's sum plus the
// running total. A term w * 0 changes no sum and w * 1 is w, so the result is the dense conv's,
// bit for bit, with ~1 / firing-rate fewer additions (bounded by loading a weight row per active
// input: ~1.5-2x the dense conv at 20 % spikes, `sdm-cli bench --rate-curve`). No Torch types;
// AVX-512 only (the block of 16 is that kernel's); callers check the bits against the dense conv
// before trusting it.
#include <cstdint>
#include <vector>

namespace sdm {

// Where x and y keep a pixel's channels: NCHW (the exact model's tensors), NHWC or channel
// blocks [n][c / 16][h][w][16] (the fast form's buffers); accumulate: y += conv(x).
struct SpikeConvLayout {
  enum Format { Nchw, Nhwc, Blocked16 } format = Nchw;
  bool accumulate = false;
};

class SpikeConvF32 {
 public:
  // weight [out][in][k][k], bias [out] or null.
  SpikeConvF32(const float* weight, const float* bias, int64_t out, int64_t in, int kernel,
               int stride, int pad);

  static bool cpuSupported();  // AVX-512 F, BW and VL here
  // Channel counts in blocks of 16, square kernels up to 3 x 3.
  static bool shapeSupported(int64_t out, int64_t in, int kernel);
  // Both, for weights [out][in][kh][kw]: whether this conv can run event-driven here.
  static bool available(int64_t out, int64_t in, int64_t kh, int64_t kw);
  int64_t outSize(int64_t in) const { return (in + 2 * m_pad - m_kernel) / m_stride + 1; }

  // x [n][in][h][w], y [n][out][ho][wo] in that layout. Writes nothing when x holds a value
  // other than 0 or 1, or when more than maxRate of its inputs spike. Splits its work over the
  // calling thread's OpenMP team.
  enum class Outcome { Done, NotSpikes, TooDense };
  Outcome run(const float* x, int64_t n, int64_t h, int64_t w, float* y, double maxRate = 1.0,
              const SpikeConvLayout& layout = SpikeConvLayout()) const;
  // The firing rate above which the dense conv is faster on h x w images (measured).
  static double breakEvenRate(int64_t h, int64_t w);
  // The weights as given, [out][in][k][k] (out must hold out * in * k * k floats).
  void unpackWeights(float* out) const;

 private:
  int64_t m_out, m_in;
  int m_kernel, m_stride, m_pad, m_group;  // output blocks of 16 per pass
  std::vector<float> m_packed;             // [group][icb][kh][kw][ic 16][group blocks * 16]
  std::size_t packedIndex(int64_t o, int64_t i, int64_t k) const;  // weight[o][i][k] in it
  std::vector<float> m_bias;  // [out], empty when the conv has none
  bool m_hasBias;
};

}  // namespace sdm
