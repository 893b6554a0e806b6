#include "train/bench_model.h"

#include <ATen/ATen.h>
#include <torch/nn/init.h>

#include "model/spk_unet.h"
#include "train/bn_recalibration.h"
#include "train/dataset.h"
#include "util/error.h"

namespace sdm::train {

std::vector<std::string> benchConfigNames() { return {"cifar10-t4", "cifar10-tsm-t8", "demo"}; }

ModelConfig benchConfig(const std::string& name) {
  ModelConfig c;  // defaults: the CIFAR-10 Spk_UNet
  if (name == "cifar10-t4") return c;
  if (name == "cifar10-tsm-t8") {
    c.tsm = true;
    c.snnSteps = 8;
    return c;
  }
  if (name == "demo") {
    c.ch = 24;
    c.chMult = {1, 2, 2};
    c.numResBlocks = 1;
    c.imgCh = 1;
    return c;
  }
  throw Error("unknown bench configuration '" + name +
              "' (use cifar10-t4, cifar10-tsm-t8 or demo)");
}

std::shared_ptr<SpkUNet> makeBenchModel(const ModelConfig& config, uint64_t seed, int batches,
                                        int batchSize) {
  at::manual_seed(seed);
  auto model = std::make_shared<SpkUNet>(config);
  {
    at::NoGradGuard noGrad;
    for (const auto& p : model->named_parameters()) {
      // A trained tail is not near zero; TSM gains move away from 1 during finetuning.
      if (p.key().rfind("tail_conv.", 0) == 0 && p.value().dim() == 4)
        torch::nn::init::xavier_uniform_(p.value());
      if (p.key().size() > 5 && p.key().compare(p.key().size() - 5, 5, ".tsmp") == 0)
        p.value().uniform_(0.8, 1.2);
    }
  }
  // Smooth random images in [-1, 1]: 4x4 noise upsampled, so that convs see structure.
  auto gen = at::detail::createCPUGenerator(seed + 1);
  const int64_t n = int64_t(batches) * batchSize;
  at::Tensor coarse = at::randn({n, config.imgCh, 4, 4}, gen);
  at::Tensor img = at::upsample_bilinear2d(coarse, {config.imgSize, config.imgSize}, false);
  at::Tensor u8 = ((img.tanh() + 1) * 127.5).round().clamp(0, 255).to(at::kByte).contiguous();
  ImageDataset data(u8, false, "smooth random images");
  BnRecalibration opt;
  opt.batches = batches;
  opt.batchSize = batchSize;
  opt.seed = seed;
  recalibrateBatchNorm(*model, data, opt);
  return model;
}

}  // namespace sdm::train
