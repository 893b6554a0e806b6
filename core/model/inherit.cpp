#include "model/inherit.h"

#include <ATen/ATen.h>

#include <set>

#include "model/topology.h"
#include "util/error.h"

namespace sdm {

StateDict inheritTsm(const StateDict& plain, const ModelConfig& config) {
  if (config.tsm) throw Error("the source model is already a Spk_UNet_TSM");
  std::set<std::string> convs;
  for (const auto& c : convLayers(config)) convs.insert(c.path);
  ModelConfig tsmConfig = config;
  tsmConfig.tsm = true;
  StateDict out;
  for (const auto& key : expectedKeys(tsmConfig)) {
    const std::string& k = key.name;
    auto moved = [&](const char* suffix) -> std::string {
      const std::string tail = std::string(".tsmconv.") + suffix;
      if (k.size() > tail.size() && k.compare(k.size() - tail.size(), tail.size(), tail) == 0) {
        std::string path = k.substr(0, k.size() - tail.size());
        if (convs.count(path)) return path + "." + suffix;
      }
      return {};
    };
    std::string source = moved("weight");
    if (source.empty()) source = moved("bias");
    if (source.empty() && k.size() > 5 && k.compare(k.size() - 5, 5, ".tsmp") == 0) {
      out.emplace_back(k, at::ones({config.snnSteps, 1, 1, 1, 1}));
      continue;
    }
    if (source.empty()) source = k;
    const at::Tensor* t = findTensor(plain, source);
    if (!t) throw Error("cannot inherit: the source state dict has no " + source);
    out.emplace_back(k, t->clone());
  }
  return out;
}

}  // namespace sdm
