#pragma once
// A scrollable grid of images drawn with nearest-neighbour zoom (each image pixel becomes a
// zoom x zoom block, so nothing is blurred), with a placeholder text while there are none.
#include <QImage>
#include <QScrollArea>

#include <vector>

namespace sdm::widgets {

class ImageGridCanvas;

class ImageGridView : public QScrollArea {
  Q_OBJECT
 public:
  explicit ImageGridView(QWidget* parent = nullptr);

  void setImages(std::vector<QImage> images);
  void clear();
  const std::vector<QImage>& images() const;
  void setColumns(int columns);  // 0: 8 per row, as torchvision's make_grid
  int columns() const;
  void setZoom(int zoom);  // 1..16
  int zoom() const;
  void setPlaceholderText(const QString& text);
  QString placeholderText() const;
  // The widget that draws the grid, and where image `index` lies on it (zoomed pixels).
  QWidget* canvas() const;
  QRect cellRect(int index) const;

 Q_SIGNALS:
  void zoomChanged(int zoom);

 protected:
  void wheelEvent(QWheelEvent* event) override;  // Ctrl + wheel zooms

 private:
  ImageGridCanvas* m_canvas;
};

}  // namespace sdm::widgets
