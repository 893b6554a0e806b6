#include "util/threads.h"

#include <ATen/Parallel.h>

#include <thread>

namespace sdm {

int defaultComputeThreads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

int setComputeThreads(int n) {
  if (n <= 0) n = defaultComputeThreads();
  at::set_num_threads(n);
  return at::get_num_threads();
}

}  // namespace sdm
