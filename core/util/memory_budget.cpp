#include "util/memory_budget.h"

#include <unistd.h>

#include <cstdio>

#include "util/error.h"

namespace sdm {

uint64_t physicalMemoryBytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) : 0;
}

std::string gigabytesText(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GB", double(bytes) / 1e9);
  return text;
}

void requireFitsInMemory(uint64_t bytes, const std::string& what) {
  const uint64_t ram = physicalMemoryBytes();
  if (ram > 0 && bytes > ram)
    throw Error(what + " needs " + gigabytesText(bytes) + ", more than this machine's " +
                gigabytesText(ram));
}

}  // namespace sdm
