// libFuzzer target: the zip central directory (readZipIndex) and entry reader (readZipEntry) on
// arbitrary bytes. Every failure must be an sdm::Error; anything else (crash, leak, UB, another
// exception) is a finding.
#include "fuzz_input.h"
#include "io/zip_index.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = sdmfuzz::writeInput("zip", data, size);
  try {
    const auto entries = sdm::io::readZipIndex(path);
    for (std::size_t i = 0; i < entries.size() && i < 16; ++i)
      (void)sdm::io::readZipEntry(path, entries[i]);
  } catch (const sdm::Error&) {
  }
  return 0;
}
