#pragma once
// A whitelisting pickle interpreter for the data.pkl inside torch.save files. It understands the
// opcodes that state dicts, optimizer states and plain values use, and only the globals that
// rebuild tensors (plus OrderedDict and storage types). Any other global, opcode or malformed
// byte is an sdm::Error; nothing from the file is ever executed.
#include <ATen/core/Tensor.h>

#include <functional>
#include <string>
#include <string_view>

#include "io/py_value.h"

namespace sdm::io {

// Loads storage `key` (record data/<key>) holding `numel` elements of `dtype` as a flat tensor.
using StorageLoader =
    std::function<at::Tensor(const std::string& key, at::ScalarType dtype, int64_t numel,
                             const std::string& location)>;

PyValue unpickle(std::string_view pickle, const StorageLoader& loadStorage);

}  // namespace sdm::io
