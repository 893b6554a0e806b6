#include "probe/energy.h"

#include <nlohmann/json.hpp>

#include "probe/cost.h"
#include "util/error.h"

namespace sdm {

EnergyCosts EnergyCosts::byName(const std::string& preset) {
  if (preset == "fp32") return fp32();
  if (preset == "fp16") return fp16();
  if (preset == "int8") return int8();
  throw Error("unknown energy preset '" + preset + "' (use fp32, fp16 or int8)");
}

EnergyEstimate estimateEnergy(const ModelConfig& config, const std::vector<double>& layerRates,
                              const EnergyCosts& costs) {
  return estimateEnergy(layerCosts(config), config.snnSteps, layerRates, costs);
}

EnergyEstimate estimateEnergy(const std::vector<LayerCost>& layers, int snnSteps,
                              const std::vector<double>& layerRates, const EnergyCosts& costs) {
  EnergyEstimate e;
  e.costs = costs;
  const double T = snnSteps;
  for (const auto& l : layers) {
    LayerEnergy le;
    le.name = l.name;
    le.macs = double(l.macs);
    le.spiking = l.spikeInput >= 0;
    if (le.spiking) {
      if (l.spikeInput >= static_cast<int>(layerRates.size()))
        throw Error("energy: no firing rate for IF layer " + std::to_string(l.spikeInput));
      le.inputRate = layerRates[static_cast<std::size_t>(l.spikeInput)];
      le.ops = le.inputRate * le.macs;
      le.picojoules = le.ops * costs.acPicojoule;
      e.sops += le.ops;
    } else {
      le.ops = le.macs;
      le.picojoules = le.ops * costs.macPicojoule;
      e.macs += le.ops;
    }
    e.picojoules += le.picojoules;
    // The ANN runs each layer once; linears run once per evaluation in both.
    e.annMacs += l.kind == LayerCost::Kind::Linear ? le.macs : le.macs / T;
    e.layers.push_back(std::move(le));
  }
  e.annPicojoules = e.annMacs * costs.macPicojoule;
  return e;
}

nlohmann::json energyToJson(const EnergyEstimate& e, int evaluations) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : e.layers)
    layers.push_back({{"name", l.name},
                      {"input", l.spiking ? "spikes" : "analog"},
                      {"input_rate", l.inputRate},
                      {"dense_macs", l.macs},
                      {"ops", l.ops},
                      {"pJ", l.picojoules}});
  return {
      {"costs",
       {{"name", e.costs.name},
        {"E_MAC_pJ", e.costs.macPicojoule},
        {"E_AC_pJ", e.costs.acPicojoule}}},
      {"convention",
       "E = E_MAC x MACs(analog inputs) + E_AC x SOPs, SOPs = input firing rate x dense MACs over "
       "all SNN steps; "
       "ANN baseline = every layer dense once at E_MAC; compute only"},
      {"per_image_per_evaluation", {{"MACs", e.macs}, {"SOPs", e.sops}, {"mJ", e.millijoules()}}},
      {"ann_per_image_per_evaluation", {{"MACs", e.annMacs}, {"mJ", e.annMillijoules()}}},
      {"evaluations", evaluations},
      {"per_image_per_run_mJ", e.millijoules() * evaluations},
      {"ann_per_image_per_run_mJ", e.annMillijoules() * evaluations},
      {"ratio_to_ann", e.ratioToAnn()},
      {"layers", layers}};
}

}  // namespace sdm
