// Block-wise SNN fine-tuning (sdm-cli finetune-snn, SDM's SNN_ft.py): the whole procedure on a
// tiny model against the original code's run (tests/data/ann2snn/make_finetune_golden.py), kill
// and resume exactness, per-block checkpoints in the original S_UNet layout, the CLI's errors.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>

#include "io/checkpoint.h"
#include "io/torch_file.h"
#include "model/quant_convert.h"
#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "test_util.h"
#include "train/snn_finetune.h"
#include "util/threads.h"

using namespace sdm;
using namespace sdmtest;
namespace fs = std::filesystem;

namespace {

std::string ann2snn(const std::string& name) { return data("ann2snn/" + name); }

at::Tensor item(const io::PyValue& root, const std::string& key) {
  const io::PyValue* v = root.find(key);
  return v ? v->toTensor() : at::Tensor();
}

std::string convertInto(const QTemporaryDir& dir, const std::string& ann, const char* name) {
  const std::string out = dir.filePath(name).toStdString();
  ConvertOptions o;
  o.checkImages = 0;
  convertAnnToSnn(ann, out, o);
  return out;
}

// The golden run's 4-level ANN (tiny_ft_ann_ckpt.pt) and its conversion, one step per block.
train::SnnFinetuneConfig goldenModelRun(const QTemporaryDir& dir) {
  train::SnnFinetuneConfig c;
  c.annCheckpoint = ann2snn("tiny_ft_ann_ckpt.pt");
  c.snnCheckpoint = convertInto(dir, c.annCheckpoint, "converted.pt");
  c.runDir = dir.filePath("run").toStdString();
  c.stepsPerBlock = 1;
  return c;
}

// The tiny golden model's ANN (2 bits; 16x16 from the flagfile beside it) fine-tuned on
// Fashion-MNIST as RGB.
train::SnnFinetuneConfig tinyRun(const QTemporaryDir& dir, const std::string& snn,
                                 const std::string& runName) {
  train::SnnFinetuneConfig c;
  c.annCheckpoint = ann2snn("tiny_ann_ckpt.pt");
  c.snnCheckpoint = snn;
  c.runDir = dir.filePath(QString::fromStdString(runName)).toStdString();
  c.data.limit = 64;
  c.batch = 4;
  c.stepsPerBlock = 3;
  c.saveEvery = 4;
  c.seed = 5;
  return c;
}

QString readText(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

std::vector<double> metricLosses(const std::string& runDir) {
  std::ifstream in(fs::path(runDir) / "metrics.jsonl");
  std::vector<double> out;
  for (std::string line; std::getline(in, line);)
    out.push_back(nlohmann::json::parse(line)["loss"].get<double>());
  return out;
}

}  // namespace

class TestSnnFinetune : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { setComputeThreads(2); }

