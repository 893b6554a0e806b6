#include "probe/spike_dump.h"

#include <ATen/ATen.h>

namespace sdm {

void SpikeDump::onLayerEvent(const LayerEvent& e) {
  at::Tensor s = e.spikes.detach().to(at::kByte);
  std::lock_guard<std::mutex> lock(m_mutex);
  m_spikes[e.layer][e.batchOffset] = s;
}

at::Tensor SpikeDump::spikes(int layer) const {
  std::lock_guard<std::mutex> lock(m_mutex);
  std::vector<at::Tensor> parts;
  for (const auto& [offset, t] : m_spikes.at(layer)) parts.push_back(t);
  return parts.size() == 1 ? parts[0] : at::cat(parts, 1);
}

at::Tensor SpikeDump::ratePerStep(int layer) const {
  const at::Tensor s = spikes(layer);
  return s.reshape({s.size(0), -1}).to(at::kDouble).mean(1);
}

double SpikeDump::rate(int layer) const {
  return spikes(layer).to(at::kDouble).mean().item<double>();
}

c10::IValue SpikeDump::toIValue() const {
  c10::impl::GenericDict d(c10::StringType::get(), c10::AnyType::get());
  for (const auto& [layer, chunks] : m_spikes) {
    const at::Tensor s = spikes(layer);
    const std::string name = layer < static_cast<int>(m_layers.size())
                                 ? m_layers[layer].name
                                 : "layer" + std::to_string(layer);
    d.insert(name, s.contiguous());
  }
  return d;
}

}  // namespace sdm
