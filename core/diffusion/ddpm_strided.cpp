// Strided ancestral sampling: the original `ddpm2`. Its variance is the one-step value at t (a
// quirk kept as the default for parity); `stridedVariance` uses the correct strided posterior
// variance sigma_s^2 beta_ts / sigma_t^2.
#include <ATen/ATen.h>

#include "diffusion/solvers.h"
#include "diffusion/timesteps.h"

namespace sdm {

StridedStep stridedStep(EpsModel& model, const at::Tensor& x, int64_t t, int64_t s,
                        const Schedule& sch, bool clip, int index, const EvalHook& hook) {
  const int64_t B = x.size(0);
  at::Tensor tt = at::full({B}, t, at::kLong), ss = at::full({B}, s, at::kLong);
  auto gather64 = [&](const at::Tensor& table, const at::Tensor& idx) {
    return at::gather(table, 0, idx).view({B, 1, 1, 1});
  };
  StridedStep st;
  st.eps = model.eps(x, tt);
  st.aT = gather64(sch.sqrtAlphasBar(), tt);
  st.aS = gather64(sch.sqrtAlphasBar(), ss);
  st.sigmaT = at::sqrt(gather64(sch.oneMinusAlphasBar(), tt));
  st.sigmaS = at::sqrt(gather64(sch.oneMinusAlphasBar(), ss));
  at::Tensor aTS = st.aT / st.aS;
  st.betaTS = st.sigmaT.pow(2) - aTS.pow(2) * st.sigmaS.pow(2);
  st.x0 = st.aT.reciprocal().to(at::kFloat) * x - (st.sigmaT / st.aT).to(at::kFloat) * st.eps;
  if (clip) st.x0 = st.x0.clamp(-1., 1.);
  if (hook) hook({index, double(t), x, st.eps, st.x0});
  st.mean = (aTS * st.sigmaS.pow(2) / st.sigmaT.pow(2)).to(at::kFloat) * x +
            (st.aS * st.betaTS / st.sigmaT.pow(2)).to(at::kFloat) * st.x0;
  return st;
}

namespace {

class DdpmStrided : public Solver {
 public:
  DdpmStrided(const SolverOptions& o, const Schedule& s)
      : m_opt(o), m_s(s), m_grid(integerGrid(o.skip, o.steps, s)) {}
  int nfe() const override { return static_cast<int>(m_grid.size()); }  // + the final t = 0

  at::Tensor sample(at::Tensor x, EpsModel& model, NoiseSource& noise,
                    const EvalHook& hook) override {
    const at::Tensor& logVarTable =
        m_opt.variance == Variance::FixedSmall ? m_s.logVarFixedSmall() : m_s.logVarFixedLarge();
    int index = 0;
    for (std::size_t i = 0; i + 1 < m_grid.size(); ++i, ++index) {
      const int64_t t = m_grid[i], s = m_grid[i + 1];
      StridedStep st = stridedStep(model, x, t, s, m_s, m_opt.clipX0, index, hook);
      at::Tensor stddev;
      if (m_opt.stridedVariance) {
        stddev = at::sqrt(st.sigmaS.pow(2) * st.betaTS / st.sigmaT.pow(2)).to(at::kFloat);
      } else {
        stddev = at::exp(0.5 * Schedule::extract(logVarTable, at::full({x.size(0)}, t, at::kLong)));
      }
      x = st.mean + stddev * noise.next(x);
    }
    return ancestralFinalStep(model, x, m_s, index, hook, m_opt.clipX0);
  }

 private:
  SolverOptions m_opt;
  const Schedule& m_s;
  std::vector<int64_t> m_grid;
};

}  // namespace

std::unique_ptr<Solver> makeDdpmStrided(const SolverOptions& opt, const Schedule& schedule) {
  return std::make_unique<DdpmStrided>(opt, schedule);
}

}  // namespace sdm
