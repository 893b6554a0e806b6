// DPM-Solver and DPM-Solver++ (Lu et al. 2022), orders 1-3, multistep / singlestep /
// singlestep_fixed, following the official dpm_solver_pytorch.py on its discrete-time schedule
// (VpSchedule). Scalars are computed in float64; `steps` counts network evaluations.
#include <ATen/ATen.h>

#include <cmath>

#include "diffusion/solvers.h"
#include "diffusion/timesteps.h"
#include "diffusion/vp_schedule.h"
#include "util/error.h"

namespace sdm {
namespace {

class DpmSolver : public Solver {
 public:
  DpmSolver(const SolverOptions& o, const Schedule& s)
      : m_opt(o), m_sched(s), m_vp(s), m_pp(o.kind == SolverKind::DpmSolverPP), m_skip(o.grid()) {}

  int nfe() const override {
    int n = m_opt.steps;
    if (m_opt.method == DpmMethod::SinglestepFixed) n = (m_opt.steps / m_opt.order) * m_opt.order;
    return n + (m_opt.denoiseToZero ? 1 : 0);
  }

  at::Tensor sample(at::Tensor x, EpsModel& model, NoiseSource&, const EvalHook& hook) override {
    m_model = &model;
    m_hook = &hook;
    m_index = 0;
    const double tT = 1.0, t0 = 1.0 / m_vp.total();
    if (m_opt.method == DpmMethod::Multistep) {
      x = multistep(x, timeSteps(m_skip, tT, t0, m_opt.steps));
    } else {
      x = singlestep(x, tT, t0);
    }
    if (m_opt.denoiseToZero) x = dataPrediction(x, t0);
    return x;
  }

 private:
  // ---- time grids (get_time_steps) ----
  std::vector<double> timeSteps(TimeGrid skip, double tT, double t0, int n) const {
    std::vector<double> ts;
    if (skip == TimeGrid::Uniform) {  // the original integer grid, in continuous time
      for (int64_t k : integerGrid(TimeGrid::Uniform, n, m_sched))
        ts.push_back(m_vp.continuousTime(double(k)));
      if (static_cast<int>(ts.size()) != n + 1)
        throw Error("the uniform grid has no " + std::to_string(n) + " distinct steps");
      return ts;
    }
    for (int i = 0; i <= n; ++i) {
      const double f = double(i) / n;
      if (skip == TimeGrid::TimeUniform) {
        ts.push_back(tT + (t0 - tT) * f);
      } else if (skip == TimeGrid::TimeQuadratic) {
        const double r = std::sqrt(tT) + (std::sqrt(t0) - std::sqrt(tT)) * f;
        ts.push_back(r * r);
      } else {  // logSNR
        const double lT = m_vp.lambda(tT), l0 = m_vp.lambda(t0);
        ts.push_back(m_vp.inverseLambda(lT + (l0 - lT) * f));
      }
    }
    return ts;
  }

  // ---- model ----
  at::Tensor noisePrediction(const at::Tensor& x, double t) {
    const double mt = m_vp.modelTime(t);
    at::Tensor tt = std::round(mt) == mt
                        ? at::full({x.size(0)}, static_cast<int64_t>(mt), at::kLong)
                        : at::full({x.size(0)}, mt, at::kDouble);
    at::Tensor eps = m_model->eps(x, tt);
    at::Tensor x0 = (x - m_vp.sigma(t) * eps) / m_vp.alpha(t);
    if (m_pp && m_opt.thresholding) x0 = x0.clamp(-1., 1.);
    if (*m_hook) (*m_hook)({m_index, mt, x, eps, x0});
    ++m_index;
    m_lastX0 = x0;
    return eps;
  }
  at::Tensor dataPrediction(const at::Tensor& x, double t) {
    noisePrediction(x, t);
    return m_lastX0;
  }
  at::Tensor modelFn(const at::Tensor& x, double t) {
    return m_pp ? dataPrediction(x, t) : noisePrediction(x, t);
  }

