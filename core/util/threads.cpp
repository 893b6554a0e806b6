#include "util/threads.h"

#include <ATen/Parallel.h>
#include <sched.h>

#include <thread>

namespace sdm {

int defaultComputeThreads() {
  // The CPUs this process may run on (hardware_concurrency() has been seen to report the host's
  // CPUs inside a VM limited to fewer).
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

int setComputeThreads(int n) {
  if (n <= 0) n = defaultComputeThreads();
  at::set_num_threads(n);
  return at::get_num_threads();
}

}  // namespace sdm
