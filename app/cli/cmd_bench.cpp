// sdm-cli bench: timing goals live here, not in tests (the machines are shared and noisy).
// Per precision mode, in one process: the median network evaluation at --batch, the median whole
// DDIM run, the studio's generation path (first frame, total), achieved GOP/s against a conv peak
// probe of the same precision measured in the same process, and the process's peak RSS.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <sys/resource.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>

#include "commands.h"
#include "diffusion/sampler.h"
#include "engine/engine.h"
#include "io/checkpoint.h"
#include "model/blocks.h"
#include "model/dnnl_conv.h"
#include "model/fast_unet.h"
#include "model/loader.h"
#include "model/quant_fast.h"
#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "model/spike_conv.h"
#include "probe/cost.h"
#include "train/adam.h"
#include "train/bench_model.h"
#include "train/train_ops.h"
#include "util/error.h"
#include "util/threads.h"

namespace sdm::cli {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

template <class F>
double seconds(F&& f) {
  const auto a = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

// The fastest of `runs` calls after one warm-up call, in seconds.
template <class F>
double bestSeconds(F&& f, int runs) {
  f();
  std::vector<double> ts;
  for (int r = 0; r < runs; ++r) ts.push_back(seconds(f));
  return *std::min_element(ts.begin(), ts.end());
}

double peakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

// GOP/s of one 3x3 conv (256 channels, 16x16, 64 images of 20 % spikes) in the mode's
// arithmetic: what "peak" means for that precision on this machine, right now.
double convPeakGops(Precision p) {
  at::NoGradGuard ng;
  const int64_t n = 64, c = 256, hw = 16;
  const double gop = 2.0 * n * c * c * 9 * hw * hw / 1e9;
  auto gen = at::detail::createCPUGenerator(3);
  at::Tensor spikes = at::rand({n, c, hw, hw}, gen).lt(0.2).to(at::kFloat);
  at::Tensor w = at::randn({c, c, 3, 3}, gen) * 0.02;
  if (p == Precision::Exact) return gop / bestSeconds([&] { at::conv2d(spikes, w, {}, 1, 1); }, 3);
  const SpikeType type = spikeTypeOf(p);
  DnnlConv conv(w, at::Tensor(), 1, 1, type);
  at::Tensor src = spikes.permute({0, 2, 3, 1}).contiguous().to(scalarTypeOf(type));
  at::Tensor dst = at::empty({n, hw, hw, c});
  return gop /
         bestSeconds([&] { conv.run(src.data_ptr(), n, hw, hw, dst.data_ptr<float>(), false); }, 3);
}

// The event-driven spike conv against the dense conv (ATen's, the original's call) by firing
// rate, on the 3x3 convs that dominate the CIFAR-10 U-Net at batch 1 (T = 4: 4 images).
nlohmann::json spikeConvRateCurve() {
  at::NoGradGuard ng;
  nlohmann::json rows = nlohmann::json::array();
  struct Shape {
    int64_t n, in, out, hw;
  };
  for (const Shape s : {Shape{4, 128, 128, 32}, Shape{4, 256, 256, 16}, Shape{4, 512, 512, 4},
                        Shape{64, 256, 256, 16}}) {
    auto gen = at::detail::createCPUGenerator(5);
    at::Tensor w = at::randn({s.out, s.in, 3, 3}, gen) * 0.02, b = at::randn({s.out}, gen);
    const SpikeConvF32 conv(w.data_ptr<float>(), b.data_ptr<float>(), s.out, s.in, 3, 1, 1);
    at::Tensor y = at::empty({s.n, s.out, s.hw, s.hw});
    for (double rate : {0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75}) {
      at::Tensor x = at::rand({s.n, s.in, s.hw, s.hw}, gen).lt(rate).to(at::kFloat);
      const double dense = 1e3 * bestSeconds([&] { at::conv2d(x, w, b, 1, 1); }, 5);
      const double sparse =
          1e3 *
          bestSeconds([&] { conv.run(x.data_ptr<float>(), s.n, s.hw, s.hw, y.data_ptr<float>()); },
                      5);
      // (the exact mode switches to the dense conv above SpikeConvF32::breakEvenRate)
      rows.push_back({{"images", s.n},
                      {"in", s.in},
                      {"out", s.out},
                      {"size", s.hw},
                      {"rate", rate},
                      {"dense_ms", dense},
                      {"event_driven_ms", sparse},
                      {"speedup", dense / sparse}});
    }
  }
  return rows;
}

}  // namespace

void registerBench(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "bench",
      "Measure evaluation and sampling speed per precision mode (see docs/performance.md)");
  struct Opts {
    Common common;
    std::string checkpoint, config, precision = "exact", saveModel;
    int repeats = 3, steps = 20, batch = 4, runRepeats = 1, trainBatch = 0, microBatch = 1;
    std::string trainPrecision = "fp32";
    bool json = false, studioPath = true, denseConvs = false, rateCurve = false;
  };
  auto o = std::make_shared<Opts>();
  auto* ck = sub->add_option("--checkpoint", o->checkpoint, "checkpoint to measure");
  sub->add_option("--config", o->config,
                  "random weights of a configuration instead: cifar10-t4, cifar10-tsm-t8, demo "
                  "(BatchNorm calibrated on noised images), cifar10-converted-t3 (ANN2SNN S_UNet, "
                  "clipping values calibrated the same way)")
      ->check(CLI::IsMember(train::benchConfigNames()))
      ->excludes(ck);
  sub->add_option("--precision", o->precision,
                  "modes to measure, comma separated: exact, fast, bf16, int8, or all");
  sub->add_option("--batch", o->batch, "images per evaluation and per run")
      ->check(CLI::Range(1, 1024));
  sub->add_option("--steps", o->steps, "DDIM steps of a whole run (0: no run)")
      ->check(CLI::Range(0, 1000));
  sub->add_option("--repeats", o->repeats, "evaluations timed (medians are reported)")
      ->check(CLI::Range(1, 1000));
  sub->add_option("--micro-batch", o->microBatch,
                  "images per forward in exact mode: 1 (default: an image does not depend on its "
                  "batch, one thread per image), 0 = the whole batch on all threads (the "
                  "original's batching)")
      ->check(CLI::Range(0, 1024));
  sub->add_option("--run-repeats", o->runRepeats, "whole runs timed")->check(CLI::Range(1, 100));
  sub->add_option(
      "--save-model", o->saveModel,
      "--config: also write the random model (loads in the original Spk_UNet or S_UNet)");
  sub->add_flag("!--no-studio-path", o->studioPath, "skip the studio's generation path");
  sub->add_option("--train-batch", o->trainBatch,
                  "also time one optimizer step at this batch (the original trainer's arithmetic: "
                  "MSE eps loss, Adam, grad clip 1.0)")
      ->check(CLI::Range(0, 1024));
  sub->add_option("--train-precision", o->trainPrecision,
                  "arithmetic of the timed training step: fp32, bf16 (autocast, `train "
                  "--precision bf16`) or both (interleaved, same weights)")
      ->check(CLI::IsMember({"fp32", "bf16", "both"}))
      ->capture_default_str();
  sub->add_flag(
      "--dense-convs", o->denseConvs,
      "dense convs only, as the original (no event-driven spike convs in exact and fast)");
  sub->add_flag("--rate-curve", o->rateCurve,
                "instead: the event-driven spike conv against the dense conv by firing rate");
  sub->add_flag("--json", o->json, "print JSON");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    setEventDrivenConvs(!o->denseConvs);
    if (o->rateCurve) {
      if (!SpikeConvF32::cpuSupported())
        throw Error("--rate-curve: the event-driven conv needs an AVX-512 CPU");
      const nlohmann::json rows = spikeConvRateCurve();
      if (o->json) {
        std::cout << rows.dump(2) << "\n";
        return;
      }
      std::cout << "images  in->out  size  rate   dense ms  event-driven ms  speed-up\n";
      for (const auto& r : rows)
        std::cout << std::fixed << std::setprecision(2) << std::setw(6) << r["images"].get<int>()
                  << std::setw(5) << r["in"].get<int>() << "->" << std::left << std::setw(4)
                  << r["out"].get<int>() << std::right << std::setw(5) << r["size"].get<int>()
                  << std::setw(7) << r["rate"].get<double>() << std::setw(10)
                  << r["dense_ms"].get<double>() << std::setw(17)
                  << r["event_driven_ms"].get<double>() << std::setw(9)
                  << r["speedup"].get<double>() << "x\n";
      return;
    }
    if (o->checkpoint.empty() && o->config.empty())
      throw Error("bench needs --checkpoint or --config");
    std::vector<Precision> modes;
    {
      std::stringstream ss(o->precision == "all" ? "exact,fast,bf16,int8" : o->precision);
      for (std::string item; std::getline(ss, item, ',');) {
        const Precision p = parsePrecision(item);
        std::string why;
        if (!precisionAvailable(p, &why)) {
          if (o->precision != "all") throw Error("--precision " + item + ": " + why);
          std::cerr << "[bench] skipping " << item << ": " << why << "\n";
          continue;
        }
        modes.push_back(p);
      }
    }
    const int threads = at::get_num_threads();
    at::NoGradGuard ng;

