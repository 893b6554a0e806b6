#include "io/unpickler.h"

#include <ATen/ATen.h>

#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

#include "util/error.h"

namespace sdm::io {
namespace {

constexpr std::size_t kMaxNesting = 200;       // deeper than any state dict, far from stack limits
constexpr std::size_t kMaxStack = 1u << 24;    // values on the VM stack

std::optional<at::ScalarType> storageDtype(const std::string& name) {
  static const std::map<std::string, at::ScalarType> table = {
      {"FloatStorage", at::kFloat},     {"DoubleStorage", at::kDouble},
      {"HalfStorage", at::kHalf},       {"BFloat16Storage", at::kBFloat16},
      {"LongStorage", at::kLong},       {"IntStorage", at::kInt},
      {"ShortStorage", at::kShort},     {"CharStorage", at::kChar},
      {"ByteStorage", at::kByte},       {"BoolStorage", at::kBool},
      {"ComplexFloatStorage", at::kComplexFloat}, {"ComplexDoubleStorage", at::kComplexDouble},
  };
  auto it = table.find(name);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

bool isAllowedGlobal(const std::string& module, const std::string& name) {
  if (module == "collections" && name == "OrderedDict") return true;
  if (module == "torch._utils" &&
      (name == "_rebuild_tensor_v2" || name == "_rebuild_tensor" || name == "_rebuild_parameter" ||
       name == "_rebuild_parameter_with_state"))
    return true;
  if (module == "torch" && storageDtype(name)) return true;
  if (module == "_codecs" && name == "encode") return true;  // how protocol 2 spells bytes
  // LibTorch's own pickler (files the studio writes) tags dicts and typed lists with these.
  if (module == "torch.jit._pickle" &&
      (name == "restore_type_tag" || name == "build_intlist" || name == "build_doublelist" ||
       name == "build_boollist" || name == "build_tensorlist"))
    return true;
  return false;
}

class Machine {
 public:
  Machine(std::string_view data, const StorageLoader& loader) : m_data(data), m_loader(loader) {}

  PyValue run() {
    while (true) {
      uint8_t op = byte();
      switch (op) {
        case 0x80: byte(); break;       // PROTO
        case 0x95: bytes(8); break;     // FRAME
        case '.': return finish();      // STOP
        case '(': m_marks.push_back(m_stack.size()); break;
        case '0': pop(); break;
        case '1': popMark(); break;
        case '2': push(top()); break;   // DUP
        case '}': push(PyValue::dict()); break;
        case ']': push(PyValue::list()); break;
        case ')': push(PyValue::tuple()); break;
        case 'N': push(PyValue::none()); break;
        case 0x88: push(PyValue::boolean(true)); break;
        case 0x89: push(PyValue::boolean(false)); break;
        case 'J': push(PyValue::integer(static_cast<int32_t>(le(4)))); break;
        case 'K': push(PyValue::integer(byte())); break;
        case 'M': push(PyValue::integer(static_cast<int64_t>(le(2)))); break;
        case 0x8a: push(PyValue::integer(longInt(byte()))); break;     // LONG1
        case 0x8b: push(PyValue::integer(longInt(le(4)))); break;     // LONG4
        case 'G': push(PyValue::real(binFloat())); break;
        case 'X': push(PyValue::string(std::string(bytes(le(4))))); break;
        case 0x8c: push(PyValue::string(std::string(bytes(byte())))); break;
        case 0x8d: push(PyValue::string(std::string(bytes(le(8))))); break;
        case 'T': push(PyValue::string(std::string(bytes(le(4))))); break;   // BINSTRING
        case 'U': push(PyValue::string(std::string(bytes(byte())))); break;  // SHORT_BINSTRING
        case 'B': push(PyValue::bytes(std::string(bytes(le(4))))); break;
        case 'C': push(PyValue::bytes(std::string(bytes(byte())))); break;
        case 0x8e: push(PyValue::bytes(std::string(bytes(le(8))))); break;
        case 'q': memoPut(byte()); break;
        case 'r': memoPut(le(4)); break;
        case 0x94: memoPut(m_memo.size()); break;  // MEMOIZE
        case 'h': push(memoGet(byte())); break;
        case 'j': push(memoGet(le(4))); break;
        case 't': push(PyValue::tuple(popToMark())); break;
        case 0x85: tupleN(1); break;
        case 0x86: tupleN(2); break;
        case 0x87: tupleN(3); break;
        case 'l': push(PyValue::list(popToMark())); break;
        case 'd': dictFromMark(); break;
        case 'a': append(); break;
        case 'e': appends(); break;
        case 's': setItem(); break;
        case 'u': setItems(); break;
        case 'c': {
          std::string module = line();  // two statements: argument order is unspecified
          globalOp(module, line());
          break;
        }
        case 0x93: stackGlobal(); break;
        case 'R': reduce(); break;
        case 0x81: newObj(); break;
        case 'b': build(); break;
        case 'Q': persistentLoad(); break;
        default: {
          char buf[64];
          std::snprintf(buf, sizeof buf, "unsupported pickle opcode 0x%02x at byte %zu", op,
                        m_pos - 1);
          throw Error(buf);
        }
      }
    }
  }

 private:
  // ---- byte reading, every read bounds-checked ----
  void need(std::size_t n) const {
    if (n > m_data.size() - m_pos) throw Error("truncated pickle (data.pkl ends early)");
  }
  uint8_t byte() {
    need(1);
    return static_cast<uint8_t>(m_data[m_pos++]);
  }
  std::string_view bytes(uint64_t n) {
    need(n);
    std::string_view s = m_data.substr(m_pos, n);
    m_pos += n;
    return s;
  }
  uint64_t le(int n) {
    auto s = bytes(n);
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[i]);
    return v;
  }
  std::string line() {
    auto end = m_data.find('\n', m_pos);
    if (end == std::string_view::npos) throw Error("truncated pickle (GLOBAL without newline)");
    std::string s(m_data.substr(m_pos, end - m_pos));
    m_pos = end + 1;
    return s;
  }
  int64_t longInt(uint64_t n) {
    if (n > 8) throw Error("pickle integer wider than 64 bits");
    auto s = bytes(n);
    if (n == 0) return 0;
    uint64_t v = 0;
    for (int i = static_cast<int>(n) - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[i]);
    if (n < 8 && (static_cast<uint8_t>(s[n - 1]) & 0x80)) v |= ~uint64_t(0) << (8 * n);  // sign
    return static_cast<int64_t>(v);
  }
  double binFloat() {
    auto s = bytes(8);
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<uint8_t>(s[i]);  // big-endian
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }

  // ---- stack ----
  void push(PyValue v) {
    if (m_stack.size() >= kMaxStack) throw Error("pickle stack too large");
    m_stack.push_back(std::move(v));
  }
  PyValue pop() {
    if (m_stack.size() <= markFloor()) throw Error("malformed pickle (stack underflow)");
    PyValue v = std::move(m_stack.back());
    m_stack.pop_back();
    return v;
  }
  PyValue& top() {
    if (m_stack.size() <= markFloor()) throw Error("malformed pickle (stack underflow)");
    return m_stack.back();
  }
  std::size_t markFloor() const { return m_marks.empty() ? 0 : m_marks.back(); }
  PyItems popToMark() {
    if (m_marks.empty()) throw Error("malformed pickle (no MARK)");
    std::size_t mark = m_marks.back();
    m_marks.pop_back();
    PyItems items(std::make_move_iterator(m_stack.begin() + mark),
                  std::make_move_iterator(m_stack.end()));
    m_stack.resize(mark);
    return items;
  }
  void popMark() { popToMark(); }
  void tupleN(int n) {
    PyItems items(n);
    for (int i = n - 1; i >= 0; --i) items[i] = pop();
    push(PyValue::tuple(std::move(items)));
  }

  // ---- memo ----
  void memoPut(uint64_t idx) {
    if (idx > (1u << 26)) throw Error("malformed pickle (memo index too large)");
    m_memo[idx] = top();
  }
  PyValue memoGet(uint64_t idx) {
    auto it = m_memo.find(idx);
    if (it == m_memo.end()) throw Error("malformed pickle (unknown memo entry)");
    return it->second;
  }

  // ---- containers ----
  static void checkNotSelf(const PyValue& container, const PyValue& child) {
    if (container.sameObject(child)) throw Error("malformed pickle (container holds itself)");
  }
  void append() {
    PyValue item = pop();
    PyValue& list = top();
    if (!list.is(PyValue::Kind::List)) throw Error("malformed pickle (APPEND to " + list.typeName() + ")");
    checkNotSelf(list, item);
    list.mutableItems().push_back(std::move(item));
  }
  void appends() {
    PyItems items = popToMark();
    PyValue& list = top();
    if (!list.is(PyValue::Kind::List)) throw Error("malformed pickle (APPENDS to " + list.typeName() + ")");
    for (auto& it : items) {
      checkNotSelf(list, it);
      list.mutableItems().push_back(std::move(it));
    }
  }
  void insert(PyValue& dict, PyValue k, PyValue v) {
    if (!dict.isDict()) throw Error("malformed pickle (SETITEM on " + dict.typeName() + ")");
    if (!(k.is(PyValue::Kind::String) || k.is(PyValue::Kind::Int) || k.is(PyValue::Kind::Bool) ||
          k.is(PyValue::Kind::Float) || k.is(PyValue::Kind::Tuple) || k.isNone()))
      throw Error("unsupported dict key of type " + k.typeName());
    checkNotSelf(dict, v);
    auto& entries = dict.mutableEntries();
    for (auto& e : entries) {  // a repeated key replaces, as in Python
      if (e.first.kind() == k.kind() &&
          ((k.is(PyValue::Kind::String) && e.first.toStr() == k.toStr()) ||
           (k.is(PyValue::Kind::Int) && e.first.toInt() == k.toInt()))) {
        e.second = std::move(v);
        return;
      }
    }
    entries.emplace_back(std::move(k), std::move(v));
  }
  void setItem() {
    PyValue v = pop();
    PyValue k = pop();
    insert(top(), std::move(k), std::move(v));
  }
  void setItems() {
    PyItems kv = popToMark();
    if (kv.size() % 2) throw Error("malformed pickle (odd SETITEMS)");
    PyValue& dict = top();
    for (std::size_t i = 0; i < kv.size(); i += 2) insert(dict, std::move(kv[i]), std::move(kv[i + 1]));
  }
  void dictFromMark() {
    PyItems kv = popToMark();
    if (kv.size() % 2) throw Error("malformed pickle (odd DICT)");
    PyValue d = PyValue::dict();
    for (std::size_t i = 0; i < kv.size(); i += 2) insert(d, std::move(kv[i]), std::move(kv[i + 1]));
    push(std::move(d));
  }

  // ---- globals and calls ----
  void globalOp(const std::string& module, const std::string& name) {
    if (!isAllowedGlobal(module, name))
      throw Error("refusing pickle global " + module + "." + name +
                  ": the file holds Python objects other than tensors and plain values "
                  "(nothing from it was run)");
    push(PyValue::global(module, name));
  }
  void stackGlobal() {
    PyValue name = pop();
    PyValue module = pop();
    if (!name.is(PyValue::Kind::String) || !module.is(PyValue::Kind::String))
      throw Error("malformed pickle (STACK_GLOBAL without strings)");
    globalOp(module.toStr(), name.toStr());
  }
  void reduce() {
    PyValue args = pop();
    PyValue fn = pop();
    if (!fn.is(PyValue::Kind::Global) || !args.is(PyValue::Kind::Tuple))
      throw Error("malformed pickle (REDUCE of " + fn.typeName() + ")");
    push(call(fn.globalModule(), fn.globalName(), args.items()));
  }
  void newObj() {
    PyValue args = pop();
    PyValue cls = pop();
    if (!cls.is(PyValue::Kind::Global) || !args.is(PyValue::Kind::Tuple))
      throw Error("malformed pickle (NEWOBJ of " + cls.typeName() + ")");
    push(call(cls.globalModule(), cls.globalName(), args.items()));
  }
  void build() {
    pop();  // state: OrderedDict's _metadata, a Parameter's __dict__; not needed
    top();  // the object stays
  }

  PyValue call(const std::string& module, const std::string& name, const PyItems& args) {
    if (name == "OrderedDict") {
      PyValue d = PyValue::dict();
      if (!args.empty() && args[0].isSequence()) {
        for (const auto& pair : args[0].items()) {
          if (!pair.isSequence() || pair.items().size() != 2)
            throw Error("malformed pickle (OrderedDict item)");
          insert(d, pair.items()[0], pair.items()[1]);
        }
      }
      return d;
    }
    if (name == "_rebuild_tensor_v2" || name == "_rebuild_tensor") return rebuildTensor(args);
    if (name == "_rebuild_parameter" || name == "_rebuild_parameter_with_state") {
      if (args.empty() || !args[0].isTensor()) throw Error("malformed pickle (parameter without data)");
      return args[0];
    }
    if (name == "restore_type_tag") {
      if (args.empty()) throw Error("malformed pickle (restore_type_tag)");
      return args[0];
    }
    if (name.rfind("build_", 0) == 0 && module == "torch.jit._pickle") {
      if (args.empty() || !args[0].isSequence()) throw Error("malformed pickle (" + name + ")");
      return PyValue::list(args[0].items());
    }
    if (module == "_codecs" && name == "encode") {
      if (args.empty() || !args[0].is(PyValue::Kind::String))
        throw Error("malformed pickle (_codecs.encode)");
      // latin-1 text of the bytes: map each UTF-8 code point below 256 back to one byte
      const std::string& s = args[0].toStr();
      std::string out;
      for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<uint8_t>(s[i]);
        if (c < 0x80) {
          out += static_cast<char>(c);
        } else if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
          out += static_cast<char>(((c & 0x1F) << 6) | (static_cast<uint8_t>(s[++i]) & 0x3F));
        } else {
          throw Error("malformed pickle (bytes outside latin-1)");
        }
      }
      return PyValue::bytes(out);
    }
    throw Error("refusing to call pickle global " + module + "." + name);
  }

