#include "probe/spike_dump.h"

#include <ATen/ATen.h>

namespace sdm {

void SpikeDump::onLayer(int layer, const at::Tensor& input, const at::Tensor& spikes) {
  m_spikes[layer] = spikes.detach().to(at::kByte);
}

at::Tensor SpikeDump::ratePerStep(int layer) const {
  const at::Tensor& s = m_spikes.at(layer);
  return s.reshape({s.size(0), -1}).to(at::kDouble).mean(1);
}

double SpikeDump::rate(int layer) const { return m_spikes.at(layer).to(at::kDouble).mean().item<double>(); }

c10::IValue SpikeDump::toIValue() const {
  c10::impl::GenericDict d(c10::StringType::get(), c10::AnyType::get());
  for (const auto& [layer, s] : m_spikes) {
    const std::string name = layer < static_cast<int>(m_layers.size()) ? m_layers[layer].name
                                                                       : "layer" + std::to_string(layer);
    d.insert(name, s.contiguous());
  }
  return d;
}

}  // namespace sdm
