#include "train/pil_resize.h"

#include <algorithm>
#include <cmath>

#include "util/error.h"

namespace sdm::train {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;  // Pillow's fixed-point precision for 8-bit images

struct AxisWeights {
  int taps = 0;                   // coefficients per output pixel (some trailing ones unused)
  std::vector<int> first, count;  // source window of each output pixel
  std::vector<int32_t> weight;    // fixed-point, outSize * taps
};

double triangle(double x) {
  x = std::fabs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}

AxisWeights axisWeights(int inSize, int outSize) {
  // Pillow passes the box edges as floats, then computes in double.
  const double scale = static_cast<double>(static_cast<float>(inSize)) / outSize;
  const double filterScale = std::max(scale, 1.0);
  const double support = 1.0 * filterScale;
  AxisWeights w;
  w.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
  w.first.resize(outSize);
  w.count.resize(outSize);
  w.weight.assign(static_cast<std::size_t>(outSize) * w.taps, 0);
  std::vector<double> k(w.taps);
  for (int o = 0; o < outSize; ++o) {
    const double center = (o + 0.5) * scale;
    const double invScale = 1.0 / filterScale;
    // Truncation toward zero, as the C casts in Pillow.
    int lo = static_cast<int>(center - support + 0.5);
    lo = std::max(lo, 0);
    int hi = std::min(static_cast<int>(center + support + 0.5), inSize);
    const int n = hi - lo;
    double sum = 0.0;
    for (int i = 0; i < n; ++i) {
      k[i] = triangle((i + lo - center + 0.5) * invScale);
      sum += k[i];
    }
    for (int i = 0; i < n; ++i) {
      const double v = sum != 0.0 ? k[i] / sum : k[i];
      const double fixed = v * (1 << kPrecisionBits);
      w.weight[static_cast<std::size_t>(o) * w.taps + i] =
          static_cast<int32_t>(v < 0 ? fixed - 0.5 : fixed + 0.5);
    }
    w.first[o] = lo;
    w.count[o] = n;
  }
  return w;
}

uint8_t clip8(int32_t acc) {
  const int32_t v = acc >> kPrecisionBits;
  return static_cast<uint8_t>(std::clamp(v, 0, 255));
}

Plane8 resizeHorizontal(const Plane8& in, int outWidth) {
  const AxisWeights w = axisWeights(in.width, outWidth);
  Plane8 out{outWidth, in.height, in.channels, {}};
  out.pixels.resize(static_cast<std::size_t>(outWidth) * in.height * in.channels);
  const int c = in.channels;
  for (int y = 0; y < in.height; ++y) {
    const uint8_t* row = in.pixels.data() + static_cast<std::size_t>(y) * in.width * c;
    uint8_t* dst = out.pixels.data() + static_cast<std::size_t>(y) * outWidth * c;
    for (int x = 0; x < outWidth; ++x) {
      const int32_t* k = w.weight.data() + static_cast<std::size_t>(x) * w.taps;
      for (int ch = 0; ch < c; ++ch) {
        int32_t acc = 1 << (kPrecisionBits - 1);
        for (int i = 0; i < w.count[x]; ++i) acc += row[(w.first[x] + i) * c + ch] * k[i];
        dst[x * c + ch] = clip8(acc);
      }
    }
  }
  return out;
}

Plane8 resizeVertical(const Plane8& in, int outHeight) {
  const AxisWeights w = axisWeights(in.height, outHeight);
  Plane8 out{in.width, outHeight, in.channels, {}};
  const std::size_t rowLen = static_cast<std::size_t>(in.width) * in.channels;
  out.pixels.resize(rowLen * outHeight);
  for (int y = 0; y < outHeight; ++y) {
    const int32_t* k = w.weight.data() + static_cast<std::size_t>(y) * w.taps;
    for (std::size_t j = 0; j < rowLen; ++j) {
      int32_t acc = 1 << (kPrecisionBits - 1);
      for (int i = 0; i < w.count[y]; ++i) acc += in.pixels[(w.first[y] + i) * rowLen + j] * k[i];
      out.pixels[y * rowLen + j] = clip8(acc);
    }
  }
  return out;
}

}  // namespace

Plane8 resizeBilinearPil(const Plane8& in, int outWidth, int outHeight) {
  if (in.width <= 0 || in.height <= 0 || outWidth <= 0 || outHeight <= 0)
    throw Error("cannot resize an empty image");
  Plane8 h = in.width != outWidth ? resizeHorizontal(in, outWidth) : in;
  return in.height != outHeight ? resizeVertical(h, outHeight) : h;
}

Plane8 centerCrop(const Plane8& in, int outWidth, int outHeight) {
  if (outWidth > in.width || outHeight > in.height)
    throw Error("centre crop " + std::to_string(outWidth) + "x" + std::to_string(outHeight) +
                " is larger than the image (" + std::to_string(in.width) + "x" +
                std::to_string(in.height) + ")");
  // Python's round() rounds halves to even, as std::nearbyint in the default rounding mode.
  const int top = static_cast<int>(std::nearbyint((in.height - outHeight) / 2.0));
  const int left = static_cast<int>(std::nearbyint((in.width - outWidth) / 2.0));
  Plane8 out{outWidth, outHeight, in.channels, {}};
  const std::size_t rowLen = static_cast<std::size_t>(outWidth) * in.channels;
  out.pixels.resize(rowLen * outHeight);
  for (int y = 0; y < outHeight; ++y) {
    const uint8_t* src =
        in.pixels.data() + (static_cast<std::size_t>(top + y) * in.width + left) * in.channels;
    std::copy(src, src + rowLen, out.pixels.begin() + y * rowLen);
  }
  return out;
}

}  // namespace sdm::train
