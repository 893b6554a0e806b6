#pragma once
// The studio's own small image classifier (Fashion-MNIST by default), the feature extractor of
// the offline scores: Inception weights cannot be downloaded here, so FID proper is only computed
// when the user supplies them. Input: [N, C, 32, 32] in [-1, 1], the diffusion models' space.
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <functional>
#include <string>

#include "util/cancel.h"

namespace sdm {

class SmallClassifier : public torch::nn::Module {
 public:
  explicit SmallClassifier(int imgCh = 1, int classes = 10);
  at::Tensor features(const at::Tensor& x);  // [N, 128], the penultimate activations
  at::Tensor logits(const at::Tensor& x);    // [N, classes]
  int imgCh() const { return m_imgCh; }
  int classes() const { return m_classes; }

 private:
  int m_imgCh, m_classes;
  torch::nn::Conv2d m_c1{nullptr}, m_c2{nullptr}, m_c3{nullptr};
  torch::nn::BatchNorm2d m_b1{nullptr}, m_b2{nullptr}, m_b3{nullptr};
  torch::nn::Linear m_fc1{nullptr}, m_fc2{nullptr};
};

struct ClassifierTraining {
  int epochs = 4;
  int batch = 128;
  double lr = 1e-3;
  uint64_t seed = 0;
  bool hflip = false;
};

struct ClassifierReport {
  double testAccuracy = 0;
  double trainLoss = 0;
  int epochs = 0;
};

// images in [-1, 1] [N, C, 32, 32], labels int64 [N]. progress(epoch, epochs, test accuracy).
ClassifierReport trainClassifier(SmallClassifier& model, const at::Tensor& trainImages, const at::Tensor& trainLabels,
                                 const at::Tensor& testImages, const at::Tensor& testLabels, const ClassifierTraining& opt,
                                 const std::function<void(int, int, double)>& progress, const CancelToken* cancel);
double classifierAccuracy(SmallClassifier& model, const at::Tensor& images, const at::Tensor& labels);

void saveClassifier(const std::string& path, SmallClassifier& model, const ClassifierReport& report, const std::string& dataset);
// Throws sdm::Error with one line when the file is not a studio classifier.
std::shared_ptr<SmallClassifier> loadClassifier(const std::string& path, std::string* description = nullptr);

}  // namespace sdm
