#pragma once
// Reading and writing files in torch.save's zip format. Reading goes through LibTorch's
// PyTorchStreamReader, checks every record's CRC-32 and unpickles with the whitelisting
// interpreter; writing goes through LibTorch's pickler, so Python's torch.load reads the result
// as plain dicts, lists and tensors. Files are written atomically.
#include <ATen/core/Tensor.h>
#include <ATen/core/ivalue.h>

#include <string>
#include <vector>

#include "io/py_value.h"

namespace sdm::io {

struct TorchFile {
  PyValue root;
  std::vector<std::string> notes;  // e.g. "storages saved on cuda:0 were loaded on the CPU"
};

TorchFile readTorchFile(const std::string& path);
void writeTorchFile(const std::string& path, const c10::IValue& root);

// A file holding one tensor (what `torch.save(t, path)` writes): the CLI's tensor format.
at::Tensor readTensorFile(const std::string& path);
void writeTensorFile(const std::string& path, const at::Tensor& t);

// Plain values back to IValues, e.g. to re-save an optimizer state read from a file.
c10::IValue toIValue(const PyValue& v);

}  // namespace sdm::io
