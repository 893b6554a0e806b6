#pragma once
// The launch dialog of block-wise SNN fine-tuning (Run ▸ Fine-tune the converted SNN…): the
// quantized ANN and its converted SNN, the run folder, steps per block and the optimisation.
#include <QDialog>

#include "engine/jobs.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace sdm::studio {

class SnnFinetuneDialog : public QDialog {
  Q_OBJECT
 public:
  SnnFinetuneDialog(const sdm::SnnFinetuneJob& defaults, QWidget* parent = nullptr);
  sdm::SnnFinetuneJob spec() const;
  // Refuses to close while a checkpoint is missing or the run folder cannot be written; the
  // reason stays in the dialog.
  void accept() override;
  QString errorText() const;

 private:
  sdm::SnnFinetuneJob m_defaults;
  QLineEdit* m_runDir;
  QLineEdit* m_ann;
  QComboBox* m_annWeights;
  QLineEdit* m_snn;
  QSpinBox* m_stepsPerBlock;
  QSpinBox* m_batch;
  QLineEdit* m_lr;
  QDoubleSpinBox* m_dropout;
  QCheckBox* m_originalInputs;
  QComboBox* m_dataset;
  QLineEdit* m_dataDir;
  QSpinBox* m_seed;
  QLabel* m_error;
};

}  // namespace sdm::studio
