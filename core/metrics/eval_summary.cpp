#include "metrics/eval_summary.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "util/error.h"

namespace sdm {

EvalSummary evalSummaryOf(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("scores") || !j["scores"].is_object())
    throw Error("the evaluation has no scores");
  const nlohmann::json& s = j["scores"];
  EvalSummary e;
  e.fdName = s.value("fd_name", e.fdName);
  e.fd = s.value("fd", 0.0);
  e.n = s.value("n", 0);
  e.extractor = s.value("extractor", std::string());
  e.anchor = j.value("anchor", std::string());
  if (j.contains("sampler") && j["sampler"].is_object())
    e.sampler = j["sampler"].value("summary", std::string());
  e.seed = j.value("seed", uint64_t{0});
  e.ema = j.value("ema", false);
  e.threshold = j.value("threshold", 1.0);
  e.precision = j.value("precision", e.precision);
  e.checkpoint = j.value("checkpoint", std::string());
  if (j.contains("model") && j["model"].is_string()) e.model = j["model"].get<std::string>();
  if (s.contains("kid")) {
    const nlohmann::json& k = s["kid"];
    e.kid = EvalSummary::Kid{k.value("mean", 0.0), k.value("std", 0.0), k.value("subsets", 0),
                             k.value("subset_size", 0)};
  }
  if (s.contains("classifier")) {
    const nlohmann::json& c = s["classifier"];
    e.classifier =
        EvalSummary::Classifier{c.value("is_analogue_mean", 0.0), c.value("is_analogue_std", 0.0),
                                c.value("confident_fraction", 0.0), c.value("class_entropy", 0.0),
                                c.value("class_entropy_max", std::log(10.0))};
  }
  return e;
}

std::string evalSummaryText(const EvalSummary& e) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(4) << e.fdName << " = " << e.fd << "   (N=" << e.n << ", "
    << e.anchor;
  if (!e.sampler.empty())
    o << ", " << e.sampler << ", seed " << e.seed << ", " << (e.ema ? "EMA" : "raw") << " weights";
  // Threshold guidance changes the model's output: a guided score names its threshold.
  if (e.threshold != 1.0)
    o << ", IF threshold " << std::setprecision(6) << std::defaultfloat << e.threshold << std::fixed
      << std::setprecision(4);
  if (e.precision != "exact") o << ", precision " << e.precision;
  o << ")\n";
  if (e.kid)
    o << "KID = " << e.kid->mean << " +- " << e.kid->std << "   (same extractor, " << e.kid->subsets
      << " subsets of " << e.kid->subsetSize << ")\n";
  if (e.classifier)
    o << "IS analogue = " << e.classifier->isMean << " +- " << e.classifier->isStd
      << ", confident (p >= 0.5) " << 100 * e.classifier->confident << " %, class entropy "
      << e.classifier->classEntropy << " / ln 10 = " << std::log(10.0) << "\n";
  if (!e.model.empty()) o << "model: " << e.model << "\n";
  return o.str();
}

std::optional<EvalSummary> latestEvaluation(const std::string& checkpoint) {
  std::ifstream in(checkpoint + ".eval.jsonl");
  std::optional<EvalSummary> last;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    try {
      if (!j.is_discarded()) last = evalSummaryOf(j);
    } catch (const std::exception&) {
      // a torn or foreign line: the one before stands
    }
  }
  return last;
}

}  // namespace sdm
