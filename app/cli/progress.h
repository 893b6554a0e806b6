#pragma once
// One progress line on stderr, rewritten in place on a terminal, every few seconds otherwise.
#include <chrono>
#include <string>

namespace sdm::cli {

class ProgressLine {
 public:
  explicit ProgressLine(std::string label, bool quiet = false);
  void update(int64_t done, int64_t total, const std::string& extra = {});
  void finish(const std::string& message);

 private:
  std::string m_label;
  bool m_quiet, m_tty;
  std::chrono::steady_clock::time_point m_start, m_last;
};

std::string formatSeconds(double s);
// "1:02:03" or "2:03" ("?" for a negative, unknown time).
std::string clockText(double s);

}  // namespace sdm::cli
