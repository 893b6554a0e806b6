// Fixed-set evaluation loss and reading a run folder's configuration.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "diffusion/schedule.h"
#include "model/loader.h"
#include "train/dataset.h"
#include "train/rng_streams.h"
#include "train/trainer.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm::train {

TrainConfig readRunConfig(const std::string& runDir) {
  const std::string path = (std::filesystem::path(runDir) / "config.json").string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw Error(runDir + " is not a training run folder (no config.json)");
  auto j = nlohmann::json::parse(readFileBytes(path), nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error(path + " is not valid JSON");
  try {
    return j.get<TrainConfig>();
  } catch (const std::exception& e) {
    throw Error(path + ": " + oneLine(e));
  }
}

double evaluationLoss(const std::string& checkpoint, const std::string& weights,
                      const DatasetSpec& data, int count, uint64_t seed, int batch) {
  LoadOptions opt;
  opt.weights = parseWeightsChoice(weights);
  LoadedModel m = loadModel(checkpoint, opt);
  DatasetSpec spec = data;
  spec.flip = false;
  spec.channels = m.config.imgCh;
  spec.imageSize = m.config.imgSize;
  const ImageDataset ds = loadDataset(spec);
  const Schedule schedule(m.config.trainingTimesteps);
  at::Generator gen = streamGenerator(seed, RngStream::Eval, 0);
  const int64_t n = std::min<int64_t>(count, ds.size());
  const at::Tensor indices =
      at::randperm(ds.size(), gen, at::TensorOptions(at::kLong)).narrow(0, 0, n);
  const at::Tensor t = at::randint(0, schedule.size(), {n}, gen, at::TensorOptions(at::kLong));
  const at::Tensor noise = at::randn({n, ds.channels(), ds.imageSize(), ds.imageSize()}, gen);
  at::NoGradGuard noGrad;
  m.model->eval();
  double sum = 0;
  for (int64_t i = 0; i < n; i += batch) {
    const int64_t b = std::min<int64_t>(batch, n - i);
    const at::Tensor x0 = ds.batch(indices.narrow(0, i, b), at::Tensor());
    const at::Tensor e = noise.narrow(0, i, b);
    const at::Tensor tt = t.narrow(0, i, b);
    const at::Tensor eps = m.model->forward(schedule.qSample(x0, tt, e), tt);
    sum += (eps - e).pow(2).sum().item<double>();
  }
  return sum / static_cast<double>(noise.numel());
}

}  // namespace sdm::train
