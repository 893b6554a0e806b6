#include "images_page.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "image_grid_view.h"
#include "trajectory_view.h"

namespace sdm::widgets {

ImagesPage::ImagesPage(QWidget* parent)
    : QWidget(parent),
      m_caption(new QLabel(this)),
      m_zoom(new QSpinBox(this)),
      m_grid(new ImageGridView(this)),
      m_trajectory(new TrajectoryView(this)) {
  m_caption->setWordWrap(true);
  m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_zoom->setRange(1, 16);
  m_zoom->setPrefix(tr("Zoom ×"));
  m_zoom->setValue(m_grid->zoom());
  m_zoom->setToolTip(tr("Nearest-neighbour zoom of the images (Ctrl + mouse wheel on the grid)"));
  connect(m_zoom, &QSpinBox::valueChanged, m_grid, &ImageGridView::setZoom);
  connect(m_grid, &ImageGridView::zoomChanged, m_zoom, &QSpinBox::setValue);
  connect(m_trajectory, &TrajectoryView::currentStepChanged, this, &ImagesPage::currentStepChanged);

  auto* bar = new QHBoxLayout;
  bar->addWidget(m_caption, 1);
  bar->addWidget(m_zoom);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(m_grid);
  split->addWidget(m_trajectory);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setSizes({600, 400});  // proportions, applied when the page gets its size
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(split, 1);
}

void ImagesPage::setCaption(const QString& text) { m_caption->setText(text); }

QString ImagesPage::caption() const { return m_caption->text(); }

void ImagesPage::showEmpty(const QString& placeholder) {
  m_grid->clear();
  m_grid->setPlaceholderText(placeholder);
  m_trajectory->clear();
  m_caption->clear();
}

void ImagesPage::beginRun(int totalSteps, const QString& caption) {
  m_trajectory->clear();
  m_trajectory->setTotalSteps(totalSteps);
  m_caption->setText(caption);
}

void ImagesPage::appendFrames(int totalSteps, std::vector<TrajectoryFrame> frames) {
  m_trajectory->setTotalSteps(totalSteps);
  m_trajectory->appendFrames(std::move(frames));
}

int ImagesPage::frameCount() const { return m_trajectory->frameCount(); }

void ImagesPage::showImages(std::vector<QImage> images, const QString& caption) {
  m_grid->setImages(std::move(images));
  if (!caption.isNull()) m_caption->setText(caption);
}

void ImagesPage::setCurrentStep(int step) { m_trajectory->setCurrentStep(step); }

}  // namespace sdm::widgets
