#include "metrics/extractor.h"

#include <torch/script.h>

#include "metrics/classifier.h"
#include "util/error.h"

namespace sdm {
namespace {

class ClassifierFx : public FeatureExtractor {
 public:
  ClassifierFx(std::shared_ptr<SmallClassifier> m, std::string d) : m_model(std::move(m)), m_desc(std::move(d)) {}
  std::string name() const override { return m_desc; }
  void run(const at::Tensor& images, at::Tensor* features, at::Tensor* logits) override {
    at::NoGradGuard ng;
    // Scored as they would be saved: a sampler that overshoots [-1, 1] (DPM-Solver without
    // thresholding) is judged on the images a user sees, as Inception below is.
    at::Tensor x = images.to(at::kFloat).clamp(-1, 1);
    if (x.size(2) != 32 || x.size(3) != 32) x = at::upsample_bilinear2d(x, {32, 32}, false);
    at::Tensor f = m_model->features(x);
    if (features) *features = f;
    if (logits) *logits = m_model->logits(x);
  }

 private:
  std::shared_ptr<SmallClassifier> m_model;
  std::string m_desc;
};

class InceptionFx : public FeatureExtractor {
 public:
  explicit InceptionFx(const std::string& path) : m_path(path) {
    try {
      m_module = torch::jit::load(path);
    } catch (const std::exception& e) {
      throw Error(path + " is not a loadable TorchScript module: " + oneLine(e));
    }
    m_module.eval();
  }
  std::string name() const override { return "Inception (TorchScript " + m_path + ")"; }
  bool standardInception() const override { return true; }
  void run(const at::Tensor& images, at::Tensor* features, at::Tensor* logits) override {
    at::NoGradGuard ng;
    at::Tensor x = (images.to(at::kFloat).clamp(-1, 1) + 1) / 2;
    if (x.size(1) == 1) x = x.repeat({1, 3, 1, 1});
    x = at::upsample_bilinear2d(x, {299, 299}, false);
    c10::IValue out = m_module.forward({x});
    at::Tensor f, l;
    if (out.isTensor()) {
      f = out.toTensor();
    } else if (out.isTuple() || out.isList()) {
      std::vector<c10::IValue> items = out.isTuple() ? out.toTupleRef().elements().vec() : out.toListRef().vec();
      if (items.empty() || !items[0].isTensor()) throw Error(m_path + ": forward must return features");
      f = items[0].toTensor();
      if (items.size() > 1 && items[1].isTensor()) l = items[1].toTensor();
    } else {
      throw Error(m_path + ": forward must return a tensor or a tuple of tensors");
    }
    if (features) *features = f.reshape({f.size(0), -1});
    if (logits) *logits = l.defined() ? l.reshape({l.size(0), -1}) : at::Tensor();
  }

 private:
  std::string m_path;
  torch::jit::Module m_module;
};

}  // namespace

std::unique_ptr<FeatureExtractor> classifierExtractor(std::shared_ptr<SmallClassifier> model, std::string description) {
  return std::make_unique<ClassifierFx>(std::move(model), std::move(description));
}

std::unique_ptr<FeatureExtractor> inceptionExtractor(const std::string& path) { return std::make_unique<InceptionFx>(path); }

void extractAll(FeatureExtractor& fx, const at::Tensor& images, at::Tensor* features, at::Tensor* logits, int64_t chunk) {
  std::vector<at::Tensor> fs, ls;
  for (int64_t i = 0; i < images.size(0); i += chunk) {
    at::Tensor f, l;
    fx.run(images.slice(0, i, i + chunk), &f, logits ? &l : nullptr);
    fs.push_back(f);
    if (l.defined()) ls.push_back(l);
  }
  if (features) *features = at::cat(fs);
  if (logits) *logits = ls.size() == fs.size() && !ls.empty() ? at::cat(ls) : at::Tensor();
}

}  // namespace sdm
