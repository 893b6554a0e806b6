// Parity with the original Python code on the goldens (rules of shared/golden/README.md): the
// forward pass, per-layer firing rates, spike maps, the teacher-forced DDIM evaluations.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest>

#include <fstream>

#include "core/golden.h"
#include "io/torch_file.h"
#include "model/loader.h"
#include "probe/spike_dump.h"
#include "test_util.h"
#include "util/threads.h"

using namespace sdm;
using namespace sdmtest;

class TestGoldenForward : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { setComputeThreads(2); }  // the goldens were made with 2 threads

  void forward_data() {
    QTest::addColumn<QString>("config");
    QTest::newRow("tiny_sddpm") << "tiny_sddpm";
    QTest::newRow("tiny_tsm") << "tiny_tsm";
  }

  void forward() {
    QFETCH(QString, config);
    const std::string c = config.toStdString();
    LoadedModel lm = loadModel(golden(c + "_ckpt.pt"));
    at::Tensor x = loadTensor(golden(c + "_fwd_x_t.pt"));
    at::Tensor t = loadTensor(golden(c + "_fwd_t.pt"));
    at::Tensor gold = loadTensor(golden(c + "_fwd_eps.pt"));
    at::NoGradGuard ng;
    SpikeDump dump(neuronLayers(lm.config));
    ForwardOptions opt;
    opt.probe = &dump;
    at::Tensor eps = lm.model->forward(x, t, opt);

    // Spike maps of sample 0 against the packed golden maps.
    io::PyValue spikes = io::readTorchFile(golden(c + "_fwd_spikes.pt")).root;
    const auto& layers = dump.layers();
    int64_t mismatch = 0, total = 0;
    double firstLayer = -1;
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const io::PyValue* shape = spikes.find("shapes")->find(layers[l].name);
      QVERIFY2(shape, layers[l].name.c_str());
      std::vector<int64_t> dims;
      for (const auto& d : shape->items()) dims.push_back(d.toInt());
      at::Tensor want = unpackBits(spikes.find("packed")->find(layers[l].name)->toTensor(), dims);
      at::Tensor got = dump.spikes(static_cast<int>(l)).slice(1, 0, 1);
      QVERIFY(got.sizes().equals(want.sizes()));
      const int64_t bad = got.ne(want).sum().item<int64_t>();
      if (l == 0) firstLayer = double(bad) / double(want.numel());
      mismatch += bad;
      total += want.numel();
    }
    QVERIFY2(firstLayer <= 1e-4, "first-layer spike mismatch");
    QVERIFY2(double(mismatch) / double(total) <= 0.02, "total spike mismatch");

    Verdict v = judgeForward(eps, gold, firstLayer);
    qInfo("%s fwd_eps: %s", c.c_str(), v.text.c_str());
    QVERIFY2(v.pass, v.text.c_str());

    // Per-layer firing rates, names and order against the golden record.
    io::PyValue rates = io::readTorchFile(golden(c + "_fwd_firing_rates.pt")).root;
    const auto& names = rates.find("layers")->items();
    QCOMPARE(names.size(), layers.size());
    double worst = 0;
    for (std::size_t l = 0; l < layers.size(); ++l) {
      QCOMPARE(names[l].toStr(), layers[l].name);
      const double want = rates.find("mean")->find(layers[l].name)->toDouble();
      worst = std::max(worst, std::abs(dump.rate(static_cast<int>(l)) - want));
      at::Tensor perStep = rates.find("per_step")->find(layers[l].name)->toTensor();
      QVERIFY((dump.ratePerStep(static_cast<int>(l)) - perStep).abs().max().item<double>() <= 2e-3);
    }
    qInfo("%s worst per-layer firing-rate error %.3g", c.c_str(), worst);
    QVERIFY(worst <= 2e-3);
  }

  void teacherForcedDdimEvaluations_data() { forward_data(); }
  void teacherForcedDdimEvaluations() {
    QFETCH(QString, config);
    const std::string c = config.toStdString();
    LoadedModel lm = loadModel(golden(c + "_ckpt.pt"));
    io::PyValue traj = io::readTorchFile(golden(c + "_ddim10_traj.pt")).root;
    at::Tensor xs = traj.find("x")->toTensor(), ts = traj.find("t")->toTensor(), eps = traj.find("eps")->toTensor();
    at::NoGradGuard ng;
    std::vector<at::Tensor> out;
    for (int64_t k = 0; k < ts.size(0); ++k) out.push_back(lm.model->forward(xs[k], ts[k]));
    at::Tensor cand = at::stack(out).flatten(0, 1);
    Verdict v = judgeForward(cand, eps.flatten(0, 1));
    qInfo("%s ddim10 teacher-forced eps: %s", c.c_str(), v.text.c_str());
    QVERIFY2(v.pass, v.text.c_str());
  }

  void thresholdGuidanceChangesFiring() {
    LoadedModel lm = loadModel(golden("tiny_sddpm_ckpt.pt"));
    at::Tensor x = loadTensor(golden("tiny_sddpm_fwd_x_t.pt")).slice(0, 0, 4);
    at::Tensor t = loadTensor(golden("tiny_sddpm_fwd_t.pt")).slice(0, 0, 4);
    at::NoGradGuard ng;
    double rates[2];
    for (int i = 0; i < 2; ++i) {
      SpikeDump dump(neuronLayers(lm.config));
      ForwardOptions opt;
      opt.probe = &dump;
      opt.threshold = i == 0 ? 0.997f : 1.003f;  // inhibitory vs excitatory guidance (Table 3)
      lm.model->forward(x, t, opt);
      rates[i] = dump.rate(0);
    }
    QVERIFY(rates[0] > rates[1]);
  }
};

QTEST_APPLESS_MAIN(TestGoldenForward)
#include "test_golden_forward.moc"
