#include "trajectory_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace sdm::widgets {

namespace {
constexpr int kPreviewImages = 8;  // at most two rows of four in the preview
constexpr int kThumb = 48;         // strip thumbnails, screen pixels
constexpr int kGap = 2;
constexpr int kLabelWidth = 44;

int gridColumns(int n) { return std::max(1, std::min(n, 4)); }
}  // namespace

// x_t and x_0 grids of the chosen step side by side, zoomed to fit the height it gets.
class TrajectoryPreview : public QWidget {
 public:
  explicit TrajectoryPreview(QWidget* parent) : QWidget(parent) { setMinimumHeight(110); }
  const TrajectoryFrame* frame = nullptr;

  QSize sizeHint() const override { return {600, 240}; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    if (!frame || frame->xt.empty()) return;
    const int n = std::min<int>(static_cast<int>(frame->xt.size()), kPreviewImages);
    const int cols = gridColumns(n), rows = (n + cols - 1) / cols;
    const QSize im = frame->xt.front().size();
    const int titleHeight = fontMetrics().height() + 6;
    // Integer zoom so that pixels stay sharp; two blocks side by side with a gap.
    const int byHeight = (height() - titleHeight - 4) / (rows * (im.height() + kGap));
    const int byWidth = (width() - 48) / (2 * cols * (im.width() + kGap));
    const int zoom = std::max(1, std::min(byHeight, byWidth));
    const int blockWidth = cols * (im.width() * zoom + kGap);
    drawBlock(p, QPoint(8, titleHeight), frame->xt, n, cols, zoom,
              TrajectoryView::tr("x_t (noisy input)"));
    drawBlock(p, QPoint(8 + blockWidth + 32, titleHeight), frame->x0, n, cols, zoom,
              TrajectoryView::tr("x_0 (predicted clean image)"));
  }

 private:
  void drawBlock(QPainter& p, QPoint origin, const std::vector<QImage>& images, int n, int cols,
                 int zoom, const QString& title) {
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(origin + QPoint(0, -6), title);
    for (int i = 0; i < n && i < static_cast<int>(images.size()); ++i) {
      const QSize im = images[static_cast<std::size_t>(i)].size() * zoom;
      const int r = i / cols, c = i % cols;
      p.drawImage(QRect(origin + QPoint(c * (im.width() + kGap), r * (im.height() + kGap)), im),
                  images[static_cast<std::size_t>(i)]);
    }
  }
};

// The first image over all steps: x_t row above, x_0 row below; click to choose a step.
class TrajectoryStrip : public QWidget {
 public:
  explicit TrajectoryStrip(TrajectoryView* view) : QWidget(view), m_view(view) {}
  const std::vector<TrajectoryFrame>* frames = nullptr;
  int current = -1;

  QSize sizeHint() const override {
    const int n = frames ? static_cast<int>(frames->size()) : 0;
    return {kLabelWidth + n * (kThumb + kGap) + kGap, 2 * (kThumb + kGap) + kGap};
  }
  QRect thumbRect(int step, int row) const {
    return {kLabelWidth + kGap + step * (kThumb + kGap), kGap + row * (kThumb + kGap), kThumb,
            kThumb};
  }

 protected:
  void paintEvent(QPaintEvent* event) override {
    QPainter p(this);
    p.fillRect(event->rect(), palette().color(QPalette::Base));
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, kGap, kLabelWidth, kThumb), Qt::AlignCenter, TrajectoryView::tr("x_t"));
    p.drawText(QRect(0, 2 * kGap + kThumb, kLabelWidth, kThumb), Qt::AlignCenter,
               TrajectoryView::tr("x_0"));
    if (!frames || frames->empty()) return;
    // Only the exposed columns: a 1000-step DDPM run has 2000 thumbnails.
    const int first = std::max(0, (event->rect().left() - kLabelWidth) / (kThumb + kGap) - 1);
    const int last = std::min<int>(static_cast<int>(frames->size()) - 1,
                                   (event->rect().right() - kLabelWidth) / (kThumb + kGap) + 1);
    for (int s = first; s <= last; ++s) {
      const TrajectoryFrame& f = (*frames)[static_cast<std::size_t>(s)];
      if (!f.xt.empty()) p.drawImage(thumbRect(s, 0), f.xt.front());
      if (!f.x0.empty()) p.drawImage(thumbRect(s, 1), f.x0.front());
    }
    if (current >= 0) {
      p.setPen(QPen(palette().color(QPalette::Highlight), 3));
      p.setBrush(Qt::NoBrush);
      p.drawRect(thumbRect(current, 0).united(thumbRect(current, 1)).adjusted(-2, -2, 1, 1));
    }
  }
  void mousePressEvent(QMouseEvent* event) override {
    const int step =
        (static_cast<int>(event->position().x()) - kLabelWidth - kGap) / (kThumb + kGap);
    if (frames && step >= 0 && step < static_cast<int>(frames->size())) {
      m_view->setCurrentStep(step);
      Q_EMIT m_view->currentStepChanged(step);
    }
  }

 private:
  TrajectoryView* m_view;
};