  static std::vector<int64_t> intList(const PyValue& v, const char* what) {
    if (!v.isSequence()) throw Error(std::string("malformed tensor ") + what);
    std::vector<int64_t> out;
    for (const auto& x : v.items()) out.push_back(x.toInt());
    return out;
  }

  PyValue rebuildTensor(const PyItems& args) {
    if (args.size() < 4 || !args[0].is(PyValue::Kind::Storage))
      throw Error("malformed pickle (tensor without storage)");
    const at::Tensor& storage = args[0].storageTensor();
    int64_t offset = args[1].toInt();
    auto size = intList(args[2], "size");
    auto stride = intList(args[3], "stride");
    if (size.size() != stride.size()) throw Error("malformed tensor (size/stride rank differ)");
    if (offset < 0) throw Error("malformed tensor (negative offset)");
    // The view must lie inside its storage: last element = offset + sum((size-1)*stride).
    __int128 last = offset;
    bool empty = false;
    for (std::size_t i = 0; i < size.size(); ++i) {
      if (size[i] < 0 || stride[i] < 0) throw Error("malformed tensor (negative size or stride)");
      if (size[i] == 0) empty = true;
      last += static_cast<__int128>(size[i] > 0 ? size[i] - 1 : 0) * stride[i];
    }
    if (!empty && last >= storage.numel())
      throw Error("malformed tensor (view of " + std::to_string(static_cast<long long>(last + 1)) +
                  " elements exceeds its storage of " + std::to_string(storage.numel()) + ")");
    at::Tensor t = at::empty({0}, storage.options());
    t.set_(storage.storage(), offset, size, stride);
    return PyValue::tensor(t);
  }

