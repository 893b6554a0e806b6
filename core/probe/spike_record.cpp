#include "probe/spike_record.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>

#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm {

const NeuronTrace& LayerEval::trace(std::size_t i) const {
  static const NeuronTrace none;
  return i < traces.size() ? traces[i] : none;
}

double LayerEval::rateAt(int step) const {
  const double denom = double(neurons) * double(images);
  return denom > 0 ? double(spikesPerStep.at(static_cast<std::size_t>(step))) / denom : 0.0;
}

double LayerEval::rate() const {
  const double denom = double(neurons) * double(images) * double(spikesPerStep.size());
  const double total =
      double(std::accumulate(spikesPerStep.begin(), spikesPerStep.end(), int64_t(0)));
  return denom > 0 ? total / denom : 0.0;
}

double EvalRecord::meanRate() const {
  double spikes = 0, slots = 0;
  for (const auto& l : layers) {
    spikes += double(std::accumulate(l.spikesPerStep.begin(), l.spikesPerStep.end(), int64_t(0)));
    slots += double(l.neurons) * double(l.images) * double(l.spikesPerStep.size());
  }
  return slots > 0 ? spikes / slots : 0.0;
}

std::vector<std::vector<double>> SpikeRun::rateMatrix() const {
  const std::size_t nl = layout ? layout->layers.size() : 0;
  std::vector<std::vector<double>> m(nl, std::vector<double>(evaluations.size(), 0.0));
  for (std::size_t e = 0; e < evaluations.size(); ++e)
    for (std::size_t l = 0; l < nl && l < evaluations[e]->layers.size(); ++l)
      m[l][e] = evaluations[e]->layers[l].rate();
  return m;
}

std::vector<double> SpikeRun::meanLayerRates() const {
  auto m = rateMatrix();
  std::vector<double> out;
  for (const auto& row : m)
    out.push_back(row.empty() ? 0.0
                              : std::accumulate(row.begin(), row.end(), 0.0) / double(row.size()));
  return out;
}

RecordLayout makeRecordLayout(const ModelConfig& config, const RecordOptions& options) {
  return makeRecordLayout(neuronLayers(config), config.snnSteps, options);
}

RecordLayout makeRecordLayout(const std::vector<NeuronLayer>& layers, int snnSteps,
                              const RecordOptions& options) {
  RecordLayout layout;
  layout.snnSteps = snnSteps;
  layout.options = options;
  layout.layers = layers;
  std::mt19937_64 rng(options.seed);
  for (std::size_t li = 0; li < layout.layers.size(); ++li) {
    const NeuronLayer& l = layout.layers[li];
    if (li < options.neurons.size() && !options.neurons[li].empty()) {
      std::vector<int64_t> given = options.neurons[li];
      std::sort(given.begin(), given.end());
      given.erase(std::unique(given.begin(), given.end()), given.end());
      if (given.front() < 0 || given.back() >= l.neurons())
        throw Error("neuron " + std::to_string(given.front() < 0 ? given.front() : given.back()) +
                    " is outside layer " + l.name + " (" + std::to_string(l.neurons()) +
                    " neurons)");
      if (int64_t(given.size()) > kMaxRasterNeurons)
        throw Error("a raster follows at most " + std::to_string(kMaxRasterNeurons) +
                    " neurons, not " + std::to_string(given.size()));
      layout.tracedNeurons.emplace_back(
          given.begin(), given.begin() + std::min<std::ptrdiff_t>(options.tracedNeurons,
                                                                  std::ptrdiff_t(given.size())));
      layout.rasterNeurons.push_back(std::move(given));
      continue;
    }
    // A seeded choice of neurons per layer: the same ones at every step of every run.
    std::vector<int64_t> all(static_cast<std::size_t>(l.neurons()));
    std::iota(all.begin(), all.end(), 0);
    const auto k = static_cast<std::size_t>(
        std::min<int64_t>({options.rasterNeurons, l.neurons(), kMaxRasterNeurons}));
    for (std::size_t i = 0; i < k; ++i) {
      std::uniform_int_distribution<std::size_t> pick(i, all.size() - 1);
      std::swap(all[i], all[pick(rng)]);
    }
    std::vector<int64_t> chosen(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k));
    std::vector<int64_t> traced(
        chosen.begin(), chosen.begin() + std::min<std::ptrdiff_t>(options.tracedNeurons,
                                                                  static_cast<std::ptrdiff_t>(k)));
    std::sort(chosen.begin(), chosen.end());
    layout.rasterNeurons.push_back(std::move(chosen));
    layout.tracedNeurons.push_back(std::move(traced));
  }
  return layout;
}

