// Analytic-DPM (Bao et al. 2022) as SDM's "Analytic-SDPM": the strided ancestral mean with the
// optimal variance sigma^2 = sigma_small^2 + (a_s^2 beta_ts^2 / sigma_t^4) Cov(x0), where
// Cov(x0) = clamp((sigma_t^2 / a_t^2)(1 - Gamma_t), 0, 1) and sigma^2 is clamped to [0, 1]; the
// step that lands on s = 0 clips the variance to (2 (2/255) sqrt(pi/2))^2 (reference §5.5).
#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "diffusion/gamma.h"
#include "diffusion/solvers.h"
#include "diffusion/timesteps.h"
#include "util/error.h"

namespace sdm {

double analyticDpmVariance(const Schedule& sch, double gammaT, int64_t t, int64_t s) {
  const double abT = sch.alphaBar(t), abS = sch.alphaBar(s);
  const double sigmaT2 = 1 - abT, sigmaS2 = 1 - abS;
  const double betaTS = 1 - abT / abS;
  const double small = sigmaS2 * betaTS / sigmaT2;
  const double cov = std::clamp(sigmaT2 / abT * (1.0 - gammaT), 0.0, 1.0);
  double var = std::clamp(small + abS * betaTS * betaTS / (sigmaT2 * sigmaT2) * cov, 0.0, 1.0);
  if (s <= 0) var = std::min(var, std::pow(2.0 * 2.0 / 255.0 * std::sqrt(M_PI / 2.0), 2));
  return var;
}

namespace {

class AnalyticDpm : public Solver {
 public:
  AnalyticDpm(const SolverOptions& o, const Schedule& s) : m_opt(o), m_s(s), m_grid(integerGrid(o.skip, o.steps, s)) {
    std::vector<int64_t> needed(m_grid.begin(), m_grid.end() - 1);
    if (!o.gamma)
      throw Error("analytic-dpm needs a Gamma file: make one with `sdm-cli gamma --checkpoint CKPT --steps " +
                  std::to_string(o.steps) + " --out gamma.pt` and pass it with --gamma gamma.pt");
    auto missing = o.gamma->missing(needed);
    if (!missing.empty())
      throw Error("the Gamma file lacks " + std::to_string(missing.size()) + " of the " + std::to_string(needed.size()) +
                  " timesteps this grid needs (first: t=" + std::to_string(missing.front()) +
                  "); run `sdm-cli gamma` with the same --steps to complete it");
  }
  int nfe() const override { return static_cast<int>(m_grid.size()); }

  at::Tensor sample(at::Tensor x, EpsModel& model, NoiseSource& noise, const EvalHook& hook) override {
    int index = 0;
    for (std::size_t i = 0; i + 1 < m_grid.size(); ++i, ++index) {
      const int64_t t = m_grid[i], s = m_grid[i + 1];
      StridedStep st = stridedStep(model, x, t, s, m_s, m_opt.clipX0, index, hook);
      const double var = analyticDpmVariance(m_s, m_opt.gamma->at(t), t, s);
      x = st.mean + std::sqrt(var) * noise.next(x);
    }
    return ancestralFinalStep(model, x, m_s, index, hook, m_opt.clipX0);
  }

 private:
  SolverOptions m_opt;
  const Schedule& m_s;
  std::vector<int64_t> m_grid;
};

}  // namespace

std::unique_ptr<Solver> makeAnalyticDpm(const SolverOptions& opt, const Schedule& schedule) {
  return std::make_unique<AnalyticDpm>(opt, schedule);
}

}  // namespace sdm
