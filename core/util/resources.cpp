#include "util/resources.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <vector>

namespace sdm {

std::optional<std::string> findResource(const std::string& relative) {
  namespace fs = std::filesystem;
  std::vector<fs::path> roots;
  if (const char* env = std::getenv("SDM_RESOURCES")) roots.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    roots.push_back(exe.parent_path().parent_path() / "share" / "spiking-diffusion-studio");
    roots.push_back(exe.parent_path() / "resources");
  }
  // SDM_NO_SOURCE_RESOURCES=1: installed files only (tests/package checks the .deb with it).
  const char* noSource = std::getenv("SDM_NO_SOURCE_RESOURCES");
  if (!noSource || std::string_view(noSource).empty() || std::string_view(noSource) == "0")
    roots.emplace_back(SDM_SOURCE_RESOURCES);
  for (const auto& r : roots) {
    const fs::path p = r / relative;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return std::nullopt;
}

}  // namespace sdm
