#include "diffusion/sampler.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "util/error.h"

namespace sdm {

nlohmann::json SampleRequest::describe() const {
  nlohmann::json j = solver;  // the options' one mapping (diffusion/options.cpp)
  // The provenance record has always named the strided posterior variance "strided".
  if (solver.stridedVariance) j["variance"] = "strided";
  j["summary"] = solver.describe();
  j["batch"] = batch;
  j["seed"] = seed;
  j["noise"] = noiseMode == NoiseMode::PerImage ? "per-image (image i uses seed + i)"
                                                : "batch (one generator)";
  j["x_T"] = xT.defined() ? "given" : "seeded";
  return j;
}

SampleResult runSampler(EpsModel& model, const Schedule& schedule, const SampleRequest& req,
                        const std::function<void(const StepFrame&)>& onStep) {
  if (req.batch < 1) throw Error("batch must be at least 1");
  at::NoGradGuard noGrad;  // per thread: every caller's thread gets it here
  auto solver = makeSolver(req.solver, schedule);
  NoiseSource noise(req.noiseMode, req.seed, req.batch);
  SampleResult result;
  if (req.xT.defined()) {
    std::vector<int64_t> want{req.batch};
    want.insert(want.end(), req.imageShape.begin(), req.imageShape.end());
    if (!req.xT.sizes().equals(want))
      throw Error("x_T has shape " + std::string(c10::str(req.xT.sizes())) + ", expected " +
                  std::string(c10::str(at::IntArrayRef(want))));
    result.xT = req.xT.to(at::kFloat).contiguous();
  } else {
    result.xT = noise.initial(req.imageShape);
  }
  const auto start = std::chrono::steady_clock::now();
  const int total = solver->nfe();
  at::Tensor latestX0;
  EvalHook hook = [&](const Evaluation& e) {
    latestX0 = e.x0;
    result.evaluations = e.index + 1;
    if (!onStep) return;
    StepFrame f;
    f.evaluation = e.index;
    f.totalEvaluations = total;
    f.modelTime = e.modelTime;
    f.elapsedSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    f.x = e.x;
    f.eps = e.eps;
    f.x0 = e.x0;
    onStep(f);
  };
  try {
    result.images = solver->sample(result.xT, model, noise, hook);
  } catch (const Cancelled&) {
    result.cancelled = true;
    result.images = latestX0.defined() ? latestX0.clamp(-1, 1) : result.xT;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sdm