  // ---- updates ----
  at::Tensor firstUpdate(const at::Tensor& x, double s, double t, const at::Tensor& ms) const {
    const double h = m_vp.lambda(t) - m_vp.lambda(s);
    if (m_pp) return (m_vp.sigma(t) / m_vp.sigma(s)) * x - (m_vp.alpha(t) * std::expm1(-h)) * ms;
    return std::exp(m_vp.logAlpha(t) - m_vp.logAlpha(s)) * x - (m_vp.sigma(t) * std::expm1(h)) * ms;
  }

  at::Tensor singlestepSecond(const at::Tensor& x, double s, double t, double r1,
                              const at::Tensor& ms) {
    const double ls = m_vp.lambda(s), h = m_vp.lambda(t) - ls;
    const double s1 = m_vp.inverseLambda(ls + r1 * h);
    const bool taylor = m_opt.solverType == DpmSolverType::Taylor;
    if (m_pp) {
      const double phi11 = std::expm1(-r1 * h), phi1 = std::expm1(-h), aT = m_vp.alpha(t);
      at::Tensor xs1 = (m_vp.sigma(s1) / m_vp.sigma(s)) * x - (m_vp.alpha(s1) * phi11) * ms;
      at::Tensor ms1 = modelFn(xs1, s1);
      at::Tensor base = (m_vp.sigma(t) / m_vp.sigma(s)) * x - (aT * phi1) * ms;
      return taylor ? base + (1. / r1) * (aT * (phi1 / h + 1.)) * (ms1 - ms)
                    : base - (0.5 / r1) * (aT * phi1) * (ms1 - ms);
    }
    const double phi11 = std::expm1(r1 * h), phi1 = std::expm1(h), sT = m_vp.sigma(t);
    at::Tensor xs1 =
        std::exp(m_vp.logAlpha(s1) - m_vp.logAlpha(s)) * x - (m_vp.sigma(s1) * phi11) * ms;
    at::Tensor ms1 = modelFn(xs1, s1);
    at::Tensor base = std::exp(m_vp.logAlpha(t) - m_vp.logAlpha(s)) * x - (sT * phi1) * ms;
    return taylor ? base - (1. / r1) * (sT * (phi1 / h - 1.)) * (ms1 - ms)
                  : base - (0.5 / r1) * (sT * phi1) * (ms1 - ms);
  }

