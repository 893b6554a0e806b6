#pragma once
// Conversions between the core's 8-bit images and QImage, done once per frame on the GUI thread.
#include <QColor>
#include <QImage>

#include <vector>

#include "io/png.h"

namespace sdm::widgets {

// Deep copy: gray images become Format_Grayscale8, RGB ones Format_RGB888 (bytes unchanged).
QImage toQImage(const io::Image8& image);
std::vector<QImage> toQImages(const std::vector<io::Image8>& images);
// RGB888 copy of any QImage, for io::writePng.
io::Image8 toImage8(const QImage& image);
// Images side by side, `columns` per row, `padding` pixels around each (make_grid's layout).
QImage composeGrid(const std::vector<QImage>& images, int columns, int padding = 2,
                   const QColor& background = Qt::black);

}  // namespace sdm::widgets
