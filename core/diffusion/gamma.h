#pragma once
// Gamma_t = E || eps_theta(x_t, t) ||^2 / d, the data moment Analytic-DPM needs (Bao et al. 2022),
// estimated by Monte Carlo over a dataset: for each timestep, x_t = q_sample(x_0, fresh noise).
// Files: a dict {"ms_eps": float64 [N+1], "count": int64 [N+1], "sdm_studio": ...} in Analytic-DPM's
// 1-based layout (entry n = t + 1, NaN where not estimated); Analytic-DPM's own bare-tensor
// `*.ms_eps.pth` files load as well.
#include <ATen/core/Tensor.h>

#include <functional>
#include <string>
#include <vector>

#include "util/cancel.h"

namespace sdm {

class EpsModel;
class Schedule;

class GammaTable {
 public:
  explicit GammaTable(int trainingTimesteps = 1000);
  static GammaTable load(const std::string& path, int trainingTimesteps);
  void save(const std::string& path) const;  // atomic

  int size() const { return m_N; }
  bool has(int64_t t) const;
  double at(int64_t t) const;  // throws naming t when missing
  int64_t count(int64_t t) const;
  void set(int64_t t, double gamma, int64_t samples);
  std::vector<int64_t> missing(const std::vector<int64_t>& timesteps) const;

 private:
  int m_N;
  std::vector<double> m_gamma;   // [N], 0-based t; NaN = not estimated
  std::vector<int64_t> m_count;  // samples behind each estimate
};

struct GammaJob {
  std::vector<int64_t> timesteps;  // which t to estimate
  int64_t samplesPerTimestep = 1000;
  int64_t batch = 50;
  uint64_t seed = 0;
  std::string outPath;             // saved after every timestep; an existing file is resumed
};

// data: images [M, C, H, W] in [-1, 1] (cycled when fewer than samplesPerTimestep).
// progress(done, total) after every timestep. Returns the table (complete or, when cancelled,
// what was finished; the file always holds the finished timesteps).
GammaTable estimateGamma(EpsModel& model, const Schedule& schedule, const at::Tensor& data, const GammaJob& job,
                         const std::function<void(int64_t, int64_t)>& progress, const CancelToken* cancel);

}  // namespace sdm
