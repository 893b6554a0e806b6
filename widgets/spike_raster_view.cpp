#include "spike_raster_view.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

#include "plot_style.h"

namespace sdm::widgets {

namespace {

QCPTextElement* titleOf(QCustomPlot* plot) {
  return qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0));
}

}  // namespace

SpikeRasterView::SpikeRasterView(QWidget* parent)
    : QWidget(parent), m_plot(makePlot(this)), m_spanChoice(new QComboBox(this)) {
  m_spanChoice->addItem(tr("Whole run"), int(Span::WholeRun));
  m_spanChoice->addItem(tr("One diffusion step"), int(Span::OneStep));
  m_spanChoice->setToolTip(
      tr("Whole run: every SNN time step of every diffusion step, side by side (wheel: zoom, "
         "drag: pan). One diffusion step: the same plot zoomed to the current step."));
  auto* fit = new QToolButton(this);
  fit->setText(tr("Fit"));
  fit->setToolTip(tr("Show the whole run"));
  auto* save = new QToolButton(this);
  save->setText(tr("Export…"));
  save->setToolTip(tr("Save this raster as PNG or PDF"));
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(0, 0, 0, 0);
  bar->addWidget(new QLabel(tr("Show"), this));
  bar->addWidget(m_spanChoice);
  bar->addWidget(fit);
  bar->addStretch(1);
  bar->addWidget(save);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(bar);
  layout->addWidget(m_plot, 1);

  addPlotTitle(m_plot, tr("Spike raster"), 9);
  m_current = new QCPItemRect(m_plot);
  m_current->setLayer(QStringLiteral("background"));
  m_current->setPen(Qt::NoPen);
  m_current->setBrush(QColor(255, 214, 120, 110));
  m_current->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_current->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_bounds = m_plot->addGraph();
  m_bounds->setPen(QPen(QColor(120, 150, 200), 0));
  m_bounds->setAdaptiveSampling(false);
  m_dots = m_plot->addGraph();
  m_dots->setLineStyle(QCPGraph::lsNone);
  m_dots->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssSquare, QColor(20, 20, 20), QColor(20, 20, 20), 2));
  m_dots->setAdaptiveSampling(false);  // every spike is a dot
  m_plot->yAxis->setLabel(tr("neuron (of those followed)"));
  // Time only: the neurons always fill the height.
  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
  m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
  connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
          [this] { clampRange(); });
  connect(m_spanChoice, &QComboBox::currentIndexChanged, this,
          [this] { setSpan(Span(m_spanChoice->currentData().toInt())); });
  connect(fit, &QToolButton::clicked, this, &SpikeRasterView::fitWholeRun);
  connect(save, &QToolButton::clicked, this, &SpikeRasterView::exportRequested);
  clear();
}

void SpikeRasterView::setRun(quint64 key, const StepRasters& steps, int snnSteps,
                             int sampledNeurons, int64_t layerNeurons, const QString& title) {
  const bool grows = key == m_key && snnSteps == m_snnSteps && int(steps.size()) >= m_steps &&
                     sampledNeurons == m_neurons;
  // A whole-run view that showed everything keeps showing everything as the run grows.
  const QCPRange shown = m_plot->xAxis->range();
  const bool showedAll = shown.lower <= -0.5 + 1e-9 &&
                         shown.upper >= double(std::max(1, m_steps)) * m_snnSteps - 0.5 - 1e-9;
  if (!grows) {
    m_dots->data()->clear();
    m_steps = 0;
  }
  m_key = key;
  m_snnSteps = std::max(1, snnSteps);
  m_neurons = std::max(1, sampledNeurons);
  addSteps(steps, m_steps);
  updateBoundaries();
  m_plot->yAxis->setRange(-0.5, m_neurons - 0.5);
  setTitle(tr("%1: %2 of %3 neurons, %4 spikes")
               .arg(title)
               .arg(sampledNeurons)
               .arg(layerNeurons)
               .arg(m_dots->data()->size()));
  if (!grows || m_span == Span::OneStep || showedAll) showRange();
  requestReplot(m_plot);
}

void SpikeRasterView::addSteps(const StepRasters& steps, int from) {
  QVector<double> xs, ys;
  for (std::size_t k = std::size_t(from); k < steps.size(); ++k) {
    if (!steps[k]) continue;
    const auto& raster = *steps[k];
    for (std::size_t t = 0; t < raster.size(); ++t)
      for (uint16_t n : raster[t]) {
        xs.push_back(double(k) * m_snnSteps + double(t));
        ys.push_back(double(n));
      }
  }
  // Keys ascend (k, then t): the data is sorted already.
  m_dots->addData(xs, ys, true);
  m_steps = int(steps.size());
}