  at::Tensor singlestepThird(const at::Tensor& x, double s, double t, double r1, double r2,
                             const at::Tensor& ms) {
    const double ls = m_vp.lambda(s), h = m_vp.lambda(t) - ls;
    const double s1 = m_vp.inverseLambda(ls + r1 * h), s2 = m_vp.inverseLambda(ls + r2 * h);
    const bool taylor = m_opt.solverType == DpmSolverType::Taylor;
    const double sgn = m_pp ? -1.0 : 1.0;  // ++ works in -h
    const double phi11 = std::expm1(sgn * r1 * h), phi12 = std::expm1(sgn * r2 * h),
                 phi1 = std::expm1(sgn * h);
    const double phi22 = std::expm1(sgn * r2 * h) / (r2 * h) + (m_pp ? 1. : -1.);
    const double phi2 = phi1 / h + (m_pp ? 1. : -1.), phi3 = phi2 / h - 0.5;
    auto combine = [&](const at::Tensor& ms1, const at::Tensor& ms2) {
      const at::Tensor d10 = (1. / r1) * (ms1 - ms), d11 = (1. / r2) * (ms2 - ms);
      const at::Tensor d1 = (r2 * d10 - r1 * d11) / (r2 - r1), d2 = 2. * (d11 - d10) / (r2 - r1);
      return std::make_pair(d1, d2);
    };
    if (m_pp) {
      const double aT = m_vp.alpha(t);
      at::Tensor xs1 = (m_vp.sigma(s1) / m_vp.sigma(s)) * x - (m_vp.alpha(s1) * phi11) * ms;
      at::Tensor ms1 = modelFn(xs1, s1);
      at::Tensor xs2 = (m_vp.sigma(s2) / m_vp.sigma(s)) * x - (m_vp.alpha(s2) * phi12) * ms +
                       r2 / r1 * (m_vp.alpha(s2) * phi22) * (ms1 - ms);
      at::Tensor ms2 = modelFn(xs2, s2);
      at::Tensor base = (m_vp.sigma(t) / m_vp.sigma(s)) * x - (aT * phi1) * ms;
      if (!taylor) return base + (1. / r2) * (aT * phi2) * (ms2 - ms);
      auto [d1, d2] = combine(ms1, ms2);
      return base + (aT * phi2) * d1 - (aT * phi3) * d2;
    }
    const double sT = m_vp.sigma(t);
    at::Tensor xs1 =
        std::exp(m_vp.logAlpha(s1) - m_vp.logAlpha(s)) * x - (m_vp.sigma(s1) * phi11) * ms;
    at::Tensor ms1 = modelFn(xs1, s1);
    at::Tensor xs2 = std::exp(m_vp.logAlpha(s2) - m_vp.logAlpha(s)) * x -
                     (m_vp.sigma(s2) * phi12) * ms -
                     r2 / r1 * (m_vp.sigma(s2) * phi22) * (ms1 - ms);
    at::Tensor ms2 = modelFn(xs2, s2);
    at::Tensor base = std::exp(m_vp.logAlpha(t) - m_vp.logAlpha(s)) * x - (sT * phi1) * ms;
    if (!taylor) return base - (1. / r2) * (sT * phi2) * (ms2 - ms);
    auto [d1, d2] = combine(ms1, ms2);
    return base - (sT * phi2) * d1 - (sT * phi3) * d2;
  }

  at::Tensor multistepUpdate(const at::Tensor& x, const std::vector<at::Tensor>& m,
                             const std::vector<double>& tp, double t, int order) const {
    const std::size_t n = m.size();
    if (order == 1) return firstUpdate(x, tp[n - 1], t, m[n - 1]);
    const double lt = m_vp.lambda(t), l0 = m_vp.lambda(tp[n - 1]), l1 = m_vp.lambda(tp[n - 2]);
    const double h = lt - l0, r0 = (l0 - l1) / h;
    const at::Tensor d10 = (1. / r0) * (m[n - 1] - m[n - 2]);
    const double aT = m_vp.alpha(t), sT = m_vp.sigma(t);
    const double ratio =
        m_pp ? sT / m_vp.sigma(tp[n - 1]) : std::exp(m_vp.logAlpha(t) - m_vp.logAlpha(tp[n - 1]));
    const double phi1 = m_pp ? std::expm1(-h) : std::expm1(h);
    const double c = m_pp ? aT : sT;  // the scale of the model terms
    if (order == 2) {
      const bool taylor = m_opt.solverType == DpmSolverType::Taylor;
      at::Tensor base = ratio * x - (c * phi1) * m[n - 1];
      if (!taylor) return base - 0.5 * (c * phi1) * d10;
      return m_pp ? base + (c * (phi1 / h + 1.)) * d10 : base - (c * (phi1 / h - 1.)) * d10;
    }
    const double l2 = m_vp.lambda(tp[n - 3]), r1 = (l1 - l2) / h;
    const at::Tensor d11 = (1. / r1) * (m[n - 2] - m[n - 3]);
    const at::Tensor d1 = d10 + (r0 / (r0 + r1)) * (d10 - d11), d2 = (1. / (r0 + r1)) * (d10 - d11);
    const double phi2 = phi1 / h + (m_pp ? 1. : -1.), phi3 = phi2 / h - 0.5;
    if (m_pp) return ratio * x - (c * phi1) * m[n - 1] + (c * phi2) * d1 - (c * phi3) * d2;
    return ratio * x - (c * phi1) * m[n - 1] - (c * phi2) * d1 - (c * phi3) * d2;
  }

