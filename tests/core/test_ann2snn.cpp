// ANN→SNN conversion (SDM's ANN2SNN): the quantized ANN and the converted S_UNet against the
// original code's outputs (tests/data/ann2snn/make_golden.py), the IF neuron's counting theory,
// the original key layout, `sdm-cli convert` / `info` / `sample` and their one-line errors.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest>

#include <filesystem>

#include "core/golden.h"
#include "io/checkpoint.h"
#include "io/png.h"
#include "io/torch_file.h"
#include "model/loader.h"
#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "probe/cost.h"
#include "probe/recorder.h"
#include "test_util.h"
#include "util/threads.h"

using namespace sdm;
using namespace sdmtest;

namespace {
std::string ann2snn(const std::string& name) { return data("ann2snn/" + name); }

at::Tensor item(const io::PyValue& root, const std::string& key) {
  const io::PyValue* v = root.find(key);
  return v ? v->toTensor() : at::Tensor();
}
}  // namespace

class TestAnn2Snn : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { setComputeThreads(2); }

  void forwardMatchesTheOriginal() {
    io::PyValue io = io::readTorchFile(ann2snn("tiny_ann2snn_io.pt")).root;
    const at::Tensor x = item(io, "x"), t = item(io, "t");
    at::NoGradGuard ng;
    // The bit width comes from the flagfile.txt beside the checkpoint, as in the original logdir.
    LoadedQuantModel ann = loadQuantModel(ann2snn("tiny_ann_ckpt.pt"));
    QCOMPARE(ann.config.bit, 2);
    QCOMPARE(ann.config.imgSize, 16);
    QVERIFY(!ann.config.converted());
    const Verdict a = judgeForward(ann.model->forward(x, t), item(io, "ann_eps"));
    qInfo("quantized ANN: %s", a.text.c_str());
    QVERIFY(a.exact);

    LoadedQuantModel snn = loadQuantModel(ann2snn("tiny_converted_snn.pt"));
    QCOMPARE(snn.config.spikeTime, 3);  // 2^bit - 1
    QVERIFY(snn.config.signedSpikes);
    const at::Tensor snnEps = snn.model->forward(x, t);
    const Verdict s = judgeForward(snnEps, item(io, "snn_eps"));
    qInfo("converted SNN: %s", s.text.c_str());
    QVERIFY(s.exact);
    // The conversion changes the output (deeper layers accumulate error): a forward that ignored
    // the spiking would equal the ANN.
    QVERIFY((snnEps - item(io, "ann_eps")).abs().max().item<double>() > 0.1);
  }

  void ifNeuronCountsTheQuantizedLevel() {
    // Constant input I for T = 2^b - 1 steps: the spike count is round(T I / θ) clipped to
    // 0..T, i.e. the quantized ReLU (Fast-SNN's exactness of the first spiking layer).
    for (int bit : {1, 2, 3}) {
      QuantAct act(bit);
      at::NoGradGuard ng;
      act.named_parameters()["act_alpha"].fill_(0.8);
      const int T = (1 << bit) - 1;
      // Levels k + f away from the ties k + 1/2, where round() goes to even and the IF up.
      const at::Tensor k = at::arange(-2, T + 3).to(at::kFloat).repeat_interleave(4);
      const at::Tensor f = at::tensor({0.1f, 0.3f, 0.7f, 0.9f}).repeat({T + 5});
      const at::Tensor I = ((k + f) * (0.8 / T)).reshape({1, -1});
      const at::Tensor q = act.forward(I, 0, true);
      for (bool sign : {true, false}) {
        const at::Tensor frames = I.repeat({T, 1});  // batch 1, T frames
        const at::Tensor spikes = act.forward(frames, T, sign);
        const at::Tensor rate = spikes.sum(0, true) / T;
        QVERIFY2(at::allclose(rate, q, 0, 1e-6), qPrintable(QString("bit %1").arg(bit)));
        // Every output is 0 or ±θ: binary spikes scaled by the threshold.
        QVERIFY(((spikes == 0) | (spikes.abs() - 0.8).abs().lt(1e-6)).all().item<bool>());
      }
    }
  }

  void signedSpikesTakeBackExcess() {
    // A burst then negative input: the signed neuron emits −θ once its membrane drops below 0.
    QuantAct act(2);
    at::NoGradGuard ng;
    act.named_parameters()["act_alpha"].fill_(1.0);
    const at::Tensor in = at::tensor({1.0f, -1.2f, 0.0f}).reshape({3, 1});
    const at::Tensor s = act.forward(in, 3, true).flatten();
    QCOMPARE(s[0].item<float>(), 1.0f);
    QCOMPARE(s[1].item<float>(), -1.0f);
    QCOMPARE(act.forward(in, 3, false).flatten()[1].item<float>(), 0.0f);
  }

  void cifarConfigurationHasTheOriginalLayout() {
    // reference.md 6.2: the CIFAR-10 ANN has 337 state_dict entries and 34,292,295 parameters.
    QuantUNetConfig c;  // ch 128, ch_mult [1,2,2,2], 2 blocks
    c.bit = 3;
    QuantUNet net(c);
    const StateDict sd = net.stateDict();
    QCOMPARE(int(sd.size()), 337);
    int64_t n = 0;
    for (const auto& [k, v] : sd) n += v.numel();
    QCOMPARE(n, int64_t(34292295));
    QCOMPARE(sd.front().first, std::string("time_embedding.timembedding.0.weight"));
    QCOMPARE(sd.back().first, std::string("tail.2.bias"));
    QCOMPARE(snnKeyFor("downblocks.0.block1.2.weight"),
             std::string("downblocks.0.block1.block.2.weight"));
    QCOMPARE(snnKeyFor("tail.1.act_alpha"), std::string("tail.block.1.act_alpha"));
    QCOMPARE(snnKeyFor("downblocks.1.main.weight"), std::string("downblocks.1.main.weight"));
    for (const auto& [k, v] : sd) QCOMPARE(annKeyFor(snnKeyFor(k)), k);
  }

  void convertWritesTheOriginalsFile() {
    QTemporaryDir dir;
    const QString out = dir.filePath("converted_snn.pt");
    const RunResult r =
        cli({"convert", "--checkpoint", QString::fromStdString(ann2snn("tiny_ann_ckpt.pt")),
             "--out", out, "--json", "--threads", "2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    // The first spiking layer reproduces the quantized ANN (the paper's exactness), the rest
    // accumulates conversion error.
    QVERIFY(j["check"]["time_embedding_relative_error"].get<double>() < 1e-5);
    for (const auto& row : j["check"]["eps"])
      QVERIFY(row["eps_relative_error"].get<double>() > 1e-3);
    // Same keys in the same order and the same tensors as SNN_conversion.py's converted_snn.pt.
    const io::Checkpoint mine = io::readCheckpoint(out.toStdString());
    const io::Checkpoint theirs = io::readCheckpoint(ann2snn("tiny_converted_snn.pt"));
    QVERIFY(!mine.hasNet());
    QCOMPARE(mine.ema.size(), theirs.ema.size());
    for (std::size_t i = 0; i < mine.ema.size(); ++i) {
      QCOMPARE(mine.ema[i].first, theirs.ema[i].first);
      QVERIFY(at::equal(mine.ema[i].second, theirs.ema[i].second));
    }
    // It loads back as the SNN (T and bit from the studio's metadata, no flagfile beside it).
    LoadedQuantModel back = loadQuantModel(out.toStdString());
    QCOMPARE(back.config.spikeTime, 3);
    QCOMPARE(back.config.bit, 2);
  }

  void sampleAndInfoReadBothModels() {
    QTemporaryDir dir;
    for (const char* file : {"tiny_ann_ckpt.pt", "tiny_converted_snn.pt"}) {
      const QString png = dir.filePath(QString(file) + ".png");
      const QString tensor = dir.filePath(QString(file) + ".samples.pt");
      const RunResult r = cli({"sample", "--checkpoint", QString::fromStdString(ann2snn(file)),
                               "--solver", "ddim", "--steps", "3", "--batch", "2", "--out", png,
                               "--save-tensor", tensor, "--quiet", "--threads", "2"});
      QVERIFY2(r.exitCode == 0, qPrintable(r.err));
      const at::Tensor s = io::readTensorFile(tensor.toStdString());
      QCOMPARE(s.sizes().vec(), (std::vector<int64_t>{2, 3, 16, 16}));
      QVERIFY(at::isfinite(s).all().item<bool>());
      QVERIFY(QFileInfo(png).size() > 0);
      const RunResult info = cli({"info", QString::fromStdString(ann2snn(file)), "--json"});
      QVERIFY2(info.exitCode == 0, qPrintable(info.err));
      const auto j = nlohmann::json::parse(info.out.toStdString());
      QCOMPARE(j["activation_layers"].get<int>(), 26);
      QCOMPARE(j["model"]["spike_time"].get<int>(), QString(file).contains("converted") ? 3 : 0);
    }
  }

  void evalScoresAConvertedFashionMnistModel() {
    // A 1-channel 32x32 quantized ANN (the studio's own layout; the original hard-codes RGB),
    // its bit width in the studio's metadata, converted and scored with the bundled classifier.
    QTemporaryDir dir;
    QuantUNetConfig c;
    c.ch = 32;
    c.chMult = {1, 2};
    c.numResBlocks = 1;
    c.imgCh = 1;
    c.bit = 2;
    QuantUNet net(c);
    io::CheckpointData d;
    d.net = net.stateDict();
    d.studio = {{"quant_model", c}};
    const QString ann = dir.filePath("ann.pt"), snn = dir.filePath("snn.pt");
    io::writeCheckpoint(ann.toStdString(), d);
    RunResult r =
        cli({"convert", "--checkpoint", ann, "--weights", "net", "--out", snn, "--no-check"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const QString& file : {ann, snn}) {
      r = cli({"eval", "--checkpoint", file, "--n", "10", "--steps", "2", "--no-kid", "--out-json",
               "-", "--threads", "2"});
      QVERIFY2(r.exitCode == 0, qPrintable(r.err));
      QVERIFY2(r.out.contains(file == snn ? "S_UNet(" : "Quant UNet("), qPrintable(r.out));
    }
    r = cli({"eval", "--checkpoint", snn, "--n", "10", "--steps", "2", "--no-kid", "--threshold",
             "0.9"});
    QVERIFY(r.exitCode != 0 && r.err.contains("learnt act_alpha"));
  }

  void convertedIfNeuronIsRecordedAsComputedByHand() {
    // One IF layer of the converted model, threshold θ = act_alpha = 2, T = 3, signed spikes,
    // three neurons fed (in units of θ) A: .5 .5 .5, B: .6 −.45 0, C: 0 0 0. Membrane from θ/2:
    //   A: charged 1.0 → fire, 0.5, 1.0 → fire                       spikes  1  0  1
    //   B: charged 1.1 → fire (0.1 left), −0.35 → take back (+θ), 0.65   spikes  1 −1  0
    //   C: charged 0.5 0.5 0.5                                          spikes  0  0  0
    QuantAct act(2);
    {
      at::NoGradGuard ng;
      act.named_parameters()["act_alpha"].fill_(2.0);
    }
    const at::Tensor x =
        at::tensor({0.5f, 0.6f, 0.f, 0.5f, -0.45f, 0.f, 0.5f, 0.f, 0.f}).reshape({3, 3}) * 2;
    RecordOptions ro;
    ro.tracedNeurons = 3;
    ro.threshold = 1;
    SpikeRecorder rec({{"time_embedding.timembedding.2", UNetPart::Stem, 0, 3, 1, 1}}, 3, ro);
    const int64_t offset = 0;
    act.setProbe(&rec, 0, &offset);
    const at::Tensor out = act.forward(x, 3, true);  // [B*T, 3], B = 1
    act.setProbe(nullptr, -1, nullptr);
    const at::Tensor want =
        at::tensor({2.f, 2.f, 0.f, 0.f, -2.f, 0.f, 2.f, 0.f, 0.f}).reshape({3, 3});
    QVERIFY2(at::equal(out, want), c10::str(out).c_str());
    const auto record = rec.endEvaluation(0, 999);
    const LayerEval& l = record->layers.at(0);
    // A signed spike is one event: 2 at step 0 (A, B), 1 at step 1 (B's −1), 1 at step 2 (A).
    QCOMPARE(l.spikesPerStep, (std::vector<int64_t>{2, 1, 1}));
    QCOMPARE(l.neurons, int64_t(3));
    QCOMPARE(l.rate(), 4.0 / 9.0);
    const NeuronTrace& tr = l.trace(0);
    QCOMPARE(tr.raster, (std::vector<std::vector<uint16_t>>{{0, 1}, {1}, {0}}));
    const std::vector<std::vector<float>> membrane{
        {1.0f, 0.5f, 1.0f}, {1.1f, -0.35f, 0.65f}, {0.5f, 0.5f, 0.5f}};
    const std::vector<int64_t>& traced = rec.layout().tracedNeurons.at(0);  // a seeded order
    QCOMPARE(traced.size(), std::size_t(3));
    for (std::size_t k = 0; k < 3; ++k)
      for (std::size_t t = 0; t < 3; ++t) {
        const float want = membrane[std::size_t(traced[k])][t];
        QVERIFY2(std::abs(tr.membrane[k][t] - want) < 1e-6,
                 qPrintable(QString("neuron %1 step %2: %3, not %4")
                                .arg(traced[k])
                                .arg(t)
                                .arg(tr.membrane[k][t])
                                .arg(want)));
      }
  }

  void convertedModelSpikesAndEnergyFromTheCli() {
    QTemporaryDir dir;
    const QString json = dir.filePath("spikes.json");
    const RunResult r =
        cli({"sample", "--checkpoint", QString::fromStdString(ann2snn("tiny_converted_snn.pt")),
             "--solver", "ddim", "--steps", "2", "--batch", "2", "--spikes", json, "--quiet",
             "--threads", "2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto j = nlohmann::json::parse(f.readAll().toStdString());
    const LoadedQuantModel snn = loadQuantModel(ann2snn("tiny_converted_snn.pt"));
    const std::vector<NeuronLayer> layers = convertedNeuronLayers(snn.config);
    QCOMPARE(layers.size(), std::size_t(26));
    QCOMPARE(j["layers"].size(), layers.size());
    QCOMPARE(j["layers"][0]["name"].get<std::string>(),
             std::string("time_embedding.timembedding.2"));
    QCOMPARE(j["layers"][25]["name"].get<std::string>(), std::string("tail.1"));
    QCOMPARE(j["evaluations"].size(), std::size_t(2));
    int firing = 0;
    for (const auto& layer : j["evaluations"][0]["layers"]) {
      const double rate = layer["rate"].get<double>();
      QVERIFY(rate >= 0 && rate <= 1);
      if (rate > 0) ++firing;
      QCOMPARE(layer["spikes_per_step"].size(), std::size_t(3));
    }
    QVERIFY(firing > 20);
    // Energy: every IF layer's events charged as SOPs to the layer it feeds.
    const double sops = j["energy"]["per_image_per_evaluation"]["SOPs"].get<double>();
    QVERIFY2(sops > 0, j["energy"].dump().c_str());
    const std::vector<LayerCost> costs = convertedLayerCosts(snn.config);
    int spiking = 0;
    for (const auto& c : costs) spiking += c.spikeInput >= 0;
    QCOMPARE(spiking, 26);
  }

  void badInputGetsOneLine() {
    QTemporaryDir dir;
    // No flagfile, no metadata: the bit width must be given.
    const std::string lone = dir.filePath("ckpt.pt").toStdString();
    std::filesystem::copy_file(ann2snn("tiny_ann_ckpt.pt"), lone);
    RunResult r = cli(
        {"convert", "--checkpoint", QString::fromStdString(lone), "--out", dir.filePath("o.pt")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("pass --bit B"), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    QVERIFY(!QFile::exists(dir.filePath("o.pt")));
    r = cli({"convert", "--checkpoint", QString::fromStdString(lone), "--bit", "2", "--out",
             dir.filePath("o.pt"), "--no-check"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // Converting twice, spikes of the ANN (it has no IF layers), Spk_UNet-only loaders.
    r = cli({"convert", "--checkpoint", dir.filePath("o.pt"), "--out", dir.filePath("p.pt")});
    QVERIFY(r.err.contains("already a converted SNN"));
    r = cli({"sample", "--checkpoint", QString::fromStdString(lone), "--bit", "2", "--steps", "2",
             "--spikes", dir.filePath("s.json")});
    QVERIFY2(r.exitCode != 0 && r.err.contains("this is the quantized ANN"), qPrintable(r.err));
    QVERIFY(!QFile::exists(dir.filePath("s.json")));
    // --snn-steps sets a converted model's T; the ANN has none.
    r = cli({"sample", "--checkpoint", dir.filePath("o.pt"), "--steps", "2", "--batch", "1",
             "--snn-steps", "5", "--out", dir.filePath("t5.png"), "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    std::map<std::string, std::string> text;
    io::readPng(dir.filePath("t5.png").toStdString(), &text);
    QCOMPARE(nlohmann::json::parse(text["parameters"])["model"]["spike_time"].get<int>(), 5);
    r = cli(
        {"sample", "--checkpoint", QString::fromStdString(lone), "--bit", "2", "--snn-steps", "5"});
    QVERIFY(r.exitCode != 0 && r.err.contains("applies to a converted model"));
    r = cli({"sample", "--checkpoint", QString::fromStdString(golden("tiny_sddpm_ckpt.pt")),
             "--bit", "2"});
    QVERIFY(r.exitCode != 0 && r.err.contains("applies to ANN2SNN models only"));
    try {
      loadModel(ann2snn("tiny_ann_ckpt.pt"));
      QFAIL("the Spk_UNet loader accepted an ANN");
    } catch (const std::exception& e) {
      QVERIFY2(QString(e.what()).contains("ANN2SNN model"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestAnn2Snn)
#include "test_ann2snn.moc"
