#pragma once
// Feature extractors for the offline scores. The studio's classifier works offline out of the
// box; standard FID/IS need the user's Inception network as a TorchScript file (the weights are a
// download the studio cannot make): forward(images [N, 3, 299, 299] in [0, 1]) returning pool
// features [N, 2048] (or [N, 2048, 1, 1], or a tuple whose first element is that, optionally
// followed by logits). Images are resized bilinearly to 299 and gray is repeated to RGB.
#include <ATen/core/Tensor.h>

#include <memory>
#include <string>

namespace sdm {

class SmallClassifier;

class FeatureExtractor {
 public:
  virtual ~FeatureExtractor() = default;
  virtual std::string name() const = 0;
  virtual bool standardInception() const { return false; }  // "FID" may be said only then
  // images: [N, C, H, W] in [-1, 1]. Returns features [N, D] and, when available, logits.
  virtual void run(const at::Tensor& images, at::Tensor* features, at::Tensor* logits) = 0;
};

std::unique_ptr<FeatureExtractor> classifierExtractor(std::shared_ptr<SmallClassifier> model, std::string description);
std::unique_ptr<FeatureExtractor> inceptionExtractor(const std::string& torchscriptPath);

// features (and logits) of many images, in chunks.
void extractAll(FeatureExtractor& fx, const at::Tensor& images, at::Tensor* features, at::Tensor* logits, int64_t chunk = 250);

}  // namespace sdm
