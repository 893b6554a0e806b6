#include "metrics/scores.h"

#include <ATen/ATen.h>

#include "metrics/extractor.h"

namespace sdm {

ScoreReport scoreImages(FeatureExtractor& fx, const at::Tensor& images, const GaussianStats& reference,
                        const at::Tensor& realFeatures) {
  ScoreReport r;
  r.extractor = fx.name();
  r.standardInception = fx.standardInception();
  r.n = images.size(0);
  at::Tensor features, logits;
  extractAll(fx, images, &features, &logits);
  r.fd = frechetDistance(gaussianStats(features), reference);
  if (realFeatures.defined()) r.kid = kernelDistance(realFeatures, features, 100, 1000);
  if (logits.defined() && logits.size(0) >= 10) r.classes = classScores(logits);
  return r;
}

nlohmann::json ScoreReport::toJson() const {
  nlohmann::json j{{"n", n}, {"extractor", extractor}, {"fd_name", fdName()}, {"fd", fd}};
  if (kid) j["kid"] = {{"mean", kid->mean}, {"std", kid->std}, {"subsets", kid->subsets}, {"subset_size", kid->subsetSize}};
  if (classes)
    j["classifier"] = {{"is_analogue_mean", classes->isMean}, {"is_analogue_std", classes->isStd},
                       {"confident_fraction", classes->confidentFraction}, {"class_entropy", classes->classEntropy},
                       {"class_entropy_max", std::log(double(classes->histogram.size()))}, {"histogram", classes->histogram}};
  return j;
}

}  // namespace sdm