  void persistentLoad() {
    PyValue pid = pop();
    if (!pid.is(PyValue::Kind::Tuple) || pid.items().size() < 5)
      throw Error("malformed pickle (persistent id is not a storage tuple)");
    const auto& f = pid.items();
    if (!f[0].is(PyValue::Kind::String) || f[0].toStr() != "storage")
      throw Error("unsupported persistent id in pickle");
    if (!f[1].is(PyValue::Kind::Global)) throw Error("malformed pickle (storage type)");
    auto dtype = storageDtype(f[1].globalName());
    if (!dtype) throw Error("unsupported storage type " + f[1].globalName());
    const std::string& key = f[2].toStr();
    std::string location = f[3].is(PyValue::Kind::String) ? f[3].toStr() : "cpu";
    int64_t numel = f[4].toInt();
    if (numel < 0) throw Error("malformed pickle (negative storage size)");
    auto it = m_storages.find(key);
    if (it == m_storages.end()) {
      // Shared storages (e.g. net_model and ema_model of one model) are loaded once.
      it = m_storages.emplace(key, PyValue::storage(m_loader(key, *dtype, numel, location))).first;
    }
    push(it->second);
  }

  PyValue finish() {
    if (m_stack.empty()) throw Error("malformed pickle (nothing to return at STOP)");
    return m_stack.back();
  }

