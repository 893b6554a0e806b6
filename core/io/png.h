#pragma once
// PNG files with text chunks (generation parameters, checkpoint hash), written atomically with
// libpng; OpenCV cannot write text chunks. Pixels are 8-bit RGB (or gray), row-major HWC.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sdm::io {

struct Image8 {
  int width = 0, height = 0, channels = 3;  // 1 or 3 (RGB)
  std::vector<uint8_t> pixels;              // height * width * channels
};

void writePng(const std::string& path, const Image8& image, const std::map<std::string, std::string>& text = {});
Image8 readPng(const std::string& path, std::map<std::string, std::string>* text = nullptr);
std::vector<uint8_t> encodePng(const Image8& image, const std::map<std::string, std::string>& text = {});

}  // namespace sdm::io
