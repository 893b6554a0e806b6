#pragma once
// Firing-rate heatmap: one column per diffusion step (network evaluation), one row per IF layer
// (execution order, stem at the bottom), colour = firing rate (mean binary output over neurons,
// images and SNN steps). A click chooses the step and the layer; crosshairs mark the choice.
#include <QStringList>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemStraightLine;
class QMouseEvent;

namespace sdm::widgets {

class RateHeatmapView : public QWidget {
  Q_OBJECT
 public:
  explicit RateHeatmapView(QWidget* parent = nullptr);

  void setLayers(const QStringList& names);
  // rates[layer][evaluation]; totalSteps > columns while a run is still going (the x range).
  void setRates(const std::vector<std::vector<double>>& rates, int totalSteps = 0);
  void setMarker(int step, int layer);
  void clear();
  int columns() const;  // diffusion steps drawn
  int rows() const;     // layers drawn
  double cell(int column, int row) const;
  QCustomPlot* plot() const { return m_plot; }

 Q_SIGNALS:
  void cellClicked(int step, int layer);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void onMousePress(QMouseEvent* event);
  void updateLayerTicks();

  QCustomPlot* m_plot;
  QCPColorMap* m_map;
  QCPColorScale* m_scale;
  QCPItemStraightLine* m_stepLine;
  QCPItemStraightLine* m_layerLine;
  QStringList m_layers;
  int m_columns = 0;
  int m_tickEvery = 0;
};

}  // namespace sdm::widgets
