#pragma once
// The studio's view of the core: Torch-free, so Qt code (widgets, moc'ed headers) never sees a
// LibTorch type. One Engine lives on one worker thread: it holds the loaded model and runs
// generations, reporting a frame after every network evaluation.
#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diffusion/options.h"
#include "engine/model_info.h"
#include "io/png.h"
#include "model/config.h"
#include "model/load_options.h"
#include "model/precision.h"
#include "probe/energy.h"
#include "probe/spike_record.h"
#include "util/cancel.h"

namespace sdm {

struct GenerateParams {
  SolverOptions solver;
  std::string gammaPath;  // analytic-dpm
  int batch = 4;
  uint64_t seed = 0;
  NoiseMode noiseMode = NoiseMode::PerImage;
  float threshold = 1.0f;
  int microBatch = 1;
  bool recordSpikes = true;
  RecordOptions record;
  int trajectoryImages = 16;  // images kept in every frame (the trajectory strip)
  std::string energyPreset = "fp32";
  Precision precision = Precision::Exact;  // Spk_UNet models; ANN2SNN models run exact
};

struct GenerationFrame {
  int evaluation = 0, total = 0;
  double modelTime = 0, elapsedSeconds = 0;
  std::vector<io::Image8> xt, x0;            // the first trajectoryImages images
  std::shared_ptr<const EvalRecord> spikes;  // null when not recording
};

struct GenerationResult {
  std::vector<io::Image8> images;  // every sample
  io::Image8 grid;                 // reference-style grid (nrow 8)
  std::vector<float> samples;      // [B, C, H, W] in model space, for exports
  std::vector<int64_t> shape;
  nlohmann::json provenance;
  bool cancelled = false;
  int evaluations = 0;
  double seconds = 0;
  std::shared_ptr<const SpikeRun> spikes;
  std::optional<EnergyEstimate> energy;  // per image per evaluation, from the run's mean rates
  std::vector<GenerationFrame> frames;   // the trajectory, for scrubbing after the run
};

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Throws sdm::Error with one line; the previously loaded model stays loaded then.
  ModelInfo load(const std::string& path, const LoadOptions& options);
  bool hasModel() const;
  const ModelInfo& info() const;

  GenerationResult generate(const GenerateParams& params,
                            const std::function<void(const GenerationFrame&)>& onFrame,
                            const CancelToken& cancel);

  // One evaluation of noise in `like`'s precision at the batch its runs will use (one chunk of
  // the fast forms at most), unrecorded: prepares that mode's weights and oneDNN's kernels for
  // those shapes, which the first run after a load otherwise pays. Returns false (and logs
  // nothing) when the model cannot run that way.
  bool warmUp(const GenerateParams& like);

  // Exports (PNG text = the result's provenance).
  static void writeGrid(const GenerationResult& r, const std::string& path, int nrow,
                        bool torchvisionStyle);
  static void writeTrajectoryStrip(const GenerationResult& r, const std::string& path,
                                   bool predictedX0, int maxColumns);
  static void writeSamplesTensor(const GenerationResult& r, const std::string& path);
  // Any image (e.g. the studio's labelled comparison grid) with a provenance JSON as PNG text.
  static void writeImage(const io::Image8& image, const std::string& path,
                         const nlohmann::json& provenance);

  // Network evaluations (NFE) a solver makes with these options on a model trained with
  // trainingTimesteps; throws sdm::Error when the options are invalid. Analytic-DPM is counted
  // without its Gamma file. Thread-safe (pure).
  static int evaluationsFor(const SolverOptions& options, int trainingTimesteps = 1000);

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace sdm
