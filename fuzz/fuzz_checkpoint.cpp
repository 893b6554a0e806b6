// libFuzzer target: the whole path a user's file takes, .pt bytes -> checkpoint -> model (zip,
// records, CRC, unpickling, architecture inference, weight loading). Every failure must be an
// sdm::Error with one line.
#include "fuzz_input.h"
#include "io/checkpoint.h"
#include "model/loader.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = sdmfuzz::writeInput("ckpt", data, size);
  try {
    (void)sdm::loadModel(sdm::io::readCheckpoint(path));
  } catch (const sdm::Error& e) {
    const std::string_view what = e.what();
    if (what.find('\n') != std::string_view::npos) __builtin_trap();  // one line, always
  }
  return 0;
}
