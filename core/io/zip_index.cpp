#include "io/zip_index.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "util/atomic_file.h"
#include "util/error.h"
#include "util/memory_budget.h"

namespace sdm::io {
namespace {

uint64_t le(const unsigned char* p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

std::string readAt(std::ifstream& in, uint64_t pos, uint64_t n) {
  std::string buf(n, '\0');
  in.clear();
  in.seekg(static_cast<std::streamoff>(pos));
  in.read(buf.data(), static_cast<std::streamsize>(n));
  if (static_cast<uint64_t>(in.gcount()) != n) throw Error("truncated zip archive");
  return buf;
}

// Deflate cannot expand by more than ~1032:1 (RFC 1951 block limits): a larger claim is a zip bomb
// or a corrupt index, refused before any buffer of that size exists.
constexpr uint64_t kMaxDeflateRatio = 1032;

void checkEntryLimits(const ZipEntry& e, uint64_t fileSize) {
  if (e.localHeaderOffset > fileSize || e.compressedSize > fileSize - e.localHeaderOffset)
    throw Error("zip entry " + e.name + " lies outside the file (truncated or corrupt archive)");
  if (e.method != 0 && e.method != 8)
    throw Error("zip entry " + e.name + " uses compression method " + std::to_string(e.method) +
                " (only stored and deflate are read)");
  if (e.method == 0 && e.size != e.compressedSize)
    throw Error("zip entry " + e.name + " is stored but claims " + std::to_string(e.size) +
                " bytes in " + std::to_string(e.compressedSize));
  if (e.method == 8 && e.size > e.compressedSize * kMaxDeflateRatio + 1024)
    throw Error("zip entry " + e.name + " claims " + std::to_string(e.size) + " bytes from " +
                std::to_string(e.compressedSize) +
                " compressed, more than deflate can produce (a zip bomb?)");
}

}  // namespace

uint32_t crc32Of(const void* data, std::size_t size) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto* p = static_cast<const Bytef*>(data);
  while (size > 0) {
    uInt chunk = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
    crc = crc32(crc, p, chunk);
    p += chunk;
    size -= chunk;
  }
  return static_cast<uint32_t>(crc);
}

std::vector<ZipEntry> readZipIndex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open " + path);
  in.seekg(0, std::ios::end);
  const uint64_t fileSize = static_cast<uint64_t>(in.tellg());
  if (fileSize < 22) throw Error("not a zip archive (file too small)");
  // End of central directory: within the last 64 KiB + 22 bytes.
  uint64_t tail = std::min<uint64_t>(fileSize, 65535 + 22);
  std::string buf = readAt(in, fileSize - tail, tail);
  const auto* b = reinterpret_cast<const unsigned char*>(buf.data());
  int64_t eocd = -1;
  for (int64_t i = static_cast<int64_t>(tail) - 22; i >= 0; --i) {
    if (le(b + i, 4) == 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw Error("not a zip archive or truncated (no end-of-central-directory record)");
  uint64_t count = le(b + eocd + 10, 2);
  uint64_t cdSize = le(b + eocd + 12, 4);
  uint64_t cdOffset = le(b + eocd + 16, 4);
  if (count == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF) {
    // ZIP64: a locator precedes the EOCD and points at the ZIP64 EOCD record.
    if (eocd < 20 || le(b + eocd - 20, 4) != 0x07064b50) throw Error("corrupt zip64 archive");
    uint64_t z64 = le(b + eocd - 20 + 8, 8);
    if (z64 + 56 > fileSize) throw Error("corrupt zip64 archive");
    std::string rec = readAt(in, z64, 56);
    const auto* r = reinterpret_cast<const unsigned char*>(rec.data());
    if (le(r, 4) != 0x06064b50) throw Error("corrupt zip64 archive");
    count = le(r + 32, 8);
    cdSize = le(r + 40, 8);
    cdOffset = le(r + 48, 8);
  }
  if (cdOffset > fileSize || cdSize > fileSize - cdOffset)
    throw Error("truncated zip archive (central directory outside the file)");
  if (count > cdSize / 46) throw Error("corrupt zip archive (entry count)");
  std::string cd = readAt(in, cdOffset, cdSize);
  const auto* c = reinterpret_cast<const unsigned char*>(cd.data());
  std::vector<ZipEntry> entries;
  uint64_t total = 0;
  uint64_t pos = 0;
  for (uint64_t i = 0; i < count; ++i) {
    if (pos + 46 > cdSize || le(c + pos, 4) != 0x02014b50)
      throw Error("corrupt zip central directory");
    ZipEntry e;
    e.method = static_cast<uint16_t>(le(c + pos + 10, 2));
    e.crc32 = static_cast<uint32_t>(le(c + pos + 16, 4));
    e.compressedSize = le(c + pos + 20, 4);
    e.size = le(c + pos + 24, 4);
    e.localHeaderOffset = le(c + pos + 42, 4);
    uint64_t nameLen = le(c + pos + 28, 2), extraLen = le(c + pos + 30, 2),
             commentLen = le(c + pos + 32, 2);
    if (pos + 46 + nameLen + extraLen + commentLen > cdSize)
      throw Error("corrupt zip central directory");
    e.name.assign(cd.data() + pos + 46, nameLen);
    // ZIP64 extra field carries the real sizes when the 32-bit ones are saturated.
    uint64_t x = pos + 46 + nameLen, xend = x + extraLen;
    while (x + 4 <= xend) {
      uint64_t id = le(c + x, 2), len = le(c + x + 2, 2);
      if (x + 4 + len > xend) break;
      if (id == 0x0001) {
        uint64_t f = x + 4;
        if (e.size == 0xFFFFFFFF && f + 8 <= x + 4 + len) e.size = le(c + f, 8), f += 8;
        if (e.compressedSize == 0xFFFFFFFF && f + 8 <= x + 4 + len)
          e.compressedSize = le(c + f, 8), f += 8;
        if (e.localHeaderOffset == 0xFFFFFFFF && f + 8 <= x + 4 + len)
          e.localHeaderOffset = le(c + f, 8);
      }
      x += 4 + len;
    }
    checkEntryLimits(e, fileSize);
    total += e.size;
    entries.push_back(std::move(e));
    pos += 46 + nameLen + extraLen + commentLen;
  }
  // Before anything is inflated or allocated: the records must fit in this machine's memory.
  const uint64_t ram = physicalMemoryBytes();
  if (ram > 0 && total > ram)
    throw Error("the archive's records would need " + gigabytesText(total) +
                " once read, more than this machine's " + gigabytesText(ram) + " of memory");
  return entries;
}

void readZipEntryInto(const std::string& path, const ZipEntry& e, void* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open " + path);
  std::string head = readAt(in, e.localHeaderOffset, 30);
  const auto* h = reinterpret_cast<const unsigned char*>(head.data());
  if (le(h, 4) != 0x04034b50) throw Error("corrupt zip entry " + e.name);
  const uint64_t dataStart = e.localHeaderOffset + 30 + le(h + 26, 2) + le(h + 28, 2);
  if (e.method == 0) {
    // Stored (what torch.save writes): straight into the caller's buffer.
    if (e.size != e.compressedSize) throw Error("corrupt zip entry " + e.name);
    in.clear();
    in.seekg(static_cast<std::streamoff>(dataStart));
    in.read(static_cast<char*>(out), static_cast<std::streamsize>(e.size));
    if (static_cast<uint64_t>(in.gcount()) != e.size) throw Error("truncated zip archive");
  } else if (e.method == 8) {
    std::string raw = readAt(in, dataStart, e.compressedSize);
    z_stream zs{};
    if (inflateInit2(&zs, -15) != Z_OK) throw Error("zlib failure");
    zs.next_in = reinterpret_cast<Bytef*>(raw.data());
    zs.avail_in = static_cast<uInt>(raw.size());
    zs.next_out = static_cast<Bytef*>(out);
    zs.avail_out = static_cast<uInt>(e.size);
    const int rc = inflate(&zs, Z_FINISH);
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || zs.total_out != e.size)
      throw Error("corrupt compressed zip entry " + e.name);
  } else {
    throw Error("unsupported zip compression in entry " + e.name);
  }
  if (crc32Of(out, e.size) != e.crc32)
    throw Error("zip entry " + e.name + " is corrupted (CRC-32 mismatch)");
}

std::string readZipEntry(const std::string& path, const ZipEntry& e) {
  std::string out(e.size, '\0');
  readZipEntryInto(path, e, out.data());
  return out;
}

void writeStoredZip(const std::string& path,
                    const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out, central;
  auto put = [](std::string& s, uint64_t v, int n) {
    for (int i = 0; i < n; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  for (const auto& [name, data] : entries) {
    const uint32_t crc = crc32Of(data.data(), data.size());
    const uint64_t offset = out.size();
    put(out, 0x04034b50, 4);
    put(out, 20, 2);
    put(out, 0, 2);
    put(out, 0, 2);
    put(out, 0, 2);
    put(out, 0x21, 2);
    put(out, crc, 4);
    put(out, data.size(), 4);
    put(out, data.size(), 4);
    put(out, name.size(), 2);
    put(out, 0, 2);
    out += name;
    out += data;
    put(central, 0x02014b50, 4);
    put(central, 20, 2);
    put(central, 20, 2);
    put(central, 0, 2);
    put(central, 0, 2);
    put(central, 0, 2);
    put(central, 0x21, 2);
    put(central, crc, 4);
    put(central, data.size(), 4);
    put(central, data.size(), 4);
    put(central, name.size(), 2);
    put(central, 0, 2);
    put(central, 0, 2);
    put(central, 0, 2);
    put(central, 0, 2);
    put(central, 0, 4);
    put(central, offset, 4);
    central += name;
  }
  const uint64_t cdOffset = out.size();
  out += central;
  put(out, 0x06054b50, 4);
  put(out, 0, 2);
  put(out, 0, 2);
  put(out, entries.size(), 2);
  put(out, entries.size(), 2);
  put(out, central.size(), 4);
  put(out, cdOffset, 4);
  put(out, 0, 2);
  writeFileAtomically(path, out.data(), out.size());
}

}  // namespace sdm::io
