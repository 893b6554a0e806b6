#pragma once
// Sampler options as plain data (no Torch), shared by the CLI, the studio and the engine.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sdm {

enum class SolverKind { Ddpm, DdpmStrided, Ddim, AnalyticDpm, DpmSolver, DpmSolverPP };
// ddpm, ddpm-strided: the posterior variance of a step.
enum class Variance { FixedLarge, FixedSmall };
// The time grid. Default: the solver's own (Uniform for the integer-time solvers, TimeUniform for
// DPM-Solver). Uniform is the original truncation grid; DPM-Solver takes it too (so that order 1
// equals DDIM). Quadratic: integer-time solvers only; TimeUniform, TimeQuadratic: DPM-Solver only.
enum class TimeGrid { Default, Uniform, Quadratic, LogSnr, TimeUniform, TimeQuadratic };
enum class DpmMethod { Multistep, Singlestep, SinglestepFixed };
enum class DpmSolverType { DpmSolver, Taylor };  // the high-order update's form

// One string table for every option (options.cpp): the names the CLI, JSON, the provenance
// record and the studio's settings use. parse* throw sdm::Error naming the choices.
const char* toString(SolverKind k);     // "ddpm", "ddpm-strided", "ddim", ...
const char* toString(Variance v);       // "fixedlarge", "fixedsmall"
const char* toString(TimeGrid g);       // "" (Default), "uniform", "quadratic", "logSNR", ...
const char* toString(DpmMethod m);      // "multistep", "singlestep", "singlestep_fixed"
const char* toString(DpmSolverType t);  // "dpmsolver", "taylor"
SolverKind parseSolverKind(const std::string& s);  // also the original code's "ddpm2"
Variance parseVariance(const std::string& s);
TimeGrid parseTimeGrid(const std::string& s);  // "" is Default
DpmMethod parseDpmMethod(const std::string& s);
DpmSolverType parseDpmSolverType(const std::string& s);
std::vector<std::string> solverNames();
std::vector<std::string> varianceNames();
std::vector<std::string> dpmMethodNames();
std::vector<std::string> dpmSolverTypeNames();
// DPM-Solver or DPM-Solver++: the continuous-time solvers with order, method and solver type.
bool isDpmSolver(SolverKind k);
// The steps a solver runs when none are given: DDPM every training timestep, DPM-Solver 20, the
// others 50 (the original scripts' defaults).
int defaultSteps(SolverKind k, int trainingTimesteps);
// The grids a solver accepts, its default first (Default itself not listed; none for DDPM).
std::vector<TimeGrid> timeGridsFor(SolverKind k);

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
  Variance variance = Variance::FixedLarge;  // ddpm, ddpm-strided
  bool stridedVariance = false;              // ddpm-strided: the correct strided posterior variance
  TimeGrid skip = TimeGrid::Default;         // not ddpm
  int order = 2;                             // dpm-solver: 1..3
  DpmMethod method = DpmMethod::Multistep;   // dpm-solver
  DpmSolverType solverType = DpmSolverType::DpmSolver;  // dpm-solver
  bool lowerOrderFinal = true;
  bool denoiseToZero = false;
  bool thresholding = false;                // dpm-solver++: clamp the data prediction to [-1, 1]
  std::shared_ptr<const GammaTable> gamma;  // analytic-dpm

  void validate() const;         // throws sdm::Error naming the bad option
  TimeGrid grid() const;         // skip, with Default resolved to the solver's own
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
