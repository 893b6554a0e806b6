#pragma once
// Membrane potential of a few traced neurons over the SNN time steps of one diffusion step: the
// charged potential before reset, with the firing threshold as a dashed line and a cross where a
// neuron fires (potential >= threshold).
#include <QStringList>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;

namespace sdm::widgets {

class MembraneView : public QWidget {
  Q_OBJECT
 public:
  explicit MembraneView(QWidget* parent = nullptr);

  // traces[k][t]; labels name the neurons (k).
  void setTraces(const std::vector<std::vector<float>>& traces, float threshold,
                 const QStringList& labels);
  void clear(const QString& message = {});
  int traceCount() const;
  std::vector<double> traceValues(int k) const;
  double thresholdValue() const;
  QCustomPlot* plot() const { return m_plot; }

 private:
  QCustomPlot* m_plot;
  std::vector<QCPGraph*> m_traces;
  QCPGraph* m_spikes;
  QCPItemStraightLine* m_threshold;
  double m_thresholdValue = 1.0;
};

}  // namespace sdm::widgets
