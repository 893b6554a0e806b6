#pragma once
// A training job's loss curve: the raw loss of every step drawn faint, an exponentially smoothed
// curve on top (TensorBoard's debiased EMA), and a slider for the smoothing weight. A run in
// segments (block-wise fine-tuning: one loss per block, each on its own scale) shows where each
// begins, smooths each on its own, and can use a log axis.
#include <QPair>
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QCheckBox;
class QLabel;
class QSlider;

namespace sdm::widgets {

class LossPlot : public QWidget {
  Q_OBJECT
 public:
  explicit LossPlot(QWidget* parent = nullptr);

  void setPoints(const QVector<double>& steps, const QVector<double>& losses);
  void appendPoints(const QVector<double>& steps, const QVector<double>& losses);
  void clear();  // points and segments
  int pointCount() const { return m_steps.size(); }
  // (first step, name) of each segment; the y axis turns logarithmic when there are several.
  void setSegments(const QVector<QPair<double, QString>>& segments);
  const QVector<QPair<double, QString>>& segments() const { return m_segments; }
  bool logScale() const;
  void setLogScale(bool on);

  double smoothing() const;  // 0 (raw) .. 0.999
  void setSmoothing(double weight);
  const QVector<double>& smoothedLosses() const { return m_smoothed; }

  QCustomPlot* plot() const { return m_plot; }
  QSlider* smoothingSlider() const { return m_slider; }
  QCheckBox* logScaleCheck() const { return m_log; }

  // The debiased exponential moving average TensorBoard draws ("smoothing" weight w); with
  // `restarts` (ascending steps of `steps`), it starts afresh at each.
  static QVector<double> smooth(const QVector<double>& values, double weight);
  static QVector<double> smooth(const QVector<double>& steps, const QVector<double>& values,
                                double weight, const QVector<double>& restarts);

 private:
  void refresh();       // data and ranges: on every new point
  void drawSegments();  // the segments' lines and names: when they change
  void applyScale();    // linear or log axis: when the box changes

  QCustomPlot* m_plot;
  QCPGraph* m_raw;
  QCPGraph* m_smooth;
  QSlider* m_slider;
  QLabel* m_sliderLabel;
  QCheckBox* m_log;
  QVector<double> m_steps, m_losses, m_smoothed;
  QVector<QPair<double, QString>> m_segments;
};

}  // namespace sdm::widgets
