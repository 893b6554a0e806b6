#include "util/process_env.h"

#include <unistd.h>

#include <cstdlib>

namespace sdm {

void ensurePassiveOpenMp(int argc, char** argv) {
  (void)argc;
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
  ::execv("/proc/self/exe", argv);  // returns only on failure: then run as we are
}

}  // namespace sdm