    // The model: a checkpoint (a Spk_UNet or a converted S_UNet), or random calibrated weights
    // written to a file for the studio path.
    std::shared_ptr<SpkUNet> model;
    std::optional<LoadedQuantModel> converted;
    ModelConfig c;
    std::string path = o->checkpoint;
    std::vector<std::string> tempPaths;
    auto tempFile = [&](const std::string& suffix) {
      tempPaths.push_back((std::filesystem::temp_directory_path() /
                           ("sdm-bench-" + std::to_string(::getpid()) + suffix))
                              .string());
      return tempPaths.back();
    };
    struct TempFiles {
      std::vector<std::string>& paths;
      ~TempFiles() {
        for (const auto& p : paths) std::filesystem::remove(p);
      }
    } temps{tempPaths};
    const bool convertedConfig = train::isConvertedBenchConfig(o->config);
    if (convertedConfig) {
      path = o->saveModel.empty() ? tempFile("-snn.pt") : o->saveModel;
      train::writeConvertedBenchModel(tempFile("-ann.pt"), path);
    }
    if (!o->config.empty() && !convertedConfig) {
      c = train::benchConfig(o->config);
      model = train::makeBenchModel(c);
      path = o->saveModel;
      if (path.empty() && o->studioPath) path = tempFile(".pt");
      if (!path.empty()) {
        io::CheckpointData data;
        data.net = model->stateDict();
        data.step = 0;
        data.studio = io::studioMetadata(c);
        io::writeCheckpoint(path, data);
      }
    } else {
      io::Checkpoint ck = io::readCheckpoint(path);
      if (isQuantCheckpoint(ck)) {
        converted = loadQuantModel(std::move(ck));
        if (!converted->config.converted())
          throw Error(path +
                      " is a quantized ANN: bench measures spiking models (`sdm-cli convert` "
                      "makes its S_UNet)");
        if (o->trainBatch > 0)
          throw Error("--train-batch measures the Spk_UNet trainer, not a converted model");
        c = converted->config.asModelConfig();
      } else {
        LoadedModel lm = loadModel(std::move(ck), {});
        model = lm.model;
        c = lm.config;
      }
    }
    auto epsFor = [&](Precision p) -> std::unique_ptr<EpsModel> {
      if (converted) return quantEps(*converted->model, o->microBatch, nullptr, nullptr, p);
      return std::make_unique<NetworkEps>(
          *model, NetworkEpsOptions{1.0f, o->microBatch, nullptr, nullptr, p});
    };
    // Whether exact mode's spike convs can run event-driven here (SpkUNet only).
    const bool exactEventDriven = !converted && eventDrivenConvs() && SpikeConvF32::cpuSupported();
    auto kernels = [&](Precision p) -> std::string {
      if (p == Precision::Exact)
        return !exactEventDriven
                   ? "LibTorch fp32 NCHW (the original's calls)"
                   : "event-driven spike convs (oneDNN's sums), LibTorch fp32 NCHW for the rest";
      return converted ? converted->model->fastForm(p)->describe() : model->fastForm(p)->describe();
    };

