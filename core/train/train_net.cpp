#include "train/train_net.h"

#include <ATen/ATen.h>

#include "diffusion/eps_model.h"
#include "model/quant_unet.h"
#include "model/spk_unet.h"
#include "model/topology.h"

namespace sdm::train {

TrainNet::TrainNet(const TrainConfig& c) : m_model(c.model) {
  if (c.kind == RunKind::TrainAnn)
    m_ann = std::make_shared<QuantUNet>(c.annConfig());
  else
    m_spk = std::make_shared<SpkUNet>(c.model);
}

TrainNet::~TrainNet() = default;

torch::nn::Module& TrainNet::module() {
  if (m_spk) return *m_spk;
  return *m_ann;
}

at::Tensor TrainNet::forward(const at::Tensor& x, const at::Tensor& t, SpikeProbe* probe) {
  if (m_ann) return m_ann->forward(x, t);
  ForwardOptions fo;
  fo.probe = probe;
  return m_spk->forward(x, t, fo);
}

StateDict TrainNet::stateDict() const { return m_spk ? m_spk->stateDict() : m_ann->stateDict(); }

void TrainNet::loadStateDict(const StateDict& sd) {
  if (m_spk)
    m_spk->loadStateDict(sd);
  else
    m_ann->loadStateDict(sd);
}

std::vector<std::string> TrainNet::parameterOrder() const {
  std::vector<std::string> names;
  if (m_ann) {
    for (const auto& p : m_ann->named_parameters(true)) names.push_back(p.key());
    return names;
  }
  // Spk_UNet registers its modules in another order than the original: use the key list.
  const auto params = m_spk->named_parameters(true);
  for (const auto& key : expectedKeys(m_model))
    if (params.find(key.name)) names.push_back(key.name);
  return names;
}

std::unique_ptr<EpsModel> TrainNet::gridEps(const CancelToken* cancel) {
  if (m_ann) return quantEps(*m_ann, 0, cancel);
  NetworkEpsOptions eo;
  eo.microBatch = 0;
  eo.cancel = cancel;
  return std::make_unique<NetworkEps>(*m_spk, eo);
}

}  // namespace sdm::train
