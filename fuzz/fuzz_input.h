#pragma once
// Shared by the libFuzzer targets: the readers take file paths, so each input goes to one
// per-process file (in /dev/shm when it exists: no disk traffic per execution).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace sdmfuzz {

inline const std::string& inputPath(const char* kind) {
  static const std::string path = [kind] {
    const std::filesystem::path dir =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    return (dir / ("sdm-fuzz-" + std::string(kind) + "-" + std::to_string(getpid()) + ".pt"))
        .string();
  }();
  return path;
}

inline const std::string& writeInput(const char* kind, const uint8_t* data, size_t size) {
  const std::string& path = inputPath(kind);
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    if (size) std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  return path;
}

}  // namespace sdmfuzz
