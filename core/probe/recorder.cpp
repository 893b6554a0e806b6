#include "probe/recorder.h"

#include <ATen/ATen.h>

#include <algorithm>

#include "model/if_neuron.h"

namespace sdm {
namespace {

// The values of one image's [T, C, H, W] view at flat neuron indices into C*H*W: [T, k]. Reads
// them through the view's strides: reshaping a channels-last or blocked view copies the whole
// image, and per layer and evaluation that cost the studio's recording a fifth of an evaluation.
at::Tensor gatherNeurons(const at::Tensor& image, const std::vector<int64_t>& neurons) {
  const int64_t steps = image.size(0), k = static_cast<int64_t>(neurons.size());
  std::vector<int64_t> offsets(static_cast<std::size_t>(steps * k));
  int64_t span = 1;
  for (int64_t j = 0; j < k; ++j) {
    int64_t rest = neurons[static_cast<std::size_t>(j)], offset = 0;
    for (int64_t d = image.dim() - 1; d >= 1; --d) {
      offset += rest % image.size(d) * image.stride(d);
      rest /= image.size(d);
    }
    for (int64_t t = 0; t < steps; ++t) {
      const int64_t o = offset + t * image.stride(0);
      offsets[static_cast<std::size_t>(t * k + j)] = o;
      span = std::max(span, o + 1);
    }
  }
  return image.as_strided({span}, {1})
      .index_select(0, at::tensor(offsets, at::kLong))
      .view({steps, k});
}

}  // namespace

SpikeRecorder::SpikeRecorder(const ModelConfig& config, const RecordOptions& options) {
  m_run.layout = std::make_shared<RecordLayout>(makeRecordLayout(config, options));
  clear();
}

SpikeRecorder::SpikeRecorder(const std::vector<NeuronLayer>& layers, int snnSteps,
                             const RecordOptions& options) {
  m_run.layout = std::make_shared<RecordLayout>(makeRecordLayout(layers, snnSteps, options));
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
    const at::Tensor fired =
        gatherNeurons(spikes.select(1, local),
                      m_run.layout->rasterNeurons[static_cast<std::size_t>(layer)])
            .gt(0.5)
            .to(at::kByte)
            .contiguous();
    auto f = fired.accessor<uint8_t, 2>();
    trace.raster.assign(static_cast<std::size_t>(T), {});
    for (int64_t t = 0; t < T; ++t)
      for (int64_t n = 0; n < fired.size(1); ++n)
        if (f[t][n]) trace.raster[static_cast<std::size_t>(t)].push_back(static_cast<uint16_t>(n));
    if (!traced.empty()) {
      // Neurons outside the layer trace as 0 (ifMembrane's rule); the others are gathered.
      const int64_t per = spikes.numel() / std::max<int64_t>(1, T * batch);
      std::vector<int64_t> inside, slots, gatheredIndex;  // slots: their places among `traced`
      for (std::size_t k = 0; k < traced.size(); ++k) {
        const bool in = traced[k] >= 0 && traced[k] < per;
        gatheredIndex.push_back(in ? static_cast<int64_t>(inside.size()) : -1);
        if (in) inside.push_back(traced[k]), slots.push_back(static_cast<int64_t>(k));
      }
      at::Tensor v;  // [T, 1, traced]
      if (e.membrane) {
        v = at::zeros({T, 1, static_cast<int64_t>(traced.size())}, at::kFloat);
        v.select(1, 0).index_copy_(
            1, at::tensor(slots, at::kLong),
            gatherNeurons(e.membrane->select(1, local), inside).to(at::kFloat));
      } else {
        const at::Tensor image = e.input.defined() ? e.input.select(1, local) : e.imageInput(local);
        v = ifMembrane(gatherNeurons(image, inside).to(at::kFloat).unsqueeze(1), gatheredIndex,
                       opt.threshold);
      }
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
  if (first >= 0 && first < batch) {
    // Summed over the steps as bytes in the spikes' own memory order (one type, one layout:
    // vectorised; a sum over the steps of the logical view took 40 ms per evaluation), then
    // added to the run's counts in that order too: they are reordered once, when the run ends.
    const at::Tensor image = spikes.select(1, first);
    const at::Tensor fired =
        image.scalar_type() == at::kByte ? image : image.gt(0.5).view(at::kByte);
    at::Tensor sum = fired[0].clone();
    for (int64_t t = 1; t < T; ++t) sum.add_(fired[t]);
    perNeuron = sum;
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  LayerEval& le = m_current[static_cast<std::size_t>(layer)];
  for (std::size_t t = 0; t < counts.size() && t < le.spikesPerStep.size(); ++t)
    le.spikesPerStep[t] += counts[t];
  le.images += batch;
  for (auto& [i, trace] : traces) {
    if (le.traces.size() <= i) le.traces.resize(i + 1);
    le.traces[i] = std::move(trace);
  }
  if (perNeuron.defined()) {
    // The run's counts follow the spikes' memory order; finishedRun() puts them in neuron order.
    at::Tensor& counts = m_counts[static_cast<std::size_t>(layer)];
    if (counts.sizes() != perNeuron.sizes() || counts.strides() != perNeuron.strides()) {
      at::Tensor laid = at::empty_like(perNeuron, at::kInt);
      laid.copy_(counts.reshape(perNeuron.sizes()));
      counts = laid;
    }
    counts.add_(perNeuron);
  }
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
