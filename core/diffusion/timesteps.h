#pragma once
// Integer timestep grids, descending and ending at 0; the sampler evaluates every entry but the
// last and ends at timestep 0 (alpha_bar_0 = 0.9999), as the original code does.
#include <cstdint>
#include <string>
#include <vector>

#include "diffusion/options.h"

namespace sdm {

class Schedule;

// uniform: the original truncation grid [max(int(N - 1 - (N/S) k), 0) for k < S] + [0].
// quadratic: t_k = round((N-1) (1 - k/S)^2), denser near the data. logSNR: uniform in
// log(alpha_bar / (1 - alpha_bar)). Duplicates are removed, so a grid may be shorter than S.
// Default is uniform; the DPM-Solver-only grids throw.
std::vector<int64_t> integerGrid(TimeGrid kind, int steps, const Schedule& schedule);

}  // namespace sdm
