#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace sdm::cli {

std::string clockText(double s) {
  if (s < 0) return "?";
  const auto t = static_cast<long long>(s + 0.5);
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", t / 3600, t / 60 % 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", t / 60, t % 60);
  return buf;
}

std::string formatSeconds(double s) {
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%dm%02ds", int(s) / 60, int(s) % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%dh%02dm", int(s) / 3600, (int(s) % 3600) / 60);
  }
  return buf;
}

ProgressLine::ProgressLine(std::string label, bool quiet)
    : m_label(std::move(label)),
      m_quiet(quiet),
      m_tty(::isatty(2)),
      m_start(std::chrono::steady_clock::now()),
      m_last(m_start) {}

void ProgressLine::update(int64_t done, int64_t total, const std::string& extra) {
  if (m_quiet) return;
  const auto now = std::chrono::steady_clock::now();
  const double sinceLast = std::chrono::duration<double>(now - m_last).count();
  if (!m_tty && sinceLast < 5 && done != total) return;
  if (m_tty && sinceLast < 0.1 && done != total) return;
  m_last = now;
  const double elapsed = std::chrono::duration<double>(now - m_start).count();
  const double eta = done > 0 ? elapsed * double(total - done) / double(done) : 0;
  std::fprintf(stderr, "%s[%s] %lld/%lld  %s elapsed  ETA %s  %s%s", m_tty ? "\r\033[K" : "",
               m_label.c_str(), static_cast<long long>(done), static_cast<long long>(total),
               formatSeconds(elapsed).c_str(), formatSeconds(eta).c_str(), extra.c_str(),
               m_tty ? "" : "\n");
  std::fflush(stderr);
}

void ProgressLine::finish(const std::string& message) {
  if (m_quiet) return;
  std::fprintf(stderr, "%s[%s] %s\n", m_tty ? "\r\033[K" : "", m_label.c_str(), message.c_str());
}

}  // namespace sdm::cli
