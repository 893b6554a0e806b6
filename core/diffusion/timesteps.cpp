#include "diffusion/timesteps.h"

#include <algorithm>
#include <cmath>

#include "diffusion/schedule.h"
#include "util/error.h"

namespace sdm {

std::vector<int64_t> integerGrid(TimeGrid kind, int steps, const Schedule& schedule) {
  const int N = schedule.size();
  if (steps < 1 || steps > N)
    throw Error("steps must be in 1.." + std::to_string(N) + ", got " + std::to_string(steps));
  std::vector<int64_t> grid;
  if (kind == TimeGrid::Default || kind == TimeGrid::Uniform) {
    const double ratio = double(N) / double(steps);
    for (int k = 0; k < steps; ++k)
      grid.push_back(std::max<int64_t>(static_cast<int64_t>(N - 1 - ratio * k), 0));
    if (grid.back() != 0) grid.push_back(0);
    return grid;  // exactly the original list (it may repeat 0 only when steps == N)
  }
  if (kind == TimeGrid::Quadratic) {
    for (int k = 0; k <= steps; ++k) {
      const double f = 1.0 - double(k) / steps;
      grid.push_back(std::llround((N - 1) * f * f));
    }
  } else if (kind == TimeGrid::LogSnr) {
    auto logSnr = [&](int64_t t) {
      const double ab = schedule.alphaBar(t);
      return std::log(ab / (1.0 - ab));
    };
    const double hi = logSnr(0), lo = logSnr(N - 1);
    int64_t t = N - 1;
    for (int k = 0; k <= steps; ++k) {
      const double target = lo + (hi - lo) * double(k) / steps;
      while (t > 0 && logSnr(t) < target) --t;  // logSNR grows as t falls
      // the neighbour closer in logSNR
      int64_t best = t;
      if (t + 1 <= N - 1 && std::abs(logSnr(t + 1) - target) < std::abs(logSnr(t) - target))
        best = t + 1;
      grid.push_back(best);
    }
    grid.front() = N - 1;
    grid.back() = 0;
  } else {
    throw Error(std::string("the time grid '") + toString(kind) +
                "' is DPM-Solver's; use uniform, quadratic or logSNR");
  }
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  return grid;
}

}  // namespace sdm
