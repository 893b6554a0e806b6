#include "train/alloc_tuning.h"

#include <cstdlib>  // defines __GLIBC__ on glibc systems
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sdm::train {

void keepFreedMemoryInProcess() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_MAX, 0);  // large blocks from the heap, not fresh mappings
  // -1 converts to SIZE_MAX: never give the heap back (a step frees gigabytes at once).
  mallopt(M_TRIM_THRESHOLD, -1);
#endif
}

}  // namespace sdm::train
