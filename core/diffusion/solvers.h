#pragma once
// Factories of the individual solvers (one file each); use makeSolver() from solver.h.
#include <memory>

#include "diffusion/solver.h"

namespace sdm {

std::unique_ptr<Solver> makeDdpm(const SolverOptions& opt, const Schedule& schedule);
std::unique_ptr<Solver> makeDdpmStrided(const SolverOptions& opt, const Schedule& schedule);
std::unique_ptr<Solver> makeDdim(const SolverOptions& opt, const Schedule& schedule);
std::unique_ptr<Solver> makeAnalyticDpm(const SolverOptions& opt, const Schedule& schedule);
std::unique_ptr<Solver> makeDpmSolver(const SolverOptions& opt, const Schedule& schedule);

// The reference's last step of the ancestral samplers: at t = 0, x0 = (x - eps beta/sigma)/a,
// clipped (float32 coefficients, same expression order).
at::Tensor ancestralFinalStep(EpsModel& model, const at::Tensor& x, const Schedule& s, int index,
                              const EvalHook& hook, bool clip);

// One step t -> s of the strided ancestral samplers (the original `ddpm2` mean, in float64
// coefficients cast to float32 as the original). The float64 pieces stay for the variances.
struct StridedStep {
  at::Tensor mean, eps, x0;
  at::Tensor aT, aS, sigmaT, sigmaS, betaTS;  // float64 [B,1,1,1]
};
StridedStep stridedStep(EpsModel& model, const at::Tensor& x, int64_t t, int64_t s,
                        const Schedule& sch, bool clip, int index, const EvalHook& hook);

// One DDIM step t -> s with a given eps, the original's float32 arithmetic (eta = 0: no noise).
at::Tensor ddimStep(const Schedule& schedule, const at::Tensor& x, const at::Tensor& eps, int64_t t,
                    int64_t s, double eta, bool clip, NoiseSource* noise, at::Tensor* x0 = nullptr,
                    bool rederiveEps = false);

// Analytic-DPM's variance of the step t -> s given Gamma_t (float64).
double analyticDpmVariance(const Schedule& schedule, double gammaT, int64_t t, int64_t s);

}  // namespace sdm
