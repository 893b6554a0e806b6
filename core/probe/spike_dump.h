#pragma once
// A probe that keeps every IF layer's full spike tensor of one evaluation (as uint8), keyed by the
// original module name: for golden comparisons and `sdm-cli eps --spikes`. Memory grows with the
// batch; the live views use the compact SpikeRecorder instead.
#include <ATen/core/Tensor.h>
#include <ATen/core/ivalue.h>

#include <map>
#include <string>
#include <vector>

#include "model/spike_probe.h"
#include "model/topology.h"

namespace sdm {

class SpikeDump : public SpikeProbe {
 public:
  explicit SpikeDump(std::vector<NeuronLayer> layers) : m_layers(std::move(layers)) {}
  void onLayer(int layer, const at::Tensor& input, const at::Tensor& spikes) override;

  const std::vector<NeuronLayer>& layers() const { return m_layers; }
  const at::Tensor& spikes(int layer) const { return m_spikes.at(layer); }  // uint8 [T,B,C,H,W]
  // Mean of the binary output over neurons and batch, per SNN step [T] (float64).
  at::Tensor ratePerStep(int layer) const;
  double rate(int layer) const;
  c10::IValue toIValue() const;  // {name: spikes}

 private:
  std::vector<NeuronLayer> m_layers;
  std::map<int, at::Tensor> m_spikes;
};

}  // namespace sdm