TrajectoryView::TrajectoryView(QWidget* parent)
    : QWidget(parent),
      m_slider(new QSlider(Qt::Horizontal, this)),
      m_stepLabel(new QLabel(this)),
      m_preview(new TrajectoryPreview(this)),
      m_strip(new TrajectoryStrip(this)),
      m_stripScroll(new QScrollArea(this)) {
  m_strip->frames = &m_frames;
  m_stripScroll->setWidget(m_strip);
  m_stripScroll->setWidgetResizable(false);
  m_stripScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_stripScroll->setFixedHeight(m_strip->sizeHint().height() +
                                m_stripScroll->horizontalScrollBar()->sizeHint().height() + 4);
  m_slider->setRange(0, 0);
  m_slider->setEnabled(false);
  m_slider->setToolTip(tr("Scrub through the diffusion steps (network evaluations) of the run"));

  auto* scrub = new QHBoxLayout;
  auto* title = new QLabel(tr("Diffusion step"), this);
  scrub->addWidget(title);
  scrub->addWidget(m_slider, 1);
  scrub->addWidget(m_stepLabel);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(scrub);
  layout->addWidget(m_preview, 1);
  layout->addWidget(m_stripScroll);

  connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
    if (v == m_current) return;
    setCurrentStep(v);
    Q_EMIT currentStepChanged(v);
  });
  refresh();
}

void TrajectoryView::clear() {
  m_frames.clear();
  m_total = 0;
  m_current = -1;
  refresh();
}

void TrajectoryView::appendFrames(std::vector<TrajectoryFrame> frames) {
  for (auto& f : frames) m_frames.push_back(std::move(f));
  refresh();
}

void TrajectoryView::setFrames(std::vector<TrajectoryFrame> frames) {
  m_frames = std::move(frames);
  if (m_current >= static_cast<int>(m_frames.size()))
    m_current = static_cast<int>(m_frames.size()) - 1;
  refresh();
}

int TrajectoryView::frameCount() const { return static_cast<int>(m_frames.size()); }

const TrajectoryFrame* TrajectoryView::frame(int step) const {
  return step >= 0 && step < frameCount() ? &m_frames[static_cast<std::size_t>(step)] : nullptr;
}

void TrajectoryView::setTotalSteps(int total) {
  m_total = total;
  refresh();
}

int TrajectoryView::currentStep() const { return m_current; }

void TrajectoryView::setCurrentStep(int step) {
  if (m_frames.empty()) {
    m_current = -1;
  } else {
    m_current = std::clamp(step, 0, frameCount() - 1);
  }
  refresh();
  if (m_current >= 0) {
    const QRect r = m_strip->thumbRect(m_current, 0);
    m_stripScroll->ensureVisible(r.center().x(), r.center().y(), kThumb, 0);
  }
}

void TrajectoryView::refresh() {
  const int n = frameCount();
  {
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, std::max(0, n - 1));
    m_slider->setEnabled(n > 1);
    if (m_current >= 0) m_slider->setValue(m_current);
  }
  const TrajectoryFrame* f = frame(m_current);
  const int total = std::max(m_total, n);
  m_stepLabel->setText(
      f ? tr("%1 of %2 · t = %3").arg(m_current + 1).arg(total).arg(f->modelTime, 0, 'f', 0)
        : tr("no run yet"));
  m_preview->frame = f;
  m_preview->update();
  m_strip->current = m_current;
  m_strip->resize(m_strip->sizeHint());
  m_strip->update();
}

}  // namespace sdm::widgets
