#pragma once
// The launch dialog of a training run (Spk_UNet, quantized ANN, TSM finetune): the settings of
// its TrainConfig, from defaults (for a finetune: the loaded model). An ANN run may start from
// a previous stage (progressive bits: its architecture, weights and clipping values).
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
  JobDialog(const sdm::TrainingJob& defaults, QWidget* parent = nullptr);
  sdm::TrainingJob spec() const;
  // Refuses to close while the run folder cannot be written (read-only disk, permissions):
  // the reason stays in the dialog, the user's settings stay as typed.
  void accept() override;
  QString errorText() const;

 private:
  sdm::TrainingJob m_defaults;
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
  QLineEdit* m_source = nullptr;  // TSM: the Spk_UNet; ANN: the previous stage (optional)
  QComboBox* m_sourceWeights = nullptr;
  QDoubleSpinBox* m_tsmLr = nullptr;
  QComboBox* m_precision = nullptr;  // Spk_UNet runs: fp32 or bf16 autocast
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
