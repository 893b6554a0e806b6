#include "spike_raster_view.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include "plot_style.h"

namespace sdm::widgets {

SpikeRasterView::SpikeRasterView(QWidget* parent) : QWidget(parent), m_plot(makePlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  m_plot->plotLayout()->insertRow(0);
  m_plot->plotLayout()->addElement(
      0, 0, new QCPTextElement(m_plot, tr("Spike raster"), QFont("DejaVu Sans", 10, QFont::Bold)));
  m_dots = m_plot->addGraph();
  m_dots->setLineStyle(QCPGraph::lsNone);
  m_dots->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssSquare, QColor(20, 20, 20), QColor(20, 20, 20), 2));
  m_dots->setAdaptiveSampling(false);  // every spike is a dot
  m_plot->xAxis->setLabel(tr("SNN time step t (in the chosen diffusion step)"));
  m_plot->yAxis->setLabel(tr("neuron (of the seeded sample)"));
  QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
  ticker->setTickStep(1.0);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  m_plot->xAxis->setTicker(ticker);
  clear();
}

void SpikeRasterView::setRaster(const std::vector<std::vector<uint16_t>>& raster, int snnSteps,
                                int sampledNeurons, int64_t layerNeurons,
                                const QString& layerName) {
  QVector<double> xs, ys;
  for (std::size_t t = 0; t < raster.size(); ++t)
    for (uint16_t n : raster[t]) {
      xs.push_back(double(t));
      ys.push_back(double(n));
    }
  // Sorted by x already (t ascending): setData may skip its sort.
  m_dots->setData(xs, ys, true);
  m_plot->xAxis->setRange(-0.5, std::max(1, snnSteps) - 0.5);
  m_plot->yAxis->setRange(-0.5, std::max(1, sampledNeurons) - 0.5);
  auto* title = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0));
  if (title)
    title->setText(tr("%1 — %2 spikes in %3 of %4 neurons, T = %5")
                       .arg(layerName)
                       .arg(xs.size())
                       .arg(sampledNeurons)
                       .arg(layerNeurons)
                       .arg(snnSteps));
  requestReplot(m_plot);
}

void SpikeRasterView::clear(const QString& message) {
  m_dots->data()->clear();
  m_plot->xAxis->setRange(-0.5, 3.5);
  m_plot->yAxis->setRange(0, 1);
  auto* title = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0));
  if (title)
    title->setText(message.isEmpty() ? tr("Spike raster — generate to record spikes") : message);
  requestReplot(m_plot);
}

QVector<QPointF> SpikeRasterView::points() const {
  QVector<QPointF> out;
  for (auto it = m_dots->data()->constBegin(); it != m_dots->data()->constEnd(); ++it)
    out.push_back({it->key, it->value});
  return out;
}

int SpikeRasterView::spikeCount() const { return m_dots->data()->size(); }

}  // namespace sdm::widgets
