#pragma once
// The SpikeProbe behind the Spikes view and `--spikes`: per network evaluation it sums the spikes
// of every IF layer per SNN step, keeps the raster of the layout's neurons and the membrane traces
// of the layout's images, counts every neuron's spikes of the first image over the run, and at
// endEvaluation() turns them into an EvalRecord appended to the run.
#include <ATen/core/Tensor.h>

#include <memory>
#include <mutex>
#include <vector>

#include "model/config.h"
#include "model/spike_probe.h"
#include "probe/spike_record.h"

namespace sdm {

class SpikeRecorder : public SpikeProbe {
 public:
  SpikeRecorder(const ModelConfig& config, const RecordOptions& options);
  // Any model's IF layers (e.g. convertedNeuronLayers()), run for snnSteps.
  SpikeRecorder(const std::vector<NeuronLayer>& layers, int snnSteps, const RecordOptions& options);

  void onLayerEvent(const LayerEvent& e) override;  // thread-safe
  bool keepsEventTensors() const override { return false; }

  // Closes the current evaluation; returns its record (also kept in run()).
  std::shared_ptr<const EvalRecord> endEvaluation(int evaluation, double modelTime);
  const SpikeRun& run() const { return m_run; }
  // The run with the per-neuron counts of the whole run (SpikeRun::neuronCounts).
  SpikeRun finishedRun() const;
  const RecordLayout& layout() const { return *m_run.layout; }
  void clear();

 private:
  SpikeRun m_run;
  std::vector<LayerEval> m_current;
  std::vector<at::Tensor> m_counts;  // int32 [neurons] per layer, image options.image
  mutable std::mutex m_mutex;
};

}  // namespace sdm
