#pragma once
// Energy estimate of the spiking U-Net, the field's convention (Horowitz 2014, 45 nm; anchors.md
// C.9): a layer fed by spikes costs SOPs = input firing rate x its dense MACs over all SNN steps
// (fr x T x FLOPs per step) at E_AC each; a layer fed by analog values (the stem conv on the image,
// shortcuts on analog tensors, the time-embedding MLP, temb projections, the tail, the Conv3d
// read-out) costs its MACs at E_MAC. The ANN baseline is the same U-Net as a non-spiking network:
// every layer dense, once (no SNN time steps), at E_MAC. Compute only: no memory traffic.
// Torch-free.
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

#include "model/config.h"
#include "probe/cost.h"

namespace sdm {

struct EnergyCosts {
  std::string name = "45 nm FP32";
  double macPicojoule = 4.6;
  double acPicojoule = 0.9;
  static EnergyCosts fp32() { return {}; }
  static EnergyCosts fp16() { return {"45 nm FP16", 1.5, 0.4}; }
  static EnergyCosts int8() { return {"45 nm INT8", 0.23, 0.03}; }
  static EnergyCosts byName(const std::string& preset);  // fp32, fp16, int8
};

struct LayerEnergy {
  std::string name;
  bool spiking = false;  // input is spikes (SOPs) or analog (MACs)
  double inputRate = 1;  // firing rate of the input (1 for analog)
  double macs = 0;       // dense MACs per image per evaluation (all SNN steps)
  double ops = 0;        // SOPs (spiking) or MACs (analog) actually charged
  double picojoules = 0;
};

struct EnergyEstimate {
  EnergyCosts costs;
  double macs = 0;        // analog MACs per image per evaluation
  double sops = 0;        // synaptic operations per image per evaluation
  double picojoules = 0;  // per image per evaluation
  double annMacs = 0;     // the ANN baseline's MACs per image per evaluation
  double annPicojoules = 0;
  std::vector<LayerEnergy> layers;

  double millijoules() const { return picojoules * 1e-9; }
  double annMillijoules() const { return annPicojoules * 1e-9; }
  double ratioToAnn() const { return annPicojoules > 0 ? picojoules / annPicojoules : 0; }
};

// layerRates: the firing rate of every IF layer (execution order, as neuronLayers()).
EnergyEstimate estimateEnergy(const ModelConfig& config, const std::vector<double>& layerRates,
                              const EnergyCosts& costs = EnergyCosts::fp32());

// The same from a list of layers (e.g. convertedLayerCosts()) run over snnSteps frames.
EnergyEstimate estimateEnergy(const std::vector<LayerCost>& layers, int snnSteps,
                              const std::vector<double>& layerRates,
                              const EnergyCosts& costs = EnergyCosts::fp32());

// Per evaluation, per image and per sampling run (x evaluations), with the ANN baseline.
nlohmann::json energyToJson(const EnergyEstimate& e, int evaluations);

}  // namespace sdm
