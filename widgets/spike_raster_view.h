#pragma once
// Spike raster of one IF layer at one diffusion step: a dot at (SNN time step t, neuron) for
// every recorded spike of the seeded neuron sample (snnTorch / SpikingJelly convention: time on
// x, neuron index on y).
#include <QPointF>
#include <QVector>
#include <QWidget>

#include <cstdint>
#include <vector>

class QCustomPlot;
class QCPGraph;

namespace sdm::widgets {

class SpikeRasterView : public QWidget {
  Q_OBJECT
 public:
  explicit SpikeRasterView(QWidget* parent = nullptr);

  // raster[t]: positions (0..sampledNeurons-1) in the layer's neuron sample that fired at SNN step
  // t.
  void setRaster(const std::vector<std::vector<uint16_t>>& raster, int snnSteps, int sampledNeurons,
                 int64_t layerNeurons, const QString& layerName);
  void clear(const QString& message = {});
  // The dots as drawn (read back from the plot), for tests and exports.
  QVector<QPointF> points() const;
  int spikeCount() const;
  QCustomPlot* plot() const { return m_plot; }

 private:
  QCustomPlot* m_plot;
  QCPGraph* m_dots;
};

}  // namespace sdm::widgets
