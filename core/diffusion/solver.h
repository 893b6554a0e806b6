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
#include "diffusion/options.h"
#include "diffusion/noise.h"
#include "diffusion/schedule.h"

namespace sdm {

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
