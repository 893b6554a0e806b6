#include "diffusion/solver.h"

#include <ATen/ATen.h>
#include "diffusion/solvers.h"
#include "util/error.h"

namespace sdm {

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
