#include "io/torch_file.h"

#include <ATen/ATen.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "io/unpickler.h"
#include "io/zip_index.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm::io {
namespace {

namespace fs = std::filesystem;

void checkIsFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error("no such file: " + path);
  if (fs::is_directory(path, ec)) throw Error(path + " is a directory, not a checkpoint file");
  if (fs::file_size(path, ec) == 0) throw Error(path + " is empty");
}

bool looksLikeLegacyFormat(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char head[2] = {0, 0};
  in.read(reinterpret_cast<char*>(head), 2);
  return head[0] == 0x80 && head[1] == 0x02;  // a bare pickle: torch.save before PyTorch 1.6
}

class Archive {
 public:
  explicit Archive(const std::string& path) : m_path(path) {
    auto entries = readZipIndex(path);
    for (auto& e : entries) {
      auto slash = e.name.find('/');
      std::string inner = slash == std::string::npos ? e.name : e.name.substr(slash + 1);
      m_index.emplace(inner, e);
    }
    if (!m_index.count("data.pkl"))
      throw Error("a zip file but not a torch.save archive (no data.pkl)");
  }

  // The record's bytes, read by our own zip reader (sizes checked against the file and the
  // machine when the index was read, CRC-32 checked here) into LibTorch's aligned CPU memory.
  // LibTorch's PyTorchStreamReader is not used: it skips the CRC and leaks when it refuses a file.
  at::DataPtr record(const std::string& name, std::size_t* size) {
    auto it = m_index.find(name);
    if (it == m_index.end()) throw Error("record " + name + " is missing");
    const ZipEntry& e = it->second;
    at::DataPtr data = at::getCPUAllocator()->allocate(static_cast<std::size_t>(e.size));
    try {
      readZipEntryInto(m_path, e, data.get());
    } catch (const Error& err) {
      throw Error("cannot read record " + name + ": " + err.what());
    }
    *size = static_cast<std::size_t>(e.size);
    return data;
  }

  bool has(const std::string& name) const { return m_index.count(name) > 0; }

 private:
  std::string m_path;
  std::map<std::string, ZipEntry> m_index;
};

TorchFile readArchive(const std::string& path);

}  // namespace

TorchFile readTorchFile(const std::string& path) {
  checkIsFile(path);
  if (looksLikeLegacyFormat(path))
    throw Error(path +
                " uses the legacy (pre-1.6) torch.save format; re-save it with "
                "torch.save(obj, path) in PyTorch >= 1.6");
  try {
    return readArchive(path);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

namespace {
TorchFile readArchive(const std::string& path) {
  Archive archive(path);
  TorchFile file;
  if (archive.has("byteorder")) {
    std::size_t n = 0;
    auto bo = archive.record("byteorder", &n);
    if (std::string(static_cast<const char*>(bo.get()), n) != "little")
      throw Error("saved on a big-endian machine; re-save it on x86 or ARM");
  }
  std::size_t pklSize = 0;
  at::DataPtr pkl = archive.record("data.pkl", &pklSize);
  std::set<std::string> locations;
  StorageLoader loader = [&](const std::string& key, at::ScalarType dtype, int64_t numel,
                             const std::string& location) {
    std::size_t n = 0;
    at::DataPtr data = archive.record("data/" + key, &n);
    const auto itemSize = static_cast<std::size_t>(c10::elementSize(dtype));
    if (static_cast<uint64_t>(numel) > n / itemSize)
      throw Error("record data/" + key + " is shorter than its tensor");
    locations.insert(location);
    c10::Storage storage(c10::Storage::use_byte_size_t(), n, std::move(data), nullptr, false);
    at::Tensor flat = at::empty({0}, at::TensorOptions().dtype(dtype));
    flat.set_(storage, 0, {numel}, {1});
    return flat;
  };
  file.root = unpickle(std::string_view(static_cast<const char*>(pkl.get()), pklSize), loader);
  for (const auto& loc : locations) {
    if (loc != "cpu") file.notes.push_back("storages saved on " + loc + " were loaded on the CPU");
  }
  return file;
}
}  // namespace

c10::IValue toIValue(const PyValue& v) {
  using K = PyValue::Kind;
  switch (v.kind()) {
    case K::None:
      return c10::IValue();
    case K::Bool:
      return c10::IValue(v.toBool());
    case K::Int:
      return c10::IValue(v.toInt());
    case K::Float:
      return c10::IValue(v.toDouble());
    case K::String:
      return c10::IValue(v.toStr());
    case K::Bytes:
      return c10::IValue(v.toStr());
    case K::Tensor:
      return c10::IValue(v.toTensor());
    case K::List: {
      c10::impl::GenericList list(c10::AnyType::get());
      for (const auto& x : v.items()) list.push_back(toIValue(x));
      return list;
    }
    case K::Tuple: {
      std::vector<c10::IValue> items;
      for (const auto& x : v.items()) items.push_back(toIValue(x));
      return c10::ivalue::Tuple::create(std::move(items));
    }
    case K::Dict: {
      bool allInt = !v.entries().empty();
      for (const auto& [k, x] : v.entries()) allInt = allInt && k.is(K::Int);
      c10::TypePtr keyType =
          allInt ? c10::TypePtr(c10::IntType::get()) : c10::TypePtr(c10::StringType::get());
      c10::impl::GenericDict d(keyType, c10::AnyType::get());
      for (const auto& [k, x] : v.entries()) {
        if (allInt) {
          d.insert(k.toInt(), toIValue(x));
        } else if (k.is(K::String)) {
          d.insert(k.toStr(), toIValue(x));
        } else {
          throw Error("cannot save a dict with mixed key types");
        }
      }
      return d;
    }
    case K::Global:
    case K::Storage:
      break;
  }
  throw Error("cannot save a value of type " + v.typeName());
}

void writeTorchFile(const std::string& path, const c10::IValue& root) {
  std::vector<char> bytes = torch::jit::pickle_save(root);
  writeFileAtomically(path, bytes.data(), bytes.size());
}

at::Tensor readTensorFile(const std::string& path) {
  TorchFile f = readTorchFile(path);
  if (!f.root.isTensor())
    throw Error(path + " holds a " + f.root.typeName() + ", expected a single tensor");
  return f.root.toTensor();
}

void writeTensorFile(const std::string& path, const at::Tensor& t) {
  writeTorchFile(path, c10::IValue(t.contiguous()));
}

}  // namespace sdm::io
