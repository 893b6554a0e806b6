#pragma once
// Architecture of a spiking U-Net (SDDPM `Spk_UNet` or SDM `Spk_UNet_TSM`). Torch-free, so the
// studio's widgets can show it and count FLOPs without pulling in LibTorch.
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace sdm {

// Where the number of SNN time steps of a model came from.
enum class SnnStepsSource { Default, Checkpoint, Metadata, Flagfile, User };
const char* toString(SnnStepsSource s);

struct ModelConfig {
  int ch = 128;                          // base channels
  std::vector<int> chMult{1, 2, 2, 4};   // channel multiplier per resolution level
  std::vector<int> attn;                 // accepted for compatibility; no level may have attention
  int numResBlocks = 2;
  int imgCh = 3;
  int imgSize = 32;
  int snnSteps = 4;                      // SNN time steps T (not diffusion steps)
  bool tsm = false;                      // Spk_UNet_TSM (temporal-wise spiking mechanism)
  int trainingTimesteps = 1000;          // N, the diffusion chain length the model was trained on
  double dropout = 0.1;                  // accepted, unused (as in the original code)
  SnnStepsSource snnStepsSource = SnnStepsSource::Default;

  int tdim() const { return 4 * ch; }
  int levels() const { return static_cast<int>(chMult.size()); }
  std::string className() const { return tsm ? "Spk_UNet_TSM" : "Spk_UNet"; }
  // "Spk_UNet(ch=32, ch_mult=[1,2,2], num_res_blocks=1, img_ch=1, 32x32, SNN T=4)"
  std::string summary() const;
  // Throws sdm::Error naming the first invalid field.
  void validate() const;

  bool operator==(const ModelConfig& o) const;
};

void to_json(nlohmann::json& j, const ModelConfig& c);
void from_json(const nlohmann::json& j, ModelConfig& c);

}  // namespace sdm
