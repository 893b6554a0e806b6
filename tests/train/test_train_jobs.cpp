// Acceptance of the training jobs (issue 6): the loss falls on Fashion-MNIST, checkpoints load
// in the original structure with PyTorch, cancellation and SIGKILL at random moments both leave
// a run that resumes bit-exactly, two processes over Gloo train like one, and TSM finetuning of
// a trained model lowers its loss while moving the per-step gains.
#include <ATen/ATen.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <random>

#include "engine/jobs.h"
#include "io/checkpoint.h"
#include "io/png.h"
#include "model/spk_unet.h"
#include "model/topology.h"
#include "read_only_folder.h"
#include "test_util.h"
#include "train/distributed.h"
#include "train/run_folder.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/threads.h"

using namespace sdm;
using namespace sdm::train;
using namespace sdmtest;
namespace fs = std::filesystem;

namespace {

bool haveFashionMnist() {
  return fs::exists(std::string(kDebianFashionMnistDir) + "/train-images-idx3-ubyte.gz");
}

std::vector<nlohmann::json> readMetrics(const std::string& dir) {
  std::vector<nlohmann::json> out;
  std::ifstream in(dir + "/metrics.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(j);
  }
  return out;
}

double meanLoss(const std::vector<nlohmann::json>& m, std::size_t from, std::size_t to) {
  double s = 0;
  for (std::size_t i = from; i < to; ++i) s += m[i]["loss"].get<double>();
  return s / static_cast<double>(to - from);
}

// A tiny Spk_UNet on 256 Fashion-MNIST images, no grids, no checkpoints before the end: a step
// takes milliseconds. The caller sets runDir.
TrainConfig tinyRun(int64_t steps) {
  TrainConfig c;
  c.model.ch = 8;
  c.model.chMult = {1, 2};
  c.model.numResBlocks = 1;
  c.model.imgCh = 1;
  c.data.channels = 1;
  c.data.limit = 256;
  c.totalSteps = steps;
  c.batch = 4;
  c.warmup = 2;
  c.saveEvery = 100;
  c.sampleEvery = 0;
  return c;
}

// Every tensor of two checkpoints (weights, EMA, optimizer state) equal bit for bit.
QString checkpointDifference(const std::string& a, const std::string& b) {
  io::Checkpoint x = io::readCheckpoint(a), y = io::readCheckpoint(b);
  if (x.step != y.step) return "steps differ";
  for (auto* pair : {&x.net, &x.ema}) {
    const StateDict& other = pair == &x.net ? y.net : y.ema;
    if (pair->size() != other.size()) return "state dict sizes differ";
    for (std::size_t i = 0; i < pair->size(); ++i)
      if (!at::equal((*pair)[i].second, other[i].second))
        return QString::fromStdString((*pair)[i].first) + " differs";
  }
  const io::PyValue* sx = x.optim->find("state");
  const io::PyValue* sy = y.optim->find("state");
  if (sx->entries().size() != sy->entries().size()) return "optimizer states differ in size";
  for (std::size_t i = 0; i < sx->entries().size(); ++i)
    for (const char* f : {"exp_avg", "exp_avg_sq", "step"})
      if (!at::equal(sx->entries()[i].second.find(f)->toTensor(),
                     sy->entries()[i].second.find(f)->toTensor()))
        return QString("optimizer ") + f + " differs";
  return {};
}

// Every *.pt file in the folder reads completely (no partial checkpoint is ever visible).
QString unreadableCheckpoints(const std::string& dir) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".pt") continue;
    try {
      io::readCheckpoint(e.path().string());
    } catch (const std::exception& ex) {
      return QString::fromStdString(e.path().string() + ": " + ex.what());
    }
  }
  return {};
}

int freePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// A small model and run for the CLI tests: a few hundredths of a second per step.
QStringList smallRun(const QString& dir, int steps, int warmup = 3, const QString& lr = "1e-3") {
  return {"train",
          "--run-dir",
          dir,
          "--ch",
          "8",
          "--ch-mult",
          "1,2",
          "--num-res-blocks",
          "1",
          "--batch",
          "8",
          "--steps",
          QString::number(steps),
          "--warmup",
          QString::number(warmup),
          "--lr",
          lr,
          "--save-every",
          "2",
          "--keep",
          "2",
          "--sample-every",
          "0",
          "--limit",
          "512",
          "--threads",
          "1",
          "--seed",
          "5"};
}

}  // namespace

class TestTrainJobs : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  std::string m_trained;  // checkpoint of the Fashion-MNIST run, for the finetuning test
  TrainConfig m_fmnist;   // that run's settings, and its loss over the first 10 and last 20 steps
  double m_firstLoss = 0, m_lastLoss = 0;

  std::string tmp(const std::string& name) const { return m_dir.path().toStdString() + "/" + name; }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    setComputeThreads(1);
  }

  void lossFallsOnFashionMnist() {
    if (!haveFashionMnist()) QSKIP("Fashion-MNIST (dataset-fashion-mnist) is not installed");
    TrainConfig c;
    c.model.ch = 16;
    c.model.chMult = {1, 2, 2};
    c.model.numResBlocks = 1;
    c.model.imgCh = 1;
    c.model.snnSteps = 4;
    c.data.channels = 1;
    c.runDir = tmp("fmnist");
    c.totalSteps = 150;
    c.batch = 8;
    c.lr = 2e-3;
    c.warmup = 10;
    c.saveEvery = 150;
    c.sampleEvery = 150;
    c.sampleSize = 8;
    c.sampleSteps = 2;
    c.seed = 1;
    TrainRuntime rt;
    int steps = 0;
    double lastEta = -1;
    rt.onProgress = [&](const TrainProgress& p) {
      if (p.event == TrainProgress::Event::Step) ++steps, lastEta = p.etaSeconds;
    };
    const TrainResult r = runTraining(c, rt);
    QVERIFY(!r.cancelled);
    QCOMPARE(r.step, int64_t(150));
    QCOMPARE(steps, 150);
    QCOMPARE(lastEta, 0.0);
    // The margin: the last 20 steps average below half of the first 10 (measured: 0.82 -> 0.23).
    const auto m = readMetrics(c.runDir);
    QCOMPARE(m.size(), std::size_t(150));
    const double first = meanLoss(m, 0, 10), last = meanLoss(m, 130, 150);
    qInfo("loss: first 10 steps %.4f, last 20 steps %.4f", first, last);
    QVERIFY2(last < 0.5 * first, qPrintable(QString("%1 -> %2").arg(first).arg(last)));
    m_fmnist = c;
    m_firstLoss = first;
    m_lastLoss = last;
    for (const char* key :
         {"lr", "grad_norm", "firing_rate", "images_per_s", "ema_decay", "wall_time"})
      QVERIFY2(m.back().contains(key), key);
    QVERIFY(m.back()["firing_rate"].get<double>() > 0 && m.back()["firing_rate"].get<double>() < 1);
    // The run folder a pytorch-ddpm user expects.
    for (const char* f :
         {"flagfile.txt", "config.json", "train.log", "groundtruth.png", "150ckpt.pt", "ckpt.pt"})
      QVERIFY2(fs::exists(c.runDir + "/" + f), f);
    std::map<std::string, std::string> text;
    io::readPng(c.runDir + "/sample/150.png", &text);
    QCOMPARE(QString::fromStdString(text["step"]), QString("150"));
    QCOMPARE(QString::fromStdString(text["weights"]), QString("ema_model"));
    io::Checkpoint ck = io::readCheckpoint(c.runDir + "/ckpt.pt");
    QCOMPARE(*ck.step, int64_t(150));
    QVERIFY(ck.hasEma() && ck.xT.defined() && ck.optim);
    m_trained = r.checkpoint;
  }

  // The same run with --precision bf16 (autocast) falls as far; the setting is kept with the run.
  void bf16RunFollowsFp32() {
    if (m_trained.empty()) QSKIP("needs the Fashion-MNIST run");
    TrainConfig c = m_fmnist;
    c.runDir = tmp("fmnist-bf16");
    c.precision = train::TrainPrecision::Bf16;
    c.sampleEvery = 0;
    const TrainResult r = runTraining(c, {});
    QVERIFY(!r.cancelled);
    const auto m = readMetrics(c.runDir);
    QCOMPARE(m.size(), std::size_t(150));
    const double first = meanLoss(m, 0, 10), last = meanLoss(m, 130, 150);
    qInfo("loss: fp32 %.4f -> %.4f, bf16 %.4f -> %.4f", m_firstLoss, m_lastLoss, first, last);
    QVERIFY(std::abs(first - m_firstLoss) < 0.05 * m_firstLoss);
    QVERIFY(last < 0.5 * first);
    // Measured (last 20 steps): bf16 0.206 against fp32 0.190; fp32 with seeds 2 and 3 instead of
    // 1: 0.267 and 0.117. The bound is that seed-to-seed spread (another CPU's bf16 convs round
    // differently, and the run then follows another path).
    QVERIFY2(std::abs(last - m_lastLoss) < 0.5 * m_lastLoss,
             qPrintable(QString("fp32 %1, bf16 %2").arg(m_lastLoss).arg(last)));
    std::ifstream in(c.runDir + "/config.json");
    QCOMPARE(QString::fromStdString(nlohmann::json::parse(in).value("precision", "")),
             QString("bf16"));
    // A converted model's ANN trains in fp32 only: one line, before anything runs.
    RunResult ann = cli({"train-ann", "--run-dir", QString::fromStdString(tmp("ann-bf16")),
                         "--precision", "bf16", "--steps", "1"});
    QVERIFY(ann.exitCode != 0);
    QVERIFY2(ann.err.contains("train-ann is fp32"), qPrintable(ann.err));
    RunResult fp16 = cli({"train", "--run-dir", QString::fromStdString(tmp("fp16")), "--precision",
                          "fp16", "--steps", "1"});
    QVERIFY(fp16.exitCode != 0);
    QVERIFY2(fp16.err.contains("--precision"), qPrintable(fp16.err));
  }

  void checkpointLoadsInOriginalStructure() {
    if (m_trained.empty()) QSKIP("needs the Fashion-MNIST run");
    if (!havePythonTorch()) QSKIP("/usr/bin/python3 with torch is not installed");
    // The trained checkpoint: weights, EMA and Adam state into PyTorch's classes.
    RunResult r = python("check_train_checkpoint.py", {QString::fromStdString(m_trained)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains("net_model: <All keys matched successfully>"));
    // One step of the tiny_sddpm configuration: key order and shapes against the state_dict
    // the original Spk_UNet produced (golden manifest), then the strict load.
    const QString dir = QString::fromStdString(tmp("tiny_sddpm"));
    r = cli({"train", "--run-dir",        dir, "--ch",        "32", "--ch-mult",
             "1,2,2", "--num-res-blocks", "1", "--snn-steps", "4",  "--batch",
             "2",     "--steps",          "1", "--limit",     "16", "--sample-every",
             "0",     "--threads",        "1"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = python("check_state_dict.py",
               {dir + "/ckpt.pt", QString::fromStdString(golden("manifest.json")), "tiny_sddpm"});
    QVERIFY2(r.exitCode == 0 && r.out.contains("OK"), qPrintable(r.out + r.err));
  }

  void tsmFinetuneLowersLossAndMovesGains() {
    if (m_trained.empty()) QSKIP("needs the Fashion-MNIST run");
    const QString dir = QString::fromStdString(tmp("tsm"));
    RunResult r = cli({"finetune-tsm",
                       "--from",
                       QString::fromStdString(m_trained),
                       "--run-dir",
                       dir,
                       "--steps",
                       "60",
                       "--batch",
                       "8",
                       "--lr",
                       "1e-3",
                       "--tsm-lr",
                       "1e-2",
                       "--save-every",
                       "60",
                       "--sample-every",
                       "0",
                       "--threads",
                       "1",
                       "--seed",
                       "2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const std::string tuned = dir.toStdString() + "/60ckpt.pt";
    DatasetSpec data;
    const double before = evaluationLoss(m_trained, "net", data, 256, 9);
    const double after = evaluationLoss(tuned, "net", data, 256, 9);
    qInfo("evaluation loss (256 fixed samples): Spk_UNet %.4f, after TSM finetuning %.4f", before,
          after);
    QVERIFY2(after <= before, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
    io::Checkpoint ck = io::readCheckpoint(tuned);
    double moved = 0;
    int gains = 0;
    for (const auto& [k, v] : ck.net)
      if (k.size() > 5 && k.compare(k.size() - 5, 5, ".tsmp") == 0)
        ++gains, moved = std::max(moved, (v - 1).abs().max().item<double>());
    ModelConfig source = io::readCheckpoint(m_trained).studio["model"].get<ModelConfig>();
    QCOMPARE(gains, static_cast<int>(convLayers(source).size()));  // every conv has its gains
    QVERIFY2(moved > 1e-3, qPrintable(QString::number(moved)));
    if (havePythonTorch()) {
      RunResult py = python("check_train_checkpoint.py", {QString::fromStdString(tuned)});
      QVERIFY2(py.exitCode == 0 && py.out.contains("2 group(s)"), qPrintable(py.out + py.err));
    }
  }

  // The grids recalibrate BatchNorm for the sampled copy only: with or without grids (EMA copy or
  // the raw network), a run ends with the same weights, statistics and optimizer state.
  void sampleGridsLeaveTheRunUntouched() {
    if (!haveFashionMnist()) QSKIP("Fashion-MNIST is not installed");
    for (const bool ema : {true, false}) {
      TrainConfig c = tinyRun(6);
      c.ema = ema;
      c.runDir = tmp(ema ? "no-grids-ema" : "no-grids-raw");
      const TrainResult plain = runTraining(c, {});
      c.sampleEvery = 2;
      c.sampleSize = 4;
      c.sampleSteps = 2;
      c.sampleBnBatches = 3;
      c.runDir = tmp(ema ? "grids-ema" : "grids-raw");
      const TrainResult gridded = runTraining(c, {});
      QVERIFY(fs::exists(c.runDir + "/sample/6.png"));
      const QString diff = checkpointDifference(plain.checkpoint, gridded.checkpoint);
      QVERIFY2(diff.isEmpty(), qPrintable(diff));
      std::map<std::string, std::string> text;
      io::readPng(c.runDir + "/sample/4.png", &text);
      QCOMPARE(QString::fromStdString(text["batch_norm"]), QString("recalibrated (3 batches)"));
      QCOMPARE(QString::fromStdString(text["eps"]), QString("re-derived from the clamped x0"));
      QCOMPARE(QString::fromStdString(text["weights"]), QString(ema ? "ema_model" : "net_model"));
    }
  }

  void cancelThenResumeIsExact() {
    if (!haveFashionMnist()) QSKIP("Fashion-MNIST is not installed");
    TrainConfig c = tinyRun(8);
    c.runDir = tmp("straight");
    const TrainResult straight = runTraining(c, {});
    c.runDir = tmp("cancelled");
    TrainRuntime rt;
    rt.onProgress = [&](const TrainProgress& p) {
      if (p.step == 3) rt.cancel.cancel();
    };
    const TrainResult stopped = runTraining(c, rt);
    QVERIFY(stopped.cancelled);
    QCOMPARE(stopped.step, int64_t(4));  // the step in flight completes
    QCOMPARE(*io::readCheckpoint(stopped.checkpoint).step, int64_t(4));
    TrainRuntime again;
    again.resumeFrom = c.runDir;  // the folder: its newest checkpoint
    const TrainResult resumed = runTraining(c, again);
    QCOMPARE(resumed.step, int64_t(8));
    QCOMPARE(checkpointDifference(straight.checkpoint, resumed.checkpoint), QString());
    QCOMPARE(readMetrics(c.runDir).size(), std::size_t(8));
  }

  void annTrainsResumesExactlyAndConverts() {
    // train-ann: SDM's quantized ANN, dropout included, cancelled and resumed bit for bit; its
    // checkpoint carries the bit width, so `convert` needs nothing else.
    if (!haveFashionMnist()) QSKIP("Fashion-MNIST is not installed");
    TrainConfig c = tinyRun(6);
    c.kind = RunKind::TrainAnn;
    c.bit = 2;
    c.model.ch = 32;  // GroupNorm(32, C)
    c.sampleEvery = 3;
    c.sampleSize = 4;
    c.sampleSteps = 2;
    c.runDir = tmp("ann-straight");
    const TrainResult straight = runTraining(c, {});
    c.runDir = tmp("ann-cancelled");
    TrainRuntime rt;
    rt.onProgress = [&](const TrainProgress& p) {
      if (p.step == 2) rt.cancel.cancel();
    };
    QVERIFY(runTraining(c, rt).cancelled);
    TrainRuntime again;
    again.resumeFrom = c.runDir;
    const TrainResult resumed = runTraining(c, again);
    QCOMPARE(resumed.step, int64_t(6));
    QCOMPARE(checkpointDifference(straight.checkpoint, resumed.checkpoint), QString());
    const std::vector<nlohmann::json> m = readMetrics(c.runDir);
    QCOMPARE(m.size(), std::size_t(6));
    QVERIFY(std::isfinite(m.back()["loss"].get<double>()));
    std::map<std::string, std::string> text;
    io::readPng(c.runDir + "/sample/6.png", &text);
    QCOMPARE(QString::fromStdString(text["batch_norm"]), QString("none (GroupNorm)"));
    QCOMPARE(QString::fromStdString(text["eps"]), QString("as predicted"));
    QVERIFY(QString::fromStdString(text["model"]).startsWith("Quant UNet("));
    // The run's config.json says train-ann; its checkpoint loads as the 2-bit ANN and converts.
    QCOMPARE(readRunConfig(c.runDir).kind, RunKind::TrainAnn);
    const QString snn = QString::fromStdString(tmp("ann.snn.pt"));
    const RunResult r = cli({"convert", "--checkpoint", QString::fromStdString(resumed.checkpoint),
                             "--out", snn, "--json", "--threads", "1"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QVERIFY(QString::fromStdString(j["to"].get<std::string>()).contains("SNN T=3"));
    // A train run cannot be resumed as train-ann (and the other way round).
    const RunResult wrong = cli({"train", "--resume", QString::fromStdString(c.runDir)});
    QVERIFY(wrong.exitCode != 0 && wrong.err.contains("train-ann run"));
  }

  void sigintStopsWithCheckpoint() {
    if (!haveFashionMnist()) QSKIP("Fashion-MNIST is not installed");
    const QString dir = QString::fromStdString(tmp("sigint"));
    QProcess p;
    p.start(bin("sdm-cli"), smallRun(dir, 1000));
    QVERIFY(p.waitForStarted());
    while (readMetrics(dir.toStdString()).size() < 2 && p.state() == QProcess::Running)
      p.waitForFinished(20);
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 130);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(out.contains("stopped at step"), qPrintable(out));
    const auto steps = readMetrics(dir.toStdString()).size();
    auto latest = findLatestCheckpoint(dir.toStdString());
    QVERIFY(latest);
    QCOMPARE(*io::readCheckpoint(*latest).step, int64_t(steps));
  }

  void sigkillAtRandomMomentsResumesExactly() {
    if (!haveFashionMnist()) QSKIP("Fashion-MNIST is not installed");
    const int total = 24;
    const QString ref = QString::fromStdString(tmp("kill_ref")),
                  dir = QString::fromStdString(tmp("kill"));
    RunResult r = cli(smallRun(ref, total));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const unsigned seed = qEnvironmentVariableIsSet("SDM_KILL_SEED")
                              ? unsigned(qEnvironmentVariableIntValue("SDM_KILL_SEED"))
                              : std::random_device{}();
    qInfo("kill moments from seed %u (SDM_KILL_SEED replays them)", seed);
    std::mt19937 rng(seed);
    int kills = 0;
    for (int attempt = 0; attempt < 12 && kills < 4; ++attempt) {
      const bool resume = !listCheckpoints(dir.toStdString()).empty();
      QStringList args = smallRun(dir, total);
      if (resume) args << "--resume" << dir;
      QProcess p;
      p.start(bin("sdm-cli"), args);
      QVERIFY(p.waitForStarted());
      // Kill after a random number of further steps, at a random point inside a step.
      const std::size_t target = readMetrics(dir.toStdString()).size() + 1 + rng() % 5;
      while (readMetrics(dir.toStdString()).size() < target && p.state() == QProcess::Running)
        p.waitForFinished(5);
      if (p.state() == QProcess::Running) {
        p.waitForFinished(static_cast<int>(rng() % 40));
        p.kill();  // SIGKILL
        ++kills;
      }
      p.waitForFinished(60000);
      QVERIFY2(unreadableCheckpoints(dir.toStdString()).isEmpty(),
               qPrintable(unreadableCheckpoints(dir.toStdString())));
      if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0) {
        if (kills >= 2) break;
        // A starved poller let the run finish before enough kills: start it over.
        std::filesystem::remove_all(dir.toStdString());
        kills = 0;
      }
    }
    qInfo("killed %d times", kills);
    QVERIFY2(kills >= 2, qPrintable(QString("seed %1").arg(seed)));
    r = cli(smallRun(dir, total) << "--resume" << dir);  // finish the run
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(checkpointDifference(ref.toStdString() + "/ckpt.pt", dir.toStdString() + "/ckpt.pt"),
             QString());
    QCOMPARE(readMetrics(dir.toStdString()).size(), std::size_t(total));
  }

  // The disk fills while a checkpoint is written (RLIMIT_FSIZE lowered on the running trainer,
  // SIGXFSZ ignored, so writes fail with EFBIG as on a full disk): the run stops with one clear
  // error, the previous checkpoint stays valid and no temporary file is left; a torn last line in
  // metrics.jsonl (a kill mid-write) is dropped on resume; once there is room the run resumes
  // and ends exactly where an undisturbed run ends.
  void diskFullKeepsTheLastCheckpointAndResumes() {
    if (!haveFashionMnist()) QSKIP("Fashion-MNIST is not installed");
    const int total = 12;
    const QString ref = QString::fromStdString(tmp("full_ref")),
                  dir = QString::fromStdString(tmp("full"));
    RunResult r = cli(smallRun(ref, total));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    QProcess p;
    QStringList args{"-c", "trap '' XFSZ; exec \"$0\" \"$@\"", bin("sdm-cli")};
    args << smallRun(dir, total);
    p.start("bash", args);
    QVERIFY(p.waitForStarted());
    while (listCheckpoints(dir.toStdString()).empty() && p.state() == QProcess::Running)
      p.waitForFinished(5);
    QVERIFY2(p.state() == QProcess::Running, "the run ended before its first checkpoint");
    const rlimit small{32 * 1024, 32 * 1024};  // far below a checkpoint, above metrics.jsonl
    QCOMPARE(::prlimit(pid_t(p.processId()), RLIMIT_FSIZE, &small, nullptr), 0);
    QVERIFY(p.waitForFinished(120000));
    const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() != 0, qPrintable(err));
    qInfo("disk full: %s", qPrintable(err.section('\n', -1)));
    QVERIFY2(err.contains("File too large"), qPrintable(err));
    QVERIFY2(!err.contains("terminate called"), qPrintable(err));
    QVERIFY2(unreadableCheckpoints(dir.toStdString()).isEmpty(),
             qPrintable(unreadableCheckpoints(dir.toStdString())));
    for (const auto& e : std::filesystem::directory_iterator(dir.toStdString()))
      QVERIFY2(e.path().filename().string().find(".tmp-") == std::string::npos, e.path().c_str());
    const auto latest = findLatestCheckpoint(dir.toStdString());
    QVERIFY(latest);
    const int64_t saved = *io::readCheckpoint(*latest).step;
    QVERIFY(saved >= 2 && saved < total);
    {
      std::ofstream torn(dir.toStdString() + "/metrics.jsonl", std::ios::app);
      torn << "{\"step\": " << saved + 1 << ", \"lo";  // a line cut mid-write
    }
    QVERIFY(readLossHistory(dir.toStdString()).steps.size() >=
            std::size_t(saved));  // still readable
    r = cli(smallRun(dir, total) << "--resume" << dir);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(checkpointDifference(ref.toStdString() + "/ckpt.pt", dir.toStdString() + "/ckpt.pt"),
             QString());
    QCOMPARE(readMetrics(dir.toStdString()).size(), std::size_t(total));
    QCOMPARE(readLossHistory(dir.toStdString()).steps.size(), std::size_t(total));
  }

  // A run folder that cannot be written is refused at launch with one line naming the folder
  // and the reason, before the dataset or the model is loaded: a new run, a resume of a run on
  // a disk that became read-only, and the studio's job runner.
  void readOnlyRunFolderIsRefusedAtLaunch() {
    const QString done = QString::fromStdString(tmp("ro_done"));
    RunResult r = cli(smallRun(done, 2));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    sdmtest::ReadOnlyFolder fresh(tmp("ro_new")), existing(done.toStdString());
    if (!fresh.ok() || !existing.ok()) QSKIP(fresh.reason().c_str());
    const char* reason = ::geteuid() == 0 ? "Read-only file system" : "Permission denied";
    for (const QStringList& args : {smallRun(QString::fromStdString(fresh.path()) + "/run", 2),
                                    smallRun(QString::fromStdString(fresh.path()), 2),
                                    smallRun(done, 4) << "--resume" << done}) {
      r = cli(args);
      const QString err = r.err.trimmed();
      QVERIFY2(r.exitCode != 0, qPrintable(err));
      QVERIFY2(err.contains("run folder") && err.contains(reason), qPrintable(err));
      QVERIFY2(!err.contains("dataset") && !err.contains("terminate"), qPrintable(err));
      QCOMPARE(err.count('\n'), 0);
    }
    TrainingJob spec;
    spec.config.runDir = fresh.path() + "/job";
    try {
      runJob(spec, {}, CancelToken{});
      QFAIL("a job in a read-only folder ran");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find(reason) != std::string::npos, e.what());
    }
    QCOMPARE(io::readCheckpoint(done.toStdString() + "/ckpt.pt").step.value_or(-1), int64_t{2});
  }

  void twoProcessesOverGlooMatchOne() {
    if (!haveFashionMnist()) QSKIP("Fashion-MNIST is not installed");
    if (!haveGloo()) QSKIP("built without Gloo (libgloo-dev)");
    // The tolerance. Float summation differs between 1 and 2 processes, and this network is
    // chaotic under rounding: a membrane within 1e-7 of the threshold flips a spike, Adam turns
    // gradient noise into +-lr steps, and after some steps any two runs part ways -- one process
    // at 1 vs 2 threads does the same. Over the first steps (here 8 at lr 1e-4, seed 5) the runs
    // agree to rounding: losses within 2e-7, parameters within 5e-5 of how far they moved.
    // Per-process BatchNorm (the control) is a different computation: relative difference ~1.
    const int k = 8;
    const double lr = 1e-4;
    const QString one = QString::fromStdString(tmp("ddp1")),
                  two = QString::fromStdString(tmp("ddp2")),
                  perProcess = QString::fromStdString(tmp("ddp_nosync"));
    auto args = [&](const QString& dir) { return smallRun(dir, k, 0, "1e-4") << "--no-ema"; };
    RunResult single = cli(args(one));
    QVERIFY2(single.exitCode == 0, qPrintable(single.err));
    auto runTwo = [&](const QString& dir, bool syncBn) {
      const QString port = QString::number(freePort());
      std::vector<std::unique_ptr<QProcess>> ranks;
      for (int rank = 0; rank < 2; ++rank) {
        auto p = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("RANK", QString::number(rank));
        env.insert("WORLD_SIZE", "2");
        env.insert("MASTER_ADDR", "127.0.0.1");
        env.insert("MASTER_PORT", port);
        p->setProcessEnvironment(env);
        QStringList a = args(rank == 0 ? dir : QString::fromStdString(tmp("unused")));
        if (!syncBn) a << "--no-sync-bn";
        p->start(bin("sdm-cli"), a);
        ranks.push_back(std::move(p));
      }
      for (auto& p : ranks) {
        QVERIFY(p->waitForFinished(120000));
        QVERIFY2(p->exitCode() == 0, qPrintable(p->readAllStandardError()));
      }
    };
    runTwo(two, true);
    runTwo(perProcess, false);
    QVERIFY(!fs::exists(tmp("unused")));  // only rank 0 writes

    const auto m1 = readMetrics(one.toStdString()), m2 = readMetrics(two.toStdString());
    QCOMPARE(m2.size(), std::size_t(k));
    for (int i = 0; i < k; ++i)
      QVERIFY(std::abs(m1[i]["loss"].get<double>() - m2[i]["loss"].get<double>()) < 1e-5);
    ModelConfig mc;
    mc.ch = 8, mc.chMult = {1, 2}, mc.numResBlocks = 1, mc.imgCh = 1;
    at::manual_seed(5);  // the trainer's initialisation
    const StateDict start = SpkUNet(mc).stateDict();
    const io::Checkpoint a = io::readCheckpoint(one.toStdString() + "/ckpt.pt");
    // |difference| / |update| over the parameters; the biases of convs that feed a BatchNorm
    // have a zero gradient in exact arithmetic (Adam steps on their rounding noise), so they are
    // only bounded by Adam's step size.
    auto compare = [&](const std::string& dir, double& worst) {
      const io::Checkpoint b = io::readCheckpoint(dir + "/ckpt.pt");
      double diff = 0, moved = 0;
      worst = 0;
      for (std::size_t i = 0; i < a.net.size(); ++i) {
        const auto& [key, va] = a.net[i];
        if (va.scalar_type() != at::kFloat || key.find("running_") != std::string::npos) continue;
        const at::Tensor d = va - b.net[i].second;
        worst = std::max(worst, d.abs().max().item<double>());
        const std::string path = key.substr(0, key.rfind('.'));
        const std::string last = path.substr(path.rfind('.') + 1);
        if (key.compare(key.size() - 5, 5, ".bias") == 0 &&
            (last == "conv" || last == "conv1" || last == "conv2" || last == "conv_identity" ||
             last == "T_output_layer"))
          continue;
        diff += d.pow(2).sum().item<double>();
        moved += (va - start[i].second).pow(2).sum().item<double>();
      }
      return std::sqrt(diff / moved);
    };
    double worst = 0, worstPerProcess = 0;
    const double rel = compare(two.toStdString(), worst);
    const double relPerProcess = compare(perProcess.toStdString(), worstPerProcess);
    qInfo(
        "2 processes vs 1 after %d steps: relative parameter difference %.3g (max |diff| %.3g); "
        "with per-process BatchNorm %.3g",
        k, rel, worst, relPerProcess);
    QVERIFY2(rel < 0.01, qPrintable(QString::number(rel)));
    QVERIFY(worst <= 2 * lr * k);
    QVERIFY(relPerProcess > 0.1);  // the comparison can tell a different computation apart
  }
};

QTEST_GUILESS_MAIN(TestTrainJobs)
#include "test_train_jobs.moc"
