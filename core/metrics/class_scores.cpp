#include "metrics/class_scores.h"

#include <ATen/ATen.h>

#include <cmath>

#include "util/error.h"

namespace sdm {

ClassScores classScores(const at::Tensor& logits, int splits, double confidence) {
  if (logits.dim() != 2 || logits.size(0) < splits) throw Error("class scores need at least one sample per split");
  at::Tensor p = at::softmax(logits.to(at::kDouble), 1);
  ClassScores s;
  std::vector<double> scores;
  const int64_t n = p.size(0);
  for (int k = 0; k < splits; ++k) {
    at::Tensor part = p.slice(0, k * n / splits, (k + 1) * n / splits);
    at::Tensor py = part.mean(0, true);
    at::Tensor kl = (part * (at::log(part.clamp_min(1e-12)) - at::log(py.clamp_min(1e-12)))).sum(1);
    scores.push_back(std::exp(kl.mean().item<double>()));
  }
  for (double v : scores) s.isMean += v / splits;
  for (double v : scores) s.isStd += (v - s.isMean) * (v - s.isMean) / splits;
  s.isStd = std::sqrt(s.isStd);
  auto [maxP, arg] = p.max(1);
  s.confidentFraction = (maxP >= confidence).to(at::kDouble).mean().item<double>();
  at::Tensor hist = at::bincount(arg, {}, p.size(1));
  s.histogram.assign(hist.data_ptr<int64_t>(), hist.data_ptr<int64_t>() + hist.numel());
  at::Tensor q = hist.to(at::kDouble) / double(n);
  s.classEntropy = -(q * at::log(q.clamp_min(1e-300))).sum().item<double>();
  return s;
}

}  // namespace sdm
