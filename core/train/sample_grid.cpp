#include "train/sample_grid.h"

#include <ATen/ATen.h>

#include "diffusion/eps_model.h"
#include "diffusion/noise.h"
#include "diffusion/solver.h"
#include "model/spk_unet.h"
#include "util/error.h"

namespace sdm::train {

at::Tensor sampleForGrid(SpkUNet& model, const Schedule& schedule, const at::Tensor& xT, int steps,
                         const CancelToken* cancel) {
  at::NoGradGuard noGrad;
  const bool wasTraining = model.is_training();
  model.eval();
  SolverOptions opt;
  opt.kind = SolverKind::Ddim;
  opt.steps = steps;
  opt.rederiveEps = true;
  opt.validate();
  NetworkEpsOptions eo;
  eo.microBatch = 0;  // the whole grid per evaluation: fastest, and what the reference does
  eo.cancel = cancel;
  NetworkEps eps(model, eo);
  NoiseSource noise(NoiseMode::Batch, 0, xT.size(0));  // eta = 0 draws nothing
  at::Tensor x;
  try {
    x = makeSolver(opt, schedule)->sample(xT.to(at::kFloat), eps, noise, {});
  } catch (const Cancelled&) {
    x = at::Tensor();
  }
  model.train(wasTraining);
  return x;
}

}  // namespace sdm::train
