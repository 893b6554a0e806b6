#include "loss_plot.h"

#include <qcustomplot.h>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "plot_style.h"

namespace sdm::widgets {

LossPlot::LossPlot(QWidget* parent)
    : QWidget(parent),
      m_plot(makePlot(this)),
      m_slider(new QSlider(Qt::Horizontal, this)),
      m_sliderLabel(new QLabel(this)) {
  m_raw = m_plot->addGraph();
  m_raw->setPen(QPen(QColor(31, 119, 180, 60)));
  m_raw->setName(tr("loss"));
  m_smooth = m_plot->addGraph();
  m_smooth->setPen(QPen(QColor(31, 119, 180), 2));
  m_smooth->setName(tr("smoothed"));
  m_plot->xAxis->setLabel(tr("step"));
  m_plot->yAxis->setLabel(tr("loss"));
  m_slider->setRange(0, 99);
  m_slider->setValue(60);
  m_slider->setToolTip(tr("Exponential smoothing of the loss curve (0: raw)"));
  auto* row = new QHBoxLayout;
  row->addWidget(new QLabel(tr("Smoothing"), this));
  row->addWidget(m_slider, 1);
  row->addWidget(m_sliderLabel);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot, 1);
  layout->addLayout(row);
  connect(m_slider, &QSlider::valueChanged, this, [this] { refresh(); });
  refresh();
}

double LossPlot::smoothing() const { return m_slider->value() / 100.0; }

void LossPlot::setSmoothing(double weight) {
  m_slider->setValue(std::clamp(qRound(weight * 100), 0, 99));
}

QVector<double> LossPlot::smooth(const QVector<double>& values, double weight) {
  QVector<double> out;
  out.reserve(values.size());
  double last = 0, debias = 0;
  for (double v : values) {
    if (!std::isfinite(v)) {
      out.append(v);
      continue;
    }
    last = last * weight + (1 - weight) * v;
    debias = debias * weight + (1 - weight);
    out.append(debias > 0 ? last / debias : v);
  }
  return out;
}

void LossPlot::setPoints(const QVector<double>& steps, const QVector<double>& losses) {
  m_steps = steps;
  m_losses = losses;
  refresh();
}

void LossPlot::appendPoints(const QVector<double>& steps, const QVector<double>& losses) {
  if (steps.isEmpty()) return;
  // A resumed run repeats the steps after its checkpoint: the new values replace them.
  while (!m_steps.isEmpty() && m_steps.last() >= steps.first()) {
    m_steps.removeLast();
    m_losses.removeLast();
  }
  m_steps += steps;
  m_losses += losses;
  refresh();
}

void LossPlot::clear() { setPoints({}, {}); }

void LossPlot::refresh() {
  m_sliderLabel->setText(QString::number(smoothing(), 'f', 2));
  m_smoothed = smooth(m_losses, smoothing());
  m_raw->setData(m_steps, m_losses, true);
  m_smooth->setData(m_steps, m_smoothed, true);
  if (!m_steps.isEmpty()) {
    m_plot->xAxis->setRange(m_steps.first(), std::max(m_steps.last(), m_steps.first() + 1));
    bool found = false;
    const QCPRange y = m_raw->getValueRange(found);
    if (found) m_plot->yAxis->setRange(y.lower, std::max(y.upper, y.lower + 1e-6));
  }
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace sdm::widgets
