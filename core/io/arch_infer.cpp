#include "io/arch_infer.h"

#include <ATen/ATen.h>

#include <map>
#include <unordered_map>

#include "model/topology.h"
#include "util/error.h"

namespace sdm::io {
namespace {

std::string shapeText(at::IntArrayRef s) {
  std::string out = "[";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out + "]";
}

bool startsWith(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

// The weight of conv module `path`, plain or TSM; nullptr when absent.
const at::Tensor* convWeight(const StateDict& sd, const std::string& path) {
  if (auto* w = findTensor(sd, path + ".weight")) return w;
  return findTensor(sd, path + ".tsmconv.weight");
}

const at::Tensor& require(const StateDict& sd, const std::string& key, const char* why) {
  const at::Tensor* t = findTensor(sd, key);
  if (!t) throw Error(std::string("not a spiking U-Net state dict: missing key ") + key + " (" + why + ")");
  return *t;
}

}  // namespace

StateDict stripModulePrefix(StateDict sd) {
  if (sd.empty()) return sd;
  for (const auto& [k, v] : sd)
    if (!startsWith(k, "module.")) return sd;
  for (auto& [k, v] : sd) k = k.substr(7);
  return sd;
}

ModelConfig inferConfig(const StateDict& sd) {
  if (sd.empty()) throw Error("the state dict is empty");
  for (const auto& [k, v] : sd) {
    if (k.find(".attn.") != std::string::npos)
      throw Error("key " + k + " belongs to an attention block, which the original Spk_UNet never "
                  "shipped (Spike_SelfAttention); such checkpoints are not supported");
  }
  ModelConfig c;
  c.tsm = findTensor(sd, "conv.tsmp") != nullptr;
  const at::Tensor* stem = convWeight(sd, "conv");
  if (!stem) {
    std::string first = sd.front().first;
    throw Error("not a spiking U-Net state dict: no conv.weight or conv.tsmconv.weight (first key: " +
                first + ")");
  }
  if (stem->dim() != 4) throw Error("wrong shape for conv weight: " + shapeText(stem->sizes()));
  c.ch = static_cast<int>(stem->size(0));
  c.imgCh = static_cast<int>(stem->size(1));
  const at::Tensor& table = require(sd, "time_embedding.timembedding.0.weight", "time embedding");
  if (table.dim() != 2) throw Error("wrong shape for time_embedding.timembedding.0.weight: " + shapeText(table.sizes()));
  c.trainingTimesteps = static_cast<int>(table.size(0));
  if (c.tsm) c.snnSteps = static_cast<int>(require(sd, "conv.tsmp", "TSM gain").size(0));

  // Down path: levels of num_res_blocks ResBlocks, separated by DownSamples.
  std::vector<int> levelOut;
  int resInLevel = 0, numRes = -1;
  for (int i = 0;; ++i) {
    const std::string p = "downblocks." + std::to_string(i);
    if (const at::Tensor* w = convWeight(sd, p + ".conv1")) {
      if (resInLevel == 0) levelOut.push_back(static_cast<int>(w->size(0)));
      ++resInLevel;
    } else if (convWeight(sd, p + ".conv")) {
      if (resInLevel == 0) throw Error("unexpected layout: " + p + " is a DownSample without ResBlocks before it");
      if (numRes < 0) numRes = resInLevel;
      if (resInLevel != numRes) throw Error("unexpected layout: levels with different numbers of ResBlocks at " + p);
      resInLevel = 0;
    } else {
      break;
    }
  }
  if (levelOut.empty()) throw Error("not a spiking U-Net state dict: missing key downblocks.0.conv1.weight");
  if (numRes < 0) numRes = resInLevel;
  if (resInLevel != numRes) throw Error("unexpected layout: the last level has a different number of ResBlocks");
  c.numResBlocks = numRes;
  c.chMult.clear();
  for (int out : levelOut) {
    if (out % c.ch != 0)
      throw Error("unexpected channels: " + std::to_string(out) + " is not a multiple of ch=" + std::to_string(c.ch));
    c.chMult.push_back(out / c.ch);
  }
  return c;
}

void validateStateDict(const StateDict& sd, const ModelConfig& config) {
  std::unordered_map<std::string, const at::Tensor*> byName;
  for (const auto& [k, v] : sd) byName[k] = &v;
  const auto expected = expectedKeys(config);
  std::unordered_map<std::string, bool> known;
  for (const auto& k : expected) {
    known[k.name] = true;
    auto it = byName.find(k.name);
    if (it == byName.end()) throw Error("missing key " + k.name + " for " + config.summary());
    const at::Tensor& t = *it->second;
    if (!t.sizes().equals(k.shape))
      throw Error("wrong shape for " + k.name + ": " + shapeText(t.sizes()) + " in the file, " +
                  shapeText(k.shape) + " expected by " + config.summary());
    if (k.int64 ? t.scalar_type() != at::kLong : !at::isFloatingType(t.scalar_type()))
      throw Error("wrong dtype for " + k.name + ": " + std::string(c10::toString(t.scalar_type())));
  }
  for (const auto& [k, v] : sd)
    if (!known.count(k)) throw Error("unexpected key " + k + " for " + config.summary());
}

std::vector<std::string> nonFiniteReport(const StateDict& sd) {
  std::vector<std::string> out;
  for (const auto& [k, v] : sd) {
    if (!at::isFloatingType(v.scalar_type())) continue;
    const int64_t bad = (~at::isfinite(v)).sum().item<int64_t>();
    if (bad > 0) out.push_back(std::to_string(bad) + " non-finite value(s) in " + k);
  }
  return out;
}

}  // namespace sdm::io
