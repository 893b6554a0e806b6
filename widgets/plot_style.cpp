#include "plot_style.h"

#include <qcustomplot.h>

#include <cmath>

namespace sdm::widgets {

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

bool savePlot(QCustomPlot* plot, const QString& path, int width, int height) {
  if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
    return plot->savePdf(path, width, height);
  return plot->savePng(path, width, height);
}

void replotAll(QWidget* root) {
  for (auto* plot : root->findChildren<QCustomPlot*>())
    plot->replot(QCustomPlot::rpImmediateRefresh);
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
