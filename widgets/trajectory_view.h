#pragma once
// The denoising trajectory: for the chosen diffusion step, the noisy input x_t and the predicted
// clean image x_0 of the first images; below, a strip of the first image over all steps (x_t row
// and x_0 row) where a click or the slider scrubs. Filled live and kept for scrubbing afterwards.
#include <QImage>
#include <QWidget>

#include <vector>

class QLabel;
class QScrollArea;
class QSlider;

namespace sdm::widgets {

struct TrajectoryFrame {
  int evaluation = 0;
  double modelTime = 0;  // the t given to the network
  std::vector<QImage> xt, x0;
};

class TrajectoryPreview;
class TrajectoryStrip;

class TrajectoryView : public QWidget {
  Q_OBJECT
 public:
  explicit TrajectoryView(QWidget* parent = nullptr);

  void clear();
  void appendFrames(std::vector<TrajectoryFrame> frames);
  void setFrames(std::vector<TrajectoryFrame> frames);
  int frameCount() const;
  const TrajectoryFrame* frame(int step) const;
  void setTotalSteps(int total);  // the run's NFE, shown while frames still arrive
  int currentStep() const;
  QSlider* slider() const { return m_slider; }

 public Q_SLOTS:
  void setCurrentStep(int step);

 Q_SIGNALS:
  void currentStepChanged(int step);  // by the slider or a click on the strip

 private:
  void refresh();

  std::vector<TrajectoryFrame> m_frames;
  int m_total = 0;
  int m_current = -1;
  QSlider* m_slider;
  QLabel* m_stepLabel;
  TrajectoryPreview* m_preview;
  TrajectoryStrip* m_strip;
  QScrollArea* m_stripScroll;
};

}  // namespace sdm::widgets
