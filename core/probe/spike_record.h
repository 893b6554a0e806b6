#pragma once
// What the IF layers did during a sampling run, as plain data (no Torch), so the studio's views
// can hold and draw it: per layer and network evaluation the spike counts per SNN step, a raster of
// a fixed, seeded subset of neurons of one image, and membrane traces of a few of those neurons.
//
// Firing rate (the definition shown everywhere): the mean of the binary IF output over neurons and
// recorded images, per SNN step and over all SNN steps.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/topology.h"

namespace sdm {

struct RecordOptions {
  int rasterNeurons = 256;  // per layer, chosen once with `seed` (the same neurons at every step)
  int tracedNeurons = 4;    // membrane traces: the first of the raster neurons
  int image = 0;            // the first image of the batch whose raster and traces are kept
  int images = 1;           // how many (image, image + 1, ...): the Spikes view's sample choice
  uint64_t seed = 0;
  float threshold = 1.0f;  // drawn with the traces
  // Per layer, the user's own neurons (flat indices into [C, H, W], e.g. one channel or the most
  // active of a previous run); an empty or missing entry keeps the seeded choice.
  std::vector<std::vector<int64_t>> neurons;
};

// Most neurons one raster may follow: positions are stored as uint16.
constexpr int64_t kMaxRasterNeurons = 65535;

struct RecordLayout {
  int snnSteps = 4;
  RecordOptions options;
  std::vector<NeuronLayer> layers;
  std::vector<std::vector<int64_t>> rasterNeurons;  // flat indices into [C, H, W], sorted
  std::vector<std::vector<int64_t>> tracedNeurons;
};

// The raster and membrane traces of one image at one evaluation.
struct NeuronTrace {
  std::vector<std::vector<uint16_t>> raster;  // [T]: positions in rasterNeurons that fired
  std::vector<std::vector<float>> membrane;   // [traced][T]: charged potential before reset
};

struct LayerEval {
  std::vector<int64_t> spikesPerStep;  // [T], summed over neurons and recorded images
  int64_t neurons = 0;                 // per image
  int64_t images = 0;
  std::vector<NeuronTrace> traces;  // [i]: image options.image + i (empty when not held)

  // The trace of image options.image + i, or an empty one.
  const NeuronTrace& trace(std::size_t i = 0) const;

  double rateAt(int step) const;
  double rate() const;
};

struct EvalRecord {
  int evaluation = 0;
  double modelTime = 0;
  std::vector<LayerEval> layers;
  double meanRate() const;  // over all neurons of all layers
};

struct SpikeRun {
  std::shared_ptr<const RecordLayout> layout;
  std::vector<std::shared_ptr<const EvalRecord>> evaluations;
  // [layer][neuron]: spikes of image options.image over the whole run (every SNN step of every
  // evaluation), for choosing the most active neurons to follow; empty for a run in progress.
  std::vector<std::vector<int32_t>> neuronCounts;

  // [layer][evaluation] firing rates (the heatmap of the Spikes view).
  std::vector<std::vector<double>> rateMatrix() const;
  // Per-layer firing rate averaged over the whole run.
  std::vector<double> meanLayerRates() const;
};

// Throws sdm::Error when options.neurons names a neuron outside its layer or too many.
RecordLayout makeRecordLayout(const ModelConfig& config, const RecordOptions& options);
RecordLayout makeRecordLayout(const std::vector<NeuronLayer>& layers, int snnSteps,
                              const RecordOptions& options);

// The `count` neurons of `layer` that fired most in `run` (ties: lower index first), sorted by
// index; empty when the run kept no counts for that layer.
std::vector<int64_t> mostActiveNeurons(const SpikeRun& run, int layer, int count);
// Every neuron of channel `channel` of `layer`.
std::vector<int64_t> channelNeurons(const NeuronLayer& layer, int channel);

// The documented JSON (docs/spikes-json.md); provenance is embedded as given.
nlohmann::json spikeRunToJson(const SpikeRun& run, const nlohmann::json& provenance);
void writeSpikeJson(const std::string& path, const SpikeRun& run, const nlohmann::json& provenance);
// CSV: one row per (evaluation, layer) with t, rate and the per-step rates.
std::string spikeRunToCsv(const SpikeRun& run);

}  // namespace sdm
