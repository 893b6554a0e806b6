#pragma once
// The launch dialog of a study (models x solvers x steps x thresholds x precisions): every axis,
// N, seed and the output folder. Bad input stays in the dialog with its reason; Start is refused
// until the study can run.
#include <QDialog>

#include <vector>

#include "engine/study.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace sdm::studio {

class StudyDialog : public QDialog {
  Q_OBJECT
 public:
  // defaults.base carries what every cell shares (weights, solver extras, micro-batch).
  explicit StudyDialog(const sdm::StudyRequest& defaults, QWidget* parent = nullptr);

  // The request as typed; `error` (when given) gets why it cannot run (empty: it can).
  sdm::StudyRequest request(QString* error = nullptr) const;
  void accept() override;
  QString errorText() const;

  void addModel(const QString& path);
  QListWidget* modelList() const { return m_models; }
  QLineEdit* stepsEdit() const { return m_steps; }
  QLineEdit* thresholdsEdit() const { return m_thresholds; }
  QLineEdit* outEdit() const { return m_out; }
  QSpinBox* nSpin() const { return m_n; }
  QSpinBox* seedSpin() const { return m_seed; }
  QCheckBox* kidCheck() const { return m_kid; }
  void setSolverChecked(sdm::SolverKind kind, bool on);
  void setPrecisionChecked(sdm::Precision p, bool on);

 private:
  sdm::StudyRequest m_defaults;
  QListWidget* m_models;
  std::vector<std::pair<sdm::SolverKind, QCheckBox*>> m_solvers;
  std::vector<std::pair<sdm::Precision, QCheckBox*>> m_precisions;
  QLineEdit* m_steps;
  QLineEdit* m_thresholds;
  QSpinBox* m_n;
  QSpinBox* m_seed;
  QCheckBox* m_kid;
  QLineEdit* m_out;
  QLabel* m_cells;
  QLabel* m_error;
};

}  // namespace sdm::studio
