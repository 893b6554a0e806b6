#pragma once
// The plain Python values a checkpoint may hold (None, bool, int, float, str, bytes, tensors,
// lists, tuples, dicts). Containers are shared like Python objects, so the unpickler's memo and
// its stack see the same list while APPEND fills it.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sdm::io {

class PyValue;
using PyItems = std::vector<PyValue>;
using PyDict = std::vector<std::pair<PyValue, PyValue>>;  // insertion order kept

class PyValue {
 public:
  enum class Kind { None, Bool, Int, Float, String, Bytes, Tensor, List, Tuple, Dict, Global, Storage };

  PyValue() = default;
  static PyValue none() { return PyValue(); }
  static PyValue boolean(bool b);
  static PyValue integer(int64_t i);
  static PyValue real(double d);
  static PyValue string(std::string s);
  static PyValue bytes(std::string s);
  static PyValue tensor(at::Tensor t);
  static PyValue list(PyItems items = {});
  static PyValue tuple(PyItems items = {});
  static PyValue dict(PyDict entries = {});
  static PyValue global(std::string module, std::string name);
  static PyValue storage(at::Tensor flatStorage);  // 1-D tensor viewing the whole storage

  Kind kind() const { return m_kind; }
  bool is(Kind k) const { return m_kind == k; }
  bool isNone() const { return m_kind == Kind::None; }
  bool isTensor() const { return m_kind == Kind::Tensor; }
  bool isDict() const { return m_kind == Kind::Dict; }
  bool isSequence() const { return m_kind == Kind::List || m_kind == Kind::Tuple; }
  std::string typeName() const;

  // Typed access; each throws sdm::Error naming the expected and actual type.
  bool toBool() const;
  int64_t toInt() const;
  double toDouble() const;  // ints are accepted
  const std::string& toStr() const;  // str, or the raw bytes of a bytes value
  const at::Tensor& toTensor() const;
  const PyItems& items() const;  // list or tuple
  PyItems& mutableItems();
  const PyDict& entries() const;
  PyDict& mutableEntries();
  const std::string& globalModule() const;
  const std::string& globalName() const;
  const at::Tensor& storageTensor() const;

  // Dict lookup by key; nullptr when absent (or when this is not a dict).
  const PyValue* find(std::string_view key) const;
  const PyValue* find(int64_t key) const;
  bool sameObject(const PyValue& other) const;  // identity of shared containers

 private:
  Kind m_kind = Kind::None;
  int64_t m_int = 0;  // bool, int
  double m_real = 0;
  std::string m_str;  // str, bytes, global module
  std::string m_str2;  // global name
  at::Tensor m_tensor;  // tensor, storage
  std::shared_ptr<PyItems> m_items;
  std::shared_ptr<PyDict> m_dict;
};

}  // namespace sdm::io
