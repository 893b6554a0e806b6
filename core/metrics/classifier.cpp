#include "metrics/classifier.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/functional/pooling.h>
#include <torch/optim/adam.h>

#include "io/checkpoint.h"
#include "io/torch_file.h"
#include "util/error.h"

namespace sdm {

namespace F = torch::nn::functional;

SmallClassifier::SmallClassifier(int imgCh, int classes) : m_imgCh(imgCh), m_classes(classes) {
  using torch::nn::Conv2dOptions;
  m_c1 = register_module("c1", torch::nn::Conv2d(Conv2dOptions(imgCh, 32, 3).padding(1)));
  m_b1 = register_module("b1", torch::nn::BatchNorm2d(32));
  m_c2 = register_module("c2", torch::nn::Conv2d(Conv2dOptions(32, 64, 3).padding(1)));
  m_b2 = register_module("b2", torch::nn::BatchNorm2d(64));
  m_c3 = register_module("c3", torch::nn::Conv2d(Conv2dOptions(64, 64, 3).padding(1)));
  m_b3 = register_module("b3", torch::nn::BatchNorm2d(64));
  m_fc1 = register_module("fc1", torch::nn::Linear(64 * 4 * 4, 128));
  m_fc2 = register_module("fc2", torch::nn::Linear(128, classes));
}

at::Tensor SmallClassifier::features(const at::Tensor& x) {
  if (x.dim() != 4 || x.size(1) != m_imgCh || x.size(2) != 32 || x.size(3) != 32)
    throw Error("the classifier takes [N," + std::to_string(m_imgCh) + ",32,32] images");
  at::Tensor h = F::max_pool2d(at::relu(m_b1->forward(m_c1->forward(x))), F::MaxPool2dFuncOptions(2));
  h = F::max_pool2d(at::relu(m_b2->forward(m_c2->forward(h))), F::MaxPool2dFuncOptions(2));
  h = F::max_pool2d(at::relu(m_b3->forward(m_c3->forward(h))), F::MaxPool2dFuncOptions(2));
  return at::relu(m_fc1->forward(h.flatten(1)));
}

at::Tensor SmallClassifier::logits(const at::Tensor& x) { return m_fc2->forward(features(x)); }

double classifierAccuracy(SmallClassifier& model, const at::Tensor& images, const at::Tensor& labels) {
  at::NoGradGuard ng;
  const bool wasTraining = model.is_training();
  model.eval();
  int64_t correct = 0;
  for (int64_t i = 0; i < images.size(0); i += 500) {
    at::Tensor x = images.slice(0, i, i + 500);
    correct += model.logits(x).argmax(1).eq(labels.slice(0, i, i + 500)).sum().item<int64_t>();
  }
  model.train(wasTraining);
  return double(correct) / double(images.size(0));
}

ClassifierReport trainClassifier(SmallClassifier& model, const at::Tensor& trainImages, const at::Tensor& trainLabels,
                                 const at::Tensor& testImages, const at::Tensor& testLabels, const ClassifierTraining& opt,
                                 const std::function<void(int, int, double)>& progress, const CancelToken* cancel) {
  at::manual_seed(opt.seed);
  at::Generator gen = at::detail::createCPUGenerator(opt.seed);
  torch::optim::Adam adam(model.parameters(), torch::optim::AdamOptions(opt.lr));
  ClassifierReport report;
  const int64_t n = trainImages.size(0);
  for (int epoch = 0; epoch < opt.epochs; ++epoch) {
    model.train();
    at::Tensor order = at::randperm(n, gen);
    double lossSum = 0;
    int batches = 0;
    for (int64_t i = 0; i + opt.batch <= n; i += opt.batch) {
      if (cancel && cancel->cancelled()) throw Cancelled();
      at::Tensor idx = order.slice(0, i, i + opt.batch);
      at::Tensor x = trainImages.index_select(0, idx), y = trainLabels.index_select(0, idx);
      if (opt.hflip) {
        at::Tensor flip = at::rand({x.size(0)}, gen) < 0.5;
        x = at::where(flip.view({-1, 1, 1, 1}), x.flip({3}), x);
      }
      at::Tensor loss = F::cross_entropy(model.logits(x), y);
      adam.zero_grad();
      loss.backward();
      adam.step();
      lossSum += loss.item<double>();
      ++batches;
    }
    report.trainLoss = lossSum / std::max(1, batches);
    report.testAccuracy = classifierAccuracy(model, testImages, testLabels);
    report.epochs = epoch + 1;
    if (progress) progress(epoch + 1, opt.epochs, report.testAccuracy);
  }
  model.eval();
  return report;
}

void saveClassifier(const std::string& path, SmallClassifier& model, const ClassifierReport& report, const std::string& dataset) {
  c10::impl::GenericDict sd(c10::StringType::get(), c10::AnyType::get());
  for (const auto& p : model.named_parameters()) sd.insert(p.key(), p.value().detach().clone());
  for (const auto& b : model.named_buffers()) sd.insert(b.key(), b.value().detach().clone());
  nlohmann::json meta{{"kind", "sdm-classifier"}, {"img_ch", model.imgCh()}, {"classes", model.classes()},
                      {"dataset", dataset}, {"test_accuracy", report.testAccuracy}, {"epochs", report.epochs},
                      {"feature_dim", 128}, {"input", "[N, C, 32, 32] in [-1, 1]"}};
  c10::impl::GenericDict top(c10::StringType::get(), c10::AnyType::get());
  top.insert("state_dict", sd);
  top.insert("meta_json", meta.dump());
  io::writeTorchFile(path, top);
}

std::shared_ptr<SmallClassifier> loadClassifier(const std::string& path, std::string* description) {
  io::PyValue root = io::readTorchFile(path).root;
  const io::PyValue* meta = root.find("meta_json");
  const io::PyValue* sd = root.find("state_dict");
  if (!meta || !sd) throw Error(path + " is not a studio classifier (made by `sdm-cli train-classifier`)");
  nlohmann::json m = nlohmann::json::parse(meta->toStr(), nullptr, false);
  if (m.is_discarded() || m.value("kind", "") != "sdm-classifier") throw Error(path + " is not a studio classifier");
  auto model = std::make_shared<SmallClassifier>(m.value("img_ch", 1), m.value("classes", 10));
  std::map<std::string, at::Tensor> own;
  for (const auto& p : model->named_parameters()) own[p.key()] = p.value();
  for (const auto& b : model->named_buffers()) own[b.key()] = b.value();
  at::NoGradGuard ng;
  for (const auto& [k, v] : sd->entries()) {
    auto it = own.find(k.toStr());
    if (it == own.end() || !it->second.sizes().equals(v.toTensor().sizes()))
      throw Error(path + ": unexpected classifier tensor " + k.toStr());
    it->second.copy_(v.toTensor());
  }
  model->eval();
  if (description) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "studio classifier (%s, test accuracy %.2f %%, 128-d features)",
                  m.value("dataset", "?").c_str(), 100.0 * m.value("test_accuracy", 0.0));
    *description = buf;
  }
  return model;
}

}  // namespace sdm
