#include "io/py_value.h"

#include "util/error.h"

namespace sdm::io {
namespace {

[[noreturn]] void wrongType(const char* expected, const PyValue& v) {
  throw Error(std::string("expected ") + expected + ", found " + v.typeName());
}

}  // namespace

PyValue PyValue::boolean(bool b) {
  PyValue v;
  v.m_kind = Kind::Bool;
  v.m_int = b ? 1 : 0;
  return v;
}

PyValue PyValue::integer(int64_t i) {
  PyValue v;
  v.m_kind = Kind::Int;
  v.m_int = i;
  return v;
}

PyValue PyValue::real(double d) {
  PyValue v;
  v.m_kind = Kind::Float;
  v.m_real = d;
  return v;
}

PyValue PyValue::string(std::string s) {
  PyValue v;
  v.m_kind = Kind::String;
  v.m_str = std::move(s);
  return v;
}

PyValue PyValue::bytes(std::string s) {
  PyValue v;
  v.m_kind = Kind::Bytes;
  v.m_str = std::move(s);
  return v;
}

PyValue PyValue::tensor(at::Tensor t) {
  PyValue v;
  v.m_kind = Kind::Tensor;
  v.m_tensor = std::move(t);
  return v;
}

PyValue PyValue::list(PyItems items) {
  PyValue v;
  v.m_kind = Kind::List;
  v.m_items = std::make_shared<PyItems>(std::move(items));
  return v;
}

PyValue PyValue::tuple(PyItems items) {
  PyValue v = list(std::move(items));
  v.m_kind = Kind::Tuple;
  return v;
}

PyValue PyValue::dict(PyDict entries) {
  PyValue v;
  v.m_kind = Kind::Dict;
  v.m_dict = std::make_shared<PyDict>(std::move(entries));
  return v;
}

PyValue PyValue::global(std::string module, std::string name) {
  PyValue v;
  v.m_kind = Kind::Global;
  v.m_str = std::move(module);
  v.m_str2 = std::move(name);
  return v;
}

PyValue PyValue::storage(at::Tensor flatStorage) {
  PyValue v;
  v.m_kind = Kind::Storage;
  v.m_tensor = std::move(flatStorage);
  return v;
}

std::string PyValue::typeName() const {
  switch (m_kind) {
    case Kind::None: return "None";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::String: return "str";
    case Kind::Bytes: return "bytes";
    case Kind::Tensor: return "tensor";
    case Kind::List: return "list";
    case Kind::Tuple: return "tuple";
    case Kind::Dict: return "dict";
    case Kind::Global: return "global " + m_str + "." + m_str2;
    case Kind::Storage: return "storage";
  }
  return "?";
}

bool PyValue::toBool() const {
  if (m_kind != Kind::Bool) wrongType("bool", *this);
  return m_int != 0;
}

int64_t PyValue::toInt() const {
  if (m_kind != Kind::Int && m_kind != Kind::Bool) wrongType("int", *this);
  return m_int;
}

double PyValue::toDouble() const {
  if (m_kind == Kind::Int || m_kind == Kind::Bool) return static_cast<double>(m_int);
  if (m_kind != Kind::Float) wrongType("float", *this);
  return m_real;
}

const std::string& PyValue::toStr() const {
  if (m_kind != Kind::String && m_kind != Kind::Bytes) wrongType("str", *this);
  return m_str;
}

const at::Tensor& PyValue::toTensor() const {
  if (m_kind != Kind::Tensor) wrongType("tensor", *this);
  return m_tensor;
}

const PyItems& PyValue::items() const {
  if (!isSequence()) wrongType("list or tuple", *this);
  return *m_items;
}

PyItems& PyValue::mutableItems() {
  if (!isSequence()) wrongType("list or tuple", *this);
  return *m_items;
}

const PyDict& PyValue::entries() const {
  if (m_kind != Kind::Dict) wrongType("dict", *this);
  return *m_dict;
}

PyDict& PyValue::mutableEntries() {
  if (m_kind != Kind::Dict) wrongType("dict", *this);
  return *m_dict;
}

const std::string& PyValue::globalModule() const {
  if (m_kind != Kind::Global) wrongType("global", *this);
  return m_str;
}

const std::string& PyValue::globalName() const {
  if (m_kind != Kind::Global) wrongType("global", *this);
  return m_str2;
}

const at::Tensor& PyValue::storageTensor() const {
  if (m_kind != Kind::Storage) wrongType("storage", *this);
  return m_tensor;
}

const PyValue* PyValue::find(std::string_view key) const {
  if (m_kind != Kind::Dict) return nullptr;
  for (const auto& [k, v] : *m_dict) {
    if (k.m_kind == Kind::String && k.m_str == key) return &v;
  }
  return nullptr;
}

const PyValue* PyValue::find(int64_t key) const {
  if (m_kind != Kind::Dict) return nullptr;
  for (const auto& [k, v] : *m_dict) {
    if (k.m_kind == Kind::Int && k.m_int == key) return &v;
  }
  return nullptr;
}

bool PyValue::sameObject(const PyValue& other) const {
  if (m_items && m_items == other.m_items) return true;
  if (m_dict && m_dict == other.m_dict) return true;
  return false;
}

}  // namespace sdm::io