std::vector<int64_t> mostActiveNeurons(const SpikeRun& run, int layer, int count) {
  if (layer < 0 || std::size_t(layer) >= run.neuronCounts.size()) return {};
  const auto& counts = run.neuronCounts[std::size_t(layer)];
  std::vector<int64_t> order(counts.size());
  std::iota(order.begin(), order.end(), 0);
  const auto k = std::min<std::size_t>(std::size_t(std::max(0, count)), order.size());
  std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(k), order.end(),
                    [&](int64_t a, int64_t b) {
                      return counts[std::size_t(a)] != counts[std::size_t(b)]
                                 ? counts[std::size_t(a)] > counts[std::size_t(b)]
                                 : a < b;
                    });
  order.resize(k);
  std::sort(order.begin(), order.end());
  return order;
}

std::vector<int64_t> channelNeurons(const NeuronLayer& layer, int channel) {
  if (channel < 0 || channel >= layer.channels) return {};
  const int64_t hw = int64_t(layer.height) * layer.width;
  std::vector<int64_t> out(static_cast<std::size_t>(hw));
  std::iota(out.begin(), out.end(), int64_t(channel) * hw);
  return out;
}

nlohmann::json spikeRunToJson(const SpikeRun& run, const nlohmann::json& provenance) {
  const RecordLayout& L = *run.layout;
  nlohmann::json j;
  j["format"] = "sdm-spikes/1";
  j["provenance"] = provenance;
  j["snn_timesteps"] = L.snnSteps;
  j["threshold"] = L.options.threshold;
  j["raster_image"] = L.options.image;
  j["firing_rate_definition"] =
      "mean of the binary IF output over neurons and images, per SNN time step (rate_per_step) and "
      "over all SNN "
      "time steps (rate)";
  j["layers"] = nlohmann::json::array();
  for (std::size_t l = 0; l < L.layers.size(); ++l) {
    const auto& n = L.layers[l];
    j["layers"].push_back({{"name", n.name},
                           {"part", toString(n.part)},
                           {"level", n.level},
                           {"shape", {n.channels, n.height, n.width}},
                           {"neurons", n.neurons()},
                           {"raster_neurons", L.rasterNeurons[l]},
                           {"traced_neurons", L.tracedNeurons[l]}});
  }
  j["evaluations"] = nlohmann::json::array();
  for (const auto& e : run.evaluations) {
    nlohmann::json ej{{"index", e->evaluation}, {"t", e->modelTime}, {"mean_rate", e->meanRate()}};
    ej["layers"] = nlohmann::json::array();
    for (const auto& le : e->layers) {
      std::vector<double> perStep;
      for (std::size_t t = 0; t < le.spikesPerStep.size(); ++t)
        perStep.push_back(le.rateAt(static_cast<int>(t)));
      ej["layers"].push_back({{"rate", le.rate()},
                              {"rate_per_step", perStep},
                              {"spikes_per_step", le.spikesPerStep},
                              {"images", le.images},
                              {"raster", le.trace(0).raster},
                              {"membrane", le.trace(0).membrane}});
    }
    j["evaluations"].push_back(std::move(ej));
  }
  j["rate_matrix"] = run.rateMatrix();
  return j;
}

void writeSpikeJson(const std::string& path, const SpikeRun& run,
                    const nlohmann::json& provenance) {
  writeFileAtomically(path, spikeRunToJson(run, provenance).dump() + "\n");
}

std::string spikeRunToCsv(const SpikeRun& run) {
  std::ostringstream os;
  os << "evaluation,t,layer,part,level,rate";
  for (int s = 0; s < run.layout->snnSteps; ++s) os << ",rate_step" << s;
  os << "\n";
  for (const auto& e : run.evaluations) {
    for (std::size_t l = 0; l < e->layers.size(); ++l) {
      const auto& n = run.layout->layers[l];
      os << e->evaluation << "," << e->modelTime << "," << n.name << "," << toString(n.part) << ","
         << n.level << "," << e->layers[l].rate();
      for (std::size_t s = 0; s < e->layers[l].spikesPerStep.size(); ++s)
        os << "," << e->layers[l].rateAt(static_cast<int>(s));
      os << "\n";
    }
  }
  return os.str();
}

}  // namespace sdm
