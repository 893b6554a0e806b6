#include "io/png.h"

#include <png.h>

#include <cstdio>
#include <memory>

#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm::io {

std::vector<uint8_t> encodePng(const Image8& img, const std::map<std::string, std::string>& text) {
  if (img.width <= 0 || img.height <= 0 || (img.channels != 1 && img.channels != 3) ||
      img.pixels.size() != std::size_t(img.width) * img.height * img.channels)
    throw Error("invalid image for PNG encoding");
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  std::vector<uint8_t> out;
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw Error("PNG encoding failed");
  }
  png_set_write_fn(
      png, &out,
      [](png_structp p, png_bytep data, png_size_t n) {
        auto* v = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(p));
        v->insert(v->end(), data, data + n);
      },
      [](png_structp) {});
  png_set_IHDR(png, info, img.width, img.height, 8, img.channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  std::vector<png_text> chunks;
  for (const auto& [k, v] : text) {
    png_text t{};
    t.compression = v.size() > 512 ? PNG_TEXT_COMPRESSION_zTXt : PNG_TEXT_COMPRESSION_NONE;
    t.key = const_cast<char*>(k.c_str());
    t.text = const_cast<char*>(v.c_str());
    t.text_length = v.size();
    chunks.push_back(t);
  }
  if (!chunks.empty()) png_set_text(png, info, chunks.data(), static_cast<int>(chunks.size()));
  png_write_info(png, info);
  const std::size_t stride = std::size_t(img.width) * img.channels;
  for (int y = 0; y < img.height; ++y)
    png_write_row(png, const_cast<png_bytep>(img.pixels.data() + y * stride));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

void writePng(const std::string& path, const Image8& image, const std::map<std::string, std::string>& text) {
  auto bytes = encodePng(image, text);
  writeFileAtomically(path, bytes.data(), bytes.size());
}

Image8 readPng(const std::string& path, std::map<std::string, std::string>* text) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw Error("cannot open " + path);
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    throw Error(path + " is not a readable PNG");
  }
  png_init_io(png, f.get());
  png_read_info(png, info);
  png_set_strip_16(png);
  png_set_strip_alpha(png);
  png_set_palette_to_rgb(png);
  png_set_expand_gray_1_2_4_to_8(png);
  png_read_update_info(png, info);
  Image8 img;
  img.width = static_cast<int>(png_get_image_width(png, info));
  img.height = static_cast<int>(png_get_image_height(png, info));
  img.channels = png_get_channels(png, info);
  img.pixels.resize(std::size_t(img.width) * img.height * img.channels);
  for (int y = 0; y < img.height; ++y)
    png_read_row(png, img.pixels.data() + std::size_t(y) * img.width * img.channels, nullptr);
  png_read_end(png, info);
  if (text) {
    png_textp chunks = nullptr;
    int n = png_get_text(png, info, &chunks, nullptr);
    for (int i = 0; i < n; ++i) (*text)[chunks[i].key] = std::string(chunks[i].text, chunks[i].text_length);
  }
  png_destroy_read_struct(&png, &info, nullptr);
  return img;
}

}  // namespace sdm::io
