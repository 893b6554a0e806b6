#pragma once
// The Compare form and grid: which models (the loaded one and other checkpoints), which solvers,
// which step counts (or NFE budgets), images per cell; Run / Cancel and progress above the grid.
#include <QStringList>
#include <QWidget>

#include <vector>

#include "diffusion/options.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;

namespace sdm::widgets {
class CompareGridView;
}

namespace sdm::studio {

class ComparePanel : public QWidget {
  Q_OBJECT
 public:
  enum class Mode { SolversBySteps, EqualNfe, EqualEnergy };

  explicit ComparePanel(QWidget* parent = nullptr);

  // Checkpoints compared beside the loaded model (rows: model × solver), in the order added.
  QStringList otherModels() const;
  void setOtherModels(const QStringList& paths);
  void setLoadedModelName(const QString& name);
  std::vector<sdm::SolverKind> solvers() const;
  void setSolvers(const std::vector<sdm::SolverKind>& solvers);
  std::vector<int> values() const;  // step counts or NFE budgets, ascending, without repeats
  // Energy budgets in mJ per image (equal-energy mode), ascending, without repeats.
  std::vector<double> energyBudgets() const;
  void setValues(const QString& text);
  Mode mode() const;
  void setMode(Mode mode);
  int imagesPerCell() const;
  void setRunning(bool running);
  void setCancelling(const QString& status);  // asked to stop: Cancel is spent, the status says so
  void setProgress(int done, int total);
  void setStatus(const QString& text);
  void saveSettings(QSettings& settings) const;
  void restoreSettings(const QSettings& settings);

  widgets::CompareGridView* grid() const { return m_grid; }
  QPushButton* runButton() const { return m_run; }
  QPushButton* cancelButton() const { return m_cancel; }
  QPushButton* studyButton() const { return m_study; }

 Q_SIGNALS:
  void runRequested();
  void cancelRequested();
  void studyRequested();  // "Study…": the same comparison scored offline, as a job

 private:
  void addModelsWithDialog();
  void addModel(const QString& path);

  QListWidget* m_models;
  QPushButton* m_addModel;
  QPushButton* m_removeModel;
  std::vector<std::pair<sdm::SolverKind, QCheckBox*>> m_solverChecks;
  QComboBox* m_mode;
  QLineEdit* m_values;
  QSpinBox* m_images;
  QPushButton* m_run;
  QPushButton* m_cancel;
  QPushButton* m_study;
  QProgressBar* m_progress;
  QLabel* m_status;
  widgets::CompareGridView* m_grid;
};

}  // namespace sdm::studio
