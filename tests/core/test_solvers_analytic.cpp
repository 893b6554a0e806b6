// Correctness where no golden exists: for Gaussian data N(mu, s^2 I) the exact noise predictor is
// known in closed form, so every solver's samples must reach the true moments, DPM-Solver's error
// against the exact ODE solution must fall with its order, and Analytic-DPM's variance must be
// the closed-form optimum.
#include <ATen/ATen.h>

#include <QtTest>

#include <cmath>

#include "diffusion/gamma.h"
#include "diffusion/sampler.h"
#include "diffusion/solvers.h"
#include "diffusion/vp_schedule.h"
#include "util/error.h"
#include "util/threads.h"

using namespace sdm;

namespace {

// Data well inside [-1, 1] with a spread that keeps the ODE well conditioned.
constexpr double kMu = 0.1, kS = 0.4;

// E[eps | x_t] for x_0 ~ N(mu, s^2 I): sigma (x - alpha mu) / (alpha^2 s^2 + sigma^2), at the
// network time m (fractional for DPM-Solver), i.e. continuous t = (m + 1) / N.
class GaussianEps : public EpsModel {
 public:
  explicit GaussianEps(const Schedule& s) : m_vp(s) {}
  at::Tensor eps(const at::Tensor& x, const at::Tensor& t) override {
    const double tc = m_vp.continuousTime(t[0].item<double>());
    const double a = m_vp.alpha(tc), sg = m_vp.sigma(tc);
    ++calls;
    return sg * (x - a * kMu) / (a * a * kS * kS + sg * sg);
  }
  int calls = 0;

 private:
  VpSchedule m_vp;
};

struct Moments {
  double mean, std;
};

Moments sampleMoments(SolverOptions opt, int batch = 4096, uint64_t seed = 1) {
  Schedule s;
  GaussianEps model(s);
  SampleRequest req;
  req.solver = opt;
  req.batch = batch;
  req.imageShape = {1, 4, 4};
  req.seed = seed;
  req.noiseMode = NoiseMode::Batch;
  SampleResult r = runSampler(model, s, req);
  return {r.images.mean().item<double>(), r.images.std().item<double>()};
}

SolverOptions solver(SolverKind k, int steps) {
  SolverOptions o;
  o.kind = k;
  o.steps = steps;
  o.clipX0 = false;  // clipping assumes data in [-1, 1]; the Gaussian has unbounded tails
  return o;
}

double momentError(const Moments& m) {
  return std::max(std::abs(m.mean - kMu) / kS, std::abs(m.std - kS) / kS);
}

}  // namespace

