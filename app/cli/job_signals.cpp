#include "job_signals.h"

#include <unistd.h>

#include <atomic>
#include <csignal>

namespace sdm::cli {
namespace {

std::atomic<int> g_signals{0};  // lock-free: safe in a signal handler

void onSignal(int sig) {
  if (g_signals++ > 0) {  // a second Ctrl-C: stop now
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  jobStopToken().cancel();
  const char msg[] =
      "\nstopping after this step (checkpoint follows); press Ctrl-C again to abort\n";
  [[maybe_unused]] auto n = ::write(2, msg, sizeof msg - 1);
}

}  // namespace

CancelToken& jobStopToken() {
  static CancelToken token;
  return token;
}

void stopJobOnSignals() {
  jobStopToken();  // constructed before any signal can arrive
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
}

}  // namespace sdm::cli
