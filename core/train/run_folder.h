#pragma once
// The run folder of a training job, laid out as pytorch-ddpm / SDDPM users know it:
//   flagfile.txt, config.json   resolved settings
//   metrics.jsonl               one JSON object per step (TensorBoard-style scalars)
//   train.log                   the job's log
//   sample/<step>.png           grids from the fixed x_T (EMA weights), groundtruth.png
//   <step>ckpt.pt               the last K checkpoints (original dict layout)
//   ckpt.pt                     always the newest checkpoint (a hard link, replaced atomically)
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sdm::train {

inline constexpr const char* kLatestCheckpoint = "ckpt.pt";

std::string checkpointFileName(int64_t step);  // "<step>ckpt.pt"
// Numbered checkpoints in `dir`, oldest first.
std::vector<std::pair<int64_t, std::string>> listCheckpoints(const std::string& dir);
// Makes `dir`/ckpt.pt the same file as `path`, atomically (hard link, or a copy where the
// file system has none).
void publishLatest(const std::string& dir, const std::string& path);
// Deletes all but the newest `keep` numbered checkpoints (keep <= 0: none deleted).
void pruneCheckpoints(const std::string& dir, int keep);
// The newest checkpoint of the run that reads completely; nullopt when there is none.
std::optional<std::string> findLatestCheckpoint(const std::string& dir);
// Temporary files a killed writer left behind (".name.tmp-*").
void removeStaleTemporaries(const std::string& dir);

// metrics.jsonl, appended one line per step and flushed, so a monitor can follow it live.
class MetricsLog {
 public:
  explicit MetricsLog(const std::string& path);
  void append(const nlohmann::json& record);
  // After a resume: drops lines of steps after `step` (and any torn last line) atomically.
  static void truncateAfter(const std::string& path, int64_t step);

 private:
  std::ofstream m_out;
};

}  // namespace sdm::train