  std::string_view m_data;
  std::size_t m_pos = 0;
  const StorageLoader& m_loader;
  std::vector<PyValue> m_stack;
  std::vector<std::size_t> m_marks;
  std::unordered_map<uint64_t, PyValue> m_memo;
  std::unordered_map<std::string, PyValue> m_storages;

 public:
  // Frees every container iteratively, so a hostile, deeply nested pickle cannot overflow the
  // C++ stack through recursive destructors.
  void teardown(PyValue extra = {}, const std::unordered_map<const void*, bool>& keep = {}) {
    std::vector<PyValue> work(std::make_move_iterator(m_stack.begin()),
                              std::make_move_iterator(m_stack.end()));
    for (auto& [k, v] : m_memo) work.push_back(std::move(v));
    work.push_back(std::move(extra));
    m_stack.clear();
    m_memo.clear();
    while (!work.empty()) {
      PyValue v = std::move(work.back());
      work.pop_back();
      if ((v.isSequence() && keep.count(&v.items())) || (v.isDict() && keep.count(&v.entries())))
        continue;  // part of the result: stays intact
      if (v.isSequence()) {
        auto& items = v.mutableItems();
        for (auto& x : items) work.push_back(std::move(x));
        items.clear();
      } else if (v.isDict()) {
        auto& entries = v.mutableEntries();
        for (auto& [k, x] : entries) {
          work.push_back(std::move(k));
          work.push_back(std::move(x));
        }
        entries.clear();
      }
    }
  }
};

