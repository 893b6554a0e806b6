#pragma once
// Private to core/train: the network a run trains, a Spk_UNet (train, finetune-tsm) or SDM's
// quantized-ReLU ANN (train-ann), behind the few operations the trainer needs.
#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

#include "model/state_dict.h"
#include "train/train_config.h"
#include "util/cancel.h"

namespace torch::nn {
class Module;
}

namespace sdm {
class SpkUNet;
class QuantUNet;
class SpikeProbe;
class EpsModel;
}  // namespace sdm

namespace sdm::train {

class TrainNet {
 public:
  explicit TrainNet(const TrainConfig& config);
  ~TrainNet();

  torch::nn::Module& module();
  // eps for x_t at t; the probe sees a Spk_UNet's IF layers (the ANN has none).
  at::Tensor forward(const at::Tensor& x, const at::Tensor& t, SpikeProbe* probe);
  StateDict stateDict() const;
  void loadStateDict(const StateDict& sd);
  // Parameter names in PyTorch's model.parameters() order (the Adam state's order).
  std::vector<std::string> parameterOrder() const;
  // The whole batch per evaluation, as the reference samples its grids.
  std::unique_ptr<EpsModel> gridEps(const CancelToken* cancel);
  SpkUNet* spiking() { return m_spk.get(); }  // null for the ANN
  QuantUNet* quantized() { return m_ann.get(); }  // null for a Spk_UNet

 private:
  std::shared_ptr<SpkUNet> m_spk;
  std::shared_ptr<QuantUNet> m_ann;
  ModelConfig m_model;
};

}  // namespace sdm::train
