#include "model/config.h"

#include <nlohmann/json.hpp>

#include <sstream>

#include "util/error.h"

namespace sdm {

const char* toString(SnnStepsSource s) {
  switch (s) {
    case SnnStepsSource::Default: return "default";
    case SnnStepsSource::Checkpoint: return "checkpoint";
    case SnnStepsSource::Metadata: return "studio metadata";
    case SnnStepsSource::Flagfile: return "flagfile.txt";
    case SnnStepsSource::User: return "user";
  }
  return "?";
}

namespace {
std::string listText(const std::vector<int>& v) {
  std::ostringstream os;
  os << '[';
  for (std::size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << v[i];
  os << ']';
  return os.str();
}
}  // namespace

std::string ModelConfig::summary() const {
  std::ostringstream os;
  os << className() << "(ch=" << ch << ", ch_mult=" << listText(chMult)
     << ", num_res_blocks=" << numResBlocks << ", img_ch=" << imgCh << ", " << imgSize << "x"
     << imgSize << ", SNN T=" << snnSteps << ")";
  return os.str();
}

void ModelConfig::validate() const {
  auto fail = [](const std::string& m) { throw Error("invalid model configuration: " + m); };
  if (ch <= 0 || ch % 2 != 0 || ch > 4096) fail("ch must be an even number in 2..4096, got " + std::to_string(ch));
  if (chMult.empty() || chMult.size() > 8) fail("ch_mult must have 1..8 levels");
  for (int m : chMult)
    if (m <= 0 || m > 64) fail("ch_mult entries must be in 1..64, got " + std::to_string(m));
  if (numResBlocks < 1 || numResBlocks > 16) fail("num_res_blocks must be in 1..16");
  if (imgCh < 1 || imgCh > 16) fail("img_ch must be in 1..16");
  if (snnSteps < 1 || snnSteps > 256) fail("SNN time steps must be in 1..256, got " + std::to_string(snnSteps));
  if (trainingTimesteps < 2 || trainingTimesteps > 100000) fail("training timesteps must be in 2..100000");
  const int div = 1 << (levels() - 1);
  if (imgSize < div || imgSize % div != 0 || imgSize > 4096)
    fail("image size " + std::to_string(imgSize) + " must be a multiple of " + std::to_string(div));
  for (int a : attn) {
    if (a >= 0 && a < levels())
      throw Error("attention at level " + std::to_string(a) +
                  " is not supported: the original Spk_UNet never shipped its attention block "
                  "(Spike_SelfAttention)");
  }
}

bool ModelConfig::operator==(const ModelConfig& o) const {
  return ch == o.ch && chMult == o.chMult && numResBlocks == o.numResBlocks && imgCh == o.imgCh &&
         imgSize == o.imgSize && snnSteps == o.snnSteps && tsm == o.tsm &&
         trainingTimesteps == o.trainingTimesteps;
}

void to_json(nlohmann::json& j, const ModelConfig& c) {
  j = nlohmann::json{{"class", c.className()},
                     {"ch", c.ch},
                     {"ch_mult", c.chMult},
                     {"attn", c.attn},
                     {"num_res_blocks", c.numResBlocks},
                     {"img_ch", c.imgCh},
                     {"img_size", c.imgSize},
                     {"snn_timesteps", c.snnSteps},
                     {"tsm", c.tsm},
                     {"T", c.trainingTimesteps},
                     {"dropout", c.dropout}};
}

void from_json(const nlohmann::json& j, ModelConfig& c) {
  c.ch = j.value("ch", c.ch);
  c.chMult = j.value("ch_mult", c.chMult);
  c.attn = j.value("attn", c.attn);
  c.numResBlocks = j.value("num_res_blocks", c.numResBlocks);
  c.imgCh = j.value("img_ch", c.imgCh);
  c.imgSize = j.value("img_size", c.imgSize);
  c.snnSteps = j.value("snn_timesteps", c.snnSteps);
  c.tsm = j.value("tsm", c.tsm);
  c.trainingTimesteps = j.value("T", c.trainingTimesteps);
  c.dropout = j.value("dropout", c.dropout);
}

}  // namespace sdm
