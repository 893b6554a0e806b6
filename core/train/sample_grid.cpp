#include "train/sample_grid.h"

#include <ATen/ATen.h>

#include <torch/nn/module.h>
#include "diffusion/eps_model.h"
#include "diffusion/noise.h"
#include "diffusion/solver.h"
#include "train/train_net.h"
#include "util/error.h"

namespace sdm::train {

at::Tensor sampleForGrid(TrainNet& net, const Schedule& schedule, const at::Tensor& xT, int steps,
                         const CancelToken* cancel, bool rederiveEps) {
  at::NoGradGuard noGrad;
  torch::nn::Module& model = net.module();
  const bool wasTraining = model.is_training();
  model.eval();
  SolverOptions opt;
  opt.kind = SolverKind::Ddim;
  opt.steps = steps;
  opt.rederiveEps = rederiveEps;
  opt.validate();
  // The whole grid per evaluation: fastest, and what the reference does.
  const std::unique_ptr<EpsModel> eps = net.gridEps(cancel);
  NoiseSource noise(NoiseMode::Batch, 0, xT.size(0));  // eta = 0 draws nothing
  at::Tensor x;
  try {
    x = makeSolver(opt, schedule)->sample(xT.to(at::kFloat), *eps, noise, {});
  } catch (const Cancelled&) {
    x = at::Tensor();
  }
  model.train(wasTraining);
  return x;
}

}  // namespace sdm::train
