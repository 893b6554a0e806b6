// libFuzzer target: the whitelisting unpickler and tensor rebuilding on arbitrary data.pkl bytes.
// Storages are served as zeros of the claimed size (at most 1 M elements, as a record of the file
// would be); every failure must be an sdm::Error.
#include <ATen/ATen.h>

#include <string_view>

#include "io/unpickler.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const sdm::io::StorageLoader loader = [](const std::string&, at::ScalarType dtype, int64_t numel,
                                           const std::string&) {
    if (numel > (int64_t(1) << 20)) throw sdm::Error("storage larger than the fuzzer serves");
    return at::zeros({numel}, at::TensorOptions().dtype(dtype));
  };
  try {
    (void)sdm::io::unpickle(std::string_view(reinterpret_cast<const char*>(data), size), loader);
  } catch (const sdm::Error&) {
  }
  return 0;
}
