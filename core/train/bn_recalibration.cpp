#include "train/bn_recalibration.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/batchnorm.h>

#include <optional>
#include <vector>

#include "diffusion/schedule.h"
#include "model/spk_unet.h"
#include "train/dataset.h"
#include "train/rng_streams.h"
#include "util/error.h"

namespace sdm::train {

namespace {

std::vector<torch::nn::BatchNorm2dImpl*> batchNorms(SpkUNet& model) {
  std::vector<torch::nn::BatchNorm2dImpl*> norms;
  for (const auto& m : model.modules(/*include_self=*/false))
    if (auto* bn = m->as<torch::nn::BatchNorm2dImpl>()) norms.push_back(bn);
  return norms;
}

}  // namespace

BatchNormStatsBackup::BatchNormStatsBackup(SpkUNet& model) {
  for (auto* bn : batchNorms(model))
    for (const at::Tensor& t : {bn->running_mean, bn->running_var, bn->num_batches_tracked}) {
      m_live.push_back(t);
      m_saved.push_back(t.clone());
    }
}

BatchNormStatsBackup::~BatchNormStatsBackup() {
  at::NoGradGuard noGrad;
  for (std::size_t i = 0; i < m_live.size(); ++i) m_live[i].copy_(m_saved[i]);
}

int recalibrateBatchNorm(SpkUNet& model, const ImageDataset& data, const BnRecalibration& opt,
                         const std::function<bool(int, int)>& progress) {
  if (opt.batches < 1 || opt.batchSize < 1)
    throw Error("BatchNorm recalibration needs at least one batch of at least one image");
  const ModelConfig& c = model.config();
  if (data.channels() != c.imgCh || data.imageSize() != c.imgSize)
    throw Error("BatchNorm recalibration: the data's images (" + std::to_string(data.channels()) +
                " channels, " + std::to_string(data.imageSize()) + " px) do not fit the model (" +
                std::to_string(c.imgCh) + " channels, " + std::to_string(c.imgSize) + " px)");

  std::vector<torch::nn::BatchNorm2dImpl*> norms = batchNorms(model);
  // Back to eval mode and the layers' own momenta however the loop ends.
  struct Restore {
    SpkUNet& model;
    std::vector<torch::nn::BatchNorm2dImpl*>& norms;
    std::vector<c10::optional<double>> momenta;
    ~Restore() {
      model.eval();
      for (std::size_t i = 0; i < norms.size(); ++i) norms[i]->options.momentum() = momenta[i];
    }
  } restore{model, norms, {}};
  for (auto* bn : norms) {
    restore.momenta.push_back(bn->options.momentum());
    bn->reset_running_stats();
    bn->options.momentum() = c10::nullopt;  // cumulative average over num_batches_tracked
  }

  const Schedule schedule(c.trainingTimesteps);
  at::NoGradGuard noGrad;
  model.train();
  int done = 0;
  for (; done < opt.batches; ++done) {
    if (progress && !progress(done, opt.batches)) break;
    at::Generator gen = streamGenerator(opt.seed, RngStream::Eval, 1000000u + done);
    const at::Tensor idx =
        at::randint(0, data.size(), {opt.batchSize}, gen, at::TensorOptions(at::kLong));
    const at::Tensor flip =
        data.flips() ? at::randint(0, 2, {opt.batchSize}, gen, at::TensorOptions(at::kLong))
                     : at::Tensor();
    const at::Tensor t =
        at::randint(0, schedule.size(), {opt.batchSize}, gen, at::TensorOptions(at::kLong));
    const at::Tensor noise = at::randn({opt.batchSize, c.imgCh, c.imgSize, c.imgSize}, gen);
    model.forward(schedule.qSample(data.batch(idx, flip), t, noise), t);
  }
  if (done == 0) throw Error("BatchNorm recalibration stopped before its first batch");
  return done;
}

}  // namespace sdm::train
