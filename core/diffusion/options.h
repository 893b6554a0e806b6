#pragma once
// Sampler options as plain data (no Torch), shared by the CLI, the studio and the engine.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sdm {

enum class SolverKind { Ddpm, DdpmStrided, Ddim, AnalyticDpm, DpmSolver, DpmSolverPP };
const char* toString(SolverKind k);  // "ddpm", "ddpm-strided", "ddim", ...
SolverKind parseSolverKind(const std::string& s);
std::vector<std::string> solverNames();

class GammaTable;

struct SolverOptions {
  SolverKind kind = SolverKind::Ddim;
  int steps = 50;      // diffusion steps; NFE for ddim and dpm-solver
  double eta = 0.0;    // ddim: 0 = the original deterministic sampler
  bool clipX0 = true;  // ddim / ddpm family: clamp x0 to [-1, 1] as the original
  // ddim with clipX0: derive eps from the clamped x0 (diffusers' DDIMScheduler) instead of reusing
  // the network's unclamped eps (the original). See docs/samplers.md for when it matters.
  bool rederiveEps = false;
  // Whether a step actually re-derives eps (DDIM, clamping on, asked for): what labels report.
  bool rederivesEps() const { return kind == SolverKind::Ddim && clipX0 && rederiveEps; }
  std::string variance = "fixedlarge";  // ddpm, ddpm-strided: fixedlarge | fixedsmall
  bool stridedVariance = false;         // ddpm-strided: the correct strided posterior variance
  // Time grid. ddim / ddpm-strided / analytic-dpm: uniform (the original truncation grid),
  // quadratic, logSNR. dpm-solver: time_uniform, time_quadratic, logSNR, or uniform (the
  // original grid, so that order 1 equals DDIM).
  std::string skip;                      // empty: the solver's default
  int order = 2;                         // dpm-solver: 1..3
  std::string method = "multistep";      // dpm-solver: multistep | singlestep | singlestep_fixed
  std::string solverType = "dpmsolver";  // dpm-solver high-order form: dpmsolver | taylor
  bool lowerOrderFinal = true;
  bool denoiseToZero = false;
  bool thresholding = false;                // dpm-solver++: clamp the data prediction to [-1, 1]
  std::shared_ptr<const GammaTable> gamma;  // analytic-dpm

  void validate() const;         // throws sdm::Error naming the bad option
  std::string describe() const;  // "ddim, 50 steps, eta 0, uniform"
};

// The options as JSON (solver, steps, eta, clip_x0, ...; the Gamma table is not data): the one
// mapping that evaluation and study requests, and through them the studio's queue, persist.
// Reading keeps the fields that `j` does not name.
void to_json(nlohmann::json& j, const SolverOptions& s);
void from_json(const nlohmann::json& j, SolverOptions& s);

// All randomness of sampling comes from seeded CPU generators, so a seed means the same noise on
// any machine. PerImage (default): image i has its own generator seeded with seed + i, so an image
// does not depend on the batch it is generated in. Batch: one generator for the whole batch, as the
// original scripts do after torch.manual_seed(seed).
enum class NoiseMode { PerImage, Batch };

}  // namespace sdm
