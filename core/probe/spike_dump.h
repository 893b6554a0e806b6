#pragma once
// A probe that keeps every IF layer's full spike tensor of one evaluation (as uint8), keyed by the
// original module name: for golden comparisons and `sdm-cli eps --spikes`. Memory grows with the
// batch; the live views use the compact SpikeRecorder instead.
#include <ATen/core/Tensor.h>
#include <ATen/core/ivalue.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "model/spike_probe.h"
#include "model/topology.h"

namespace sdm {

class SpikeDump : public SpikeProbe {
 public:
  explicit SpikeDump(std::vector<NeuronLayer> layers) : m_layers(std::move(layers)) {}
  void onLayerEvent(const LayerEvent& e) override;  // thread-safe; chunks are joined by offset

  const std::vector<NeuronLayer>& layers() const { return m_layers; }
  at::Tensor spikes(int layer) const;  // uint8 [T, B, C, H, W]
  // Mean of the binary output over neurons and batch, per SNN step [T] (float64).
  at::Tensor ratePerStep(int layer) const;
  double rate(int layer) const;
  c10::IValue toIValue() const;  // {name: spikes}

 private:
  std::vector<NeuronLayer> m_layers;
  std::map<int, std::map<int64_t, at::Tensor>> m_spikes;  // layer -> batch offset -> chunk
  mutable std::mutex m_mutex;
};

}  // namespace sdm
