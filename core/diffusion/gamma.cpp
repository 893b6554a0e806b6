#include "diffusion/gamma.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "diffusion/eps_model.h"
#include "diffusion/schedule.h"
#include "io/torch_file.h"
#include "util/error.h"

namespace sdm {

GammaTable::GammaTable(int N)
    : m_N(N), m_gamma(static_cast<std::size_t>(N), std::numeric_limits<double>::quiet_NaN()), m_count(static_cast<std::size_t>(N), 0) {}

bool GammaTable::has(int64_t t) const { return t >= 0 && t < m_N && !std::isnan(m_gamma[static_cast<std::size_t>(t)]); }

double GammaTable::at(int64_t t) const {
  if (!has(t)) throw Error("the Gamma table has no estimate for timestep " + std::to_string(t));
  return m_gamma[static_cast<std::size_t>(t)];
}

int64_t GammaTable::count(int64_t t) const { return t >= 0 && t < m_N ? m_count[static_cast<std::size_t>(t)] : 0; }

void GammaTable::set(int64_t t, double gamma, int64_t samples) {
  if (t < 0 || t >= m_N) throw Error("timestep out of range: " + std::to_string(t));
  m_gamma[static_cast<std::size_t>(t)] = gamma;
  m_count[static_cast<std::size_t>(t)] = samples;
}

std::vector<int64_t> GammaTable::missing(const std::vector<int64_t>& timesteps) const {
  std::vector<int64_t> out;
  for (auto t : timesteps)
    if (!has(t)) out.push_back(t);
  return out;
}

GammaTable GammaTable::load(const std::string& path, int N) {
  io::PyValue root = io::readTorchFile(path).root;
  const io::PyValue* ms = root.isTensor() ? &root : root.find("ms_eps");
  if (!ms || !ms->isTensor()) throw Error(path + " is not a Gamma (ms_eps) file");
  at::Tensor g = ms->toTensor().to(at::kDouble).flatten();
  if (g.size(0) != N + 1)
    throw Error(path + " holds " + std::to_string(g.size(0) - 1) + " timesteps, the model has " + std::to_string(N));
  at::Tensor counts;
  if (const io::PyValue* c = root.find("count"); c && c->isTensor()) counts = c->toTensor().to(at::kLong).flatten();
  GammaTable table(N);
  for (int t = 0; t < N; ++t) {
    const double v = g[t + 1].item<double>();
    if (!std::isnan(v)) table.set(t, v, counts.defined() ? counts[t + 1].item<int64_t>() : 0);
  }
  return table;
}

void GammaTable::save(const std::string& path) const {
  at::Tensor g = at::full({m_N + 1}, std::numeric_limits<double>::quiet_NaN(), at::kDouble);
  at::Tensor c = at::zeros({m_N + 1}, at::kLong);
  for (int t = 0; t < m_N; ++t) {
    g[t + 1] = m_gamma[static_cast<std::size_t>(t)];
    c[t + 1] = m_count[static_cast<std::size_t>(t)];
  }
  c10::impl::GenericDict d(c10::StringType::get(), c10::AnyType::get());
  d.insert("ms_eps", g);
  d.insert("count", c);
  d.insert("layout", std::string("Analytic-DPM: entry n = timestep t + 1 (0-based t), NaN = not estimated"));
  io::writeTorchFile(path, d);
}

GammaTable estimateGamma(EpsModel& model, const Schedule& schedule, const at::Tensor& data, const GammaJob& job,
                         const std::function<void(int64_t, int64_t)>& progress, const CancelToken* cancel) {
  if (data.dim() != 4 || data.size(0) == 0) throw Error("Gamma estimation needs a non-empty image set");
  at::NoGradGuard noGrad;
  GammaTable table(schedule.size());
  if (!job.outPath.empty() && std::filesystem::exists(job.outPath)) table = GammaTable::load(job.outPath, schedule.size());
  const int64_t total = static_cast<int64_t>(job.timesteps.size());
  int64_t done = 0;
  for (int64_t t : job.timesteps) {
    if (table.has(t) && table.count(t) >= job.samplesPerTimestep) {
      ++done;
      continue;  // resumed
    }
    // Each timestep has its own stream: resuming or reordering does not change an estimate.
    at::Generator gen = at::detail::createCPUGenerator(job.seed * 1000003ULL + static_cast<uint64_t>(t));
    double sum = 0;
    int64_t n = 0;
    while (n < job.samplesPerTimestep) {
      if (cancel && cancel->cancelled()) return table;
      const int64_t b = std::min(job.batch, job.samplesPerTimestep - n);
      at::Tensor idx = at::arange(n, n + b, at::kLong).remainder(data.size(0));
      at::Tensor x0 = data.index_select(0, idx).to(at::kFloat);
      at::Tensor tt = at::full({b}, t, at::kLong);
      at::Tensor noise = at::randn(x0.sizes(), gen);
      at::Tensor eps = model.eps(schedule.qSample(x0, tt, noise), tt);
      sum += eps.to(at::kDouble).pow(2).reshape({b, -1}).mean(1).sum().item<double>();
      n += b;
    }
    table.set(t, sum / double(n), n);
    if (!job.outPath.empty()) table.save(job.outPath);
    if (progress) progress(++done, total);
  }
  return table;
}

}  // namespace sdm
