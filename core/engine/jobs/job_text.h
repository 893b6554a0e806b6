#pragma once
// Small helpers the job kinds share for titles, output folders and progress reports.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sdm::jobs {

std::string joinInts(const std::vector<int>& v);                        // "1,2,2"
std::string fileName(const std::string& path);                          // the last component
std::string countOf(std::size_t n, const char* one, const char* many);  // "1 model", "3 models"
std::string parentFolder(const std::string& file);                      // "." for a bare file name

// A report of `step` of `total` (steps, timesteps or cells) with its timing.
template <typename Progress>
Progress counted(int64_t step, int64_t total, double elapsedSeconds, double etaSeconds) {
  Progress q;
  q.step = step;
  q.total = total;
  q.elapsedSeconds = elapsedSeconds;
  q.etaSeconds = etaSeconds;
  return q;
}

}  // namespace sdm::jobs
