#pragma once
// One look for every QCustomPlot of the studio, and saving plots by file suffix.
#include <QString>

class QCustomPlot;
class QWidget;

namespace sdm::widgets {

QCustomPlot* makePlot(QWidget* parent);
// A bold title row above the plot.
void addPlotTitle(QCustomPlot* plot, const QString& title, int pointSize = 10);
// .pdf (vector, QCustomPlot::savePdf) or anything else as PNG; width/height 0 = on-screen size.
bool savePlot(QCustomPlot* plot, const QString& path, int width = 0, int height = 0);
// Queues a redraw when the plot is on screen; a hidden plot (another tab) redraws when it is next
// shown instead, so live runs spend no CPU drawing plots nobody sees.
void requestReplot(QCustomPlot* plot);
// Redraws every plot under root now (queued replots would otherwise land after a screenshot).
void replotAll(QWidget* root);
// "12.3 µJ", "850 nJ", "4.1 mJ" from picojoules.
QString formatEnergy(double picojoules);
// "1.23 G", "45.6 M" for operation counts.
QString formatCount(double count);

}  // namespace sdm::widgets
