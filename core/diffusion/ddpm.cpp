// DDPM ancestral sampling over all training timesteps, as SDDPM's `ddpm` sampler (x0 clipped
// before forming the posterior mean; fixedlarge or fixedsmall variance; explicit x0 at t = 0).
#include <ATen/ATen.h>

#include "diffusion/solvers.h"
#include "util/error.h"

namespace sdm {

at::Tensor ancestralFinalStep(EpsModel& model, const at::Tensor& x, const Schedule& s, int index,
                              const EvalHook& hook, bool clip) {
  at::Tensor t0 = at::zeros({x.size(0)}, at::kLong);
  at::Tensor a = Schedule::extract(s.sqrtAlphasBar(), t0);
  at::Tensor sigma = at::sqrt(Schedule::extract(s.oneMinusAlphasBar(), t0));
  at::Tensor beta = 1 - a.pow(2);
  at::Tensor eps = model.eps(x, t0);
  at::Tensor x0 = a.reciprocal() * (x - eps * beta / sigma);
  if (clip) x0 = x0.clamp(-1, 1);
  if (hook) hook({index, 0.0, x, eps, x0});
  return x0;
}

namespace {

class Ddpm : public Solver {
 public:
  Ddpm(const SolverOptions& o, const Schedule& s) : m_opt(o), m_s(s) {
    if (o.steps != s.size())
      throw Error("ddpm runs all " + std::to_string(s.size()) +
                  " timesteps; for fewer steps use ddpm-strided (or ddim)");
  }
  int nfe() const override { return m_s.size(); }

  at::Tensor sample(at::Tensor x, EpsModel& model, NoiseSource& noise,
                    const EvalHook& hook) override {
    const int64_t B = x.size(0);
    const at::Tensor& logVarTable =
        m_opt.variance == Variance::FixedSmall ? m_s.logVarFixedSmall() : m_s.logVarFixedLarge();
    int index = 0;
    for (int64_t t = m_s.size() - 1; t > 0; --t, ++index) {
      at::Tensor tt = at::full({B}, t, at::kLong);
      at::Tensor eps = model.eps(x, tt);
      at::Tensor x0 = Schedule::extract(m_s.sqrtRecipAlphasBar(), tt) * x -
                      Schedule::extract(m_s.sqrtRecipm1AlphasBar(), tt) * eps;
      if (m_opt.clipX0) x0 = x0.clamp(-1., 1.);
      if (hook) hook({index, double(t), x, eps, x0});
      at::Tensor mean = Schedule::extract(m_s.posteriorMeanCoef1(), tt) * x0 +
                        Schedule::extract(m_s.posteriorMeanCoef2(), tt) * x;
      at::Tensor logVar = Schedule::extract(logVarTable, tt);
      x = mean + at::exp(0.5 * logVar) * noise.next(x);
    }
    return ancestralFinalStep(model, x, m_s, index, hook, m_opt.clipX0);
  }

 private:
  SolverOptions m_opt;
  const Schedule& m_s;
};

}  // namespace

std::unique_ptr<Solver> makeDdpm(const SolverOptions& opt, const Schedule& schedule) {
  return std::make_unique<Ddpm>(opt, schedule);
}

}  // namespace sdm
