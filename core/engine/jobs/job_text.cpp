#include "engine/jobs/job_text.h"

#include <filesystem>

namespace sdm::jobs {

namespace fs = std::filesystem;

std::string joinInts(const std::vector<int>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s;
}

std::string fileName(const std::string& path) { return fs::path(path).filename().string(); }

std::string countOf(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string parentFolder(const std::string& file) {
  const fs::path parent = fs::path(file).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace sdm::jobs
