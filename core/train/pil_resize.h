#pragma once
// Resizing 8-bit images exactly as torchvision's Resize does on PIL images (Pillow's BILINEAR
// filter: separable, antialiased when shrinking, 22-bit fixed-point coefficients, horizontal
// pass first with 8-bit rounding in between). The reference resizes Fashion-MNIST 28x28 -> 32x32
// and CelebA 148 -> 64 this way, so the studio's training data matches the original's.
#include <cstdint>
#include <vector>

namespace sdm::train {

// One plane (or interleaved channels) of uint8 pixels, row-major.
struct Plane8 {
  int width = 0, height = 0, channels = 1;
  std::vector<uint8_t> pixels;  // height * width * channels, channels interleaved
};

Plane8 resizeBilinearPil(const Plane8& in, int outWidth, int outHeight);

// torchvision CenterCrop: top/left = round((in - out) / 2) with Python's round-half-to-even.
Plane8 centerCrop(const Plane8& in, int outWidth, int outHeight);

}  // namespace sdm::train
