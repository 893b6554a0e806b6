#include "util/process_env.h"

#include <unistd.h>

#include <cstdlib>  // defines __GLIBC__ on glibc systems
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sdm {

void ensurePassiveOpenMp(int argc, char** argv) {
  (void)argc;
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
  ::execv("/proc/self/exe", argv);  // returns only on failure: then run as we are
}

void keepFreedMemoryInProcess() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_MAX, 0);  // large blocks from the heap, not fresh mappings
  // One arena: a thread's own arena (the studio's engine thread) lives in 64 MB mappings that
  // glibc still maps and unmaps; the studio's 4-image int8 run took 5.8-8.0 s with them and
  // 5.0-5.6 s in the main arena (three alternating runs each).
  mallopt(M_ARENA_MAX, 1);
  // -1 converts to SIZE_MAX: never give the heap back (an evaluation frees gigabytes at once).
  mallopt(M_TRIM_THRESHOLD, -1);
#endif
}

}  // namespace sdm
