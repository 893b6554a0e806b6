#include "metrics/frechet.h"

#include <ATen/ATen.h>

#include "util/error.h"

namespace sdm {

GaussianStats gaussianStats(const at::Tensor& features) {
  if (features.dim() != 2 || features.size(0) < 2) throw Error("feature statistics need at least 2 samples");
  at::Tensor f = features.to(at::kDouble);
  GaussianStats s;
  s.count = f.size(0);
  s.mu = f.mean(0);
  at::Tensor c = f - s.mu;
  s.sigma = c.t().matmul(c) / double(s.count - 1);
  return s;
}

namespace {

at::Tensor symmetricSqrt(const at::Tensor& m) {
  auto [vals, vecs] = at::linalg_eigh(m);
  return vecs.matmul(at::diag(vals.clamp_min(0).sqrt())).matmul(vecs.t());
}

}  // namespace

double frechetDistance(const GaussianStats& a, const GaussianStats& b) {
  if (!a.mu.sizes().equals(b.mu.sizes())) throw Error("feature statistics of different dimensions");
  at::Tensor s1 = (a.sigma.to(at::kDouble) + a.sigma.to(at::kDouble).t()) / 2;
  at::Tensor s2 = (b.sigma.to(at::kDouble) + b.sigma.to(at::kDouble).t()) / 2;
  at::Tensor r = symmetricSqrt(s1);
  at::Tensor inner = r.matmul(s2).matmul(r);
  inner = (inner + inner.t()) / 2;
  const double traceSqrt = at::linalg_eigvalsh(inner).clamp_min(0).sqrt().sum().item<double>();
  const double meanTerm = (a.mu.to(at::kDouble) - b.mu.to(at::kDouble)).pow(2).sum().item<double>();
  return meanTerm + s1.trace().item<double>() + s2.trace().item<double>() - 2 * traceSqrt;
}

}  // namespace sdm
