#pragma once
// Everything needed to reproduce an image, as JSON: checkpoint (path, SHA-256, weights), model,
// sampler request (solver, steps, seeds, noise convention), threshold, micro-batch, threads,
// versions. Stored as PNG text in every image the studio writes.
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "diffusion/sampler.h"
#include "model/config.h"
#include "model/precision.h"

namespace sdm {

struct ModelIdentity {
  std::string path;
  std::string sha256;
  std::string weights;  // net_model / ema_model
  ModelConfig config;
};

struct GenerationSettings {
  float threshold = 1.0f;
  int microBatch = 1;
  Precision precision = Precision::Exact;
};

nlohmann::json provenance(const ModelIdentity& model, const SampleRequest& request, const GenerationSettings& settings);
// PNG text chunks: "parameters" (the JSON) and "Software".
std::map<std::string, std::string> pngText(const nlohmann::json& provenance);

}  // namespace sdm
