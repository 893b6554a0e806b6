#pragma once
// "1,2,2,4" → {1, 2, 2, 4}: --ch-mult and --attn of `train`, `train-ann`, `finetune-tsm` and
// `init-model`.
#include <sstream>
#include <string>
#include <vector>

#include "util/error.h"

namespace sdm::cli {

inline std::vector<int> parseIntList(const std::string& s) {
  std::vector<int> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    try {
      out.push_back(std::stoi(item));
    } catch (const std::exception&) {
      throw Error("not an integer list: '" + s + "' (write e.g. 1,2,2,4)");
    }
  }
  return out;
}

}  // namespace sdm::cli
