#pragma once
// Analytic-DPM's Gamma file for a checkpoint as a Torch-free request, shared by `sdm-cli gamma`
// and the studio's "Make Gamma file…" job: load the model, build the timestep grid of the
// solver's steps (or every training timestep), load training images, run estimateGamma().
// Resumable: an existing file is completed, not redone; a cancelled run keeps what it finished.
#include <cstdint>
#include <functional>
#include <string>

#include "diffusion/options.h"
#include "model/load_options.h"
#include "util/cancel.h"

namespace sdm {

struct GammaRequest {
  std::string checkpoint;
  LoadOptions load;
  std::string outPath;                // the Gamma file (an existing one is completed)
  int steps = 50;                     // the sampler's steps (<= 0: 50)
  TimeGrid skip = TimeGrid::Default;  // the sampler's time grid (Default: uniform)
  bool allTimesteps = false;          // every training timestep instead of the grid
  int64_t samplesPerTimestep = 1000;
  int batch = 50;
  uint64_t seed = 0;
  double threshold = 1.0;
  std::string dataset = "fashion-mnist", dataDir;  // training images (empty dataDir: default)
};

struct GammaProgress {
  enum class Stage { Loading, Estimating } stage = Stage::Loading;
  int64_t done = 0, total = 0;  // timesteps (resumed ones count as done)
  double elapsedSeconds = 0;
  double etaSeconds = -1;  // -1: not known yet
};

struct GammaOutcome {
  bool complete = false;  // false: cancelled, the file holds the finished timesteps
  int64_t done = 0, total = 0;
};

// Throws sdm::Error on bad input.
GammaOutcome makeGammaFile(const GammaRequest& req,
                           const std::function<void(const GammaProgress&)>& onProgress,
                           const CancelToken& cancel);

}  // namespace sdm
