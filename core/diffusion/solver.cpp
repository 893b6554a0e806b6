#include "diffusion/solver.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "diffusion/solvers.h"
#include "util/error.h"

namespace sdm {

const char* toString(SolverKind k) {
  switch (k) {
    case SolverKind::Ddpm:
      return "ddpm";
    case SolverKind::DdpmStrided:
      return "ddpm-strided";
    case SolverKind::Ddim:
      return "ddim";
    case SolverKind::AnalyticDpm:
      return "analytic-dpm";
    case SolverKind::DpmSolver:
      return "dpm-solver";
    case SolverKind::DpmSolverPP:
      return "dpm-solver++";
  }
  return "?";
}

std::vector<std::string> solverNames() {
  return {"ddpm", "ddpm-strided", "ddim", "analytic-dpm", "dpm-solver", "dpm-solver++"};
}

SolverKind parseSolverKind(const std::string& s) {
  for (auto k : {SolverKind::Ddpm, SolverKind::DdpmStrided, SolverKind::Ddim,
                 SolverKind::AnalyticDpm, SolverKind::DpmSolver, SolverKind::DpmSolverPP})
    if (s == toString(k)) return k;
  if (s == "ddpm2") return SolverKind::DdpmStrided;  // the original code's name
  throw Error("unknown solver '" + s +
              "' (use ddpm, ddpm-strided, ddim, analytic-dpm, dpm-solver, dpm-solver++)");
}

void SolverOptions::validate() const {
  if (steps < 1 || steps > 100000)
    throw Error("steps must be at least 1, got " + std::to_string(steps));
  if (eta < 0 || eta > 1) throw Error("eta must be in [0, 1], got " + std::to_string(eta));
  if (variance != "fixedlarge" && variance != "fixedsmall")
    throw Error("variance must be fixedlarge or fixedsmall, got '" + variance + "'");
  const bool dpm = kind == SolverKind::DpmSolver || kind == SolverKind::DpmSolverPP;
  if (dpm) {
    if (order < 1 || order > 3) throw Error("dpm-solver order must be 1, 2 or 3");
    if (method != "multistep" && method != "singlestep" && method != "singlestep_fixed")
      throw Error("dpm-solver method must be multistep, singlestep or singlestep_fixed");
    if (solverType != "dpmsolver" && solverType != "taylor")
      throw Error("dpm-solver type must be dpmsolver or taylor");
    if (method == "multistep" && steps < order)
      throw Error("multistep dpm-solver needs steps >= order");
    if (!skip.empty() && skip != "time_uniform" && skip != "time_quadratic" && skip != "logSNR" &&
        skip != "uniform")
      throw Error("dpm-solver time grid must be time_uniform, time_quadratic, logSNR or uniform");
  } else if (!skip.empty() && skip != "uniform" && skip != "quadratic" && skip != "logSNR") {
    throw Error("time grid must be uniform, quadratic or logSNR");
  }
}

void to_json(nlohmann::json& j, const SolverOptions& s) {
  j = {{"solver", toString(s.kind)},
       {"steps", s.steps},
       {"eta", s.eta},
       {"clip_x0", s.clipX0},
       {"rederive_eps", s.rederiveEps},
       {"variance", s.variance},
       {"strided_variance", s.stridedVariance},
       {"skip", s.skip},
       {"order", s.order},
       {"method", s.method},
       {"solver_type", s.solverType},
       {"lower_order_final", s.lowerOrderFinal},
       {"denoise_to_zero", s.denoiseToZero},
       {"thresholding", s.thresholding}};
}

void from_json(const nlohmann::json& j, SolverOptions& s) {
  s.kind = parseSolverKind(j.value("solver", std::string(toString(s.kind))));
  s.steps = j.value("steps", s.steps);
  s.eta = j.value("eta", s.eta);
  s.clipX0 = j.value("clip_x0", s.clipX0);
  s.rederiveEps = j.value("rederive_eps", s.rederiveEps);
  s.variance = j.value("variance", s.variance);
  s.stridedVariance = j.value("strided_variance", s.stridedVariance);
  s.skip = j.value("skip", s.skip);
  s.order = j.value("order", s.order);
  s.method = j.value("method", s.method);
  s.solverType = j.value("solver_type", s.solverType);
  s.lowerOrderFinal = j.value("lower_order_final", s.lowerOrderFinal);
  s.denoiseToZero = j.value("denoise_to_zero", s.denoiseToZero);
  s.thresholding = j.value("thresholding", s.thresholding);
}

std::string SolverOptions::describe() const {
  std::ostringstream os;
  os << toString(kind) << ", " << steps << " steps";
  switch (kind) {
    case SolverKind::Ddim:
      os << ", eta " << eta << ", " << (skip.empty() ? "uniform" : skip);
      if (rederivesEps()) os << ", eps re-derived from the clamped x0";
      break;
    case SolverKind::Ddpm:
      os << ", " << variance;
      break;
    case SolverKind::DdpmStrided:
      os << ", " << (stridedVariance ? "strided variance" : variance + " (original)") << ", "
         << (skip.empty() ? "uniform" : skip);
      break;
    case SolverKind::AnalyticDpm:
      os << ", " << (skip.empty() ? "uniform" : skip);
      break;
    default:
      os << ", order " << order << ", " << method << ", " << (skip.empty() ? "time_uniform" : skip);
  }
  return os.str();
}

at::Tensor evaluateAt(EpsModel& model, const at::Tensor& x, int64_t t, int index,
                      const EvalHook& hook,
                      const std::function<at::Tensor(const at::Tensor& eps)>& x0Of) {
  at::Tensor tt = at::full({x.size(0)}, t, at::kLong);
  at::Tensor eps = model.eps(x, tt);
  if (hook) hook({index, double(t), x, eps, x0Of(eps)});
  return eps;
}

std::unique_ptr<Solver> makeSolver(const SolverOptions& opt, const Schedule& schedule) {
  opt.validate();
  switch (opt.kind) {
    case SolverKind::Ddpm:
      return makeDdpm(opt, schedule);
    case SolverKind::DdpmStrided:
      return makeDdpmStrided(opt, schedule);
    case SolverKind::Ddim:
      return makeDdim(opt, schedule);
    case SolverKind::AnalyticDpm:
      return makeAnalyticDpm(opt, schedule);
    case SolverKind::DpmSolver:
    case SolverKind::DpmSolverPP:
      return makeDpmSolver(opt, schedule);
  }
  throw Error("unknown solver");
}

}  // namespace sdm