// Depth-limited walk: rejects cycles and nesting deeper than any real checkpoint has.
void checkShape(const PyValue& v, std::size_t depth, std::vector<const void*>& path,
                std::unordered_map<const void*, bool>& done) {
  const void* id = v.isSequence() ? static_cast<const void*>(&v.items())
                   : v.isDict()   ? static_cast<const void*>(&v.entries())
                                  : nullptr;
  if (!id) return;
  if (depth > kMaxNesting) throw Error("pickle nesting too deep");
  if (done.count(id)) return;
  for (const void* p : path)
    if (p == id) throw Error("malformed pickle (a container holds itself)");
  path.push_back(id);
  if (v.isSequence()) {
    for (const auto& x : v.items()) checkShape(x, depth + 1, path, done);
  } else {
    for (const auto& [k, x] : v.entries()) {
      checkShape(k, depth + 1, path, done);
      checkShape(x, depth + 1, path, done);
    }
  }
  path.pop_back();
  done[id] = true;
}

}  // namespace

PyValue unpickle(std::string_view pickle, const StorageLoader& loadStorage) {
  Machine vm(pickle, loadStorage);
  PyValue result;
  std::unordered_map<const void*, bool> reachable;
  try {
    result = vm.run();
    std::vector<const void*> path;
    checkShape(result, 0, path, reachable);
  } catch (...) {
    vm.teardown(std::move(result));
    throw;
  }
  vm.teardown({}, reachable);
  return result;
}

}  // namespace sdm::io
