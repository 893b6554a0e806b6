#pragma once
// Scores from a classifier's predictions on generated images: an Inception-Score analogue
// exp(E_x KL(p(y|x) || p(y))) over 10 splits, the fraction classified with confidence >= 0.5,
// and the entropy of the predicted-class histogram (ln 10 when every class is equally common).
#include <ATen/core/Tensor.h>

#include <vector>

namespace sdm {

struct ClassScores {
  double isMean = 0, isStd = 0;
  double confidentFraction = 0;  // max p(y|x) >= threshold
  double classEntropy = 0;       // natural log
  std::vector<int64_t> histogram;
};

ClassScores classScores(const at::Tensor& logits, int splits = 10, double confidence = 0.5);

}  // namespace sdm
