#pragma once
// The launch dialog of a training or TSM finetuning job: every parameter of a JobSpec, with
// defaults (for a finetune: from the loaded model).
#include <QDialog>

#include "engine/jobs.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace sdm::studio {

class JobDialog : public QDialog {
  Q_OBJECT
 public:
  JobDialog(const sdm::JobSpec& defaults, QWidget* parent = nullptr);
  sdm::JobSpec spec() const;
  // Refuses to close while the run folder cannot be written (read-only disk, permissions):
  // the reason stays in the dialog, the user's settings stay as typed.
  void accept() override;
  QString errorText() const;

 private:
  void browse(QLineEdit* edit, bool folder);

  sdm::JobSpec m_defaults;
  QLineEdit* m_runDir;
  QComboBox* m_dataset;
  QLineEdit* m_dataDir;
  QSpinBox* m_limit;
  QSpinBox* m_ch = nullptr;
  QLineEdit* m_chMult = nullptr;
  QSpinBox* m_resBlocks = nullptr;
  QSpinBox* m_snnSteps = nullptr;
  QSpinBox* m_bit = nullptr;  // train-ann
  QSpinBox* m_imgSize = nullptr;
  QLineEdit* m_source = nullptr;
  QComboBox* m_sourceWeights = nullptr;
  QDoubleSpinBox* m_tsmLr = nullptr;
  QSpinBox* m_steps;
  QSpinBox* m_batch;
  QLineEdit* m_lr;
  QSpinBox* m_warmup;
  QSpinBox* m_lrDecayFrom;
  QCheckBox* m_ema;
  QLineEdit* m_emaDecay;
  QSpinBox* m_saveEvery;
  QSpinBox* m_sampleEvery;
  QSpinBox* m_seed;
  QLabel* m_error;
};

}  // namespace sdm::studio
