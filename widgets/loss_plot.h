#pragma once
// A training job's loss curve: the raw loss of every step drawn faint, an exponentially smoothed
// curve on top (TensorBoard's debiased EMA), and a slider for the smoothing weight.
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QLabel;
class QSlider;

namespace sdm::widgets {

class LossPlot : public QWidget {
  Q_OBJECT
 public:
  explicit LossPlot(QWidget* parent = nullptr);

  void setPoints(const QVector<double>& steps, const QVector<double>& losses);
  void appendPoints(const QVector<double>& steps, const QVector<double>& losses);
  void clear();
  int pointCount() const { return m_steps.size(); }

  double smoothing() const;  // 0 (raw) .. 0.999
  void setSmoothing(double weight);
  const QVector<double>& smoothedLosses() const { return m_smoothed; }

  QCustomPlot* plot() const { return m_plot; }
  QSlider* smoothingSlider() const { return m_slider; }

  // The debiased exponential moving average TensorBoard draws ("smoothing" weight w).
  static QVector<double> smooth(const QVector<double>& values, double weight);

 private:
  void refresh();

  QCustomPlot* m_plot;
  QCPGraph* m_raw;
  QCPGraph* m_smooth;
  QSlider* m_slider;
  QLabel* m_sliderLabel;
  QVector<double> m_steps, m_losses, m_smoothed;
};

}  // namespace sdm::widgets
