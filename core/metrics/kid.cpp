#include "metrics/kid.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "util/error.h"

namespace sdm {

KidResult kernelDistance(const at::Tensor& real, const at::Tensor& fake, int subsets, int subsetSize, uint64_t seed) {
  if (real.dim() != 2 || fake.dim() != 2 || real.size(1) != fake.size(1)) throw Error("KID needs [N, D] features of one D");
  const int64_t m = std::min<int64_t>({subsetSize, real.size(0), fake.size(0)});
  if (m < 2) throw Error("KID needs at least 2 samples per set");
  at::Tensor x = real.to(at::kDouble), y = fake.to(at::kDouble);
  const double d = double(x.size(1));
  auto kernel = [d](const at::Tensor& a, const at::Tensor& b) { return (a.matmul(b.t()) / d + 1).pow(3); };
  at::Generator gen = at::detail::createCPUGenerator(seed);
  std::vector<double> values;
  for (int s = 0; s < subsets; ++s) {
    at::Tensor xs = x.index_select(0, at::randperm(x.size(0), gen).slice(0, 0, m));
    at::Tensor ys = y.index_select(0, at::randperm(y.size(0), gen).slice(0, 0, m));
    at::Tensor kxx = kernel(xs, xs), kyy = kernel(ys, ys), kxy = kernel(xs, ys);
    const double md = double(m);
    const double term = (kxx.sum().item<double>() - kxx.diagonal().sum().item<double>()) / (md * (md - 1)) +
                        (kyy.sum().item<double>() - kyy.diagonal().sum().item<double>()) / (md * (md - 1)) -
                        2 * kxy.sum().item<double>() / (md * md);
    values.push_back(term);
  }
  KidResult r;
  r.subsets = subsets;
  r.subsetSize = static_cast<int>(m);
  for (double v : values) r.mean += v / double(values.size());
  for (double v : values) r.std += (v - r.mean) * (v - r.mean) / double(values.size());
  r.std = std::sqrt(r.std);
  return r;
}

}  // namespace sdm
