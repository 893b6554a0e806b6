#include "train/alloc_tuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sdm::train {

void keepFreedMemoryInProcess() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_MAX, 0);              // large blocks from the heap, not fresh mappings
  mallopt(M_TRIM_THRESHOLD, 1 << 30);  // and do not give the heap back after every step
#endif
}

}  // namespace sdm::train
