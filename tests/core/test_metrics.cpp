// Offline quality scores: the Fréchet distance against its closed form for Gaussians and against
// numpy/scipy (pytorch-fid's computation), .npz interop with numpy, KID, the classifier scores,
// and a user-supplied TorchScript extractor.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <QtTest>

#include <cmath>

#include "io/npz.h"
#include "metrics/class_scores.h"
#include "metrics/extractor.h"
#include "metrics/frechet.h"
#include "metrics/kid.h"
#include "test_util.h"
#include "util/error.h"

using namespace sdm;
using namespace sdmtest;

namespace {

at::Generator gen(uint64_t s) { return at::detail::createCPUGenerator(s); }

// A random rotation: the closed form below is for diagonal covariances in a rotated basis.
at::Tensor rotation(int d, uint64_t seed) {
  auto [q, r] = at::linalg_qr(at::randn({d, d}, gen(seed), at::kDouble));
  return q;
}

}  // namespace

class TestMetrics : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void frechetMatchesTheClosedFormForGaussians() {
    const int d = 6;
    at::Tensor R = rotation(d, 1);
    at::Tensor v1 = at::tensor({1.0, 2.0, 0.5, 3.0, 0.1, 1.5}, at::kDouble);
    at::Tensor v2 = at::tensor({2.0, 0.5, 0.5, 1.0, 0.4, 4.0}, at::kDouble);
    GaussianStats a{at::linspace(0, 1, d, at::kDouble), R.matmul(at::diag(v1)).matmul(R.t()), 100};
    GaussianStats b{at::linspace(1, -1, d, at::kDouble), R.matmul(at::diag(v2)).matmul(R.t()), 100};
    // Commuting covariances: tr((S1 S2)^1/2) = sum sqrt(v1 v2), so
    // FD = |mu1 - mu2|^2 + sum (sqrt(v1) - sqrt(v2))^2.
    const double closed = (a.mu - b.mu).pow(2).sum().item<double>() + (v1.sqrt() - v2.sqrt()).pow(2).sum().item<double>();
    QVERIFY(std::abs(frechetDistance(a, b) - closed) < 1e-9);
    QVERIFY(std::abs(frechetDistance(b, a) - closed) < 1e-9);
    QVERIFY(std::abs(frechetDistance(a, a)) < 1e-9);
    // Non-commuting case against the general formula with a numerically safe sqrtm.
    GaussianStats c{b.mu, rotation(d, 2).matmul(at::diag(v2)).matmul(rotation(d, 2).t()), 100};
    QVERIFY(frechetDistance(a, c) > 0);
  }

  void frechetAgreesWithNumpyScipy() {
    if (!havePythonTorch()) QSKIP("/usr/bin/python3 with numpy/scipy not installed");
    QTemporaryDir dir;
    at::Tensor fa = at::randn({500, 16}, gen(3), at::kDouble);
    at::Tensor fb = 0.3 + 1.2 * at::randn({400, 16}, gen(4), at::kDouble);
    const std::string in = dir.path().toStdString() + "/f.npz", out = dir.path().toStdString() + "/stats.npz";
    io::writeNpz(in, {{"a", fa}, {"b", fb}});
    RunResult r = python("frechet_reference.py", {QString::fromStdString(in), QString::fromStdString(out)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const double scipyFd = r.out.trimmed().toDouble();
    const double mine = frechetDistance(gaussianStats(fa), gaussianStats(fb));
    qInfo("FD: studio %.10f, numpy/scipy %.10f", mine, scipyFd);
    QVERIFY(std::abs(mine - scipyFd) < 1e-6 * std::max(1.0, scipyFd));
    // numpy's compressed npz read back: the statistics pytorch-fid stores.
    auto stats = io::readNpz(out);
    QVERIFY(at::allclose(stats.at("mu"), gaussianStats(fa).mu));
    QVERIFY(at::allclose(stats.at("sigma"), gaussianStats(fa).sigma));
    QVERIFY(at::equal(stats.at("counts"), at::arange(5, at::kLong)));
  }

  void npzRoundTrip() {
    QTemporaryDir dir;
    const std::string p = dir.path().toStdString() + "/x.npz";
    at::Tensor m = at::randn({3, 4}, gen(5), at::kDouble);
    io::writeNpz(p, {{"mu", m.select(0, 0)}, {"sigma", m}, {"f", m.to(at::kFloat)}});
    auto back = io::readNpz(p);
    QVERIFY(at::equal(back.at("sigma"), m));
    QVERIFY(at::equal(back.at("f"), m.to(at::kFloat)));
    QVERIFY(back.at("mu").sizes().equals({4}));
    QVERIFY_THROWS_EXCEPTION(Error, io::readNpz(data("fixtures/bare_tensor.pt")));
  }

  void kernelDistanceSeparatesDistributions() {
    at::Tensor x = at::randn({1500, 8}, gen(6)), y = at::randn({1500, 8}, gen(7));
    at::Tensor z = 0.5 + at::randn({1500, 8}, gen(8));
    KidResult same = kernelDistance(x, y, 20, 1000);
    KidResult shifted = kernelDistance(x, z, 20, 1000);
    qInfo("KID same %.2e +- %.1e, shifted %.2e +- %.1e", same.mean, same.std, shifted.mean, shifted.std);
    QVERIFY(std::abs(same.mean) < 3 * same.std + 1e-3);
    QVERIFY(shifted.mean > 10 * std::max(same.std, 1e-4));
  }

  void classScoresOnKnownPredictions() {
    // Confident, perfectly balanced predictions: IS analogue = number of classes, entropy ln 10.
    at::Tensor labels = at::arange(1000, at::kLong).remainder(10);
    at::Tensor sharp = at::one_hot(labels, 10).to(at::kDouble) * 50;
    ClassScores s = classScores(sharp);
    QVERIFY(std::abs(s.isMean - 10) < 1e-6);
    QVERIFY(std::abs(s.classEntropy - std::log(10.0)) < 1e-9);
    QCOMPARE(s.confidentFraction, 1.0);
    // Undecided predictions: IS analogue 1 and nothing confident.
    ClassScores flat = classScores(at::zeros({1000, 10}, at::kDouble));
    QVERIFY(std::abs(flat.isMean - 1) < 1e-9);
    QCOMPARE(flat.confidentFraction, 0.0);
    // One class only: entropy 0.
    ClassScores mono = classScores(at::one_hot(at::zeros({200}, at::kLong), 10).to(at::kDouble) * 50);
    QVERIFY(std::abs(mono.classEntropy) < 1e-12);
  }

  void userTorchScriptExtractor() {
    auto fx = inceptionExtractor(data("fixtures/tiny_torchscript_features.pt"));
    QVERIFY(fx->standardInception());
    at::Tensor f, l;
    extractAll(*fx, at::rand({12, 1, 32, 32}) * 2 - 1, &f, &l, 5);  // gray -> RGB, 32 -> 299
    QVERIFY(f.sizes().equals({12, 8}));
    QVERIFY(l.sizes().equals({12, 4}));
    QVERIFY_THROWS_EXCEPTION(Error, inceptionExtractor(data("fixtures/bare_tensor.pt")));
  }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "test_metrics.moc"
