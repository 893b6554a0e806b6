#pragma once
// How to load a checkpoint (Torch-free, for the studio's Model view).
#include <string>

namespace sdm {

enum class WeightsChoice { Auto, Net, Ema };  // Auto: EMA when the file has it, else net
WeightsChoice parseWeightsChoice(const std::string& s);  // "auto", "net", "ema"

struct LoadOptions {
  WeightsChoice weights = WeightsChoice::Auto;
  int snnSteps = 0;  // 0: checkpoint / studio metadata / flagfile.txt / 4
  int imgSize = 0;   // 0: studio metadata / flagfile.txt / 32
};

}  // namespace sdm
