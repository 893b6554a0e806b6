#pragma once
// SDDPM's Spk_UNet and SDM's Spk_UNet_TSM in LibTorch, numerically identical to the original
// forward in eval mode (same ATen calls in the same order) and trainable with the surrogate
// gradient. Module names reproduce the original state_dict keys exactly.
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/blocks.h"
#include "model/config.h"
#include "model/precision.h"
#include "model/state_dict.h"

namespace sdm {

struct ForwardOptions {
  float threshold = 1.0f;        // run-time IF threshold for every layer (threshold guidance)
  SpikeProbe* probe = nullptr;   // observe every IF layer of this evaluation
  int64_t batchOffset = 0;       // reported to the probe: this forward's first image in the batch
  Precision precision = Precision::Exact;  // non-exact: the model's FastSpkUNet form (inference only)
};

class FastSpkUNet;

class SpkUNet : public torch::nn::Module {
 public:
  explicit SpkUNet(const ModelConfig& config);

  const ModelConfig& config() const { return m_config; }
  // x: [B, img_ch, H, W] noisy images, t: int64 [B] training timesteps -> predicted noise.
  at::Tensor forward(const at::Tensor& x, const at::Tensor& t, const ForwardOptions& opt = {});

  StateDict stateDict() const;           // PyTorch key order, detached
  void loadStateDict(const StateDict&);  // strict: throws naming the first offending key
  std::vector<at::Tensor> tsmGains();    // every conv's tsmp (TSM models only)

  // The fast inference form for a precision, built on first use and rebuilt when the weights
  // change (in-place updates bump their version counters). Thread-safe.
  std::shared_ptr<FastSpkUNet> fastForm(Precision precision);

 private:
  ModelConfig m_config;
  std::shared_ptr<TimeEmbedding> m_timeEmbedding;
  std::shared_ptr<SpkConv> m_conv, m_convIdentity, m_tailConv;
  torch::nn::BatchNorm2d m_bn{nullptr}, m_bnIdentity{nullptr}, m_tailBn{nullptr}, m_lastBn{nullptr};
  std::vector<std::shared_ptr<SpkBlock>> m_down, m_middle, m_up;
  std::vector<bool> m_upIsRes;
  torch::nn::Conv3d m_tOutput{nullptr};
  struct FastCache;
  std::shared_ptr<FastCache> m_fast;
};

}  // namespace sdm
