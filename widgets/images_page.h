#pragma once
// The Images view: a caption, the image grid with zoom, and the trajectory below it.
#include <QWidget>

class QLabel;
class QSpinBox;

namespace sdm::widgets {

class ImageGridView;
class TrajectoryView;

class ImagesPage : public QWidget {
  Q_OBJECT
 public:
  explicit ImagesPage(QWidget* parent = nullptr);

  void setCaption(const QString& text);
  QString caption() const;
  ImageGridView* grid() const { return m_grid; }
  TrajectoryView* trajectory() const { return m_trajectory; }

 private:
  QLabel* m_caption;
  QSpinBox* m_zoom;
  ImageGridView* m_grid;
  TrajectoryView* m_trajectory;
};

}  // namespace sdm::widgets
