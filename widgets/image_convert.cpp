#include "image_convert.h"

#include <QPainter>

#include <algorithm>
#include <cstring>

namespace sdm::widgets {

QImage toQImage(const io::Image8& image) {
  if (image.width <= 0 || image.height <= 0) return {};
  const bool gray = image.channels == 1;
  QImage out(image.width, image.height, gray ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
  const int rowBytes = image.width * image.channels;
  for (int y = 0; y < image.height; ++y)
    std::memcpy(out.scanLine(y), image.pixels.data() + std::size_t(y) * rowBytes,
                std::size_t(rowBytes));
  return out;
}

std::vector<QImage> toQImages(const std::vector<io::Image8>& images) {
  std::vector<QImage> out;
  out.reserve(images.size());
  for (const auto& im : images) out.push_back(toQImage(im));
  return out;
}

io::Image8 toImage8(const QImage& image) {
  const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
  io::Image8 out;
  out.width = rgb.width();
  out.height = rgb.height();
  out.channels = 3;
  out.pixels.resize(std::size_t(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y)
    std::memcpy(out.pixels.data() + std::size_t(y) * out.width * 3, rgb.constScanLine(y),
                std::size_t(out.width) * 3);
  return out;
}

QImage composeGrid(const std::vector<QImage>& images, int columns, int padding,
                   const QColor& background) {
  if (images.empty()) return {};
  const int cols = std::max(1, std::min<int>(columns, static_cast<int>(images.size())));
  const int rows = (static_cast<int>(images.size()) + cols - 1) / cols;
  const int w = images.front().width(), h = images.front().height();
  QImage grid(cols * (w + padding) + padding, rows * (h + padding) + padding,
              QImage::Format_RGB888);
  grid.fill(background);
  QPainter p(&grid);
  for (std::size_t i = 0; i < images.size(); ++i) {
    const int r = static_cast<int>(i) / cols, c = static_cast<int>(i) % cols;
    p.drawImage(padding + c * (w + padding), padding + r * (h + padding), images[i]);
  }
  return grid;
}

}  // namespace sdm::widgets