class TestSolversAnalytic : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { setComputeThreads(2); }

  void everySolverReachesTheTrueMoments_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("fewSteps");
    QTest::addColumn<int>("manySteps");
    QTest::addColumn<double>("eta");
    QTest::addColumn<bool>("stridedVariance");
    QTest::addColumn<int>("order");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("skip");
    const int D = int(SolverKind::Ddim), S = int(SolverKind::DdpmStrided),
              P = int(SolverKind::DpmSolver), PP = int(SolverKind::DpmSolverPP);
    QTest::newRow("ddpm-strided, original variance")
        << S << 50 << 1000 << 0.0 << false << 2 << "multistep"
        << "";
    QTest::newRow("ddpm-strided, strided variance")
        << S << 10 << 1000 << 0.0 << true << 2 << "multistep"
        << "";
    QTest::newRow("ddim eta 0") << D << 5 << 200 << 0.0 << false << 2 << "multistep"
                                << "";
    QTest::newRow("ddim eta 0, quadratic") << D << 5 << 200 << 0.0 << false << 2 << "multistep"
                                           << "quadratic";
    QTest::newRow("ddim eta 1") << D << 10 << 1000 << 1.0 << false << 2 << "multistep"
                                << "";
    QTest::newRow("dpm-solver 2M logSNR") << P << 4 << 20 << 0.0 << false << 2 << "multistep"
                                          << "logSNR";
    QTest::newRow("dpm-solver++ 3M logSNR") << PP << 4 << 20 << 0.0 << false << 3 << "multistep"
                                            << "logSNR";
    QTest::newRow("dpm-solver 3S time_quadratic")
        << P << 3 << 30 << 0.0 << false << 3 << "singlestep"
        << "time_quadratic";
    QTest::newRow("dpm-solver++ 2S fixed time_uniform")
        << PP << 4 << 40 << 0.0 << false << 2 << "singlestep_fixed"
        << "time_uniform";
  }
  void everySolverReachesTheTrueMoments() {
    QFETCH(int, kind);
    QFETCH(int, fewSteps);
    QFETCH(int, manySteps);
    QFETCH(double, eta);
    QFETCH(bool, stridedVariance);
    QFETCH(int, order);
    QFETCH(QString, method);
    QFETCH(QString, skip);
    double err[2];
    for (int i = 0; i < 2; ++i) {
      SolverOptions o = solver(static_cast<SolverKind>(kind), i == 0 ? fewSteps : manySteps);
      o.eta = eta;
      o.stridedVariance = stridedVariance;
      o.order = order;
      o.method = parseDpmMethod(method.toStdString());
      o.skip = parseTimeGrid(skip.toStdString());
      Moments m = sampleMoments(o);
      err[i] = momentError(m);
      qInfo("%s: mean %.4f (true %.2f), std %.4f (true %.2f)", o.describe().c_str(), m.mean, kMu,
            m.std, kS);
    }
    // Samplers whose noise is the posterior variance beta~ alone under-disperse by O(1/steps).
    const double tolerance = (eta > 0 || stridedVariance) ? 0.03 : 0.02;
    QVERIFY2(err[1] < tolerance, "the moments are not reached");
    QVERIFY2(err[1] < err[0], "more steps did not help");
  }

  void ddpmReachesTheTrueMoments() {
    Moments m = sampleMoments(solver(SolverKind::Ddpm, 1000));
    qInfo("ddpm 1000: mean %.4f std %.4f", m.mean, m.std);
    QVERIFY(momentError(m) < 0.02);
  }

  void dpmSolverErrorFallsWithOrder() {
    Schedule s;
    VpSchedule vp(s);
    at::Tensor xT = at::randn({256, 1, 4, 4}, at::detail::createCPUGenerator(3));
    // The probability-flow ODE maps the standardised value exactly: x - alpha mu scales by
    // sqrt((alpha^2 s^2 + sigma^2) ratio) from t = 1 to t = 1/N.
    auto var = [&](double t) { return std::pow(vp.alpha(t) * kS, 2) + std::pow(vp.sigma(t), 2); };
    const double t0 = 1.0 / s.size();
    at::Tensor exact =
        vp.alpha(t0) * kMu + std::sqrt(var(t0) / var(1.0)) * (xT - vp.alpha(1.0) * kMu);
    for (auto kind : {SolverKind::DpmSolver, SolverKind::DpmSolverPP}) {
      for (std::string method : {"multistep", "singlestep"}) {
        for (std::string skip : {"logSNR", "time_quadratic"}) {
          for (int nfe : {10, 20}) {
            double err[4] = {0, 0, 0, 0};
            for (int order = 1; order <= 3; ++order) {
              GaussianEps model(s);
              SampleRequest req;
              req.solver = solver(kind, nfe);
              req.solver.order = order;
              req.solver.method = parseDpmMethod(method);
              req.solver.skip = parseTimeGrid(skip);
              req.batch = 256;
              req.imageShape = {1, 4, 4};
              req.xT = xT;
              SampleResult r = runSampler(model, s, req);
              QCOMPARE(model.calls, nfe);
              err[order] = (r.images - exact).pow(2).mean().sqrt().item<double>();
            }
            qInfo("%s %s %s NFE %d: RMS error order 1 %.2e, 2 %.2e, 3 %.2e", toString(kind),
                  method.c_str(), skip.c_str(), nfe, err[1], err[2], err[3]);
            // With 10 NFE the steps in log-SNR are ~1 wide and high orders can lose on this stiff
            // end of the ODE; the default (multistep) on the quadratic grid must still be ordered,
            // and everything must be ordered at 20 NFE.
            const bool required = nfe == 20 || (method == "multistep" && skip == "time_quadratic");
            if (required) {
              QVERIFY(err[2] < err[1]);
              QVERIFY(err[3] < err[2]);
            } else if (!(err[2] < err[1] && err[3] < err[2])) {
              qInfo("  (not monotone at 10 NFE: reported, not required)");
            }
          }
        }
      }
    }
  }

  void firstOrderDpmSolverIsDdim() {
    Schedule s;
    at::Tensor xT = at::randn({64, 1, 4, 4}, at::detail::createCPUGenerator(4));
    auto runOne = [&](SolverOptions o) {
      GaussianEps model(s);
      SampleRequest req;
      req.solver = o;
      req.batch = 64;
      req.imageShape = {1, 4, 4};
      req.xT = xT;
      return runSampler(model, s, req).images;
    };
    for (int steps : {10, 50}) {
      SolverOptions ddim = solver(SolverKind::Ddim, steps);
      ddim.clipX0 = false;
      for (auto kind : {SolverKind::DpmSolver, SolverKind::DpmSolverPP}) {
        SolverOptions dpm = solver(kind, steps);
        dpm.order = 1;
        dpm.skip = TimeGrid::Uniform;  // the same grid as DDIM
        const double d = (runOne(ddim) - runOne(dpm)).abs().max().item<double>();
        qInfo("%d steps: |DDIM - %s order 1| = %.2e", steps, toString(kind), d);
        QVERIFY(d < 1e-5);
      }
    }
  }

  void analyticDpmVarianceIsTheClosedFormOptimum() {
    Schedule s;
    // Gamma_t from the Monte-Carlo job on samples of the data distribution.
    GaussianEps model(s);
    at::Tensor data = kMu + kS * at::randn({8192, 1, 4, 4}, at::detail::createCPUGenerator(5));
    GammaJob job;
    job.timesteps = {999, 500, 100, 10};
    job.samplesPerTimestep = 8192;
    job.batch = 2048;
    GammaTable gamma = estimateGamma(model, s, data, job, {}, nullptr);
    for (int64_t t : job.timesteps) {
      const double ab = s.alphaBar(t);
      const double closed = (1 - ab) / (ab * kS * kS + (1 - ab));
      qInfo("Gamma_%lld: Monte Carlo %.5f, closed form %.5f", static_cast<long long>(t),
            gamma.at(t), closed);
      QVERIFY(std::abs(gamma.at(t) - closed) / closed < 0.02);
    }
    // With the exact Gamma, the variance equals Var(x_s | x_t) of the true reverse process.
    for (auto [t, sTo] :
         std::vector<std::pair<int64_t, int64_t>>{{999, 899}, {500, 400}, {100, 50}, {30, 10}}) {
      const double abT = s.alphaBar(t), abS = s.alphaBar(sTo);
      const double gammaT = (1 - abT) / (abT * kS * kS + (1 - abT));
      const double betaTS = 1 - abT / abS;
      const double varX0 = kS * kS * (1 - abT) / (abT * kS * kS + (1 - abT));
      const double truth =
          (1 - abS) * betaTS / (1 - abT) + abS * betaTS * betaTS / std::pow(1 - abT, 2) * varX0;
      const double got = analyticDpmVariance(s, gammaT, t, sTo);
      QVERIFY2(std::abs(got - truth) / truth < 1e-9,
               qPrintable(QString("t=%1: %2 vs %3").arg(t).arg(got).arg(truth)));
    }
    // ... and sampling with it reaches the true moments.
    SolverOptions o = solver(SolverKind::AnalyticDpm, 200);
    auto table = std::make_shared<GammaTable>(s.size());
    for (int64_t t = 0; t < s.size(); ++t)
      table->set(t, (1 - s.alphaBar(t)) / (s.alphaBar(t) * kS * kS + 1 - s.alphaBar(t)), 1);
    o.gamma = table;
    Moments m = sampleMoments(o);
    qInfo("analytic-dpm 100: mean %.4f std %.4f", m.mean, m.std);
    QVERIFY(momentError(m) < 0.02);
  }

  // --rederive-eps: after the clamp, the step uses eps = (x_t - a_t x0) / sigma_t, so x_s lies on
  // the line from the clamped x0 through x_t; where the clamp does not bind it is the original.
  void ddimRederivedEpsFollowsTheClampedX0() {
    const Schedule s;
    at::manual_seed(5);
    const int64_t t = 980, to = 960;
    const double aT = s.sqrtAlphasBar()[t].item<double>();
    const double sT = std::sqrt(s.oneMinusAlphasBar()[t].item<double>());
    const double aS = s.sqrtAlphasBar()[to].item<double>();
    const double sS = std::sqrt(s.oneMinusAlphasBar()[to].item<double>());
    const at::Tensor x = at::randn({2, 1, 8, 8});
    const at::Tensor eps = 0.9 * x;  // an under-predicting network: x0 far outside [-1, 1]
    at::Tensor x0;
    const at::Tensor original = ddimStep(s, x, eps, t, to, 0, true, nullptr, &x0, false);
    const at::Tensor rederived = ddimStep(s, x, eps, t, to, 0, true, nullptr, nullptr, true);
    QVERIFY(x0.abs().max().item<double>() == 1.0);  // the clamp binds
    const at::Tensor expect = aS * x0 + sS * (x - aT * x0) / sT;
    QVERIFY2(at::allclose(rederived, expect, 1e-5, 1e-5),
             qPrintable(QString::number((rederived - expect).abs().max().item<double>())));
    QVERIFY((original - rederived).abs().max().item<double>() > 1e-2);
    QVERIFY(at::allclose(original, aS * x0 + sS * eps, 1e-5, 1e-5));  // the original reuses eps
    // A prediction consistent with an x0 inside [-1, 1]: both forms agree.
    const at::Tensor inside = at::rand({2, 1, 8, 8}) * 1.8 - 0.9;
    const at::Tensor consistent = (x - aT * inside) / sT;
    QVERIFY(at::allclose(ddimStep(s, x, consistent, t, to, 0, true, nullptr, nullptr, true),
                         ddimStep(s, x, consistent, t, to, 0, true, nullptr, nullptr, false), 1e-4,
                         1e-4));
    SolverOptions o;
    o.kind = SolverKind::Ddim, o.steps = 50, o.rederiveEps = true;
    QVERIFY(QString::fromStdString(o.describe()).contains("re-derived"));
  }

  void analyticDpmRefusesWithoutGamma() {
    Schedule s;
    try {
      makeSolver(solver(SolverKind::AnalyticDpm, 50), s);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(std::string(e.what()).find("sdm-cli gamma") != std::string::npos);
    }
  }
};

QTEST_APPLESS_MAIN(TestSolversAnalytic)
#include "test_solvers_analytic.moc"
