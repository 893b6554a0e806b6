#pragma once
// The Study view: a study table (study.json) as the SDM paper's quality-cost figures. FD against
// NFE (one line per model, solver, θ and precision; log x), FD against energy per image with its
// Pareto front, a heat table when exactly two axes vary, and the table itself. Selecting a point
// or a row shows that cell's image grid and numbers; "Load settings into Generate" asks the
// studio to set them. Plain JSON in, no engine.
#include <QImage>
#include <QString>
#include <QWidget>

#include <map>

#include <nlohmann/json.hpp>

#include "study_data.h"

class QCustomPlot;
class QCPAbstractPlottable;
class QCPCurve;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QToolButton;

namespace sdm::widgets {

class StudyView : public QWidget {
  Q_OBJECT
 public:
  enum class Plot { FdNfe, FdEnergy };

  explicit StudyView(QWidget* parent = nullptr);

  // Shows the table of the study folder `folder` (cell grids are read from it); the selected
  // cell stays selected when the same study is shown again (live refresh).
  void setStudy(const QString& folder, const nlohmann::json& table);
  void clear();
  QString folder() const { return m_folder; }
  const nlohmann::json& table() const { return m_table; }
  const nlohmann::json* cell(int index) const;  // null when out of range

  int selectedCell() const { return m_selected; }
  void selectCell(int index);

  // What is drawn, for tests and exports.
  const QVector<StudySeries>& series() const { return m_series; }
  const QVector<StudyPoint>& energyPoints() const { return m_energy; }
  const QVector<StudyPoint>& paretoPoints() const { return m_pareto; }
  QCustomPlot* plot(Plot which) const;
  QCPCurve* seriesCurve(int series) const;  // the FD-NFE line of series()[series]
  // The FD-energy points of series()[series], in its colour and shape.
  QCPCurve* energyCurve(int series) const;
  QTableWidget* cellTable() const { return m_cells; }
  QTableWidget* heatTable() const { return m_heat; }
  QLabel* heatNote() const { return m_heatNote; }
  QLabel* gridLabel() const { return m_grid; }
  QLabel* detailLabel() const { return m_detail; }
  QPushButton* loadButton() const { return m_load; }
  QTabWidget* tableTabs() const { return m_tabs; }

  // One page: both plots and every parameter of the study (its fingerprint) as text.
  QImage renderReport(int width = 1800) const;

 Q_SIGNALS:
  void cellSelected(int index);
  void loadSettingsRequested(int index);
  void exportTableRequested();
  void exportPlotRequested(int which);  // a Plot
  void exportReportRequested();

 private:
  void rebuildPlots();
  void rebuildTable();
  void rebuildHeat();
  void showSelection();
  void onPlottableClick(QCPAbstractPlottable* plottable, int dataIndex);

  QString m_folder;
  nlohmann::json m_table;
  QVector<StudySeries> m_series;
  QVector<StudyPoint> m_energy, m_pareto;
  std::map<QCPAbstractPlottable*, QVector<int>> m_pointCells;  // curve data index -> cell
  int m_selected = -1;
  QLabel* m_title;
  QCustomPlot* m_nfePlot;
  QCustomPlot* m_energyPlot;
  QVector<QCPCurve*> m_energyCurves;  // one per series
  QVector<QCPCurve*> m_seriesCurves;
  QCPCurve* m_nfeMark = nullptr;
  QCPCurve* m_energyMark = nullptr;
  QTabWidget* m_tabs;
  QTableWidget* m_cells;
  QTableWidget* m_heat;
  QLabel* m_heatNote;
  QLabel* m_grid;
  QLabel* m_detail;
  QPushButton* m_load;
};

}  // namespace sdm::widgets
