#pragma once
// The central directory of a zip file: names, sizes and CRC-32s. LibTorch's zip reader skips CRC
// checks, so the studio compares every record it reads against this index itself.
#include <cstdint>
#include <string>
#include <vector>

namespace sdm::io {

struct ZipEntry {
  std::string name;
  uint32_t crc32 = 0;
  uint64_t compressedSize = 0;
  uint64_t size = 0;
  uint16_t method = 0;
  uint64_t localHeaderOffset = 0;
};

// Throws sdm::Error when the file is not a readable zip archive.
std::vector<ZipEntry> readZipIndex(const std::string& path);
uint32_t crc32Of(const void* data, std::size_t size);

// The bytes of one entry (stored or deflated), CRC-checked: into `out` (entry.size bytes), or
// as a string.
void readZipEntryInto(const std::string& path, const ZipEntry& entry, void* out);
std::string readZipEntry(const std::string& path, const ZipEntry& entry);

// A zip with stored (uncompressed) entries, written atomically.
void writeStoredZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries);

}  // namespace sdm::io
