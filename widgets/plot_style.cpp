#include "plot_style.h"

#include <qcustomplot.h>
#include <QEvent>

#include <cmath>

namespace sdm::widgets {

namespace {

constexpr const char* kStale = "sdmReplotWhenShown";

// Replots a plot whose redraw was skipped while it was hidden, as it is shown again.
class ReplotWhenShown : public QObject {
 public:
  using QObject::QObject;
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::Show && watched->property(kStale).toBool()) {
      watched->setProperty(kStale, false);
      static_cast<QCustomPlot*>(watched)->replot(QCustomPlot::rpImmediateRefresh);
    }
    return false;
  }
};

}  // namespace

void requestReplot(QCustomPlot* plot) {
  if (plot->isVisible()) {
    plot->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  if (!plot->property(kStale).isValid()) plot->installEventFilter(new ReplotWhenShown(plot));
  plot->setProperty(kStale, true);
}

QCustomPlot* makePlot(QWidget* parent) {
  auto* plot = new QCustomPlot(parent);
  // Points and cells only: no antialiasing, fills or thick lines (QCustomPlot's own advice for
  // plots that are redrawn many times a second).
  plot->setNotAntialiasedElements(QCP::aeAll);
  plot->setAntialiasedElements(QCP::aeNone);
  plot->setNoAntialiasingOnDrag(true);
  plot->setPlottingHint(QCP::phFastPolylines, true);
  plot->setMinimumSize(220, 160);
  return plot;
}

void addPlotTitle(QCustomPlot* plot, const QString& title, int pointSize) {
  plot->plotLayout()->insertRow(0);
  plot->plotLayout()->addElement(
      0, 0, new QCPTextElement(plot, title, QFont("DejaVu Sans", pointSize, QFont::Bold)));
}

bool savePlot(QCustomPlot* plot, const QString& path, int width, int height) {
  if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
    return plot->savePdf(path, width, height);
  return plot->savePng(path, width, height);
}

void replotAll(QWidget* root) {
  for (auto* plot : root->findChildren<QCustomPlot*>()) {
    if (plot->property(kStale).isValid()) plot->setProperty(kStale, false);
    plot->replot(QCustomPlot::rpImmediateRefresh);
  }
}

QString formatEnergy(double pj) {
  const double a = std::abs(pj);
  if (a >= 1e9) return QString::number(pj * 1e-9, 'g', 3) + QStringLiteral(" mJ");
  if (a >= 1e6) return QString::number(pj * 1e-6, 'g', 3) + QStringLiteral(" µJ");
  if (a >= 1e3) return QString::number(pj * 1e-3, 'g', 3) + QStringLiteral(" nJ");
  return QString::number(pj, 'g', 3) + QStringLiteral(" pJ");
}

QString formatCount(double n) {
  const double a = std::abs(n);
  if (a >= 1e9) return QString::number(n * 1e-9, 'f', 2) + QStringLiteral(" G");
  if (a >= 1e6) return QString::number(n * 1e-6, 'f', 2) + QStringLiteral(" M");
  if (a >= 1e3) return QString::number(n * 1e-3, 'f', 2) + QStringLiteral(" k");
  return QString::number(n, 'f', 0);
}

}  // namespace sdm::widgets
