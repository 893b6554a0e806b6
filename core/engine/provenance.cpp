#include "engine/provenance.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <chrono>
#include <ctime>

namespace sdm {

nlohmann::json provenance(const ModelIdentity& model, const SampleRequest& request, const GenerationSettings& settings) {
  nlohmann::json j;
  j["checkpoint"] = {{"path", model.path}, {"sha256", model.sha256}, {"weights", model.weights}};
  j["model"] = model.config;
  j["model"]["snn_timesteps_source"] = toString(model.config.snnStepsSource);
  j["sampler"] = request.describe();
  j["threshold"] = settings.threshold;
  j["micro_batch"] = settings.microBatch;
  j["precision"] = toString(settings.precision);
  j["threads"] = at::get_num_threads();
  j["app"] = std::string("Spiking Diffusion Studio ") + SDM_VERSION;
  j["libtorch"] = TORCH_VERSION;
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  j["created_utc"] = when;
  return j;
}

std::map<std::string, std::string> pngText(const nlohmann::json& provenance) {
  return {{"parameters", provenance.dump()}, {"Software", std::string("Spiking Diffusion Studio ") + SDM_VERSION}};
}

}  // namespace sdm