    const double gflop =
        converted ? denseGflopsPerImage(converted->config) : denseGflopsPerImage(c);
    nlohmann::json j;
    j["model"] = converted ? converted->config.summary() : c.summary();
    j["source"] = o->config.empty() ? o->checkpoint : "config " + o->config;
    j["threads"] = threads;
    j["batch"] = o->batch;
    j["steps"] = o->steps;
    j["dense_gflop_per_image"] = gflop;
    j["cpu"] = dnnlIsa();
    j["onednn"] = dnnlVersion();
    Schedule schedule(c.trainingTimesteps);
    auto gen = at::detail::createCPUGenerator(0);
    at::Tensor x = at::randn({o->batch, c.imgCh, c.imgSize, c.imgSize}, gen);
    at::Tensor t = at::full({o->batch}, 500, at::kLong);
    for (Precision p : modes) {
      nlohmann::json m;
      m["precision"] = toString(p);
      const std::unique_ptr<EpsModel> epsModel = epsFor(p);
      EpsModel& eps = *epsModel;
      m["micro_batch"] = o->microBatch;
      m["event_driven"] = p == Precision::Exact && exactEventDriven;
      const double warm = seconds([&] { eps.eps(x, t); });  // builds a fast form, primitives
      std::vector<double> ts;
      for (int r = 0; r < o->repeats; ++r) ts.push_back(seconds([&] { eps.eps(x, t); }));
      const double evalS = median(ts);
      m["first_eval_ms"] = 1e3 * warm;
      m["kernels"] = kernels(p);
      m["eval_ms"] = 1e3 * evalS;
      m["gops"] = gflop * o->batch / evalS;
      const double peak = convPeakGops(p);
      m["peak_gops"] = peak;
      m["peak_fraction"] = gflop * o->batch / evalS / peak;
      if (o->steps > 0) {
        SampleRequest req;
        req.solver.kind = SolverKind::Ddim;
        req.solver.steps = o->steps;
        req.batch = o->batch;
        req.imageShape = {c.imgCh, c.imgSize, c.imgSize};
        std::vector<double> runs;
        for (int r = 0; r < o->runRepeats; ++r)
          runs.push_back(seconds([&] { runSampler(eps, schedule, req); }));
        m["run_s"] = median(runs);
        m["images_per_s"] = o->batch / median(runs);
      }
      if (o->studioPath && o->steps > 0 && !path.empty()) {
        // The studio's path: Engine::generate with frames (images every step) and recording.
        Engine engine;
        engine.load(path, {});
        GenerateParams gp;
        gp.solver.kind = SolverKind::Ddim;
        gp.solver.steps = o->steps;
        gp.batch = o->batch;
        gp.precision = p;
        gp.microBatch = o->microBatch;
        CancelToken cancel;
        // Cold: the first generation after loading (prepares the mode's weights and kernels);
        // warm: the next one on the same engine, as every later run in the studio.
        auto studioRun = [&](const char* prefix) {
          const auto start = std::chrono::steady_clock::now();
          double firstFrame = -1;
          const double total = seconds([&] {
            engine.generate(
                gp,
                [&](const GenerationFrame&) {
                  if (firstFrame < 0)
                    firstFrame =
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                            .count();
                },
                cancel);
          });
          m[std::string(prefix) + "first_frame_ms"] = 1e3 * firstFrame;
          m[std::string(prefix) + "total_s"] = total;
        };
        studioRun("studio_");
        studioRun("studio_warm_");
      }
      m["peak_rss_mb"] = peakRssMb();
      j["modes"].push_back(m);
    }
    if (o->trainBatch > 0) {
      // One training step as the original trainer makes it, on a copy of the weights.
      at::GradMode::set_enabled(true);
      auto net = std::make_shared<SpkUNet>(c);
      net->loadStateDict(model->stateDict());
      net->train();
      std::vector<at::Tensor> params;
      for (auto& q : net->parameters())
        if (q.requires_grad()) params.push_back(q);
      train::Adam adam({train::AdamGroup{params, 2e-4, 2e-4}});
      Schedule sch(c.trainingTimesteps);
      at::Tensor x0 = at::randn({o->trainBatch, c.imgCh, c.imgSize, c.imgSize}, gen).clamp(-1, 1);
      auto step = [&](bool bf16) {
        at::Tensor tt = at::randint(c.trainingTimesteps, {o->trainBatch}, gen);
        at::Tensor noise = at::randn(x0.sizes(), gen);
        at::Tensor ab = sch.alphasBar().index_select(0, tt).to(at::kFloat).view({-1, 1, 1, 1});
        at::Tensor xt = ab.sqrt() * x0 + (1 - ab).sqrt() * noise;
        for (auto& q : params) q.mutable_grad() = at::Tensor();
        at::Tensor loss;
        {
          train::AutocastScope autocast(bf16);  // as the trainer's step
          loss =
              at::mse_loss(net->forward(xt, tt).to(at::kFloat), noise, at::Reduction::None).mean();
        }
        loss.backward();
        train::clipGradNorm(params, 1.0);
        adam.step();
      };
      std::vector<bool> arithmetic;  // bf16?
      if (o->trainPrecision != "bf16") arithmetic.push_back(false);
      if (o->trainPrecision != "fp32") arithmetic.push_back(true);
      for (bool bf16 : arithmetic) step(bf16);  // warm-up
      std::vector<double> ts[2];
      for (int r = 0; r < o->repeats; ++r)
        for (bool bf16 : arithmetic) ts[bf16].push_back(seconds([&] { step(bf16); }));
      j["train"] = {{"batch", o->trainBatch}};
      if (!ts[0].empty()) j["train"]["step_ms"] = 1e3 * median(ts[0]);
      if (!ts[1].empty()) j["train"]["bf16_step_ms"] = 1e3 * median(ts[1]);
      at::GradMode::set_enabled(false);
    }
    j["peak_rss_mb"] = peakRssMb();

