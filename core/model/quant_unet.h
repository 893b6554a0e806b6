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
#include <string>
#include <utility>
#include <vector>

#include "model/dnnl_conv.h"
#include "model/precision.h"
#include "model/quant_model.h"
#include "model/spike_probe.h"

namespace sdm {

// QuantReLU (ANN) or IF neuron (converted): both hold the clipping value act_alpha.
class QuantAct : public torch::nn::Module {
 public:
  explicit QuantAct(int bit);
  // spikeTime 0: the quantized ReLU; otherwise x is [B*T, ...] and the IF neuron fires.
  at::Tensor forward(const at::Tensor& x, int spikeTime, bool signedSpikes) const;
  const at::Tensor& alpha() const { return m_alpha; }
  // Calibration: every input this layer gets is appended to `sink` (null: off).
  void setCapture(std::vector<at::Tensor>* sink) { m_capture = sink; }
  // Spike recording of the IF neuron: `layer` is its index in convertedNeuronLayers(), the
  // events go to `probe` with the batch offset read from `offset` at each forward.
  // The IF neuron without gradients, through the fused kernel: the spikes s of x ([B*T, ...],
  // batch-major) as `type` (+ offset), laid out as x; reported to the probe when recording.
  at::Tensor fire(const at::Tensor& x, int spikeTime, bool signedSpikes, SpikeType type,
                  int offset) const;
  void setProbe(SpikeProbe* probe, int layer, const int64_t* offset) {
    m_probe = probe;
    m_layer = layer;
    m_offset = offset;
  }

 private:
  at::Tensor quantize(const at::Tensor& x) const;
  at::Tensor integrate(const at::Tensor& x, int spikeTime, bool signedSpikes) const;
  // Reports one forward to the probe: the currents x, the spike events |s| (uint8) and the
  // charged potentials in units of θ, all batch-major [B*T, ...] as x.
  void report(const at::Tensor& x, const at::Tensor& events, const at::Tensor& charged,
              int spikeTime) const;
  int m_bit;
  at::Tensor m_alpha;  // undefined for bit 32
  std::vector<at::Tensor>* m_capture = nullptr;
  SpikeProbe* m_probe = nullptr;
  int m_layer = -1;
  const int64_t* m_offset = nullptr;
};

class QuantResBlock;
class QuantFastConvs;

// Same U-Net shape (channels, levels, ResBlocks, image channels, diffusion length): the bit width,
// the thresholds and the SNN steps may differ.
bool sameQuantArchitecture(const QuantUNetConfig& a, const QuantUNetConfig& b);

class QuantUNet : public torch::nn::Module {
 public:
  explicit QuantUNet(const QuantUNetConfig& config);
  const QuantUNetConfig& config() const { return m_config; }
  // Run as the ANN (0) or as the converted SNN for this many steps (sets config().spikeTime).
  void setSpikeTime(int spikeTime, bool signedSpikes);

  // x: [B, img_ch, H, W], t: [B] (int64 or fractional model times) -> predicted noise. A
  // converted model runs in any precision (non-exact: inference only, QuantFastConvs); the ANN
  // in exact only.
  at::Tensor forward(const at::Tensor& x, const at::Tensor& t,
                     Precision precision = Precision::Exact);
  at::Tensor timeEmbedding(const at::Tensor& t);  // [B * T, tdim] (T = 1 for the ANN)

  // The prepared convs of a converted model for a non-exact precision (rebuilt after the
  // weights change).
  std::shared_ptr<QuantFastConvs> fastForm(Precision precision);

  // Block-wise access, for SNN fine-tuning (SDM's SNN_ft.py): unit 0 is the time embedding,
  // 1 the head, then every down, middle and up block in order; the tail is not a unit. Tensors
  // are [B*T, ...] at the model's current spike time (T = 1 for the ANN).
  struct UnitInput {
    at::Tensor h;     // what the unit receives (x for the head, the skip included for up blocks)
    at::Tensor temb;  // the time embedding (undefined for units 0 and 1)
  };
  int unitCount() const;
  std::string unitName(int unit) const;  // "time_embedding", "head", "downblocks.3", ...
  // The unit's module, for its parameters (state_dict names relative to unitName()).
  std::shared_ptr<torch::nn::Module> unitModule(int unit) const;
  // Runs the units before `unit` on (x, t): the input `unit` gets.
  UnitInput unitInput(const at::Tensor& x, const at::Tensor& t, int unit);
  // One unit on its input; unit 0 (the time embedding) reads t.
  at::Tensor unitForward(int unit, const UnitInput& in, const at::Tensor& t);

  StateDict stateDict() const;           // ANN key names, PyTorch order
  void loadStateDict(const StateDict&);  // strict, ANN key names
  int activationLayers() const;          // quantized ReLUs = IF layers after conversion
  // The activation layers in state_dict order (time embedding, blocks, tail).
  std::vector<std::shared_ptr<QuantAct>> activations() const;
  // Records the converted model's IF layers (null: off); images of the next forwards start at
  // `batchOffset` in the whole batch.
  void setProbe(SpikeProbe* probe);
  void setProbeOffset(int64_t batchOffset) { m_probeOffset = batchOffset; }

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
  std::shared_ptr<torch::nn::Module> m_tembModule;
  std::vector<std::shared_ptr<torch::nn::Module>> m_downModules, m_upModules;
  int64_t m_probeOffset = 0;
  struct FastCache;
  std::shared_ptr<FastCache> m_fast;  // prepared convs per precision and weights version

  at::Tensor repeatFrames(const at::Tensor& x) const;
  enum class Part { TimeEmbedding, Head, Down, Middle, Up };
  // The part a unit index falls in and its index there; throws for an index out of range.
  std::pair<Part, std::size_t> locate(int unit) const;
  // Runs units [0, stop) and returns the input of `stop` (stop == unitCount(): the tail's).
  UnitInput run(const at::Tensor& x, const at::Tensor& t, int stop,
                const QuantFastConvs* fast = nullptr);
  // An analog-input conv: the module, or its prepared form.
  static at::Tensor analog(torch::nn::Conv2d& conv, const at::Tensor& x,
                           const QuantFastConvs* fast);
};

}  // namespace sdm
