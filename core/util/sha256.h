#pragma once
#include <string>

namespace sdm {

// Hex SHA-256 of a file's bytes (recorded with every generated image, like A1111's model hash).
std::string sha256File(const std::string& path);
std::string sha256Bytes(const void* data, std::size_t size);

}  // namespace sdm
