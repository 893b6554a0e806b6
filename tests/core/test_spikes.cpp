// Spike observation and energy: the recorder against the goldens and against the full spike maps,
// chunked evaluation, the layer x step rate matrix, the JSON schema, and energy counts worked out
// by hand on a small network.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest>

#include <algorithm>
#include <climits>
#include <fstream>

#include "core/golden.h"
#include "diffusion/sampler.h"
#include "io/torch_file.h"
#include "model/if_neuron.h"
#include "model/loader.h"
#include "probe/cost.h"
#include "probe/energy.h"
#include "probe/recorder.h"
#include "probe/spike_dump.h"
#include "test_util.h"
#include "util/error.h"
#include "util/threads.h"

using namespace sdm;
using namespace sdmtest;

namespace {

// Forwards one probe's calls to two.
struct Both : SpikeProbe {
  SpikeProbe& a;
  SpikeProbe& b;
  Both(SpikeProbe& x, SpikeProbe& y) : a(x), b(y) {}
  void onLayerEvent(const LayerEvent& e) override {
    a.onLayerEvent(e);
    b.onLayerEvent(e);
  }
};

ModelConfig smallConfig() {
  ModelConfig c;
  c.ch = 2;
  c.chMult = {1};
  c.numResBlocks = 1;
  c.imgCh = 1;
  c.imgSize = 4;
  c.snnSteps = 2;
  c.trainingTimesteps = 10;
  return c;
}

}  // namespace

