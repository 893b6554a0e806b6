#include "probe/recorder.h"

#include <ATen/ATen.h>

#include "model/if_neuron.h"

namespace sdm {

SpikeRecorder::SpikeRecorder(const ModelConfig& config, const RecordOptions& options) {
  m_run.layout = std::make_shared<RecordLayout>(makeRecordLayout(config, options));
  for (const auto& idx : m_run.layout->rasterNeurons) m_rasterIndex.push_back(at::tensor(idx, at::kLong));
  clear();
}

void SpikeRecorder::clear() {
  m_run.evaluations.clear();
  m_current.assign(m_run.layout->layers.size(), LayerEval{});
  for (std::size_t l = 0; l < m_current.size(); ++l) {
    m_current[l].spikesPerStep.assign(static_cast<std::size_t>(m_run.layout->snnSteps), 0);
    m_current[l].neurons = m_run.layout->layers[l].neurons();
  }
}

void SpikeRecorder::onLayer(int layer, const at::Tensor& input, const at::Tensor& spikes) {
  if (layer < 0 || layer >= static_cast<int>(m_current.size())) return;
  LayerEval& le = m_current[static_cast<std::size_t>(layer)];
  const int64_t T = spikes.size(0), batch = spikes.size(1);
  at::Tensor perStep = spikes.reshape({T, -1}).sum(1, false, at::kDouble);
  auto acc = perStep.accessor<double, 1>();
  for (int64_t t = 0; t < T && t < static_cast<int64_t>(le.spikesPerStep.size()); ++t)
    le.spikesPerStep[static_cast<std::size_t>(t)] += static_cast<int64_t>(acc[t]);
  le.images += batch;

  const int64_t local = m_run.layout->options.image - m_offset;
  if (local < 0 || local >= batch) return;
  // Raster of the chosen neurons of one image: positions (into the layout's list) that fired.
  at::Tensor chosen = spikes.select(1, local).reshape({T, -1}).index_select(1, m_rasterIndex[static_cast<std::size_t>(layer)]);
  at::Tensor fired = chosen.gt(0.5).to(at::kByte).contiguous();
  auto f = fired.accessor<uint8_t, 2>();
  le.raster.assign(static_cast<std::size_t>(T), {});
  for (int64_t t = 0; t < T; ++t)
    for (int64_t i = 0; i < fired.size(1); ++i)
      if (f[t][i]) le.raster[static_cast<std::size_t>(t)].push_back(static_cast<uint16_t>(i));
  const auto& traced = m_run.layout->tracedNeurons[static_cast<std::size_t>(layer)];
  if (!traced.empty()) {
    at::Tensor v = ifMembrane(input.narrow(1, local, 1), traced, m_run.layout->options.threshold);  // [T,1,k]
    auto va = v.accessor<float, 3>();
    le.membrane.assign(traced.size(), std::vector<float>(static_cast<std::size_t>(T)));
    for (std::size_t k = 0; k < traced.size(); ++k)
      for (int64_t t = 0; t < T; ++t) le.membrane[k][static_cast<std::size_t>(t)] = va[t][0][static_cast<int64_t>(k)];
  }
}

std::shared_ptr<const EvalRecord> SpikeRecorder::endEvaluation(int evaluation, double modelTime) {
  auto rec = std::make_shared<EvalRecord>();
  rec->evaluation = evaluation;
  rec->modelTime = modelTime;
  rec->layers = m_current;
  for (std::size_t l = 0; l < m_current.size(); ++l) {
    std::fill(m_current[l].spikesPerStep.begin(), m_current[l].spikesPerStep.end(), 0);
    m_current[l].images = 0;
    m_current[l].raster.clear();
    m_current[l].membrane.clear();
  }
  m_run.evaluations.push_back(rec);
  return rec;
}

}  // namespace sdm
