#pragma once
// Fréchet distance between Gaussians fitted to feature sets (FID's formula), in float64:
// ||mu1 - mu2||^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2)). The trace of the matrix square root
// comes from the eigenvalues of S1^(1/2) S2 S1^(1/2), which is symmetric, so no complex sqrtm.
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace sdm {

struct GaussianStats {
  at::Tensor mu;     // [D] float64
  at::Tensor sigma;  // [D, D] float64, unbiased (as numpy.cov)
  int64_t count = 0;
};

GaussianStats gaussianStats(const at::Tensor& features);  // [N, D]
double frechetDistance(const GaussianStats& a, const GaussianStats& b);

}  // namespace sdm
