#include "probe/recorder.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <optional>

#include "model/fast_kernels.h"
#include "model/if_neuron.h"

namespace sdm {
namespace {

// Where one image's [T, C, H, W] view holds the flat neuron indices into C*H*W: element offsets
// from its data pointer, [T][k]. Read through the view's strides: reshaping a channels-last or
// blocked view copies the whole image, and per layer and evaluation that cost the studio's
// recording a fifth of an evaluation.
std::vector<int64_t> neuronOffsets(const at::Tensor& image, const std::vector<int64_t>& neurons) {
  const int64_t steps = image.size(0), k = static_cast<int64_t>(neurons.size());
  std::vector<int64_t> offsets(static_cast<std::size_t>(steps * k));
  for (int64_t j = 0; j < k; ++j) {
    int64_t rest = neurons[static_cast<std::size_t>(j)], offset = 0;
    for (int64_t d = image.dim() - 1; d >= 1; --d) {
      offset += rest % image.size(d) * image.stride(d);
      rest /= image.size(d);
    }
    for (int64_t t = 0; t < steps; ++t)
      offsets[static_cast<std::size_t>(t * k + j)] = offset + t * image.stride(0);
  }
  return offsets;
}

// The view's values at those neurons: [T, k].
at::Tensor gatherNeurons(const at::Tensor& image, const std::vector<int64_t>& neurons) {
  const std::vector<int64_t> offsets = neuronOffsets(image, neurons);
  const int64_t span = offsets.empty() ? 1 : *std::max_element(offsets.begin(), offsets.end()) + 1;
  return image.as_strided({span}, {1})
      .index_select(0, at::tensor(offsets, at::kLong))
      .view({image.size(0), static_cast<int64_t>(neurons.size())});
}

// Per step, the places among `neurons` of those that fired (> 0.5): read in place for the
// spike types the models write, in ATen ops for any other.
std::vector<std::vector<uint16_t>> rasterOf(const at::Tensor& image,
                                            const std::vector<int64_t>& neurons) {
  const int64_t steps = image.size(0), k = static_cast<int64_t>(neurons.size());
  std::vector<std::vector<uint16_t>> raster(static_cast<std::size_t>(steps));
  const std::vector<int64_t> offsets = neuronOffsets(image, neurons);
  auto collect = [&](auto fired) {  // fired(i): neuron i % k at step i / k
    for (int64_t t = 0; t < steps; ++t)
      for (int64_t j = 0; j < k; ++j)
        if (fired(t * k + j))
          raster[static_cast<std::size_t>(t)].push_back(static_cast<uint16_t>(j));
  };
  const int64_t* where = offsets.data();
  const void* data = image.data_ptr();
  switch (image.scalar_type()) {
    case at::kByte:
      collect(
          [where, p = static_cast<const uint8_t*>(data)](int64_t i) { return p[where[i]] > 0; });
      break;
    case at::kFloat:
      collect(
          [where, p = static_cast<const float*>(data)](int64_t i) { return p[where[i]] > 0.5f; });
      break;
    case at::kBFloat16:
      collect([where, p = static_cast<const c10::BFloat16*>(data)](int64_t i) {
        return static_cast<float>(p[where[i]]) > 0.5f;
      });
      break;
    default: {
      const at::Tensor fired = gatherNeurons(image, neurons).gt(0.5).to(at::kByte).contiguous();
      collect([f = fired.data_ptr<uint8_t>()](int64_t i) { return f[i] > 0; });
    }
  }
  return raster;
}

// The type of spikes whose steps a raw pass can count in memory order, if they are such.
std::optional<SpikeType> countableSpikes(const at::Tensor& step) {
  if (!step.is_non_overlapping_and_dense()) return std::nullopt;
  for (SpikeType t : {SpikeType::U8, SpikeType::F32, SpikeType::Bf16})
    if (scalarTypeOf(t) == step.scalar_type()) return t;
  return std::nullopt;
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
    trace.raster = rasterOf(spikes.select(1, local),
                            m_run.layout->rasterNeurons[static_cast<std::size_t>(layer)]);
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
        const at::Tensor currents = e.input.defined()
                                        ? gatherNeurons(e.input.select(1, local), inside)
                                        : e.imageInput(local, inside);
        v = ifMembrane(currents.to(at::kFloat).unsqueeze(1), gatheredIndex, opt.threshold);
      }
      auto va = v.accessor<float, 3>();
      trace.membrane.assign(traced.size(), std::vector<float>(static_cast<std::size_t>(T)));
      for (std::size_t k = 0; k < traced.size(); ++k)
        for (int64_t t = 0; t < T; ++t)
          trace.membrane[k][static_cast<std::size_t>(t)] = va[t][0][static_cast<int64_t>(k)];
    }
    traces.emplace_back(static_cast<std::size_t>(i), std::move(trace));
  }
  // The first image's spikes per neuron over all SNN steps, for the most-active choice, counted
  // in the spikes' own memory order (in the logical
  // order, the sum over the steps took 40 ms per evaluation; in ATen ops on strided views, half a
  // millisecond per layer), and the run's counts follow that order: they are reordered once, when
  // the run ends. A strided view (an upsampling layer's IF output) is summed in ATen ops.
  at::Tensor image, perNeuron;
  std::optional<SpikeType> countable;
  const int64_t first = opt.image - e.batchOffset;
  if (first >= 0 && first < batch) {
    image = spikes.select(1, first);
    countable = countableSpikes(image[0]);
    if (!countable) {
      const at::Tensor fired =
          image.scalar_type() == at::kByte ? image : image.gt(0.5).view(at::kByte);
      perNeuron = fired[0].clone();
      for (int64_t t = 1; t < T; ++t) perNeuron.add_(fired[t]);
    }
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
  if (image.defined()) {
    at::Tensor& counts = m_counts[static_cast<std::size_t>(layer)];
    const at::Tensor laidLike = countable ? image[0] : perNeuron;
    if (counts.sizes() != laidLike.sizes() || counts.strides() != laidLike.strides()) {
      at::Tensor laid = at::empty_like(laidLike, at::kInt);
      laid.copy_(counts.reshape(laidLike.sizes()));
      counts = laid;
    }
    if (countable)
      fast::addStepCounts(image.data_ptr(), *countable, laidLike.numel(), T, image.stride(0),
                          counts.data_ptr<int32_t>());
    else
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