  void matchesTheOriginalFineTuning() {
    // SNN_ft.py run on a tiny 4-level model (its block lists are hard-coded for that shape):
    // clean images, t < 2^bit − 1, one step per block, dropout 0. Same batches here.
    const io::PyValue golden = io::readTorchFile(ann2snn("tiny_finetune_golden.pt")).root;
    const at::Tensor xs = item(golden, "x"), ts = item(golden, "t"), want = item(golden, "loss");
    QTemporaryDir dir;
    train::SnnFinetuneConfig c = goldenModelRun(dir);
    c.dropout = 0;
    c.originalInputs = true;
    // Step 0 tunes the time embedding, whose conversion is nearly exact: its gradient is of the
    // order of Adam's eps, so the update g / (|g| + eps) amplifies rounding (1e-5 of lr 2e-4
    // here). Compare that step loosely, then continue from the original's time embedding: every
    // later block must match tightly.
    const io::PyValue* theirs = golden.find("snn");
    QVERIFY(theirs);
    auto batches = [&](int64_t s) { return std::make_pair(xs[s], ts[s]); };
    std::vector<double> losses;
    {
      train::SnnFinetuneRuntime rt;
      rt.batchSource = batches;
      rt.stopAfterSteps = 1;
      const train::SnnFinetuneResult r = train::runSnnFinetune(c, rt);
      QVERIFY(r.cancelled);
      losses = r.stepLoss;
    }
    io::Checkpoint ck = io::readCheckpoint(c.runDir + "/ckpt.pt");
    io::CheckpointData d;
    d.step = ck.step;
    d.studio = ck.studio;
    double tembStep = 0;
    for (auto& [key, value] : ck.ema) {
      if (key.rfind("time_embedding.", 0) == 0) {
        const at::Tensor ref = theirs->find(key)->toTensor();
        tembStep = std::max(tembStep, (value - ref).abs().max().item<double>());
        value = ref;
      }
      d.ema.emplace_back(key, value);
    }
    qInfo("time embedding step: max |diff| %.3g (lr %.3g)", tembStep, c.lr);
    QVERIFY(tembStep < 0.25 * c.lr);
    io::writeCheckpoint(c.runDir + "/ckpt.pt", d);
    train::SnnFinetuneRuntime rt;
    rt.batchSource = batches;
    rt.resumeFrom = c.runDir;
    const train::SnnFinetuneResult r = train::runSnnFinetune(c, rt);
    QVERIFY(!r.cancelled);
    losses.insert(losses.end(), r.stepLoss.begin(), r.stepLoss.end());
    QCOMPARE(int64_t(losses.size()), want.size(0));
    // The original prints its losses with 6 decimals. The golden was made where oneDNN's fp32
    // convs sum in one order (an AVX2 CPU); a CPU whose oneDNN picks other conv kernels (AVX-512)
    // rounds their sums differently in the last bits, a few spikes flip in the first block whose
    // loss runs through them (step 3, the first down block), and every later block is tuned on
    // other spikes. So: on the golden's arithmetic, detected by that step, the tight checks;
    // elsewhere, the checks that hold on any CPU (measured on AVX-512: steps 0-2 exact, later
    // losses 3.5 % off on average, 12 % at worst).
    const bool goldenArithmetic = std::abs(losses[3] - want[3].item<double>()) <= 6e-7;
    int exactSteps = 0;
    double worstRelative = 0, meanRelative = 0;
    for (std::size_t i = 0; i < losses.size(); ++i) {
      const double w = want[int64_t(i)].item<double>(), diff = std::abs(losses[i] - w);
      if (diff <= 6e-7) ++exactSteps;
      if (i < 3) QVERIFY2(diff <= 6e-7, qPrintable(QString("step %1").arg(i)));
      worstRelative = std::max(worstRelative, diff / std::max(w, 1e-3));
      meanRelative += diff / std::max(w, 1e-3) / double(losses.size());
    }
    qInfo(
        "losses: %d of %zu steps to the original's 6 printed decimals, worst relative %.2g, "
        "mean %.2g (%s arithmetic)",
        exactSteps, losses.size(), worstRelative, meanRelative,
        goldenArithmetic ? "the golden's" : "other conv kernels'");
    if (goldenArithmetic) {
      // The down and middle blocks reproduce it exactly; in the up path a few gradient elements
      // of the order of Adam's eps round differently and flip their update, and the spikes
      // downstream of them may flip: the last block's loss moved by 5e-4 relative.
      QVERIFY(exactSteps >= int(losses.size()) * 9 / 10);
      QVERIFY(worstRelative < 2e-3);
    } else {
      QVERIFY(meanRelative < 0.06);
      QVERIFY(worstRelative < 0.25);
    }

    // Final weights, key by key in the original's S_UNet names: down and middle blocks exact,
    // ≥ 99.9 % of all elements to 1e-6, and no element off by more than one Adam step each way.
    const io::Checkpoint mine = io::readCheckpoint(r.checkpoint);
    const io::Checkpoint start = io::readCheckpoint(c.snnCheckpoint);
    double worst = 0;
    int64_t off = 0, total = 0;
    int moved = 0;
    QCOMPARE(mine.ema.size(), start.ema.size());
    for (std::size_t i = 0; i < mine.ema.size(); ++i) {
      const auto& [key, value] = mine.ema[i];
      const io::PyValue* ref = theirs->find(key);
      QVERIFY2(ref, key.c_str());
      const at::Tensor diff = (value - ref->toTensor()).abs();
      worst = std::max(worst, diff.max().item<double>());
      off += (diff > 1e-6).sum().item<int64_t>();
      total += value.numel();
      if (goldenArithmetic &&
          (key.rfind("downblocks.", 0) == 0 || key.rfind("middleblocks.", 0) == 0))
        QVERIFY2(diff.max().item<double>() == 0, key.c_str());
      if (!at::equal(value, start.ema[i].second)) ++moved;
    }
    qInfo(
        "final S_UNet weights: %lld of %lld elements off by > 1e-6, max |diff| %.3g; %d of %zu "
        "tensors tuned",
        (long long)off, (long long)total, worst, moved, mine.ema.size());
    // An Adam step moves a weight by at most about lr: both runs start from the same weights and
    // tune each block for stepsPerBlock steps.
    if (goldenArithmetic) QVERIFY(off * 1000 < total);
    QVERIFY(worst <= (goldenArithmetic ? 2 : 2 * c.stepsPerBlock) * c.lr + 1e-7);
    QVERIFY(moved > 100);  // every tuned block moved (the tail and the head never do)
    for (std::size_t i = 0; i < mine.ema.size(); ++i) {
      const std::string& key = mine.ema[i].first;
      if (key.rfind("tail.", 0) == 0 || key.rfind("head.", 0) == 0 ||
          key.find("act_alpha") != std::string::npos)
        QVERIFY2(at::equal(mine.ema[i].second, start.ema[i].second), key.c_str());
    }
  }

