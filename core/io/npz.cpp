#include "io/npz.h"

#include <ATen/ATen.h>

#include <cstring>
#include <regex>

#include "io/zip_index.h"
#include "util/error.h"

namespace sdm::io {

at::Tensor parseNpy(const std::string& b, const std::string& what) {
  if (b.size() < 10 || b.compare(0, 6, "\x93NUMPY") != 0) throw Error(what + " is not a .npy array");
  const int major = static_cast<uint8_t>(b[6]);
  std::size_t headerLen, start;
  if (major == 1) {
    headerLen = static_cast<uint8_t>(b[8]) | (static_cast<uint8_t>(b[9]) << 8);
    start = 10;
  } else {
    if (b.size() < 12) throw Error(what + ": truncated .npy header");
    headerLen = 0;
    for (int i = 3; i >= 0; --i) headerLen = (headerLen << 8) | static_cast<uint8_t>(b[8 + i]);
    start = 12;
  }
  if (start + headerLen > b.size()) throw Error(what + ": truncated .npy header");
  const std::string header = b.substr(start, headerLen);
  std::smatch m;
  if (!std::regex_search(header, m, std::regex("'descr':\\s*'([<>|=])([a-z])(\\d+)'")))
    throw Error(what + ": unreadable .npy dtype");
  const char order = m[1].str()[0], kind = m[2].str()[0];
  const int bytes = std::stoi(m[3].str());
  if (order == '>') throw Error(what + ": big-endian arrays are not supported");
  at::ScalarType dtype;
  if (kind == 'f' && bytes == 8) dtype = at::kDouble;
  else if (kind == 'f' && bytes == 4) dtype = at::kFloat;
  else if (kind == 'f' && bytes == 2) dtype = at::kHalf;
  else if (kind == 'i' && bytes == 8) dtype = at::kLong;
  else if (kind == 'i' && bytes == 4) dtype = at::kInt;
  else if (kind == 'u' && bytes == 1) dtype = at::kByte;
  else if (kind == 'b' && bytes == 1) dtype = at::kBool;
  else throw Error(what + ": unsupported .npy dtype " + m[0].str());
  const bool fortran = std::regex_search(header, std::regex("'fortran_order':\\s*True"));
  if (!std::regex_search(header, m, std::regex("'shape':\\s*\\(([^)]*)\\)"))) throw Error(what + ": unreadable .npy shape");
  std::vector<int64_t> shape;
  std::string dims = m[1].str();
  std::regex num("\\d+");
  for (auto it = std::sregex_iterator(dims.begin(), dims.end(), num); it != std::sregex_iterator(); ++it)
    shape.push_back(std::stoll(it->str()));
  int64_t n = 1;
  for (auto d : shape) n *= d;
  const std::size_t payload = start + headerLen;
  if (b.size() - payload < static_cast<std::size_t>(n) * bytes) throw Error(what + ": .npy data is shorter than its shape");
  std::vector<int64_t> storeShape = shape;
  if (fortran) std::reverse(storeShape.begin(), storeShape.end());
  at::Tensor t = at::empty(storeShape, at::TensorOptions().dtype(dtype));
  std::memcpy(t.data_ptr(), b.data() + payload, static_cast<std::size_t>(n) * bytes);
  if (fortran && shape.size() > 1) {
    std::vector<int64_t> perm;
    for (int64_t i = static_cast<int64_t>(shape.size()) - 1; i >= 0; --i) perm.push_back(i);
    t = t.permute(perm).contiguous();
  }
  return t;
}

std::map<std::string, at::Tensor> readNpz(const std::string& path) {
  std::map<std::string, at::Tensor> out;
  for (const auto& e : readZipIndex(path)) {
    std::string name = e.name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0) name.resize(name.size() - 4);
    out[name] = parseNpy(readZipEntry(path, e), path + ":" + e.name);
  }
  return out;
}

std::string makeNpy(const at::Tensor& t0) {
  at::Tensor t = t0.contiguous();
  std::string descr;
  switch (t.scalar_type()) {
    case at::kDouble: descr = "<f8"; break;
    case at::kFloat: descr = "<f4"; break;
    case at::kLong: descr = "<i8"; break;
    case at::kInt: descr = "<i4"; break;
    case at::kByte: descr = "|u1"; break;
    default: throw Error("cannot write this dtype to .npy");
  }
  std::string shape = "(";
  for (auto d : t.sizes()) shape += std::to_string(d) + ",";
  if (t.dim() > 1) shape.pop_back();
  shape += ")";
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xFF);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out.append(static_cast<const char*>(t.data_ptr()), t.nbytes());
  return out;
}

void writeNpz(const std::string& path, const std::map<std::string, at::Tensor>& arrays) {
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& [name, t] : arrays) entries.emplace_back(name + ".npy", makeNpy(t));
  writeStoredZip(path, entries);
}

}  // namespace sdm::io
