#pragma once
// The quantized-ReLU U-Net of SDM's ANN2SNN and its converted spiking form in one LibTorch
// module: the converted S_UNet differs from the ANN only in its activations (IF neurons over T
// frames instead of quantized ReLUs) and in averaging the tail over the frames; every other
// layer runs frame by frame on the batch-major [B*T, ...] view, as the original. Module names
// reproduce the ANN's state_dict keys; quant_model.cpp maps the S_UNet keys onto them.
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <memory>
#include <vector>

#include "model/quant_model.h"

namespace sdm {

// QuantReLU (ANN) or IF neuron (converted): both hold the clipping value act_alpha.
class QuantAct : public torch::nn::Module {
 public:
  explicit QuantAct(int bit);
  // spikeTime 0: the quantized ReLU; otherwise x is [B*T, ...] and the IF neuron fires.
  at::Tensor forward(const at::Tensor& x, int spikeTime, bool signedSpikes) const;
  const at::Tensor& alpha() const { return m_alpha; }

 private:
  at::Tensor quantize(const at::Tensor& x) const;
  at::Tensor integrate(const at::Tensor& x, int spikeTime, bool signedSpikes) const;
  int m_bit;
  at::Tensor m_alpha;  // undefined for bit 32
};

class QuantResBlock;

class QuantUNet : public torch::nn::Module {
 public:
  explicit QuantUNet(const QuantUNetConfig& config);
  const QuantUNetConfig& config() const { return m_config; }
  // Run as the ANN (0) or as the converted SNN for this many steps (sets config().spikeTime).
  void setSpikeTime(int spikeTime, bool signedSpikes);

  // x: [B, img_ch, H, W], t: [B] (int64 or fractional model times) -> predicted noise.
  at::Tensor forward(const at::Tensor& x, const at::Tensor& t);
  at::Tensor timeEmbedding(const at::Tensor& t);  // [B * T, tdim] (T = 1 for the ANN)

  StateDict stateDict() const;           // ANN key names, PyTorch order
  void loadStateDict(const StateDict&);  // strict, ANN key names
  int activationLayers() const;          // quantized ReLUs = IF layers after conversion

 private:
  QuantUNetConfig m_config;
  torch::nn::Embedding m_table{nullptr};
  torch::nn::Linear m_fc1{nullptr}, m_fc2{nullptr};
  std::shared_ptr<QuantAct> m_tembAct, m_tailAct;
  torch::nn::Conv2d m_head{nullptr}, m_tailConv{nullptr};
  torch::nn::GroupNorm m_tailNorm{nullptr};
  // A null block in m_down / m_up is a resample: its conv is in m_resample at the same index.
  std::vector<std::shared_ptr<QuantResBlock>> m_down, m_middle, m_up;
  std::vector<torch::nn::Conv2d> m_downSample, m_upSample;
};

}  // namespace sdm
