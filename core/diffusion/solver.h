#pragma once
// The samplers. All share one Schedule; each is a small class in its own file. A solver calls the
// hook after every network evaluation with what it evaluated and predicted, so the studio can
// show x_t and x0 live, and checks nothing itself: cancellation happens inside the EpsModel.
#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "diffusion/eps_model.h"
#include "diffusion/noise.h"
#include "diffusion/schedule.h"

namespace sdm {

enum class SolverKind { Ddpm, DdpmStrided, Ddim, AnalyticDpm, DpmSolver, DpmSolverPP };
const char* toString(SolverKind k);       // "ddpm", "ddpm-strided", "ddim", ...
SolverKind parseSolverKind(const std::string& s);
std::vector<std::string> solverNames();

class GammaTable;

struct SolverOptions {
  SolverKind kind = SolverKind::Ddim;
  int steps = 50;               // diffusion steps; NFE for ddim and dpm-solver
  double eta = 0.0;             // ddim: 0 = the original deterministic sampler
  bool clipX0 = true;           // ddim / ddpm family: clamp x0 to [-1, 1] as the original
  std::string variance = "fixedlarge";  // ddpm, ddpm-strided: fixedlarge | fixedsmall
  bool stridedVariance = false;  // ddpm-strided: the correct strided posterior variance
  // Time grid. ddim / ddpm-strided / analytic-dpm: uniform (the original truncation grid),
  // quadratic, logSNR. dpm-solver: time_uniform, time_quadratic, logSNR, or uniform (the
  // original grid, so that order 1 equals DDIM).
  std::string skip;              // empty: the solver's default
  int order = 2;                 // dpm-solver: 1..3
  std::string method = "multistep";   // dpm-solver: multistep | singlestep | singlestep_fixed
  std::string solverType = "dpmsolver";  // dpm-solver high-order form: dpmsolver | taylor
  bool lowerOrderFinal = true;
  bool denoiseToZero = false;
  bool thresholding = false;     // dpm-solver++: clamp the data prediction to [-1, 1]
  std::shared_ptr<const GammaTable> gamma;  // analytic-dpm

  void validate() const;  // throws sdm::Error naming the bad option
  std::string describe() const;  // "ddim, 50 steps, eta 0, uniform"
};

struct Evaluation {
  int index = 0;           // 0-based network evaluation
  double modelTime = 0;    // the t given to the network (an integer timestep for most solvers)
  at::Tensor x, eps, x0;   // the input x_t, the predicted noise and the predicted clean image
};
using EvalHook = std::function<void(const Evaluation&)>;

class Solver {
 public:
  virtual ~Solver() = default;
  virtual int nfe() const = 0;  // network evaluations of one run
  virtual at::Tensor sample(at::Tensor xT, EpsModel& model, NoiseSource& noise, const EvalHook& hook) = 0;
};

std::unique_ptr<Solver> makeSolver(const SolverOptions& opt, const Schedule& schedule);

// Shared by the solvers: one evaluation at integer timestep t for the whole batch, reported.
at::Tensor evaluateAt(EpsModel& model, const at::Tensor& x, int64_t t, int index, const EvalHook& hook,
                      const std::function<at::Tensor(const at::Tensor& eps)>& x0Of);

}  // namespace sdm
