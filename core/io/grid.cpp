#include "io/grid.h"

#include <ATen/ATen.h>

#include <cmath>

#include "util/error.h"

namespace sdm::io {
namespace {

at::Tensor torchvisionMakeGrid(at::Tensor t, int nrow, int padding, double padValue) {
  if (t.dim() != 4) throw Error("a grid needs a [B,C,H,W] tensor");
  if (t.size(1) == 1) t = at::cat({t, t, t}, 1);
  if (t.size(0) == 1) return t.squeeze(0);
  const int64_t n = t.size(0);
  const int64_t xmaps = std::min<int64_t>(nrow, n);
  const int64_t ymaps = static_cast<int64_t>(std::ceil(double(n) / double(xmaps)));
  const int64_t h = t.size(2) + padding, w = t.size(3) + padding;
  at::Tensor grid = at::full({t.size(1), h * ymaps + padding, w * xmaps + padding}, padValue, t.options());
  int64_t k = 0;
  for (int64_t y = 0; y < ymaps; ++y) {
    for (int64_t x = 0; x < xmaps && k < n; ++x, ++k)
      grid.narrow(1, y * h + padding, h - padding).narrow(2, x * w + padding, w - padding).copy_(t[k]);
  }
  return grid;
}

}  // namespace

at::Tensor makeGrid(const at::Tensor& x, const GridOptions& opt) {
  if (opt.nrow < 1 || opt.padding < 0) throw Error("grid: nrow must be >= 1 and padding >= 0");
  at::Tensor t = x.detach().to(at::kFloat).contiguous();
  if (opt.style == GridStyle::Reference) return (torchvisionMakeGrid(t, opt.nrow, opt.padding, 0.0) + 1) / 2;
  return torchvisionMakeGrid((t + 1) / 2, opt.nrow, opt.padding, 0.0);
}

Image8 toImage8(const at::Tensor& chw01) {
  at::Tensor t = chw01.to(at::kFloat);
  if (t.dim() != 3) throw Error("expected a [C,H,W] image");
  if (t.size(0) == 1) t = at::cat({t, t, t}, 0);
  at::Tensor u8 = t.mul(255).add_(0.5).clamp_(0, 255).permute({1, 2, 0}).to(at::kByte).contiguous();
  Image8 img;
  img.height = static_cast<int>(u8.size(0));
  img.width = static_cast<int>(u8.size(1));
  img.channels = 3;
  img.pixels.assign(u8.data_ptr<uint8_t>(), u8.data_ptr<uint8_t>() + u8.numel());
  return img;
}

Image8 sampleToImage8(const at::Tensor& chw) {
  at::Tensor t = ((chw.detach().to(at::kFloat) + 1) / 2).mul(255).add_(0.5).clamp_(0, 255);
  at::Tensor u8 = t.permute({1, 2, 0}).to(at::kByte).contiguous();
  Image8 img;
  img.height = static_cast<int>(u8.size(0));
  img.width = static_cast<int>(u8.size(1));
  img.channels = static_cast<int>(u8.size(2));
  img.pixels.assign(u8.data_ptr<uint8_t>(), u8.data_ptr<uint8_t>() + u8.numel());
  return img;
}

}  // namespace sdm::io
