#include "loss_plot.h"

#include <qcustomplot.h>
#include <QCheckBox>
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
      m_sliderLabel(new QLabel(this)),
      m_log(new QCheckBox(tr("log scale"), this)) {
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
  row->addWidget(m_log);
  m_log->setToolTip(
      tr("Logarithmic loss axis (on by itself for losses in blocks of their own scale)"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot, 1);
  layout->addLayout(row);
  connect(m_slider, &QSlider::valueChanged, this, [this] { refresh(); });
  connect(m_log, &QCheckBox::toggled, this, [this] {
    applyScale();
    refresh();
  });
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

QVector<double> LossPlot::smooth(const QVector<double>& steps, const QVector<double>& values,
                                 double weight, const QVector<double>& restarts) {
  QVector<double> out;
  out.reserve(values.size());
  qsizetype from = 0;  // steps ascend: each restart cuts at its first step at or after it
  for (double r : restarts) {
    const qsizetype at = std::lower_bound(steps.begin() + from, steps.end(), r) - steps.begin();
    out += smooth(values.mid(from, at - from), weight);
    from = at;
  }
  out += smooth(values.mid(from), weight);
  return out;
}

bool LossPlot::logScale() const { return m_log->isChecked(); }

void LossPlot::setLogScale(bool on) { m_log->setChecked(on); }

void LossPlot::setSegments(const QVector<QPair<double, QString>>& segments) {
  const bool several = segments.size() > 1;
  const bool wasSeveral = m_segments.size() > 1;
  m_segments = segments;
  drawSegments();
  // The axis follows the kind of curve; within one kind the user's choice stays.
  if (several != wasSeveral) m_log->setChecked(several);
  refresh();
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

void LossPlot::clear() {
  m_steps.clear();
  m_losses.clear();
  setSegments({});
}

void LossPlot::refresh() {
  m_sliderLabel->setText(QString::number(smoothing(), 'f', 2));
  QVector<double> restarts;
  for (const auto& s : m_segments) restarts.append(s.first);
  m_smoothed = smooth(m_steps, m_losses, smoothing(), restarts);
  m_raw->setData(m_steps, m_losses, true);
  m_smooth->setData(m_steps, m_smoothed, true);
  const bool log = logScale();
  if (!m_steps.isEmpty()) {
    m_plot->xAxis->setRange(m_steps.first(), std::max(m_steps.last(), m_steps.first() + 1));
    bool found = false;
    // A log axis shows the positive losses (an MSE of exactly 0 has no place on it).
    const QCPRange y = m_raw->getValueRange(found, log ? QCP::sdPositive : QCP::sdBoth);
    if (found)
      m_plot->yAxis->setRange(y.lower, std::max(y.upper, log ? y.lower * 1.01 : y.lower + 1e-6));
  }
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void LossPlot::applyScale() {
  const bool log = logScale();
  m_plot->yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  if (log)
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
  else
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
}

// A dashed line where each segment begins, its name along it.
void LossPlot::drawSegments() {
  m_plot->clearItems();
  for (const auto& [step, name] : m_segments) {
    auto* line = new QCPItemStraightLine(m_plot);
    line->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
    line->point1->setTypeX(QCPItemPosition::ptPlotCoords);
    line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->point2->setTypeX(QCPItemPosition::ptPlotCoords);
    line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->point1->setCoords(step, 0);
    line->point2->setCoords(step, 1);
    auto* label = new QCPItemText(m_plot);
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(step, 0.02);
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    label->setRotation(-90);
    label->setText(name);
    label->setColor(QColor(90, 90, 90));
    label->setClipToAxisRect(true);
  }
}

}  // namespace sdm::widgets
