// sdm-cli bench: timing goals live here, not in tests (the machines are shared and noisy):
// forward latency per batch size and thread count, sampling with and without spike recording
// (interleaved, medians, ratios within one run), the studio's generation path.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>

#include "commands.h"
#include "diffusion/sampler.h"
#include "engine/engine.h"
#include "model/loader.h"
#include "probe/recorder.h"
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

}  // namespace

void registerBench(CLI::App& app) {
  auto* sub = app.add_subcommand("bench", "Measure forward and sampling speed, and the cost of spike recording");
  struct Opts {
    Common common;
    std::string checkpoint;
    int repeats = 5, steps = 20, batch = 4;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--checkpoint", o->checkpoint, "checkpoint to measure")->required();
  sub->add_option("--repeats", o->repeats, "repetitions (medians are reported)")->check(CLI::Range(1, 1000));
  sub->add_option("--steps", o->steps, "DDIM steps of the sampling measurements")->check(CLI::Range(1, 1000));
  sub->add_option("--batch", o->batch, "images of the sampling measurements")->check(CLI::Range(1, 1024));
  sub->add_flag("--json", o->json, "print JSON");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    const int threads = at::get_num_threads();
    LoadedModel lm = loadModel(o->checkpoint);
    const ModelConfig& c = lm.config;
    nlohmann::json j;
    j["model"] = c.summary();
    j["threads"] = threads;
    at::NoGradGuard ng;

    // Forward latency per batch size, at 1 thread and at the configured count.
    for (int th : {1, threads}) {
      setComputeThreads(th);
      for (int b : {1, 4, 16}) {
        at::Tensor x = at::randn({b, c.imgCh, c.imgSize, c.imgSize});
        at::Tensor t = at::full({b}, 500, at::kLong);
        lm.model->forward(x, t);
        std::vector<double> ts;
        for (int r = 0; r < o->repeats; ++r) ts.push_back(seconds([&] { lm.model->forward(x, t); }));
        j["forward_ms"]["threads_" + std::to_string(th)]["batch_" + std::to_string(b)] = 1e3 * median(ts);
      }
      if (th == threads) break;
    }
    setComputeThreads(threads);

    // Sampling with recording off and on, interleaved so load changes hit both alike.
    SampleRequest req;
    req.solver.kind = SolverKind::Ddim;
    req.solver.steps = o->steps;
    req.batch = o->batch;
    req.imageShape = {c.imgCh, c.imgSize, c.imgSize};
    Schedule schedule(c.trainingTimesteps);
    std::vector<double> off, on;
    for (int r = 0; r < o->repeats; ++r) {
      NetworkEps plain(*lm.model, {});
      off.push_back(seconds([&] { runSampler(plain, schedule, req); }));
      SpikeRecorder rec(c, {});
      NetworkEps recorded(*lm.model, {1.0f, 1, &rec, nullptr});
      on.push_back(seconds([&] { runSampler(recorded, schedule, req, [&](const StepFrame& f) { rec.endEvaluation(f.evaluation, f.modelTime); }); }));
    }
    j["sampling"] = {{"solver", "ddim"}, {"steps", o->steps}, {"batch", o->batch},
                     {"recording_off_s", median(off)}, {"recording_on_s", median(on)},
                     {"recording_overhead_percent", 100.0 * (median(on) / median(off) - 1.0)}};

    // The studio's path: Engine::generate with frames (images per step) and recording.
    Engine engine;
    engine.load(o->checkpoint, {});
    GenerateParams p;
    p.solver = req.solver;
    p.batch = o->batch;
    std::vector<double> total, first;
    for (int r = 0; r < o->repeats; ++r) {
      CancelToken cancel;
      const auto start = std::chrono::steady_clock::now();
      double firstFrame = -1;
      total.push_back(seconds([&] {
        engine.generate(p, [&](const GenerationFrame&) {
          if (firstFrame < 0) firstFrame = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }, cancel);
      }));
      first.push_back(firstFrame);
    }
    j["studio_generate"] = {{"first_frame_ms", 1e3 * median(first)}, {"total_s", median(total)}};

    if (o->json) {
      std::cout << j.dump(2) << "\n";
      return;
    }
    std::cout << std::fixed << std::setprecision(2) << j["model"].get<std::string>() << ", " << threads << " threads\n";
    for (auto& [th, bs] : j["forward_ms"].items())
      for (auto& [b, ms] : bs.items()) std::cout << "  forward " << th << " " << b << ": " << ms.get<double>() << " ms\n";
    const auto& s = j["sampling"];
    std::cout << "  DDIM " << o->steps << " steps x " << o->batch << " images: " << s["recording_off_s"].get<double>()
              << " s without recording, " << s["recording_on_s"].get<double>() << " s with ("
              << s["recording_overhead_percent"].get<double>() << " % overhead)\n";
    std::cout << "  studio path: first frame " << j["studio_generate"]["first_frame_ms"].get<double>() << " ms, total "
              << j["studio_generate"]["total_s"].get<double>() << " s\n";
  });
}

}  // namespace sdm::cli
