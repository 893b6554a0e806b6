#pragma once
// Spike raster of one IF layer over a whole sampling run: a dot at (global SNN time, neuron) for
// every recorded spike of the followed neurons (snnTorch / SpikingJelly convention: time on x,
// neuron on y). Global SNN time = diffusion step k × T + t, so the spike trains of consecutive
// network evaluations sit side by side; thin lines mark the diffusion-step boundaries and the
// current step is shaded. The wheel zooms and dragging pans the time axis; "One step" is the
// same plot zoomed to the current diffusion step.
#include <QPointF>
#include <QVector>
#include <QWidget>

#include <cstdint>
#include <vector>

class QComboBox;
class QCustomPlot;
class QCPGraph;
class QCPItemRect;

namespace sdm::widgets {

class SpikeRasterView : public QWidget {
  Q_OBJECT
 public:
  enum class Span { WholeRun, OneStep };
  // steps[k][t]: positions (0..sampledNeurons-1) in the followed neurons that fired at SNN step t
  // of diffusion step k (an empty entry: not recorded).
  using StepRasters = std::vector<const std::vector<std::vector<uint16_t>>*>;

  explicit SpikeRasterView(QWidget* parent = nullptr);

  // A run of one layer and one image. `key` names what is drawn (layer, image, neurons, run):
  // with the same key, only the steps beyond those already drawn are added (live runs).
  void setRun(quint64 key, const StepRasters& steps, int snnSteps, int sampledNeurons,
              int64_t layerNeurons, const QString& title);
  void setCurrentStep(int step);  // shades it; "One step" shows it
  void setSpan(Span span);
  Span span() const { return m_span; }
  void fitWholeRun();
  void clear(const QString& message = {});

  // The dots as drawn (read back from the plot), for tests and exports: all of them at global SNN
  // time, or those of one diffusion step at its own SNN time t.
  QVector<QPointF> points() const;
  QVector<QPointF> stepPoints(int step) const;
  int spikeCount() const;
  int stepCount() const { return m_steps; }
  QCustomPlot* plot() const { return m_plot; }

 Q_SIGNALS:
  void exportRequested();

 private:
  void addSteps(const StepRasters& steps, int from);
  void updateBoundaries();
  void showRange();
  void clampRange();
  void setTitle(const QString& text);

  QCustomPlot* m_plot;
  QCPGraph* m_dots;
  QCPGraph* m_bounds;
  QCPItemRect* m_current;
  QComboBox* m_spanChoice;
  Span m_span = Span::WholeRun;
  quint64 m_key = 0;
  int m_snnSteps = 1, m_steps = 0, m_step = -1, m_neurons = 1;
};

}  // namespace sdm::widgets
