// Bad input to `sdm-cli info` and `sdm-cli eps`: a non-zero exit and exactly one line on stderr
// that names the problem, for every kind of broken file a user can hand over.
#include <ATen/ATen.h>

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <random>

#include "io/checkpoint.h"
#include "io/torch_file.h"
#include "test_util.h"

using namespace sdmtest;

class TestCliErrors : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  QString m_xt, m_t;

  QString tmp(const char* name) const { return m_dir.path() + "/" + name; }

  // A copy of the golden checkpoint with its net_model edited.
  QString edited(const char* name, const std::function<void(sdm::StateDict&)>& edit) {
    sdm::io::Checkpoint ck = sdm::io::readCheckpoint(golden("tiny_sddpm_ckpt.pt"));
    sdm::io::CheckpointData d;
    d.net = ck.net;
    edit(d.net);
    sdm::io::writeCheckpoint(tmp(name).toStdString(), d);
    return tmp(name);
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_xt = tmp("xt.pt");
    m_t = tmp("t.pt");
    sdm::io::writeTensorFile(m_xt.toStdString(), at::randn({2, 1, 32, 32}));
    sdm::io::writeTensorFile(m_t.toStdString(), at::tensor({500, 20}, at::kLong));
  }

  void badFiles_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("needle");
    const std::string src = golden("tiny_sddpm_ckpt.pt");
    std::ifstream in(src, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    {
      std::ofstream out(tmp("random.pt").toStdString(), std::ios::binary);
      std::mt19937 rng(5);
      for (int i = 0; i < 4096; ++i) out.put(static_cast<char>(rng()));
    }
    std::ofstream(tmp("truncated.pt").toStdString(), std::ios::binary).write(bytes.data(), 1000000);
    std::string flipped = bytes;
    flipped[2000000] = static_cast<char>(flipped[2000000] ^ 0x10);
    std::ofstream(tmp("flipped.pt").toStdString(), std::ios::binary)
        .write(flipped.data(), std::streamsize(flipped.size()));
    std::ofstream(tmp("empty.pt").toStdString()).close();
    std::filesystem::create_directories(tmp("folder.pt").toStdString());

    QTest::newRow("random bytes") << tmp("random.pt") << "not a zip archive";
    QTest::newRow("truncated zip") << tmp("truncated.pt") << "truncated";
    QTest::newRow("flipped byte") << tmp("flipped.pt") << "CRC-32 mismatch";
    QTest::newRow("foreign global")
        << QString::fromStdString(data("fixtures/foreign_global.pt")) << "posix.system";
    QTest::newRow("bare tensor") << QString::fromStdString(data("fixtures/bare_tensor.pt"))
                                 << "single tensor";
    QTest::newRow("no weights") << QString::fromStdString(data("fixtures/no_weights.pt"))
                                << "no model weights";
    QTest::newRow("empty file") << tmp("empty.pt") << "is empty";
    QTest::newRow("directory") << tmp("folder.pt") << "is a directory";
    QTest::newRow("missing file") << tmp("nothing-here.pt") << "no such file";
    QTest::newRow("wrong shape") << edited("shape.pt", [](sdm::StateDict& sd) {
      for (auto& [k, v] : sd)
        if (k == "downblocks.2.conv1.weight") v = at::zeros({64, 32, 5, 5});
    }) << "wrong shape for downblocks.2.conv1.weight";
    QTest::newRow("missing key") << edited("missing.pt", [](sdm::StateDict& sd) {
      sd.erase(std::remove_if(sd.begin(), sd.end(),
                              [](auto& e) { return e.first == "upblocks.3.bn2.running_var"; }),
               sd.end());
    }) << "missing key upblocks.3.bn2.running_var";
    QTest::newRow("unexpected key") << edited("extra.pt", [](sdm::StateDict& sd) {
      sd.emplace_back("upblocks.3.attn.qkv.weight", at::zeros({3}));
    }) << "attention block";
    QTest::newRow("foreign key") << edited("foreign.pt", [](sdm::StateDict& sd) {
      sd.emplace_back("head.weight", at::zeros({3}));
    }) << "unexpected key head.weight";
    QTest::newRow("wrong dtype") << edited("dtype.pt", [](sdm::StateDict& sd) {
      for (auto& [k, v] : sd)
        if (k == "bn.num_batches_tracked") v = v.to(at::kFloat);
    }) << "wrong dtype for bn.num_batches_tracked";
  }

  void badFiles() {
    QFETCH(QString, file);
    QFETCH(QString, needle);
    const QList<QStringList> commands = {
        {"info", file},
        {"eps", "--checkpoint", file, "--xt", m_xt, "--t", m_t, "--out", tmp("eps.pt")}};
    for (const auto& args : commands) {
      RunResult r = cli(args);
      QVERIFY2(r.exitCode != 0, qPrintable(args.join(' ')));
      const QStringList lines = r.err.trimmed().split('\n');
      QVERIFY2(lines.size() == 1, qPrintable(r.err));
      QVERIFY2(r.err.contains(needle), qPrintable(r.err));
    }
  }

  void badTensorsForEps() {
    sdm::io::writeTensorFile(tmp("rgb.pt").toStdString(), at::randn({2, 3, 32, 32}));
    sdm::io::writeTensorFile(tmp("tbad.pt").toStdString(), at::tensor({500, 1000}, at::kLong));
    const QString ck = QString::fromStdString(golden("tiny_sddpm_ckpt.pt"));
    RunResult r =
        cli({"eps", "--checkpoint", ck, "--xt", tmp("rgb.pt"), "--t", m_t, "--out", tmp("e.pt")});
    QVERIFY(r.exitCode != 0 && r.err.contains("--xt must be [B,1,H,W]"));
    r = cli({"eps", "--checkpoint", ck, "--xt", m_xt, "--t", tmp("tbad.pt"), "--out", tmp("e.pt")});
    QVERIFY(r.exitCode != 0 && r.err.contains("0..999"));
    r = cli({"eps", "--checkpoint", ck, "--xt", m_xt, "--t", "12", "--out", tmp("e.pt"),
             "--threads", "1"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
  }

  void nonFiniteWeightsLoadButAreReported() {
    QString f = edited("nan.pt", [](sdm::StateDict& sd) {
      for (auto& [k, v] : sd)
        if (k == "conv.weight") v = v.clone().index_fill_(0, at::tensor({0}, at::kLong), NAN);
    });
    RunResult r = cli({"info", f});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("9 non-finite value(s) in conv.weight"));
  }

  void infoPrintsTheArchitecture() {
    RunResult r = cli({"info", QString::fromStdString(golden("tiny_sddpm_ckpt.pt")), "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("\"tensors\": 251"));
    QVERIFY(r.out.contains("\"elements\": 1090093"));
    QVERIFY(r.out.contains("\"ch_mult\": [\n      1,\n      2,\n      2\n    ]"));
  }

  // export-weights drops the optimizer state and keeps the weights bit for bit.
  void exportWeightsKeepsTheWeights() {
    const QString in = QString::fromStdString(golden("tiny_sddpm_ckpt.pt"));
    RunResult r =
        cli({"export-weights", "--in", in, "--out", tmp("shared.pt"), "--weights", "net"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    sdm::io::Checkpoint src = sdm::io::readCheckpoint(in.toStdString());
    sdm::io::Checkpoint out = sdm::io::readCheckpoint(tmp("shared.pt").toStdString());
    QVERIFY(src.optim && !out.optim);
    QVERIFY(out.hasNet() && !out.hasEma());
    QCOMPARE(out.net.size(), src.net.size());
    for (std::size_t i = 0; i < src.net.size(); ++i) {
      QCOMPARE(out.net[i].first, src.net[i].first);
      QVERIFY2(at::equal(out.net[i].second, src.net[i].second), src.net[i].first.c_str());
    }
    QVERIFY(out.xT.defined() && at::equal(out.xT, src.xT));
    QCOMPARE(out.step, src.step);
    QVERIFY(QFileInfo(tmp("shared.pt")).size() < QFileInfo(in).size());
    // EMA only: no net_model key at all (PyTorch code must not find an empty state dict).
    sdm::io::CheckpointData emaOnly;
    emaOnly.ema = src.net;
    sdm::io::writeCheckpoint(tmp("ema-only.pt").toStdString(), emaOnly);
    r = cli({"export-weights", "--in", tmp("ema-only.pt"), "--out", tmp("ema-out.pt"), "--weights",
             "ema"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const sdm::io::Checkpoint emaOut = sdm::io::readCheckpoint(tmp("ema-out.pt").toStdString());
    QVERIFY(!emaOut.hasNet() && emaOut.hasEma());
    QVERIFY(!emaOut.root.find("net_model"));
    // Asking for weights the file lacks: one line, nothing written.
    r = cli(
        {"export-weights", "--in", tmp("shared.pt"), "--out", tmp("none.pt"), "--weights", "ema"});
    QVERIFY(r.exitCode != 0);
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    QVERIFY(r.err.contains("no ema_model"));
    QVERIFY(!QFileInfo::exists(tmp("none.pt")));
  }

  // --recalibrate-bn: new BatchNorm statistics from Fashion-MNIST, every weight unchanged.
  void exportWeightsRecalibratesBatchNorm() {
    const QString in = QString::fromStdString(golden("tiny_sddpm_ckpt.pt"));
    RunResult r = cli({"export-weights", "--in", in, "--out", tmp("recal.pt"), "--weights", "net",
                       "--recalibrate-bn", "2", "--bn-batch", "4"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    sdm::io::Checkpoint src = sdm::io::readCheckpoint(in.toStdString());
    sdm::io::Checkpoint out = sdm::io::readCheckpoint(tmp("recal.pt").toStdString());
    QVERIFY(out.hasNet() && !out.hasEma());
    QCOMPARE(out.net.size(), src.net.size());
    int statistics = 0;
    for (std::size_t i = 0; i < src.net.size(); ++i) {
      const std::string& key = src.net[i].first;
      QCOMPARE(out.net[i].first, key);
      const bool isStat = key.find("running_") != std::string::npos;
      const bool isCount = key.find("num_batches_tracked") != std::string::npos;
      if (isStat) ++statistics;
      if (isCount)
        QCOMPARE(out.net[i].second.item<int64_t>(), int64_t(2));
      else if (isStat)
        QVERIFY2(!at::equal(out.net[i].second, src.net[i].second), key.c_str());
      else
        QVERIFY2(at::equal(out.net[i].second, src.net[i].second), key.c_str());
    }
    QVERIFY(statistics > 10);
    QCOMPARE(out.studio["batch_norm_recalibrated"]["batches"].get<int>(), 2);
    // Data that is not there: one line, nothing written.
    r = cli({"export-weights", "--in", in, "--out", tmp("nodata.pt"), "--recalibrate-bn", "2",
             "--dataset", "mnist", "--data-dir", tmp("no-such-dir")});
    QVERIFY(r.exitCode != 0);
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    QVERIFY(!QFileInfo::exists(tmp("nodata.pt")));
  }
};

QTEST_APPLESS_MAIN(TestCliErrors)
#include "test_cli_errors.moc"
