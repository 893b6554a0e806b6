#pragma once
// An evaluation's result as a type: the scores and the settings that produced them, read once
// from the JSON that `evaluate` returns and appends to <checkpoint>.eval.jsonl. The CLI's text,
// the studio's job result and its conversion view format this, not the JSON. Torch-free.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sdm {

struct EvalSummary {
  std::string fdName = "FD";  // which feature space ("FD (classifier features)", ...)
  double fd = 0;
  int n = 0;
  std::string extractor, anchor;  // anchor: model, real or noise
  std::string sampler;            // the solver summary, empty for the anchors without one
  uint64_t seed = 0;
  bool ema = false;
  double threshold = 1;  // IF threshold (threshold guidance)
  std::string precision = "exact";
  std::string checkpoint, model;
  struct Kid {
    double mean = 0, std = 0;
    int subsets = 0, subsetSize = 0;
  };
  std::optional<Kid> kid;
  struct Classifier {
    double isMean = 0, isStd = 0, confident = 0, classEntropy = 0, classEntropyMax = 0;
  };
  std::optional<Classifier> classifier;
};

// Throws sdm::Error when `result` holds no scores.
EvalSummary evalSummaryOf(const nlohmann::json& result);
// "FD = 12.3456   (N=1000, model, ddim, 50 steps, ..., seed 0, EMA weights)" and a line each for
// KID and the classifier scores.
std::string evalSummaryText(const EvalSummary& s);
// The newest readable evaluation appended to <checkpoint>.eval.jsonl (none: never evaluated).
std::optional<EvalSummary> latestEvaluation(const std::string& checkpoint);

}  // namespace sdm
