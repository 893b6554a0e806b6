#pragma once
// A model's weights by original key, in PyTorch's state_dict order.
#include <ATen/core/Tensor.h>

#include <string>
#include <utility>
#include <vector>

namespace sdm {

using StateDict = std::vector<std::pair<std::string, at::Tensor>>;

inline const at::Tensor* findTensor(const StateDict& sd, const std::string& key) {
  for (const auto& [k, v] : sd)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace sdm
