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
  int image = 0;            // which image of the batch the raster and traces follow
  uint64_t seed = 0;
  float threshold = 1.0f;   // drawn with the traces
};

struct RecordLayout {
  int snnSteps = 4;
  RecordOptions options;
  std::vector<NeuronLayer> layers;
  std::vector<std::vector<int64_t>> rasterNeurons;  // flat indices into [C, H, W], sorted
  std::vector<std::vector<int64_t>> tracedNeurons;
};

struct LayerEval {
  std::vector<int64_t> spikesPerStep;  // [T], summed over neurons and recorded images
  int64_t neurons = 0;                 // per image
  int64_t images = 0;
  std::vector<std::vector<uint16_t>> raster;   // [T]: positions in rasterNeurons that fired
  std::vector<std::vector<float>> membrane;    // [traced][T]: charged potential before reset

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

  // [layer][evaluation] firing rates (the heatmap of the Spikes view).
  std::vector<std::vector<double>> rateMatrix() const;
  // Per-layer firing rate averaged over the whole run.
  std::vector<double> meanLayerRates() const;
};

RecordLayout makeRecordLayout(const ModelConfig& config, const RecordOptions& options);

// The documented JSON (docs/spikes-json.md); provenance is embedded as given.
nlohmann::json spikeRunToJson(const SpikeRun& run, const nlohmann::json& provenance);
void writeSpikeJson(const std::string& path, const SpikeRun& run, const nlohmann::json& provenance);
// CSV: one row per (evaluation, layer) with t, rate and the per-step rates.
std::string spikeRunToCsv(const SpikeRun& run);

}  // namespace sdm