  void killAndResumeEndsWithTheSameWeights() {
    QTemporaryDir dir;
    const std::string snn = convertInto(dir, ann2snn("tiny_ann_ckpt.pt"), "converted.pt");
    const train::SnnFinetuneConfig whole = tinyRun(dir, snn, "whole");
    const train::SnnFinetuneResult a = train::runSnnFinetune(whole, {});
    QVERIFY(!a.cancelled);

    const train::SnnFinetuneConfig parts = tinyRun(dir, snn, "parts");
    int64_t steps = 0;
    // Stops inside a block (Adam state saved), on a block boundary, and inside a later block.
    for (int64_t stopAfter : {4, 6, 13, 0}) {
      train::SnnFinetuneRuntime rt;
      if (steps > 0) rt.resumeFrom = parts.runDir;
      rt.stopAfterSteps = stopAfter;
      const train::SnnFinetuneResult r = train::runSnnFinetune(parts, rt);
      steps += int64_t(r.stepLoss.size());
      QCOMPARE(r.cancelled, stopAfter > 0);
    }
    QCOMPARE(steps, int64_t(a.stepLoss.size()));
    const io::Checkpoint x = io::readCheckpoint(a.checkpoint);
    const io::Checkpoint y = io::readCheckpoint(parts.runDir + "/finetuned_snn.pt");
    QCOMPARE(x.ema.size(), y.ema.size());
    for (std::size_t i = 0; i < x.ema.size(); ++i)
      QVERIFY2(at::equal(x.ema[i].second, y.ema[i].second), x.ema[i].first.c_str());
    QCOMPARE(metricLosses(parts.runDir), metricLosses(whole.runDir));
    // Noised inputs over all N timesteps (the default) give every block a loss to reduce.
    const std::vector<double> l = metricLosses(whole.runDir);
    QVERIFY(std::all_of(l.begin(), l.end(), [](double v) { return std::isfinite(v); }));

    // One checkpoint per block, each a complete S_UNet that loads as the converted model.
    const LoadedQuantModel tuned = loadQuantModel(a.checkpoint);
    QVERIFY(tuned.config.converted());
    QCOMPARE(tuned.config.spikeTime, 3);
    int blocks = 0;
    for (const auto& e : fs::directory_iterator(fs::path(whole.runDir) / "blocks")) {
      (void)e;
      ++blocks;
    }
    QCOMPARE(blocks, tuned.model->unitCount());
  }

  void blockCheckpointsLoadStrictlyInTheOriginalSUNet() {
    if (!havePythonTorch()) QSKIP("needs /usr/bin/python3 with python3-torch");
    QTemporaryDir dir;
    train::SnnFinetuneConfig c = goldenModelRun(dir);
    c.data.limit = 8;
    c.batch = 2;
    QVERIFY(!train::runSnnFinetune(c, {}).cancelled);
    // Keys, order, shapes and dtypes of the original S_UNet's state_dict (recorded from the
    // original code in the golden); with SDM_REPO set, a strict load into its S_UNet too.
    for (const char* file : {"blocks/05_downblocks.3.pt", "finetuned_snn.pt", "ckpt.pt"}) {
      const RunResult r = python("check_s_unet_checkpoint.py",
                                 {QString::fromStdString(c.runDir + "/" + file),
                                  QString::fromStdString(ann2snn("tiny_finetune_golden.pt"))});
      QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
      qInfo("%s: %s", file, qPrintable(r.out.trimmed()));
    }
  }

  void progressiveBitScheduleStartsFromThePreviousStage() {
    // Fast-SNN's 32 -> 3 -> 2 bits on a tiny ANN. --warmup makes the first step's learning rate
    // 0, so each stage's checkpoint after one step holds exactly its initialisation.
    QTemporaryDir dir;
    const QStringList arch{"--ch", "32",         "--ch-mult", "1,2", "--num-res-blocks",
                           "1",    "--img-size", "16"};
    const QStringList common{"--steps",  "1",    "--batch",        "4", "--limit",   "16",
                             "--warmup", "1000", "--sample-every", "0", "--threads", "2"};
    const QString relu = dir.filePath("relu"), bit3 = dir.filePath("bit3"),
                  bit2 = dir.filePath("bit2");
    RunResult r = cli(QStringList{"train-ann", "--run-dir", relu, "--bit", "32"} + arch + common);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = cli(QStringList{"train-ann", "--run-dir", bit3, "--bit", "3", "--init-from", relu,
                        "--init-weights", "net"} +
            common);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = cli(QStringList{"train-ann", "--run-dir", bit2, "--bit", "2", "--init-from", bit3,
                        "--init-weights", "net", "--ch", "64"} +
            common);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("--ch is ignored with --init-from"), qPrintable(r.err));

