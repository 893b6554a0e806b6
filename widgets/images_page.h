#pragma once
// The Images view: a caption, the image grid with zoom, and the trajectory below it.
#include <QImage>
#include <QWidget>

#include <vector>

class QLabel;
class QSpinBox;

namespace sdm::widgets {

class ImageGridView;
class TrajectoryView;
struct TrajectoryFrame;

class ImagesPage : public QWidget {
  Q_OBJECT
 public:
  explicit ImagesPage(QWidget* parent = nullptr);

  void setCaption(const QString& text);
  QString caption() const;

  // What the controller means, not how the page shows it:
  void showEmpty(const QString& placeholder);  // no images, no trajectory (a model was opened)
  void beginRun(int totalSteps, const QString& caption);  // an empty trajectory of that length
  void appendFrames(int totalSteps, std::vector<TrajectoryFrame> frames);
  int frameCount() const;
  void showImages(std::vector<QImage> images, const QString& caption = QString());  // null: keep
  void setCurrentStep(int step);  // the trajectory's marked step

  ImageGridView* grid() const { return m_grid; }
  TrajectoryView* trajectory() const { return m_trajectory; }

 Q_SIGNALS:
  void currentStepChanged(int step);  // the user picked a step in the trajectory

 private:
  QLabel* m_caption;
  QSpinBox* m_zoom;
  ImageGridView* m_grid;
  TrajectoryView* m_trajectory;
};

}  // namespace sdm::widgets
