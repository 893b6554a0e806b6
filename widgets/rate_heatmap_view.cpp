#include "rate_heatmap_view.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "plot_style.h"

namespace sdm::widgets {

RateHeatmapView::RateHeatmapView(QWidget* parent) : QWidget(parent), m_plot(makePlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  addPlotTitle(m_plot, tr("Firing rate per layer and diffusion step"));
  m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
  m_map->setInterpolate(false);
  m_map->setTightBoundary(false);
  m_scale = new QCPColorScale(m_plot);
  m_plot->plotLayout()->addElement(1, 1, m_scale);
  m_scale->setType(QCPAxis::atRight);
  m_scale->axis()->setLabel(tr("firing rate"));
  m_map->setColorScale(m_scale);
  m_map->setGradient(QCPColorGradient::gpThermal);
  auto* group = new QCPMarginGroup(m_plot);
  m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  m_plot->xAxis->setLabel(tr("diffusion step (network evaluation, first = noisiest)"));
  m_plot->yAxis->setLabel(tr("IF layer"));
  m_plot->yAxis->setTickLabelFont(QFont("DejaVu Sans", 6));
  QSharedPointer<QCPAxisTickerFixed> steps(new QCPAxisTickerFixed);  // diffusion steps are whole
  steps->setTickStep(1.0);
  steps->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  m_plot->xAxis->setTicker(steps);

  const QPen marker(QColor(0, 200, 255), 1, Qt::DashLine);
  m_stepLine = new QCPItemStraightLine(m_plot);
  m_layerLine = new QCPItemStraightLine(m_plot);
  for (auto* line : {m_stepLine, m_layerLine}) {
    line->setPen(marker);
    line->setVisible(false);
  }
  connect(m_plot, &QCustomPlot::mousePress, this, &RateHeatmapView::onMousePress);
  clear();
}

void RateHeatmapView::setLayers(const QStringList& names) {
  m_layers = names;
  m_tickEvery = 0;  // new names: the ticker must be rebuilt even at the same spacing
  updateLayerTicks();
  m_plot->yAxis->setRange(-0.5, std::max<qsizetype>(1, names.size()) - 0.5);
}

// Every layer name when they fit the height, else every n-th, so labels never overlap.
void RateHeatmapView::updateLayerTicks() {
  const int rowsHigh =
      std::max(40, m_plot->axisRect()->height() > 0 ? m_plot->axisRect()->height() : height() - 90);
  const int fit = std::max(1, rowsHigh / 11);
  const int every = std::max(1, (static_cast<int>(m_layers.size()) + fit - 1) / fit);
  if (every == m_tickEvery && m_plot->yAxis->ticker().dynamicCast<QCPAxisTickerText>()) return;
  m_tickEvery = every;
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (int i = 0; i < m_layers.size(); i += every) ticker->addTick(i, m_layers[i]);
  m_plot->yAxis->setTicker(ticker);
  requestReplot(m_plot);
}

void RateHeatmapView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  updateLayerTicks();
}

void RateHeatmapView::setRates(const std::vector<std::vector<double>>& rates, int totalSteps) {
  const int layers = static_cast<int>(rates.size());
  const int evals = layers > 0 ? static_cast<int>(rates.front().size()) : 0;
  m_columns = evals;
  auto* data = m_map->data();
  data->setSize(std::max(evals, 1), std::max(layers, 1));
  // Cell centres at 0..n-1; a single cell is drawn over its whole range, so centre that at 0.
  auto centres = [](int n) { return n > 1 ? QCPRange(0, n - 1) : QCPRange(-0.5, 0.5); };
  data->setRange(centres(evals), centres(layers));
  double hi = 0;
  data->fill(0);
  for (int l = 0; l < layers; ++l)
    for (int e = 0; e < evals; ++e) {
      const double v = rates[static_cast<std::size_t>(l)][static_cast<std::size_t>(e)];
      data->setCell(e, l, v);
      hi = std::max(hi, v);
    }
  m_map->setDataRange(QCPRange(0, hi > 0 ? hi : 1));
  m_plot->xAxis->setRange(-0.5, std::max({evals, totalSteps, 1}) - 0.5);
  m_plot->yAxis->setRange(-0.5, std::max(layers, 1) - 0.5);
  m_map->setVisible(evals > 0);
  requestReplot(m_plot);
}

void RateHeatmapView::setMarker(int step, int layer) {
  m_stepLine->point1->setCoords(step, 0);
  m_stepLine->point2->setCoords(step, 1);
  m_layerLine->point1->setCoords(0, layer);
  m_layerLine->point2->setCoords(1, layer);
  m_stepLine->setVisible(step >= 0 && m_columns > 0);
  m_layerLine->setVisible(layer >= 0 && m_columns > 0);
  requestReplot(m_plot);
}

void RateHeatmapView::clear() {
  m_columns = 0;
  m_map->data()->clear();
  m_map->setVisible(false);
  m_stepLine->setVisible(false);
  m_layerLine->setVisible(false);
  m_plot->xAxis->setRange(-0.5, 9.5);
  requestReplot(m_plot);
}

int RateHeatmapView::columns() const { return m_columns; }

int RateHeatmapView::rows() const { return m_columns > 0 ? m_map->data()->valueSize() : 0; }

double RateHeatmapView::cell(int column, int row) const { return m_map->data()->cell(column, row); }

void RateHeatmapView::onMousePress(QMouseEvent* event) {
  if (m_columns == 0) return;
  const double x = m_plot->xAxis->pixelToCoord(event->position().x());
  const double y = m_plot->yAxis->pixelToCoord(event->position().y());
  const int step = static_cast<int>(std::lround(x)), layer = static_cast<int>(std::lround(y));
  if (step >= 0 && step < m_columns && layer >= 0 && layer < rows())
    Q_EMIT cellClicked(step, layer);
}

}  // namespace sdm::widgets
