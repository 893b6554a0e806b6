#pragma once
// Options that say how to read an ANN2SNN checkpoint (sample, info, convert).
#include <CLI/CLI.hpp>

#include "model/quant_model.h"

namespace sdm::cli {

struct QuantCli {
  int bit = 0, spikeTime = 0;
  bool unsignedSpikes = false;

  QuantLoadOptions options(const std::string& weights, int imgSize = 0) const {
    QuantLoadOptions o;
    o.weights = parseWeightsChoice(weights);
    o.bit = bit;
    o.spikeTime = spikeTime;
    o.unsignedSpikes = unsignedSpikes;
    o.imgSize = imgSize;
    return o;
  }
  // The first of these options that was given, for "applies to ANN2SNN models only".
  const char* given() const {
    return bit              ? "--bit"
           : spikeTime      ? "--spike-time"
           : unsignedSpikes ? "--unsigned-spikes"
                            : nullptr;
  }
};

inline void addQuantOptions(CLI::App* sub, QuantCli& q) {
  sub->add_option("--bit", q.bit,
                  "ANN2SNN models: activation bits of the quantized ANN, when neither the file "
                  "nor a flagfile.txt beside it says")
      ->check(CLI::Range(1, 16));
  sub->add_option("--spike-time", q.spikeTime,
                  "ANN2SNN converted models: SNN time steps (default 2^bit - 1)")
      ->check(CLI::Range(1, 1024));
  sub->add_flag("--unsigned-spikes", q.unsignedSpikes,
                "ANN2SNN converted models: IF neurons without the inhibitory (-1) spikes the "
                "released code uses");
}

}  // namespace sdm::cli
