#include "probe/recorder.h"

#include <ATen/ATen.h>

#include <algorithm>

#include "model/if_neuron.h"

namespace sdm {

SpikeRecorder::SpikeRecorder(const ModelConfig& config, const RecordOptions& options) {
  m_run.layout = std::make_shared<RecordLayout>(makeRecordLayout(config, options));
  for (const auto& idx : m_run.layout->rasterNeurons)
    m_rasterIndex.push_back(at::tensor(idx, at::kLong));
  clear();
}

SpikeRecorder::SpikeRecorder(const std::vector<NeuronLayer>& layers, int snnSteps,
                             const RecordOptions& options) {
  m_run.layout = std::make_shared<RecordLayout>(makeRecordLayout(layers, snnSteps, options));
  for (const auto& idx : m_run.layout->rasterNeurons)
    m_rasterIndex.push_back(at::tensor(idx, at::kLong));
  clear();
}

void SpikeRecorder::clear() {
  m_run.evaluations.clear();
  m_counts.clear();
  for (const auto& l : m_run.layout->layers) m_counts.push_back(at::zeros({l.neurons()}, at::kInt));
  m_current.assign(m_run.layout->layers.size(), LayerEval{});
  for (std::size_t l = 0; l < m_current.size(); ++l) {
    m_current[l].spikesPerStep.assign(static_cast<std::size_t>(m_run.layout->snnSteps), 0);
    m_current[l].neurons = m_run.layout->layers[l].neurons();
  }
}

void SpikeRecorder::onLayerEvent(const LayerEvent& e) {
  const int layer = e.layer;
  if (layer < 0 || layer >= static_cast<int>(m_current.size())) return;
  const at::Tensor& spikes = e.spikes;
  const int64_t T = spikes.size(0), batch = spikes.size(1);
  std::vector<int64_t> counts(static_cast<std::size_t>(T));
  if (e.stepCounts) {
    std::copy(e.stepCounts, e.stepCounts + T, counts.begin());
  } else {
    at::Tensor perStep = spikes.reshape({T, -1}).sum(1, false, at::kDouble);
    for (int64_t t = 0; t < T; ++t)
      counts[static_cast<std::size_t>(t)] = static_cast<int64_t>(perStep[t].item<double>());
  }
  // Rasters and membrane traces of the layout's images that this forward holds.
  const RecordOptions& opt = m_run.layout->options;
  const auto& traced = m_run.layout->tracedNeurons[static_cast<std::size_t>(layer)];
  std::vector<std::pair<std::size_t, NeuronTrace>> traces;
  for (int i = 0; i < std::max(1, opt.images); ++i) {
    const int64_t local = opt.image + i - e.batchOffset;
    if (local < 0 || local >= batch) continue;
    NeuronTrace trace;
    at::Tensor chosen = spikes.select(1, local).reshape({T, -1}).index_select(
        1, m_rasterIndex[static_cast<std::size_t>(layer)]);
    at::Tensor fired = chosen.gt(0.5).to(at::kByte).contiguous();
    auto f = fired.accessor<uint8_t, 2>();
    trace.raster.assign(static_cast<std::size_t>(T), {});
    for (int64_t t = 0; t < T; ++t)
      for (int64_t n = 0; n < fired.size(1); ++n)
        if (f[t][n]) trace.raster[static_cast<std::size_t>(t)].push_back(static_cast<uint16_t>(n));
    if (!traced.empty()) {
      at::Tensor v =
          e.membrane ? e.membrane->select(1, local)
                           .reshape({T, 1, -1})
                           .index_select(2, at::tensor(traced, at::kLong))
                           .to(at::kFloat)
                           .contiguous()
                     : ifMembrane(e.input.narrow(1, local, 1), traced, opt.threshold);  // [T,1,k]
      auto va = v.accessor<float, 3>();
      trace.membrane.assign(traced.size(), std::vector<float>(static_cast<std::size_t>(T)));
      for (std::size_t k = 0; k < traced.size(); ++k)
        for (int64_t t = 0; t < T; ++t)
          trace.membrane[k][static_cast<std::size_t>(t)] = va[t][0][static_cast<int64_t>(k)];
    }
    traces.emplace_back(static_cast<std::size_t>(i), std::move(trace));
  }
  // The first image's spikes per neuron over all SNN steps, for the most-active choice.
  at::Tensor perNeuron;
  const int64_t first = opt.image - e.batchOffset;
  if (first >= 0 && first < batch)
    perNeuron = spikes.select(1, first).reshape({T, -1}).gt(0.5).sum(0, false, at::kInt);
  std::lock_guard<std::mutex> lock(m_mutex);
  LayerEval& le = m_current[static_cast<std::size_t>(layer)];
  for (std::size_t t = 0; t < counts.size() && t < le.spikesPerStep.size(); ++t)
    le.spikesPerStep[t] += counts[t];
  le.images += batch;
  for (auto& [i, trace] : traces) {
    if (le.traces.size() <= i) le.traces.resize(i + 1);
    le.traces[i] = std::move(trace);
  }
  if (perNeuron.defined()) m_counts[static_cast<std::size_t>(layer)].add_(perNeuron);
}

std::shared_ptr<const EvalRecord> SpikeRecorder::endEvaluation(int evaluation, double modelTime) {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto rec = std::make_shared<EvalRecord>();
  rec->evaluation = evaluation;
  rec->modelTime = modelTime;
  rec->layers = m_current;
  for (std::size_t l = 0; l < m_current.size(); ++l) {
    std::fill(m_current[l].spikesPerStep.begin(), m_current[l].spikesPerStep.end(), 0);
    m_current[l].images = 0;
    m_current[l].traces.clear();
  }
  m_run.evaluations.push_back(rec);
  return rec;
}

SpikeRun SpikeRecorder::finishedRun() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  SpikeRun run = m_run;
  for (const at::Tensor& c : m_counts) {
    const at::Tensor cc = c.contiguous();
    run.neuronCounts.emplace_back(cc.data_ptr<int32_t>(), cc.data_ptr<int32_t>() + cc.numel());
  }
  return run;
}

}  // namespace sdm
