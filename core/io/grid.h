#pragma once
// Image grids as torchvision's make_grid (nrow images per row, padding 2, pad value 0) and
// save_image (x * 255 + 0.5, clamped, truncated to uint8), with the reference scripts'
// "pad, then shift to [0,1]" convention by default: save_image((make_grid(x) + 1) / 2), so the
// padding is mid-grey. The plain torchvision convention shifts first: black padding.
#include <ATen/core/Tensor.h>

#include "io/png.h"

namespace sdm::io {

enum class GridStyle { Reference, Torchvision };

struct GridOptions {
  int nrow = 8;
  int padding = 2;
  GridStyle style = GridStyle::Reference;
};

// x: [B, C, H, W] in model space [-1, 1] (C = 1 or 3) -> [3, H', W'] float grid in [0, 1].
at::Tensor makeGrid(const at::Tensor& x, const GridOptions& opt = {});
// [C, H, W] float in [0, 1] -> 8-bit RGB image, rounding as torchvision's save_image.
Image8 toImage8(const at::Tensor& chw01);
// One image per sample, [-1, 1] -> 8-bit (RGB or gray), as a viewer shows it.
Image8 sampleToImage8(const at::Tensor& chw);

}  // namespace sdm::io
