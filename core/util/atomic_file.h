#pragma once
// Files that are either complete or absent: write to a temporary file in the same folder, fsync
// it, rename it over the target, fsync the folder. A crash never leaves a partial file behind.
#include <cstddef>
#include <string>
#include <string_view>

namespace sdm {

void writeFileAtomically(const std::string& path, const void* data, std::size_t size);
inline void writeFileAtomically(const std::string& path, std::string_view text) {
  writeFileAtomically(path, text.data(), text.size());
}
std::string readFileBytes(const std::string& path);  // throws sdm::Error with the path
// Creates `dir` when missing and proves that files can be made in it (a probe file, removed at
// once); throws sdm::Error "<what> <dir> ...: <reason>" otherwise (read-only file system,
// permissions, a file in the way). Jobs call it at launch, before any long work.
void ensureWritableFolder(const std::string& dir, const std::string& what = "folder");

}  // namespace sdm
