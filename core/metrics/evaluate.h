#pragma once
// One offline evaluation of a model's samples (or of an anchor: real images, pure noise) as a
// Torch-free request, shared by `sdm-cli eval`, the studio's Evaluate action and the job queue.
// The result is one labelled JSON object; it is appended to the output file as a JSON line.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "diffusion/options.h"
#include "metrics/eval_summary.h"
#include "model/load_options.h"
#include "model/precision.h"
#include "util/cancel.h"

namespace sdm {

struct EvalRequest {
  std::string anchor = "model";  // model, real (training images: the floor) or noise (the ceiling)
  std::string checkpoint;        // anchor model
  LoadOptions load;
  QuantLoadOptions quant;  // ANN2SNN models (bit, SNN steps); weights come from `load`
  SolverOptions solver;    // steps <= 0: the solver's default for the model
  std::string gammaPath;   // analytic-dpm, when solver.gamma is not set
  std::string noisePath;   // x_T from a tensor file instead of the seed (its batch must be n)
  NoiseMode noiseMode = NoiseMode::PerImage;
  uint64_t seed = 0;
  int n = 1000;
  double threshold = 1.0;
  int microBatch = 1;
  Precision precision = Precision::Exact;  // Spk_UNet models; ANN2SNN models run exact
  std::string classifier;                  // empty: the bundled Fashion-MNIST classifier
  std::string inception;  // TorchScript Inception: standard FID / IS (needs refStats)
  std::string refStats;   // empty: the bundled Fashion-MNIST test statistics
  bool kid = true;        // needs the real test images
  std::string dataset = "fashion-mnist", dataDir;  // real images for KID and the real anchor
  // Study cells: energy per image from the mean firing rate of every IF layer during sampling
  // (Spk_UNet models; result "energy"), and a PNG of the first 16 samples (the reference grid,
  // nrow 8, as `sdm-cli sample` writes it) with the result as its provenance text.
  bool energy = false;
  std::string energyPreset = "fp32";
  std::string gridOut;
  // Where the JSON line is appended. Empty: <checkpoint>.eval.jsonl for the model anchor, nothing
  // otherwise. "-": nowhere.
  std::string outJson;

  std::string outputPath() const;
};

// The request as JSON (persisted job queues, study fingerprints); the ANN2SNN options are not
// carried (jobs of those kinds keep their own).
void to_json(nlohmann::json& j, const EvalRequest& r);
void from_json(const nlohmann::json& j, EvalRequest& r);

struct EvalProgress {
  enum class Stage { Loading, Sampling, Scoring, Done } stage = Stage::Loading;
  int done = 0, total = 0;  // network evaluations while sampling
  double elapsedSeconds = 0;
};
const char* toString(EvalProgress::Stage s);  // "loading", "sampling", "scoring", "done"

// Throws sdm::Error on bad input and sdm::Cancelled when cancelled (nothing is written then).
// The JSON holds anchor, n, seed, checkpoint, weights, ema, sampler, threshold, scores,
// seconds (sampling time) and evaluations (NFE), and energy when asked, as the JSON line written
// to outputPath().
nlohmann::json evaluate(const EvalRequest& request,
                        const std::function<void(const EvalProgress&)>& onProgress,
                        const CancelToken& cancel);

// "FD (studio classifier …) = 12.3456   (N=1000, model, ddim, 50 steps …, seed 0, EMA weights)"
// (with ", IF threshold 0.95" before the ")" under threshold guidance) and the KID /
// IS-analogue lines, as `sdm-cli eval` prints them.
std::string evalSummaryText(const nlohmann::json& result);

}  // namespace sdm
