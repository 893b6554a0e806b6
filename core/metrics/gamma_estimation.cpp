#include "metrics/gamma_estimation.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "diffusion/eps_model.h"
#include "diffusion/gamma.h"
#include "diffusion/schedule.h"
#include "diffusion/timesteps.h"
#include "model/loader.h"
#include "train/dataset.h"
#include "util/error.h"

namespace sdm {

GammaOutcome makeGammaFile(const GammaRequest& req,
                           const std::function<void(const GammaProgress&)>& onProgress,
                           const CancelToken& cancel) {
  if (req.checkpoint.empty()) throw Error("a Gamma file needs a checkpoint");
  if (req.outPath.empty()) throw Error("a Gamma file needs an output path");
  if (req.samplesPerTimestep < 1) throw Error("samples per timestep must be at least 1");
  const auto start = std::chrono::steady_clock::now();
  int64_t firstDone = -1;
  auto report = [&](GammaProgress::Stage stage, int64_t done, int64_t total) {
    if (!onProgress) return;
    GammaProgress p;
    p.stage = stage;
    p.done = done;
    p.total = total;
    p.elapsedSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (firstDone < 0) firstDone = done;  // resumed timesteps do not count for the ETA
    if (done > firstDone && total > 0)
      p.etaSeconds = p.elapsedSeconds / double(done - firstDone) * double(total - done);
    onProgress(p);
  };
  report(GammaProgress::Stage::Loading, 0, 0);
  firstDone = -1;

  LoadedModel lm = loadModel(req.checkpoint, req.load);
  Schedule schedule(lm.config.trainingTimesteps);
  GammaJob job;
  if (req.allTimesteps) {
    for (int t = lm.config.trainingTimesteps - 1; t >= 0; --t) job.timesteps.push_back(t);
  } else {
    auto grid = integerGrid(req.skip, req.steps > 0 ? req.steps : 50, schedule);
    job.timesteps.assign(grid.begin(), grid.end() - 1);
  }
  job.samplesPerTimestep = req.samplesPerTimestep;
  job.batch = std::max(1, req.batch);
  job.seed = req.seed;
  job.outPath = req.outPath;

  GammaOutcome out;
  out.total = static_cast<int64_t>(job.timesteps.size());
  {  // Nothing to load when the file is already complete.
    GammaTable existing(lm.config.trainingTimesteps);
    if (std::filesystem::exists(req.outPath))
      existing = GammaTable::load(req.outPath, lm.config.trainingTimesteps);
    int64_t have = 0;
    for (int64_t t : job.timesteps)
      if (existing.has(t) && existing.count(t) >= job.samplesPerTimestep) ++have;
    out.done = have;
    report(GammaProgress::Stage::Estimating, have, out.total);
    if (have == out.total) {
      out.complete = true;
      return out;
    }
  }

  train::DatasetSpec spec;
  spec.kind = train::parseDatasetKind(req.dataset);
  spec.path = req.dataDir;
  spec.split = "train";
  spec.channels = lm.config.imgCh;
  spec.limit = req.samplesPerTimestep;
  spec.imageSize = lm.config.imgSize;
  const train::ImageDataset d = train::loadDataset(spec);
  const at::Tensor data =
      d.batch(at::arange(d.size(), at::kLong), at::zeros({d.size()}, at::kBool));

  NetworkEps eps(*lm.model, {static_cast<float>(req.threshold), 0, nullptr, &cancel});
  GammaTable table(lm.config.trainingTimesteps);
  try {
    table = estimateGamma(
        eps, schedule, data, job,
        [&](int64_t done, int64_t total) {
          out.done = done;
          report(GammaProgress::Stage::Estimating, done, total);
        },
        &cancel);
  } catch (const Cancelled&) {  // inside a timestep: the file holds the finished ones
    if (std::filesystem::exists(req.outPath))
      table = GammaTable::load(req.outPath, lm.config.trainingTimesteps);
  }
  out.done = out.total - static_cast<int64_t>(table.missing(job.timesteps).size());
  out.complete = out.done == out.total;
  return out;
}

}  // namespace sdm
