// Initialising one stage of a progressive bit schedule from the previous one (quant_model.h).
#include <ATen/ATen.h>

#include <map>

#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "util/error.h"

namespace sdm {

std::vector<double> initialiseFromStage(QuantUNet& target, QuantUNet& source, const at::Tensor& x,
                                        const at::Tensor& t, double quantile) {
  const QuantUNetConfig &a = source.config(), &b = target.config();
  if (!sameQuantArchitecture(a, b))
    throw Error("the previous stage (" + a.summary() + ") has another architecture than " +
                b.summary());
  if (a.converted()) throw Error("the previous stage must be an ANN, not a converted SNN");
  std::vector<double> fromData;
  const auto sourceActs = source.activations();
  if (a.bit >= 32) {
    // A plain-ReLU source: clip each layer at a high quantile of what its ReLU passes.
    std::vector<std::vector<at::Tensor>> inputs(sourceActs.size());
    for (std::size_t i = 0; i < sourceActs.size(); ++i) sourceActs[i]->setCapture(&inputs[i]);
    {
      at::NoGradGuard noGrad;
      source.eval();
      source.forward(x, t);
    }
    for (auto& act : sourceActs) act->setCapture(nullptr);
    for (const auto& seen : inputs) {
      if (seen.size() != 1)
        throw Error("calibration: an activation layer ran " + std::to_string(seen.size()) +
                    " times");
      at::Tensor positive = seen[0].flatten();
      positive = positive.masked_select(positive > 0);
      if (positive.numel() > (int64_t{1} << 24))  // at::quantile's limit
        positive = positive.narrow(0, 0, int64_t{1} << 24);
      fromData.push_back(positive.numel() == 0 ? 1.0
                                               : at::quantile(positive, quantile).item<double>());
    }
  }
  std::map<std::string, at::Tensor> given;
  for (const auto& [k, v] : source.stateDict()) given[k] = v;
  std::vector<double> alphas;
  std::size_t next = 0;
  at::NoGradGuard noGrad;
  for (auto& p : target.named_parameters(true)) {
    const std::string& key = p.key();
    const bool alpha = key.size() >= 9 && key.compare(key.size() - 9, 9, "act_alpha") == 0;
    auto it = given.find(key);
    if (it != given.end()) {
      if (!it->second.sizes().equals(p.value().sizes()))
        throw Error("shape mismatch for " + key + " between the stages");
      p.value().copy_(it->second);
    } else if (alpha && next < fromData.size()) {
      p.value().fill_(fromData[next++]);
    } else {
      throw Error("the previous stage has no " + key);
    }
    if (alpha) alphas.push_back(p.value().item<double>());
  }
  return alphas;
}

}  // namespace sdm
