// DDIM (Song et al. 2021) exactly as SDDPM/SDM's sampler for eta = 0, with eta as a parameter.
#include <ATen/ATen.h>

#include "diffusion/solvers.h"
#include "diffusion/timesteps.h"

namespace sdm {

at::Tensor ddimStep(const Schedule& sch, const at::Tensor& x, const at::Tensor& eps, int64_t t,
                    int64_t s, double eta, bool clip, NoiseSource* noise, at::Tensor* x0Out,
                    bool rederiveEps) {
  const int64_t B = x.size(0);
  at::Tensor tt = at::full({B}, t, at::kLong), ss = at::full({B}, s, at::kLong);
  at::Tensor aT = Schedule::extract(sch.sqrtAlphasBar(), tt);
  at::Tensor sigmaT = at::sqrt(Schedule::extract(sch.oneMinusAlphasBar(), tt));
  at::Tensor aS = Schedule::extract(sch.sqrtAlphasBar(), ss);
  at::Tensor x0 = (x - eps * sigmaT) / aT;
  if (clip) x0 = x0.clamp(-1., 1.);
  if (x0Out) *x0Out = x0;
  at::Tensor c1 = eta * at::sqrt((1 - aT.pow(2) / aS.pow(2)) * (1 - aS.pow(2)) / (1 - aT.pow(2)));
  at::Tensor c2 = at::sqrt((1 - aS.pow(2)) - c1.pow(2));
  // The original reuses the network's eps after clamping x0; re-deriving it keeps the step a DDIM
  // step of the clamped prediction (x_s then lies on the line from x0 through x_t).
  const at::Tensor direction = clip && rederiveEps ? (x - aT * x0) / sigmaT : eps;
  at::Tensor out = aS * x0 + c2 * direction;
  if (eta != 0 && noise) out = out + c1 * noise->next(x);
  return out;
}

namespace {

class Ddim : public Solver {
 public:
  Ddim(const SolverOptions& o, const Schedule& s)
      : m_opt(o), m_s(s), m_grid(integerGrid(o.skip, o.steps, s)) {}
  int nfe() const override { return static_cast<int>(m_grid.size()) - 1; }

  at::Tensor sample(at::Tensor x, EpsModel& model, NoiseSource& noise,
                    const EvalHook& hook) override {
    const int64_t B = x.size(0);
    for (std::size_t i = 0; i + 1 < m_grid.size(); ++i) {
      at::Tensor eps = model.eps(x, at::full({B}, m_grid[i], at::kLong));
      at::Tensor x0;
      at::Tensor next = ddimStep(m_s, x, eps, m_grid[i], m_grid[i + 1], m_opt.eta, m_opt.clipX0,
                                 &noise, &x0, m_opt.rederiveEps);
      if (hook) hook({static_cast<int>(i), double(m_grid[i]), x, eps, x0});
      x = next;
    }
    return x;  // at timestep 0 (alpha_bar_0 = 0.9999), not clipped, as the original
  }

 private:
  SolverOptions m_opt;
  const Schedule& m_s;
  std::vector<int64_t> m_grid;
};

}  // namespace

std::unique_ptr<Solver> makeDdim(const SolverOptions& opt, const Schedule& schedule) {
  return std::make_unique<Ddim>(opt, schedule);
}

}  // namespace sdm
