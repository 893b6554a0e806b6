#pragma once
// One evaluation of generated images: Fréchet distance and KID in the extractor's feature space,
// the classifier scores, every number labelled with what produced it (anchors.md C.10: a score is
// "FID" only with the standard Inception network; otherwise "FD (<extractor>)").
#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "metrics/class_scores.h"
#include "metrics/frechet.h"
#include "metrics/kid.h"

namespace sdm {

class FeatureExtractor;

struct ScoreReport {
  std::string extractor;
  bool standardInception = false;
  int64_t n = 0;
  double fd = 0;
  std::optional<KidResult> kid;
  std::optional<ClassScores> classes;
  nlohmann::json toJson() const;
  std::string fdName() const { return standardInception ? "FID" : "FD (" + extractor + ")"; }
};

// reference: statistics of real features; realFeatures (optional) enables KID.
ScoreReport scoreImages(FeatureExtractor& fx, const at::Tensor& images, const GaussianStats& reference,
                        const at::Tensor& realFeatures = {});

}  // namespace sdm
