#include "train/run_folder.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "io/checkpoint.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/log.h"

namespace sdm::train {

namespace fs = std::filesystem;

std::string checkpointFileName(int64_t step) { return std::to_string(step) + "ckpt.pt"; }

std::vector<std::pair<int64_t, std::string>> listCheckpoints(const std::string& dir) {
  static const std::regex kName("^([0-9]+)ckpt\\.pt$");
  std::vector<std::pair<int64_t, std::string>> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::smatch m;
    const std::string name = e.path().filename().string();
    if (std::regex_match(name, m, kName)) out.emplace_back(std::stoll(m[1]), e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void publishLatest(const std::string& dir, const std::string& path) {
  const fs::path target = fs::path(dir) / kLatestCheckpoint;
  const fs::path tmp =
      fs::path(dir) / ("." + std::string(kLatestCheckpoint) + ".tmp-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_hard_link(path, tmp, ec);
  if (ec) {  // no hard links here: a second, atomically written copy
    const std::string bytes = readFileBytes(path);
    writeFileAtomically(target.string(), bytes.data(), bytes.size());
    return;
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp);
    throw Error("cannot update " + target.string() + ": " + ec.message());
  }
}

void pruneCheckpoints(const std::string& dir, int keep) {
  if (keep <= 0) return;
  auto all = listCheckpoints(dir);
  for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < all.size(); ++i) {
    std::error_code ec;
    fs::remove(all[i].second, ec);
  }
}

std::optional<std::string> findLatestCheckpoint(const std::string& dir) {
  auto all = listCheckpoints(dir);
  std::vector<std::string> candidates;
  for (auto it = all.rbegin(); it != all.rend(); ++it) candidates.push_back(it->second);
  const fs::path latest = fs::path(dir) / kLatestCheckpoint;
  if (fs::exists(latest)) candidates.push_back(latest.string());
  for (const auto& c : candidates) {
    try {
      io::readCheckpoint(c);
      return c;
    } catch (const std::exception& e) {
      spdlog::warn("skipping unreadable checkpoint {}: {}", c, oneLine(e));
    }
  }
  return std::nullopt;
}

void removeStaleTemporaries(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos) {
      std::error_code rm;
      fs::remove(e.path(), rm);
    }
  }
}

MetricsLog::MetricsLog(const std::string& path) : m_out(path, std::ios::app) {
  if (!m_out) throw Error("cannot write " + path);
}

void MetricsLog::append(const nlohmann::json& record) {
  m_out << record.dump() << '\n';
  m_out.flush();
}

void MetricsLog::truncateAfter(const std::string& path, int64_t step) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return;
  std::istringstream in(readFileBytes(path));
  std::string line, kept;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;  // a line torn by a kill
    if (j.value("step", int64_t(0)) > step) continue;
    kept += line + "\n";
  }
  writeFileAtomically(path, kept);
}

}  // namespace sdm::train