    auto weights = [](const QString& run) {
      return io::readCheckpoint((run + "/ckpt.pt").toStdString()).net;
    };
    const StateDict a = weights(relu), b = weights(bit3), c = weights(bit2);
    // From plain ReLUs: every weight taken over, the clipping values calibrated from the data.
    std::map<std::string, at::Tensor> fromRelu(a.begin(), a.end());
    int alphas = 0;
    for (const auto& [key, value] : b) {
      if (key.find("act_alpha") != std::string::npos) {
        ++alphas;
        const double alpha = value.item<double>();
        QVERIFY2(alpha > 0 && alpha != 6.0, key.c_str());  // 6.0: the untrained default
        continue;
      }
      QVERIFY2(fromRelu.count(key) && at::equal(fromRelu[key], value), key.c_str());
    }
    QCOMPARE(alphas, 26);
    QVERIFY(readText(bit3 + "/train.log").contains("calibrated"));
    // From a quantized stage: everything taken over, thresholds included; the bit width changes.
    QCOMPARE(b.size(), c.size());
    for (std::size_t i = 0; i < b.size(); ++i)
      QVERIFY2(at::equal(b[i].second, c[i].second), b[i].first.c_str());
    const auto cfg = nlohmann::json::parse(readText(bit2 + "/config.json").toStdString());
    QCOMPARE(cfg["bit"].get<int>(), 2);
    QCOMPARE(cfg["model"]["ch"].get<int>(), 32);
    QVERIFY(
        QString::fromStdString(cfg["init_from"]["checkpoint"].get<std::string>()).startsWith(bit3));

    r = cli(QStringList{"train-ann", "--run-dir", dir.filePath("x"), "--bit", "2", "--init-from",
                        QString::fromStdString(ann2snn("tiny_converted_snn.pt"))} +
            common);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("converted SNN"), qPrintable(r.err));
  }

  void cliRunsAndRefusesBadInput() {
    QTemporaryDir dir;
    const std::string snn = convertInto(dir, ann2snn("tiny_ann_ckpt.pt"), "converted.pt");
    const QString ann = QString::fromStdString(ann2snn("tiny_ann_ckpt.pt"));
    const QString run = dir.filePath("run");
    const QStringList common{"--steps-per-block", "1", "--batch",   "2",
                             "--limit",           "8", "--threads", "2"};
    RunResult r = cli(QStringList{"finetune-snn", "--ann", ann, "--snn",
                                  QString::fromStdString(snn), "--run-dir", run} +
                      common);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("finished"));
    QVERIFY(QFileInfo::exists(run + "/finetuned_snn.pt"));
    QVERIFY(r.err.contains("block upblocks."));
    // The same folder again: refused, pointing at --resume; resuming a finished run is a no-op.
    r = cli(QStringList{"finetune-snn", "--ann", ann, "--snn", QString::fromStdString(snn),
                        "--run-dir", run} +
            common);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("--resume"), qPrintable(r.err));
    r = cli({"finetune-snn", "--resume", run, "--threads", "2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    struct Case {
      QStringList args;
      const char* says;
    };
    const QString other = dir.filePath("other");
    const Case cases[] = {
        {{"--ann", ann, "--run-dir", other}, "--snn"},
        {{"--ann", ann, "--snn", ann, "--run-dir", other}, "is an ANN"},
        {{"--ann", QString::fromStdString(snn), "--snn", QString::fromStdString(snn), "--run-dir",
          other},
         "converted SNN"},
        {{"--ann", dir.filePath("missing.pt"), "--snn", QString::fromStdString(snn), "--run-dir",
          other},
         "missing.pt"},
        {{"--ann", QString::fromStdString(ann2snn("tiny_ft_ann_ckpt.pt")), "--snn",
          QString::fromStdString(snn), "--run-dir", other},
         "not a conversion of the ANN"},
        {{"--resume", dir.filePath("nothing")}, "nothing"},
    };
    for (const Case& k : cases) {
      r = cli(QStringList{"finetune-snn"} + k.args + common);
      QVERIFY2(r.exitCode == 1, qPrintable(k.args.join(' ')));
      QVERIFY2(r.err.contains(k.says), qPrintable(r.err));
      QCOMPARE(r.err.trimmed().count('\n'), 0);
    }
  }
};

QTEST_GUILESS_MAIN(TestSnnFinetune)
#include "test_snn_finetune.moc"