    if (o->json) {
      std::cout << j.dump(2) << "\n";
      return;
    }
    std::cout << std::fixed << std::setprecision(1) << j["model"].get<std::string>() << ", "
              << threads << " threads, batch " << o->batch << ", " << dnnlIsa() << "\n";
    for (const auto& m : j["modes"]) {
      std::cout << "  " << std::setw(5) << m["precision"].get<std::string>() << ": evaluation "
                << m["eval_ms"].get<double>() << " ms (" << m["gops"].get<double>() << " GOP/s, "
                << std::setprecision(0) << 100 * m["peak_fraction"].get<double>() << " % of a "
                << m["peak_gops"].get<double>() << " GOP/s conv)" << std::setprecision(2);
      if (m.contains("run_s"))
        std::cout << "; DDIM " << o->steps << ": " << m["run_s"].get<double>() << " s, "
                  << m["images_per_s"].get<double>() << " images/s";
      if (m.contains("studio_total_s"))
        std::cout << "; studio first frame " << std::setprecision(0)
                  << m["studio_first_frame_ms"].get<double>() << " ms, total "
                  << std::setprecision(2) << m["studio_total_s"].get<double>() << " s (warm "
                  << std::setprecision(0) << m["studio_warm_first_frame_ms"].get<double>()
                  << " ms, " << std::setprecision(2) << m["studio_warm_total_s"].get<double>()
                  << " s)";
      std::cout << std::setprecision(1) << "\n";
    }
    if (j.contains("train"))
      for (const char* key : {"step_ms", "bf16_step_ms"})
        if (j["train"].contains(key))
          std::cout << "  training step" << (key[0] == 'b' ? " (bf16 autocast)" : "") << ", batch "
                    << o->trainBatch << ": " << j["train"][key].get<double>() << " ms\n";
    std::cout << "  peak RSS " << j["peak_rss_mb"].get<double>() << " MB\n";
  });
}

}  // namespace sdm::cli
