#pragma once
// Solver and model comparison from one x_T: (models × solvers) x diffusion steps, solvers at equal
// NFE (each solver gets the steps that make exactly that many network evaluations), or at equal
// energy (the most steps whose evaluations the budget pays for, at the last generation's energy per
// evaluation). Cells fill in as the worker finishes them; a click on a finished cell loads its
// settings into Generate.
#include <QObject>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <vector>

#include "labelled_grid.h"
#include "studio_types.h"

namespace sdm::widgets {
class JobListModel;
}

namespace sdm::studio {

class ComparePanel;
class EngineHost;
class GenerateController;
class GenerateSettings;
class ModelController;

class CompareController : public QObject {
  Q_OBJECT
 public:
  CompareController(EngineHost* host, ComparePanel* panel, GenerateController* generate,
                    GenerateSettings* generateSettings, ModelController* model,
                    widgets::JobListModel* jobs, QObject* parent = nullptr);

  bool isRunning() const { return m_running; }
  bool hasResults() const;
  widgets::LabelledGrid labelledGrid() const;
  nlohmann::json provenance() const;  // the axes and every cell's own provenance
  sdm::GenerateParams cellParams(int row, int column) const;
  QString cellCheckpoint(int row, int column) const;  // empty: the loaded model

 public Q_SLOTS:
  void run();
  void cancel();
  void chooseCell(int row, int column);

 Q_SIGNALS:
  void cellLoaded(const sdm::GenerateParams& params);
  void finished(bool cancelled);

 private:
  struct Cell {
    int row = 0, column = 0;
    sdm::GenerateParams params;
    QString checkpoint;  // empty: the loaded model
    ResultPtr result;
    QString error;
    bool skipped = false;
  };
  Cell* cell(int row, int column);
  const Cell* cell(int row, int column) const;
  void onCellFinished(quint64 id, int index, const ResultPtr& result, const QString& error);
  void onFinished(quint64 id, bool cancelled);
  void showCell(const Cell& c);
  void applyCell(const sdm::GenerateParams& p);
  // pJ per image per evaluation from the last generation of this model at this threshold; 0: none.
  double measuredEnergyPerEvaluation(float threshold) const;

  EngineHost* m_host;
  ComparePanel* m_panel;
  GenerateController* m_generate;
  GenerateSettings* m_generateSettings;
  ModelController* m_model;
  widgets::JobListModel* m_jobs;
  QStringList m_rows, m_columns;
  std::vector<Cell> m_cells;
  std::vector<int> m_runOrder;  // worker index -> m_cells index
  quint64 m_runId = 0;          // the engine host's
  quint64 m_entryId = 0;        // its row in the activity list
  bool m_running = false;
  int m_done = 0;
};

}  // namespace sdm::studio
