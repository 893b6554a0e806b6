#pragma once
// Building blocks of the spiking U-Net, registered under the original module names so that
// named_parameters() reproduces the PyTorch state_dict keys. Tensors are T-major [T, B, C, H, W];
// convs and BatchNorms run on the flattened [T*B, C, H, W] view, exactly as the original.
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>

#include <memory>

#include "model/topology.h"

namespace sdm {

class SpikeProbe;

// Per-evaluation state threaded through the blocks.
struct ForwardState {
  float threshold = 1.0f;
  SpikeProbe* probe = nullptr;
  int64_t batchOffset = 0;
  int nextLayer = 0;  // IF layers count up in execution order
  at::Tensor temb;    // [B, tdim]
};

// An IF layer: fused inference kernel, or the surrogate-gradient version while training.
at::Tensor fire(const at::Tensor& x, ForwardState& state);
at::Tensor swish(const at::Tensor& x);  // x * sigmoid(x), as the original (not silu: rounding)
// The original MembraneOutputLayer: sum over the SNN steps k of 0.8^(T-1-k) h[k], h [T, B, ...].
at::Tensor membraneOutput(const at::Tensor& h);

// Changes whenever a parameter or buffer of `m` is updated in place (optimizer step, load,
// BatchNorm statistics) or replaced: the key of a prepared inference form of its weights.
int64_t weightsVersion(const torch::nn::Module& m);

// The original TimeEmbedding's frozen Embedding holding the sinusoidal table [N, ch]
// (interleaved sin/cos, the same float32 ops), and the table's rows for timesteps t: int64, or
// fractional model times (DPM-Solver's continuous time, as the official implementation feeds
// them), which get the same sinusoid the table samples at integers.
torch::nn::Embedding frozenSinusoidEmbedding(int trainingTimesteps, int ch);
at::Tensor sinusoidRows(const at::Tensor& table, const at::Tensor& t);

// While in scope on this thread, inference convs split their images over `parts` single-threaded
// calls on worker threads. An image's result is then the same as in a single-threaded forward
// (a conv computes each image alone), so this is how one image uses idle cores bit-exactly.
class ConvSplit {
 public:
  explicit ConvSplit(int parts);
  ~ConvSplit();
  ConvSplit(const ConvSplit&) = delete;
  ConvSplit& operator=(const ConvSplit&) = delete;

 private:
  int m_previous;
};

// Inference convs on spikes run event-driven (model/spike_conv.h) where that gives the dense
// conv's bits; off: always the dense conv (for A/B measurements). On by default.
void setEventDrivenConvs(bool on);
bool eventDrivenConvs();
int64_t eventDrivenConvRuns();  // convs this process served event-driven (tests, bench)

// Conv2d, or SDM's TSMConv2d (child `tsmconv` plus per-SNN-step gain `tsmp`).
class SpkConv : public torch::nn::Module {
 public:
  SpkConv(int in, int out, int kernel, int stride, int pad, bool tsm, int snnSteps);
  ~SpkConv() override;
  at::Tensor forward(const at::Tensor& x);  // [T*B, C, H, W]
  at::Tensor& weight() { return m_weight; }
  at::Tensor conv(const at::Tensor& x) const;  // the plain conv (split under ConvSplit)
  at::Tensor& bias() { return m_bias; }
  // Its inputs are spikes (0 / 1): inference may then skip the zeros.
  void markSpikeInput();

 private:
  struct EventDriven;
  at::Tensor denseOrEventDriven(const at::Tensor& x) const;

  at::Tensor m_weight, m_bias, m_tsmp;
  int m_stride, m_pad, m_snnSteps;
  bool m_tsm;
  std::shared_ptr<EventDriven> m_eventDriven;  // null: inputs not known to be spikes
};

class TimeEmbedding : public torch::nn::Module {
 public:
  TimeEmbedding(int trainingTimesteps, int ch, int tdim);
  at::Tensor forward(const at::Tensor& t);  // int64 [B] -> [B, tdim]

 private:
  torch::nn::Embedding m_table{nullptr};
  torch::nn::Linear m_fc1{nullptr}, m_fc2{nullptr};
};

class SpkBlock : public torch::nn::Module {
 public:
  virtual at::Tensor forward(const at::Tensor& x, ForwardState& state) = 0;
};

class SpkResBlock : public SpkBlock {
 public:
  SpkResBlock(const BlockSpec& spec, const ModelConfig& config);
  at::Tensor forward(const at::Tensor& x, ForwardState& state) override;

 private:
  torch::nn::Linear m_tembProj{nullptr};
  std::shared_ptr<SpkConv> m_conv1, m_conv2, m_shortcut;
  torch::nn::BatchNorm2d m_bn1{nullptr}, m_bn2{nullptr};
};

// DownSample (IF, conv stride 2, BN) or UpSample (IF, nearest x2, conv, BN).
class SpkResample : public SpkBlock {
 public:
  SpkResample(const BlockSpec& spec, const ModelConfig& config);
  at::Tensor forward(const at::Tensor& x, ForwardState& state) override;

 private:
  bool m_up;
  std::shared_ptr<SpkConv> m_conv;
  torch::nn::BatchNorm2d m_bn{nullptr};
};

// BN on the flattened [T*B] view, reshaped back to [T, B, C, H, W].
at::Tensor convBn(SpkConv& conv, torch::nn::BatchNorm2dImpl& bn, const at::Tensor& flat,
                  int64_t steps, int64_t batch);

}  // namespace sdm
