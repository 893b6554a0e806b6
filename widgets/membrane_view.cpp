#include "membrane_view.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>

#include "plot_style.h"

namespace sdm::widgets {

namespace {
const QColor kColors[] = {QColor(31, 119, 180),  QColor(44, 160, 44), QColor(148, 103, 189),
                          QColor(255, 127, 14),  QColor(140, 86, 75), QColor(227, 119, 194),
                          QColor(127, 127, 127), QColor(23, 190, 207)};
}

MembraneView::MembraneView(QWidget* parent) : QWidget(parent), m_plot(makePlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  addPlotTitle(m_plot, tr("Membrane potential"));
  m_plot->xAxis->setLabel(tr("SNN time step t"));
  m_plot->yAxis->setLabel(tr("V before reset"));
  QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
  ticker->setTickStep(1.0);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  m_plot->xAxis->setTicker(ticker);
  // The legend in a row under the plot, so it never hides a trace.
  auto* legendRow = new QCPLayoutGrid;
  m_plot->plotLayout()->addElement(2, 0, legendRow);
  m_plot->axisRect()->insetLayout()->take(m_plot->legend);
  legendRow->addElement(0, 0, m_plot->legend);
  legendRow->setMargins(QMargins(0, 0, 0, 4));
  m_plot->legend->setVisible(true);
  m_plot->legend->setFont(QFont("DejaVu Sans", 7));
  m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
  m_plot->legend->setWrap(3);
  m_plot->legend->setBorderPen(Qt::NoPen);
  m_plot->plotLayout()->setRowStretchFactor(2, 0.001);
  m_spikes = m_plot->addGraph();
  m_spikes->setName(tr("spike"));
  m_spikes->setLineStyle(QCPGraph::lsNone);
  m_spikes->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QColor(200, 0, 0), 9));
  m_threshold = new QCPItemStraightLine(m_plot);
  m_threshold->setPen(QPen(QColor(200, 0, 0), 1, Qt::DashLine));
  clear();
}

void MembraneView::setTraces(const std::vector<std::vector<float>>& traces, float threshold,
                             const QStringList& labels) {
  while (m_traces.size() < traces.size()) {
    QCPGraph* g = m_plot->addGraph();
    const QColor c = kColors[m_traces.size() % std::size(kColors)];
    g->setPen(QPen(c, 1));
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, c, 4));
    m_traces.push_back(g);
  }
  double lo = std::min(0.0, double(threshold)), hi = threshold;
  QVector<double> sx, sy;
  int steps = 1;
  for (std::size_t k = 0; k < m_traces.size(); ++k) {
    QCPGraph* g = m_traces[k];
    const bool used = k < traces.size();
    g->setVisible(used);
    if (!used) {
      g->removeFromLegend();
      g->data()->clear();
      continue;
    }
    QVector<double> xs, ys;
    for (std::size_t t = 0; t < traces[k].size(); ++t) {
      const double v = traces[k][t];
      xs.push_back(double(t));
      ys.push_back(v);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      if (v >= threshold) {
        sx.push_back(double(t));
        sy.push_back(v);
      }
    }
    steps = std::max(steps, static_cast<int>(traces[k].size()));
    g->setData(xs, ys, true);
    g->setName(k < static_cast<std::size_t>(labels.size()) ? labels[static_cast<int>(k)]
                                                           : tr("neuron %1").arg(k));
    g->addToLegend();
  }
  m_spikes->setData(sx, sy);
  m_thresholdValue = threshold;
  m_threshold->point1->setCoords(0, threshold);
  m_threshold->point2->setCoords(1, threshold);
  m_threshold->setVisible(true);
  m_plot->xAxis->setRange(-0.3, steps - 0.7);
  const double margin = 0.08 * (hi - lo + 1e-6);
  m_plot->yAxis->setRange(lo - margin, hi + margin);
  auto* title = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0));
  if (title)
    title->setText(tr("Membrane potential, threshold θ = %1").arg(double(threshold), 0, 'g', 3));
  requestReplot(m_plot);
}

void MembraneView::clear(const QString& message) {
  for (auto* g : m_traces) {
    g->data()->clear();
    g->setVisible(false);
    g->removeFromLegend();
  }
  m_spikes->data()->clear();
  m_threshold->setVisible(false);
  auto* title = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0));
  if (title) title->setText(message.isEmpty() ? tr("Membrane potential") : message);
  requestReplot(m_plot);
}

int MembraneView::traceCount() const {
  return static_cast<int>(
      std::count_if(m_traces.begin(), m_traces.end(), [](QCPGraph* g) { return g->visible(); }));
}

std::vector<double> MembraneView::traceValues(int k) const {
  std::vector<double> out;
  if (k < 0 || k >= static_cast<int>(m_traces.size())) return out;
  for (auto it = m_traces[static_cast<std::size_t>(k)]->data()->constBegin();
       it != m_traces[static_cast<std::size_t>(k)]->data()->constEnd(); ++it)
    out.push_back(it->value);
  return out;
}

double MembraneView::thresholdValue() const {
  return m_threshold->visible() ? m_thresholdValue : 0.0;
}

}  // namespace sdm::widgets
