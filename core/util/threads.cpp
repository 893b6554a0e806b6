#include "util/threads.h"

#include <ATen/Parallel.h>
#include <omp.h>
#include <sched.h>

#include <thread>

namespace sdm {
namespace {

// ThreadSanitizer cannot see libgomp's fork/join, so every parallel region of a multi-threaded
// team is reported (and suppressed, tests/tsan.supp) — at a cost that grows with each report until
// the run crawls. TSan builds compute on one thread; the races that matter are between our own
// threads (engine, GUI, job runner).
int capped(int n) {
#if defined(__SANITIZE_THREAD__)
  return n > 0 ? 1 : n;
#else
  return n;
#endif
}

}  // namespace

int defaultComputeThreads() {
  // The CPUs this process may run on (hardware_concurrency() has been seen to report the host's
  // CPUs inside a VM limited to fewer).
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

// at::get_num_threads() first: LibTorch lazily resets a new thread's team size to the global
// setting at its first parallel call, which would undo ours.
ScopedOmpThreads::ScopedOmpThreads(int n)
    : m_previous((at::get_num_threads(), omp_get_max_threads())) {
  omp_set_num_threads(capped(n));
}

ScopedOmpThreads::~ScopedOmpThreads() { omp_set_num_threads(m_previous); }

int setComputeThreads(int n) {
  if (n <= 0) n = defaultComputeThreads();
  at::set_num_threads(capped(n));
  return at::get_num_threads();
}

}  // namespace sdm