// Vertical lines between diffusion steps, as one graph with NaN gaps (cheap for 1000 steps).
void SpikeRasterView::updateBoundaries() {
  QVector<double> xs, ys;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int k = 1; k < m_steps; ++k) {
    const double x = double(k) * m_snnSteps - 0.5;
    xs << x << x << x;
    ys << -0.5 << m_neurons - 0.5 << nan;
  }
  m_bounds->setData(xs, ys, true);
}

void SpikeRasterView::setCurrentStep(int step) {
  m_step = step;
  m_current->setVisible(step >= 0 && step < m_steps);
  m_current->topLeft->setCoords(double(step) * m_snnSteps - 0.5, 0);
  m_current->bottomRight->setCoords(double(step + 1) * m_snnSteps - 0.5, 1);
  if (m_span == Span::OneStep) showRange();
  requestReplot(m_plot);
}

void SpikeRasterView::setSpan(Span span) {
  m_span = span;
  const int i = m_spanChoice->findData(int(span));
  if (i != m_spanChoice->currentIndex()) {
    const QSignalBlocker block(m_spanChoice);
    m_spanChoice->setCurrentIndex(i);
  }
  showRange();
  requestReplot(m_plot);
}

void SpikeRasterView::fitWholeRun() { setSpan(Span::WholeRun); }

void SpikeRasterView::showRange() {
  const int total = std::max(1, m_steps);
  if (m_span == Span::OneStep && m_step >= 0) {
    m_plot->xAxis->setRange(double(m_step) * m_snnSteps - 0.5,
                            double(m_step + 1) * m_snnSteps - 0.5);
    m_plot->xAxis->setLabel(
        tr("SNN time over the run (diffusion step %1 of %2: time steps %3 … %4)")
            .arg(m_step + 1)
            .arg(total)
            .arg(m_step * m_snnSteps)
            .arg((m_step + 1) * m_snnSteps - 1));
  } else {
    m_plot->xAxis->setRange(-0.5, double(total) * m_snnSteps - 0.5);
    m_plot->xAxis->setLabel(
        tr("SNN time over the run (diffusion step k covers k·T … k·T + T − 1, T = %1)")
            .arg(m_snnSteps));
  }
}

// Zoom and pan stay within the run and never below one SNN time step.
void SpikeRasterView::clampRange() {
  const double lo = -0.5, hi = double(std::max(1, m_steps)) * m_snnSteps - 0.5;
  QCPRange r = m_plot->xAxis->range();
  if (r.size() > hi - lo) r = QCPRange(lo, hi);
  if (r.size() < 1.0) r = QCPRange(r.center() - 0.5, r.center() + 0.5);
  if (r.lower < lo) r += lo - r.lower;
  if (r.upper > hi) r -= r.upper - hi;
  if (r != m_plot->xAxis->range()) {
    const QSignalBlocker block(m_plot->xAxis);
    m_plot->xAxis->setRange(r);
  }
}

void SpikeRasterView::setTitle(const QString& text) {
  if (auto* title = titleOf(m_plot)) title->setText(text);
}

void SpikeRasterView::clear(const QString& message) {
  m_dots->data()->clear();
  m_bounds->data()->clear();
  m_key = 0;
  m_steps = 0;
  m_step = -1;
  m_current->setVisible(false);
  m_plot->xAxis->setRange(-0.5, 3.5);
  m_plot->yAxis->setRange(0, 1);
  setTitle(message.isEmpty() ? tr("Spike raster — generate to record spikes") : message);
  requestReplot(m_plot);
}

QVector<QPointF> SpikeRasterView::points() const {
  QVector<QPointF> out;
  for (auto it = m_dots->data()->constBegin(); it != m_dots->data()->constEnd(); ++it)
    out.push_back({it->key, it->value});
  return out;
}

QVector<QPointF> SpikeRasterView::stepPoints(int step) const {
  QVector<QPointF> out;
  const double from = double(step) * m_snnSteps;
  auto it = m_dots->data()->findBegin(from - 0.25, false);
  for (; it != m_dots->data()->constEnd() && it->key < from + m_snnSteps - 0.25; ++it)
    if (it->key >= from - 0.25) out.push_back({it->key - from, it->value});
  return out;
}

int SpikeRasterView::spikeCount() const { return m_dots->data()->size(); }

}  // namespace sdm::widgets