  // ---- drivers ----
  at::Tensor multistep(at::Tensor x, const std::vector<double>& ts) {
    const int steps = m_opt.steps, order = m_opt.order;
    std::vector<double> tp{ts[0]};
    std::vector<at::Tensor> mp{modelFn(x, ts[0])};
    for (int step = 1; step < order; ++step) {
      x = multistepUpdate(x, mp, tp, ts[step], step);
      tp.push_back(ts[step]);
      mp.push_back(modelFn(x, ts[step]));
    }
    for (int step = order; step <= steps; ++step) {
      const int stepOrder =
          (m_opt.lowerOrderFinal && steps < 10) ? std::min(order, steps + 1 - step) : order;
      x = multistepUpdate(x, mp, tp, ts[step], stepOrder);
      for (int i = 0; i + 1 < order; ++i) {
        tp[i] = tp[i + 1];
        mp[i] = mp[i + 1];
      }
      tp[order - 1] = ts[step];
      if (step < steps) mp[order - 1] = modelFn(x, ts[step]);
    }
    return x;
  }

  at::Tensor singlestep(at::Tensor x, double tT, double t0) {
    std::vector<int> orders;
    std::vector<double> outer;
    const int steps = m_opt.steps, order = m_opt.order;
    const TimeGrid innerSkip = m_skip == TimeGrid::Uniform ? TimeGrid::TimeUniform : m_skip;
    if (m_opt.method == DpmMethod::SinglestepFixed) {
      const int k = steps / order;
      orders.assign(static_cast<std::size_t>(k), order);
      outer = timeSteps(innerSkip, tT, t0, k);
    } else {
      if (order == 3) {
        const int k = steps / 3 + 1;
        orders.assign(static_cast<std::size_t>(steps % 3 == 0 ? k - 2 : k - 1), 3);
        if (steps % 3 == 0)
          orders.insert(orders.end(), {2, 1});
        else
          orders.push_back(steps % 3 == 1 ? 1 : 2);
      } else if (order == 2) {
        orders.assign(static_cast<std::size_t>(steps / 2), 2);
        if (steps % 2) orders.push_back(1);
      } else {
        orders.assign(static_cast<std::size_t>(steps), 1);
      }
      if (m_skip == TimeGrid::LogSnr) {
        outer = timeSteps(TimeGrid::LogSnr, tT, t0, static_cast<int>(orders.size()));
      } else {
        std::vector<double> all = timeSteps(m_skip, tT, t0, steps);
        std::size_t at = 0;
        outer.push_back(all[0]);
        for (int o : orders) outer.push_back(all[at += static_cast<std::size_t>(o)]);
      }
    }
    for (std::size_t i = 0; i < orders.size(); ++i) {
      const double s = outer[i], t = outer[i + 1];
      const int o = orders[i];
      const std::vector<double> inner = timeSteps(innerSkip, s, t, o);
      const double h = m_vp.lambda(inner.back()) - m_vp.lambda(inner.front());
      at::Tensor ms = modelFn(x, s);
      if (o == 1) {
        x = firstUpdate(x, s, t, ms);
      } else if (o == 2) {
        x = singlestepSecond(x, s, t, (m_vp.lambda(inner[1]) - m_vp.lambda(inner[0])) / h, ms);
      } else {
        x = singlestepThird(x, s, t, (m_vp.lambda(inner[1]) - m_vp.lambda(inner[0])) / h,
                            (m_vp.lambda(inner[2]) - m_vp.lambda(inner[0])) / h, ms);
      }
    }
    return x;
  }

  SolverOptions m_opt;
  const Schedule& m_sched;
  VpSchedule m_vp;
  bool m_pp;
  TimeGrid m_skip;
  EpsModel* m_model = nullptr;
  const EvalHook* m_hook = nullptr;
  int m_index = 0;
  at::Tensor m_lastX0;
};

}  // namespace

std::unique_ptr<Solver> makeDpmSolver(const SolverOptions& opt, const Schedule& schedule) {
  return std::make_unique<DpmSolver>(opt, schedule);
}

}  // namespace sdm
