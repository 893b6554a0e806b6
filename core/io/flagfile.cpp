#include "io/flagfile.h"

#include <filesystem>
#include <fstream>

namespace sdm::io {

std::map<std::string, std::string> readFlagfile(const std::string& path) {
  std::map<std::string, std::string> flags;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.rfind("--", 0) != 0) continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) {
      flags[line.substr(2)] = "true";
    } else {
      flags[line.substr(2, eq - 2)] = line.substr(eq + 1);
    }
  }
  return flags;
}

std::optional<std::string> flagfileBeside(const std::string& checkpointPath) {
  namespace fs = std::filesystem;
  fs::path p = fs::path(checkpointPath).parent_path() / "flagfile.txt";
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return p.string();
  return std::nullopt;
}

}  // namespace sdm::io
