#include "image_grid_view.h"

#include <QPainter>
#include <QWheelEvent>

#include <algorithm>

namespace sdm::widgets {

namespace {
constexpr int kMargin = 8;   // around the grid
constexpr int kSpacing = 4;  // between images, in screen pixels
}  // namespace

class ImageGridCanvas : public QWidget {
 public:
  explicit ImageGridCanvas(QWidget* parent) : QWidget(parent) { setAutoFillBackground(false); }

  std::vector<QImage> images;
  int columns = 0;
  int zoom = 4;
  QString placeholder;

  int effectiveColumns() const {
    const int n = static_cast<int>(images.size());
    return std::max(1, std::min(columns > 0 ? columns : 8, n));
  }
  QSize cellSize() const {
    if (images.empty()) return {};
    return images.front().size() * zoom;
  }
  QRect cellRect(int index) const {
    if (index < 0 || index >= static_cast<int>(images.size())) return {};
    const int cols = effectiveColumns();
    const QSize cell = cellSize();
    const int r = index / cols, c = index % cols;
    return {kMargin + c * (cell.width() + kSpacing), kMargin + r * (cell.height() + kSpacing),
            cell.width(), cell.height()};
  }
  void updateSize() {
    if (images.empty()) {
      setMinimumSize(0, 0);
    } else {
      const QRect last = cellRect(static_cast<int>(images.size()) - 1);
      const int cols = effectiveColumns();
      const QSize cell = cellSize();
      setMinimumSize(2 * kMargin + cols * cell.width() + (cols - 1) * kSpacing,
                     last.bottom() + 1 + kMargin);
    }
    updateGeometry();
    update();
  }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (images.empty()) {
      p.setPen(palette().color(QPalette::PlaceholderText));
      p.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                 placeholder);
      return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (std::size_t i = 0; i < images.size(); ++i)
      p.drawImage(cellRect(static_cast<int>(i)), images[i]);
  }
};

ImageGridView::ImageGridView(QWidget* parent)
    : QScrollArea(parent), m_canvas(new ImageGridCanvas(this)) {
  setWidget(m_canvas);
  setWidgetResizable(true);
  setAlignment(Qt::AlignLeft | Qt::AlignTop);
}

void ImageGridView::setImages(std::vector<QImage> images) {
  m_canvas->images = std::move(images);
  m_canvas->updateSize();
}

void ImageGridView::clear() { setImages({}); }

const std::vector<QImage>& ImageGridView::images() const { return m_canvas->images; }

void ImageGridView::setColumns(int columns) {
  m_canvas->columns = std::max(0, columns);
  m_canvas->updateSize();
}

int ImageGridView::columns() const { return m_canvas->effectiveColumns(); }

void ImageGridView::setZoom(int zoom) {
  zoom = std::clamp(zoom, 1, 16);
  if (zoom == m_canvas->zoom) return;
  m_canvas->zoom = zoom;
  m_canvas->updateSize();
  Q_EMIT zoomChanged(zoom);
}

int ImageGridView::zoom() const { return m_canvas->zoom; }

void ImageGridView::setPlaceholderText(const QString& text) {
  m_canvas->placeholder = text;
  m_canvas->update();
}

QString ImageGridView::placeholderText() const { return m_canvas->placeholder; }

QWidget* ImageGridView::canvas() const { return m_canvas; }

QRect ImageGridView::cellRect(int index) const { return m_canvas->cellRect(index); }

void ImageGridView::wheelEvent(QWheelEvent* event) {
  if (event->modifiers() & Qt::ControlModifier) {
    setZoom(zoom() + (event->angleDelta().y() > 0 ? 1 : -1));
    event->accept();
    return;
  }
  QScrollArea::wheelEvent(event);
}

}  // namespace sdm::widgets
