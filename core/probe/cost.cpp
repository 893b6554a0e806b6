#include "probe/cost.h"

#include <algorithm>

#include "model/topology.h"
#include "util/memory_budget.h"

namespace sdm {

std::vector<LayerCost> layerCosts(const ModelConfig& c) {
  std::vector<LayerCost> out;
  const int64_t T = c.snnSteps;
  out.push_back(
      {"time_embedding.timembedding.1", LayerCost::Kind::Linear, int64_t(c.ch) * c.tdim(), -1});
  out.push_back(
      {"time_embedding.timembedding.3", LayerCost::Kind::Linear, int64_t(c.tdim()) * c.tdim(), -1});
  for (const auto& conv : convLayers(c)) {
    const int64_t perStep =
        int64_t(conv.inCh) * conv.outCh * conv.kernel * conv.kernel * conv.outRes * conv.outRes;
    out.push_back({conv.path, LayerCost::Kind::Conv, perStep * T, conv.spikeInput});
  }
  for (const auto& b : makeTopology(c).blocks)
    if (b.kind == BlockKind::Res)
      out.push_back(
          {b.path + ".temb_proj.1", LayerCost::Kind::Linear, int64_t(c.tdim()) * b.outCh, -1});
  out.push_back({"T_output_layer", LayerCost::Kind::Conv3d,
                 int64_t(c.imgCh) * c.imgCh * 9 * c.imgSize * c.imgSize * T, -1});
  return out;
}

std::vector<LayerCost> convertedLayerCosts(const QuantUNetConfig& c) {
  std::vector<LayerCost> out;
  const int64_t T = std::max(1, c.spikeTime), td = c.tdim(), S = c.imgSize;
  const auto conv = LayerCost::Kind::Conv;
  out.push_back({"time_embedding.timembedding.1", conv, int64_t(c.ch) * td * T, -1});
  out.push_back({"time_embedding.timembedding.3", conv, td * td * T, 0});
  out.push_back({"head", conv, int64_t(c.imgCh) * c.ch * 9 * S * S * T, -1});
  const Topology topo = makeTopology(c.asModelConfig());
  int neuron = 1;
  for (const auto& b : topo.blocks) {
    const int64_t r = b.resolution, in = b.inCh, o = b.outCh;
    if (b.kind == BlockKind::Res) {
      out.push_back({b.path + ".block1.2", conv, in * o * 9 * r * r * T, neuron});
      out.push_back({b.path + ".temb_proj.1", conv, td * o * T, neuron + 1});
      out.push_back({b.path + ".block2.3", conv, o * o * 9 * r * r * T, neuron + 2});
      if (b.hasShortcut()) out.push_back({b.path + ".shortcut", conv, in * o * r * r * T, -1});
      neuron += 3;
    } else {
      const int64_t outRes = b.kind == BlockKind::Down ? r / 2 : r * 2;
      out.push_back({b.path + ".main", conv, in * o * 9 * outRes * outRes * T, -1});
    }
  }
  out.push_back({"tail.2", conv, int64_t(topo.finalCh) * c.imgCh * 9 * S * S * T, neuron});
  return out;
}

int64_t denseMacsPerImage(const ModelConfig& c) {
  int64_t n = 0;
  for (const auto& l : layerCosts(c)) n += l.macs;
  return n;
}

int64_t activationBytesPerImage(const ModelConfig& c) {
  int64_t neurons = 0;
  for (const auto& l : neuronLayers(c)) neurons += l.neurons();
  return 4 * int64_t(c.snnSteps) * 4 * neurons;
}

int fitMicroBatch(const ModelConfig& c, int microBatch, int batch, double budgetBytes) {
  if (budgetBytes <= 0) {
    const double ram = double(physicalMemoryBytes());
    budgetBytes = std::min(8e9, 0.5 * ram);
  }
  const int wanted = microBatch <= 0 ? batch : microBatch;
  const int fits = std::max(1, static_cast<int>(budgetBytes / double(activationBytesPerImage(c))));
  if (wanted <= fits) return microBatch;
  return fits;
}

double denseGflopsPerImage(const ModelConfig& c) {
  return 2.0 * double(denseMacsPerImage(c)) / 1e9;
}

double denseGflopsPerImage(const QuantUNetConfig& c) {
  int64_t n = 0;
  for (const auto& l : convertedLayerCosts(c)) n += l.macs;
  return 2.0 * double(n) / 1e9;
}

}  // namespace sdm
