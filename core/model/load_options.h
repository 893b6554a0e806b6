#pragma once
// How to load a checkpoint (Torch-free, for the studio's Model view).
#include <string>

namespace sdm {

enum class WeightsChoice { Auto, Net, Ema };             // Auto: EMA when the file has it, else net
WeightsChoice parseWeightsChoice(const std::string& s);  // "auto", "net", "ema"
const char* toString(WeightsChoice w);                   // what parseWeightsChoice reads

struct LoadOptions {
  WeightsChoice weights = WeightsChoice::Auto;
  int snnSteps = 0;  // 0: checkpoint / studio metadata / flagfile.txt / 4
  int imgSize = 0;   // 0: studio metadata / flagfile.txt / 32
};

// ANN2SNN models (model/quant_model.h): what their weights do not say.
struct QuantLoadOptions {
  WeightsChoice weights = WeightsChoice::Auto;
  int bit = 0;        // 0: studio metadata / flagfile.txt beside the checkpoint
  int spikeTime = 0;  // converted models: 0 = 2^bit − 1
  int imgSize = 0;    // 0: metadata / flagfile / 32
  bool unsignedSpikes = false;
};

}  // namespace sdm
