#pragma once
// Kernel Inception Distance with the cubic polynomial kernel k(x, y) = (x.y / d + 1)^3 and the
// unbiased MMD^2 estimate, averaged over random subsets (Binkowski et al. 2018; torchmetrics'
// defaults: 100 subsets of 1000). Unbiased for small N, unlike FD.
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace sdm {

struct KidResult {
  double mean = 0, std = 0;
  int subsets = 0, subsetSize = 0;
};

KidResult kernelDistance(const at::Tensor& real, const at::Tensor& fake, int subsets = 100, int subsetSize = 1000,
                         uint64_t seed = 0);

}  // namespace sdm
