#pragma once
// The sampling flags shared by `sample`, `gamma`, `bench` and `eval`.
#include <CLI/CLI.hpp>

#include <string>

#include "diffusion/sampler.h"
#include "model/loader.h"
#include "probe/spike_record.h"

namespace sdm::cli {

struct SamplingCli {
  std::string checkpoint, weights = "auto", solver = "ddim", skip, method = "multistep",
                          solverType = "dpmsolver";
  std::string variance = "fixedlarge", gamma, noise, noiseMode = "per-image";
  std::string precision = "exact";
  int snnSteps = 0, steps = -1, order = 2, batch = 8, microBatch = 1, rasterNeurons = 256,
      tracedNeurons = 4;
  double threshold = 1.0, eta = 0.0;
  uint64_t seed = 0;
  bool stridedVariance = false, noClip = false, rederiveEps = false, denoiseToZero = false,
       thresholding = false, noLowerOrderFinal = false;

  LoadOptions loadOptions() const;
  SolverOptions solverOptions() const;  // steps as given (<= 0: the solver's default)
  SampleRequest request(const ModelConfig& config) const;  // reads --noise and --gamma files
  RecordOptions recordOptions() const;
  Precision precisionMode() const;  // throws when the mode cannot run on this CPU
};

void addSamplingOptions(CLI::App* sub, SamplingCli& s, bool requireCheckpoint = true);

}  // namespace sdm::cli
