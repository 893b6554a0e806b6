#include "train/bench_model.h"

#include <ATen/ATen.h>
#include <torch/nn/init.h>

#include <nlohmann/json.hpp>

#include "diffusion/schedule.h"
#include "io/checkpoint.h"
#include "model/quant_convert.h"
#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "model/spk_unet.h"
#include "train/bn_recalibration.h"
#include "train/dataset.h"
#include "util/error.h"

namespace sdm::train {

std::vector<std::string> benchConfigNames() {
  return {"cifar10-t4", "cifar10-tsm-t8", "demo", "cifar10-converted-t3"};
}

bool isConvertedBenchConfig(const std::string& name) { return name == "cifar10-converted-t3"; }

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
  if (isConvertedBenchConfig(name))
    throw Error(name + " is a converted S_UNet, not a Spk_UNet configuration");
  throw Error("unknown bench configuration '" + name +
              "' (use cifar10-t4, cifar10-tsm-t8, demo or cifar10-converted-t3)");
}

namespace {

// Smooth random images in [-1, 1]: 4x4 noise upsampled, so that convs see structure.
at::Tensor smoothImages(int64_t n, int channels, int size, uint64_t seed) {
  auto gen = at::detail::createCPUGenerator(seed);
  at::Tensor coarse = at::randn({n, channels, 4, 4}, gen);
  return at::upsample_bilinear2d(coarse, {size, size}, false).tanh();
}

}  // namespace

void writeConvertedBenchModel(const std::string& annPath, const std::string& snnPath,
                              uint64_t seed) {
  at::manual_seed(seed);
  QuantUNetConfig c;  // defaults: the CIFAR-10 ANN2SNN UNet, plain ReLUs
  c.bit = 32;
  QuantUNet relu(c);
  {
    at::NoGradGuard noGrad;
    for (const auto& p : relu.named_parameters()) {
      const std::string& k = p.key();
      if ((k.find(".block2.3.weight") != std::string::npos || k == "tail.2.weight"))
        torch::nn::init::xavier_uniform_(p.value());
    }
  }
  QuantUNetConfig q = c;
  q.bit = 2;
  QuantUNet ann(q);
  const int64_t n = 8;
  auto gen = at::detail::createCPUGenerator(seed + 1);
  const at::Tensor t = at::randint(c.trainingTimesteps, {n}, gen);
  const at::Tensor ab = Schedule(c.trainingTimesteps)
                            .alphasBar()
                            .index_select(0, t)
                            .to(at::kFloat)
                            .view({-1, 1, 1, 1});
  const at::Tensor x0 = smoothImages(n, c.imgCh, c.imgSize, seed + 2);
  const at::Tensor xt = ab.sqrt() * x0 + (1 - ab).sqrt() * at::randn(x0.sizes(), gen);
  {
    at::NoGradGuard noGrad;
    initialiseFromStage(ann, relu, xt, t, 0.999);
  }
  io::CheckpointData d;
  d.net = ann.stateDict();
  d.step = 0;
  d.studio = {{"quant_model", q}};
  io::writeCheckpoint(annPath, d);
  ConvertOptions opt;
  opt.load.weights = WeightsChoice::Net;
  opt.checkImages = 0;
  convertAnnToSnn(annPath, snnPath, opt);
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
  const int64_t n = int64_t(batches) * batchSize;
  at::Tensor img = smoothImages(n, config.imgCh, config.imgSize, seed + 1);
  at::Tensor u8 = ((img + 1) * 127.5).round().clamp(0, 255).to(at::kByte).contiguous();
  ImageDataset data(u8, false, "smooth random images");
  BnRecalibration opt;
  opt.batches = batches;
  opt.batchSize = batchSize;
  opt.seed = seed;
  recalibrateBatchNorm(*model, data, opt);
  return model;
}

}  // namespace sdm::train
