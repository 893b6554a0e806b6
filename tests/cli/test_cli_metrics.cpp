// `sdm-cli gamma` (resumable, feeds analytic-dpm), `sdm-cli eval` (labelled offline scores) and the
// bundled classifier and reference statistics.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest>

#include <signal.h>

#include <filesystem>
#include <fstream>

#include "diffusion/gamma.h"
#include "io/npz.h"
#include "io/png.h"
#include "metrics/classifier.h"
#include "model/precision.h"
#include "test_util.h"
#include "util/resources.h"

using namespace sdmtest;

class TestCliMetrics : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  QString tmp(const char* n) const { return m_dir.path() + "/" + n; }
  QString ckpt() const { return QString::fromStdString(golden("tiny_sddpm_ckpt.pt")); }

 private Q_SLOTS:
  void gammaFileFeedsAnalyticDpm() {
    // Without a Gamma file the sampler refuses and says how to make one.
    RunResult r = cli(
        {"sample", "--checkpoint", ckpt(), "--solver", "analytic-dpm", "--steps", "4", "--quiet"});
    QVERIFY(r.exitCode != 0);
    QVERIFY(r.err.contains("sdm-cli gamma"));
    r = cli({"gamma", "--checkpoint", ckpt(), "--steps", "4", "--samples", "16", "--batch", "8",
             "--out", tmp("g.pt")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    sdm::GammaTable g = sdm::GammaTable::load(tmp("g.pt").toStdString(), 1000);
    for (int64_t t : {999, 749, 499, 249}) {
      QVERIFY(g.has(t));
      QCOMPARE(g.count(t), int64_t(16));
      QVERIFY(g.at(t) > 0 && g.at(t) < 100);
    }
    QVERIFY(!g.has(0));
    // A second run finds everything done and changes nothing.
    const auto before = std::filesystem::last_write_time(tmp("g.pt").toStdString());
    r = cli(
        {"gamma", "--checkpoint", ckpt(), "--steps", "4", "--samples", "16", "--out", tmp("g.pt")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(std::filesystem::last_write_time(tmp("g.pt").toStdString()) == before);
    r = cli({"sample", "--checkpoint", ckpt(), "--solver", "analytic-dpm", "--steps", "4",
             "--gamma", tmp("g.pt"), "--batch", "2", "--save-tensor", tmp("a.pt"), "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // A grid the file does not cover is refused with the timestep named.
    r = cli({"sample", "--checkpoint", ckpt(), "--solver", "analytic-dpm", "--steps", "5",
             "--gamma", tmp("g.pt"), "--quiet"});
    QVERIFY(r.exitCode != 0 && r.err.contains("lacks"));
  }

  // --precision: recorded in the PNG text, measured by bench, refused where it cannot run.
  void precisionModes() {
    RunResult r = cli({"sample", "--checkpoint", ckpt(), "--steps", "3", "--batch", "2",
                       "--precision", "int8", "--out", tmp("int8.png"), "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    std::map<std::string, std::string> text;
    sdm::io::readPng(tmp("int8.png").toStdString(), &text);
    QCOMPARE(nlohmann::json::parse(text.at("parameters")).value("precision", ""),
             std::string("int8"));
    r = cli({"sample", "--checkpoint", ckpt(), "--precision", "fp8", "--quiet"});
    QVERIFY(r.exitCode != 0 && r.err.contains("precision"));
    if (!sdm::precisionAvailable(sdm::Precision::Bf16)) {
      r = cli({"sample", "--checkpoint", ckpt(), "--precision", "bf16", "--quiet"});
      QVERIFY(r.exitCode != 0 && r.err.contains("AVX-512"));
      QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
    }
    r = cli({"bench", "--checkpoint", ckpt(), "--precision", "exact,fast,int8", "--batch", "2",
             "--steps", "2", "--repeats", "1", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j.at("modes").size(), std::size_t(3));
    for (const auto& m : j.at("modes")) {
      QVERIFY(m.at("eval_ms").get<double>() > 0);
      QVERIFY(m.at("run_s").get<double>() > 0);
      QVERIFY(m.at("studio_first_frame_ms").get<double>() > 0);
      QVERIFY(m.at("peak_fraction").get<double>() > 0);
    }
    QCOMPARE(j["modes"][2].value("precision", ""), std::string("int8"));
  }

  void bundledClassifierAndStatistics() {
    auto cls = sdm::findResource("models/fmnist_classifier.pt");
    auto stats = sdm::findResource("models/fmnist_test_stats.npz");
    QVERIFY(cls && stats);
    QVERIFY(std::filesystem::file_size(*cls) <= 2'000'000);
    std::string desc;
    auto model = sdm::loadClassifier(*cls, &desc);
    QVERIFY(desc.find("test accuracy") != std::string::npos);
    auto s = sdm::io::readNpz(*stats);
    QVERIFY(s.at("mu").sizes().equals({128}));
    QVERIFY(s.at("sigma").sizes().equals({128, 128}));
  }

  void evalPrintsLabelledScores() {
    RunResult r = cli({"eval", "--checkpoint", ckpt(), "--n", "40", "--steps", "3", "--no-kid",
                       "--out-json", tmp("e.jsonl")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // Never plain "FID" without the Inception network; every number says what made it.
    QVERIFY(r.out.startsWith("FD (studio classifier"));
    QVERIFY(r.out.contains("N=40") && r.out.contains("ddim, 3 steps") &&
            r.out.contains("raw weights"));
    QVERIFY(!r.out.contains("threshold"));  // the trained threshold goes without saying
    RunResult guided = cli({"eval", "--checkpoint", ckpt(), "--n", "10", "--steps", "2", "--no-kid",
                            "--threshold", "0.95", "--out-json", tmp("g.jsonl")});
    QVERIFY2(guided.exitCode == 0, qPrintable(guided.err));
    QVERIFY2(guided.out.contains("raw weights, IF threshold 0.95)"), qPrintable(guided.out));
    std::ifstream in(tmp("e.jsonl").toStdString());
    std::string line;
    std::getline(in, line);
    auto j = nlohmann::json::parse(line);
    QCOMPARE(j["scores"]["n"].get<int>(), 40);
    QVERIFY(j["scores"]["fd"].get<double>() > 0);
    // The two anchors bracket a model: real images score far better than noise.
    RunResult real = cli({"eval", "--anchor", "real", "--n", "200", "--no-kid"});
    RunResult noise = cli({"eval", "--anchor", "noise", "--n", "200", "--no-kid"});
    QVERIFY2(real.exitCode == 0 && noise.exitCode == 0, qPrintable(real.err + noise.err));
    auto fd = [](const QString& out) {
      return out.section('=', 1, 1).trimmed().section(' ', 0, 0).toDouble();
    };
    qInfo("FD anchors at N=200: real %.3f, noise %.3f", fd(real.out), fd(noise.out));
    QVERIFY(fd(real.out) * 10 < fd(noise.out));
  }

  // sdm-cli study on the tiny golden model: a second run and a run killed after two cells then
  // resumed give the same table (scores, NFE, energy; only timings differ); a folder that holds
  // another study is refused; a cell's image grid equals `sdm-cli sample` with its settings.
  void studyIsDeterministicAndResumable() {
    auto args = [&](const QString& out) {
      return QStringList{"study",   "--checkpoint", ckpt(),         "--solvers", "ddim,dpm-solver",
                         "--steps", "2,3",          "--thresholds", "1,0.9",     "--n",
                         "12",      "--no-kid",     "--threads",    "1",         "--out",
                         out};
    };
    RunResult a = cli(args(tmp("studyA")));
    QVERIFY2(a.exitCode == 0, qPrintable(a.err));
    QVERIFY2(a.err.contains("8 cells run, 0 reused"), qPrintable(a.err));
    QVERIFY2(a.out.contains("dpm-solver") && a.out.contains("0.9"), qPrintable(a.out));
    auto table = [&](const QString& dir) {
      std::ifstream in((dir + "/study.json").toStdString());
      return nlohmann::json::parse(in);
    };
    const nlohmann::json ta = table(tmp("studyA"));
    QCOMPARE(ta["cells"].size(), std::size_t(8));
    for (const auto& c : ta["cells"]) {
      QCOMPARE(c["status"].get<std::string>(), std::string("done"));
      QVERIFY(c["fd"].get<double>() > 0 && c["energy_mj_per_image"].get<double>() > 0);
      QCOMPARE(c["nfe"].get<int>(), c["steps"].get<int>());
    }
    // More steps, more energy per image, at the same firing rates roughly.
    QVERIFY(ta["cells"][2]["energy_mj_per_image"].get<double>() >
            ta["cells"][0]["energy_mj_per_image"].get<double>());

    // Killed once two cells are on disk, then resumed.
    const QString b = tmp("studyB");
    QProcess p;
    p.start(bin("sdm-cli"), args(b));
    QVERIFY(p.waitForStarted());
    auto cellsDone = [&] {
      std::ifstream in((b + "/study.json").toStdString());
      if (!in) return 0;
      try {
        int n = 0;
        const nlohmann::json t = nlohmann::json::parse(in);
        for (const auto& c : t["cells"]) n += c["status"] == "done";
        return n;
      } catch (const std::exception&) {
        return 0;  // never torn (written atomically), but the file may not exist yet
      }
    };
    while (cellsDone() < 2 && p.state() == QProcess::Running) p.waitForFinished(10);
    QVERIFY2(p.state() == QProcess::Running,
             qPrintable("the study ended before it could be killed: " + p.readAllStandardError()));
    ::kill(pid_t(p.processId()), SIGKILL);
    QVERIFY(p.waitForFinished(30000));
    const int before = cellsDone();
    QVERIFY(before >= 2 && before < 8);
    RunResult resumed = cli(args(b));
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QVERIFY2(resumed.err.contains(QString("%1 reused").arg(before)), qPrintable(resumed.err));
    const nlohmann::json tb = table(b);
    for (const char* key : {"key", "status", "nfe", "fd", "is", "class_entropy",
                            "energy_mj_per_image", "ann_energy_mj_per_image"})
      for (std::size_t i = 0; i < 8; ++i)
        QVERIFY2(ta["cells"][i][key] == tb["cells"][i][key],
                 qPrintable(QString("cell %1, %2: %3 vs %4")
                                .arg(i)
                                .arg(key)
                                .arg(QString::fromStdString(ta["cells"][i][key].dump()))
                                .arg(QString::fromStdString(tb["cells"][i][key].dump()))));
    std::ifstream csvA((tmp("studyA") + "/study.csv").toStdString());
    std::string header, line;
    std::getline(csvA, header);
    QVERIFY(QString::fromStdString(header).startsWith("index,key,model,checkpoint,solver,steps"));
    int rows = 0;
    while (std::getline(csvA, line)) ++rows;
    QCOMPARE(rows, 8);

    // Other settings into the same folder: refused, nothing changed.
    RunResult other = cli(QStringList(args(b)) << "--seed"
                                               << "1");
    QVERIFY(other.exitCode != 0);
    QVERIFY2(other.err.contains("holds a study with other settings"), qPrintable(other.err));
    QCOMPARE(table(b)["cells"].dump(), tb["cells"].dump());

    // The grid of a cell is the first images of `sdm-cli sample` with the same settings.
    RunResult s = cli({"sample", "--checkpoint", ckpt(), "--solver", "dpm-solver", "--steps", "3",
                       "--threshold", "0.9", "--batch", "12", "--seed", "0", "--quiet", "--out",
                       tmp("cell.png")});
    QVERIFY2(s.exitCode == 0, qPrintable(s.err));
    const auto sampled = sdm::io::readPng(tmp("cell.png").toStdString());
    const auto cell =
        sdm::io::readPng((tmp("studyA") + "/cells/m0-dpm-solver-3-th0p9-exact.png").toStdString());
    QCOMPARE(cell.width, sampled.width);
    QCOMPARE(cell.height, sampled.height);
    QVERIFY(cell.pixels == sampled.pixels);

    // A cell that cannot run is recorded with its reason, the others run; on resume it is tried
    // again (its cause may be fixed), the finished cells are reused.
    const QStringList skipping{
        "study", "--checkpoint", ckpt(),  "--solvers",  "ddim,analytic-dpm", "--steps", "2", "--n",
        "4",     "--no-kid",     "--out", tmp("studyC")};
    for (int run = 0; run < 2; ++run) {
      RunResult r = cli(skipping);
      QVERIFY2(r.exitCode == 0, qPrintable(r.err));
      QVERIFY2(r.err.contains(run == 0 ? "2 cells run, 0 reused" : "1 cells run, 1 reused"),
               qPrintable(r.err));
      const nlohmann::json tc = table(tmp("studyC"));
      QCOMPARE(tc["cells"][0]["status"].get<std::string>(), std::string("done"));
      QCOMPARE(tc["cells"][1]["status"].get<std::string>(), std::string("skipped"));
      QVERIFY(tc["cells"][1]["reason"].get<std::string>().find("Gamma file") != std::string::npos);
    }

    // Bad lists: one line each.
    for (const QStringList& bad :
         {QStringList{"--steps", "2,x"}, QStringList{"--solvers", "ddim,euler"},
          QStringList{"--thresholds", "0"}, QStringList{"--checkpoint", "/nowhere.pt"}}) {
      RunResult r =
          cli(QStringList{"study", "--checkpoint", ckpt(), "--n", "2", "--out", tmp("studyBad")}
              << bad);
      QVERIFY2(r.exitCode != 0 && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    }
  }
};

QTEST_APPLESS_MAIN(TestCliMetrics)
#include "test_cli_metrics.moc"