class TestSpikes : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { setComputeThreads(2); }

  void recorderMatchesGoldenRatesAndSpikeMaps() {
    for (std::string name : {"tiny_sddpm", "tiny_tsm"}) {
      LoadedModel lm = loadModel(golden(name + "_ckpt.pt"));
      at::Tensor x = loadTensor(golden(name + "_fwd_x_t.pt")),
                 t = loadTensor(golden(name + "_fwd_t.pt"));
      SpikeRecorder rec(lm.config, {});
      SpikeDump dump(neuronLayers(lm.config));
      Both both(rec, dump);
      at::NoGradGuard ng;
      ForwardOptions opt;
      opt.probe = &both;
      lm.model->forward(x, t, opt);
      auto e = rec.endEvaluation(0, 0);

      io::PyValue rates = io::readTorchFile(golden(name + "_fwd_firing_rates.pt")).root;
      std::ifstream in(golden("manifest.json"));
      auto manifest = nlohmann::json::parse(in);
      const auto& layerNames = manifest["configs"][name]["neuron_layers"];
      QCOMPARE(rec.layout().layers.size(), layerNames.size());
      double worst = 0;
      for (std::size_t l = 0; l < e->layers.size(); ++l) {
        QCOMPARE(rec.layout().layers[l].name, layerNames[l].get<std::string>());
        worst = std::max(
            worst,
            std::abs(e->layers[l].rate() -
                     rates.find("mean")->find(layerNames[l].get<std::string>())->toDouble()));
        at::Tensor perStep =
            rates.find("per_step")->find(layerNames[l].get<std::string>())->toTensor();
        for (int s = 0; s < lm.config.snnSteps; ++s)
          QVERIFY(std::abs(e->layers[l].rateAt(s) - perStep[s].item<double>()) <= 2e-3);
        // The raster shows exactly the spikes of image 0 at the chosen neurons.
        at::Tensor s0 =
            dump.spikes(static_cast<int>(l)).select(1, 0).reshape({lm.config.snnSteps, -1});
        const auto& chosen = rec.layout().rasterNeurons[l];
        QCOMPARE(static_cast<int64_t>(chosen.size()),
                 std::min<int64_t>(256, rec.layout().layers[l].neurons()));
        for (int s = 0; s < lm.config.snnSteps; ++s) {
          std::vector<uint16_t> want;
          for (std::size_t i = 0; i < chosen.size(); ++i)
            if (s0[s][chosen[i]].item<uint8_t>()) want.push_back(static_cast<uint16_t>(i));
          QVERIFY(e->layers[l].trace().raster.at(static_cast<std::size_t>(s)) == want);
        }
        // Membrane traces: a spike exactly where the charged potential reaches the threshold.
        for (std::size_t k = 0; k < e->layers[l].trace().membrane.size(); ++k) {
          const int64_t neuron = rec.layout().tracedNeurons[l][k];
          for (int s = 0; s < lm.config.snnSteps; ++s)
            QCOMPARE(e->layers[l].trace().membrane[k][static_cast<std::size_t>(s)] >= 1.0f,
                     s0[s][neuron].item<uint8_t>() == 1);
        }
      }
      qInfo("%s: worst per-layer rate error vs golden %.2e", name.c_str(), worst);
      QVERIFY(worst <= 2e-3);
    }
  }

  // Several images' rasters, the user's own neurons (one channel), and per-neuron counts over the
  // run from which the most active neurons are chosen: each against the full spike maps.
  void recordsChosenImagesNeuronsAndCounts() {
    LoadedModel lm = loadModel(golden("tiny_sddpm_ckpt.pt"));
    at::Tensor x = loadTensor(golden("tiny_sddpm_fwd_x_t.pt")).slice(0, 0, 4);
    at::Tensor t = loadTensor(golden("tiny_sddpm_fwd_t.pt")).slice(0, 0, 4);
    const auto layers = neuronLayers(lm.config);
    RecordOptions opt;
    opt.image = 1;
    opt.images = 3;  // images 1, 2 and 3
    opt.neurons.resize(layers.size());
    opt.neurons[2] = channelNeurons(layers[2], 1);
    SpikeRecorder rec(lm.config, opt);
    SpikeDump dump(layers);
    Both both(rec, dump);
    at::NoGradGuard ng;
    ForwardOptions fo;
    fo.probe = &both;
    for (int evaluation = 0; evaluation < 2; ++evaluation) {  // two evaluations, same input
      lm.model->forward(x, t, fo);
      rec.endEvaluation(evaluation, 0);
    }
    const SpikeRun run = rec.finishedRun();
    QCOMPARE(run.evaluations.size(), std::size_t(2));
    const int64_t hw = int64_t(layers[2].height) * layers[2].width;
    QCOMPARE(rec.layout().rasterNeurons[2].size(), std::size_t(hw));
    QCOMPARE(rec.layout().rasterNeurons[2].front(), hw);  // channel 1 starts at c * H * W
    for (std::size_t l : {std::size_t(0), std::size_t(2), layers.size() - 1}) {
      const auto& chosen = rec.layout().rasterNeurons[l];
      const LayerEval& le = run.evaluations[1]->layers[l];
      QCOMPARE(le.traces.size(), std::size_t(3));
      for (int i = 0; i < 3; ++i) {
        at::Tensor s = dump.spikes(int(l)).select(1, 1 + i).reshape({lm.config.snnSteps, -1});
        for (int step = 0; step < lm.config.snnSteps; ++step) {
          std::vector<uint16_t> want;
          for (std::size_t n = 0; n < chosen.size(); ++n)
            if (s[step][chosen[n]].item<uint8_t>()) want.push_back(static_cast<uint16_t>(n));
          QVERIFY(le.trace(std::size_t(i)).raster.at(std::size_t(step)) == want);
        }
      }
      // Counts: image 1's spikes over both evaluations (the same input twice).
      at::Tensor perNeuron =
          dump.spikes(int(l)).select(1, 1).reshape({lm.config.snnSteps, -1}).sum(0);
      QCOMPARE(run.neuronCounts[l].size(), std::size_t(perNeuron.numel()));
      for (int64_t n = 0; n < perNeuron.numel(); n += 7)
        QCOMPARE(run.neuronCounts[l][std::size_t(n)], int32_t(2 * perNeuron[n].item<double>()));
      // The most active neurons: none left out fires more than the least of those chosen.
      const auto top = mostActiveNeurons(run, int(l), 16);
      QCOMPARE(top.size(), std::min<std::size_t>(16, run.neuronCounts[l].size()));
      QVERIFY(std::is_sorted(top.begin(), top.end()));
      int32_t least = INT32_MAX;
      for (int64_t n : top) least = std::min(least, run.neuronCounts[l][std::size_t(n)]);
      for (std::size_t n = 0; n < run.neuronCounts[l].size(); ++n)
        if (!std::binary_search(top.begin(), top.end(), int64_t(n)))
          QVERIFY(run.neuronCounts[l][n] <= least);
    }
    // Neurons outside the layer are refused with one clear line.
    RecordOptions bad;
    bad.neurons = {{layers[0].neurons()}};
    try {
      makeRecordLayout(lm.config, bad);
      QFAIL("an out-of-range neuron was accepted");
    } catch (const Error& e) {
      QVERIFY(std::string(e.what()).find("outside layer") != std::string::npos);
    }
  }

  void chunkedRecordingFollowsTheChosenImage() {
    LoadedModel lm = loadModel(golden("tiny_sddpm_ckpt.pt"));
    at::Tensor x = loadTensor(golden("tiny_sddpm_fwd_x_t.pt")).slice(0, 0, 6);
    at::Tensor t = loadTensor(golden("tiny_sddpm_fwd_t.pt")).slice(0, 0, 6);
    RecordOptions opt;
    opt.image = 4;
    SpikeRecorder rec(lm.config, opt);
    SpikeDump dump(neuronLayers(lm.config));
    NetworkEps eps(*lm.model, {1.0f, 2, &rec, nullptr});  // three chunks of two images
    eps.eps(x, t);
    auto e = rec.endEvaluation(0, 0);
    NetworkEps single(*lm.model, {1.0f, 2, &dump, nullptr});
    single.eps(x.slice(0, 4, 6), t.slice(0, 4, 6));  // the same chunk arithmetic for image 4
    at::Tensor s4 = dump.spikes(3).select(1, 0).reshape({4, -1});
    const auto& chosen = rec.layout().rasterNeurons[3];
    std::vector<uint16_t> want;
    for (std::size_t i = 0; i < chosen.size(); ++i)
      if (s4[2][chosen[i]].item<uint8_t>()) want.push_back(static_cast<uint16_t>(i));
    QVERIFY(e->layers[3].trace().raster.at(2) == want);
    QCOMPARE(e->layers[3].images, int64_t(6));  // counts cover every chunk
  }

  void runRecordsOneColumnPerEvaluation() {
    LoadedModel lm = loadModel(golden("tiny_tsm_ckpt.pt"));
    SpikeRecorder rec(lm.config, {});
    NetworkEps eps(*lm.model, {1.0f, 1, &rec, nullptr});
    SampleRequest req;
    req.solver.kind = SolverKind::Ddim;
    req.solver.steps = 7;
    req.batch = 2;
    req.imageShape = {1, 32, 32};
    runSampler(eps, Schedule(), req,
               [&](const StepFrame& f) { rec.endEvaluation(f.evaluation, f.modelTime); });
    auto m = rec.run().rateMatrix();
    QCOMPARE(m.size(), neuronLayers(lm.config).size());
    for (const auto& row : m) QCOMPARE(row.size(), std::size_t(7));
    QCOMPARE(rec.run().evaluations.back()->modelTime,
             141.0);  // int(999 - 6 * 1000/7): the original grid
    nlohmann::json j = spikeRunToJson(rec.run(), {{"note", "test"}});
    QCOMPARE(j["format"].get<std::string>(), std::string("sdm-spikes/1"));
    QCOMPARE(j["evaluations"].size(), std::size_t(7));
    QCOMPARE(j["layers"][5]["name"].get<std::string>(), neuronLayers(lm.config)[5].name);
    QVERIFY(j["evaluations"][0]["layers"][0]["raster"].size() == 4);
    QVERIFY(spikeRunToCsv(rec.run()).find("downblocks.0.neuron1") != std::string::npos);
  }

  void energyCountsByHand() {
    // ch 2, one level, one ResBlock, 1x4x4 images, T = 2: the per-step MACs of every conv are
    // stem 1*2*9*16 = 288, conv_identity / 2->2 convs 576, 4->2 up convs 1152, 4->2 1x1 shortcuts
    // 128, tail 288, Conv3d read-out 144; linears: 2*8 + 8*8 + 5 temb projections of 8*2.
    ModelConfig c = smallConfig();
    QCOMPARE(neuronLayers(c).size(), std::size_t(11));
    QCOMPARE(denseMacsPerImage(c), int64_t(2 * 8464 + 160));
    std::vector<double> rates;
    for (int l = 0; l <= 10; ++l) rates.push_back(l / 10.0);
    EnergyEstimate e = estimateEnergy(c, rates);
    QCOMPARE(e.macs, 2.0 * (288 + 2 * 128 + 288 + 144) + 160);  // analog inputs: 2112
    QVERIFY(std::abs(e.sops - 8179.2) < 1e-9);  // 1152 (r0..r6, r8, r10) + 2304 (r7, r9)
    QVERIFY(std::abs(e.picojoules - (4.6 * 2112 + 0.9 * 8179.2)) < 1e-6);
    QCOMPARE(e.annMacs, 8464.0 + 160);
    QVERIFY(std::abs(e.annPicojoules - 4.6 * 8624) < 1e-6);
    EnergyEstimate int8 = estimateEnergy(c, rates, EnergyCosts::int8());
    QVERIFY(std::abs(int8.picojoules - (0.23 * 2112 + 0.03 * 8179.2)) < 1e-6);
    // Silent layers cost nothing but their analog MACs.
    EnergyEstimate silent = estimateEnergy(c, std::vector<double>(11, 0.0));
    QCOMPARE(silent.sops, 0.0);
    QVERIFY(std::abs(silent.picojoules - 4.6 * 2112) < 1e-6);
  }

  void cifarAnnBaselineMatchesThePaper() {
    ModelConfig c;  // CIFAR-10 Spk_UNet, T = 4
    EnergyEstimate e = estimateEnergy(c, std::vector<double>(neuronLayers(c).size(), 0.2));
    qInfo(
        "CIFAR-10 Spk_UNet: ANN baseline %.2f mJ per image per evaluation (paper's DDPM-ANN: 29.23 "
        "mJ); "
        "at rate 0.2: %.2f mJ",
        e.annMillijoules(), e.millijoules());
    QVERIFY(std::abs(e.annMillijoules() - 29.23) / 29.23 < 0.03);
  }
};

QTEST_APPLESS_MAIN(TestSpikes)
#include "test_spikes.moc"
