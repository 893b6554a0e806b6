#include "snn_finetune_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "dialog_parts.h"
#include "util/atomic_file.h"

namespace sdm::studio {
SnnFinetuneDialog::SnnFinetuneDialog(const sdm::SnnFinetuneJob& defaults, QWidget* parent)
    : QDialog(parent), m_defaults(defaults) {
  const sdm::train::SnnFinetuneConfig& d = defaults.config;
  setWindowTitle(tr("Fine-tune the converted SNN"));
  setObjectName(QStringLiteral("snnFinetuneDialog"));
  auto* form = new QFormLayout;
  auto* intro = new QLabel(
      tr("SDM's block-wise fine-tuning (SNN_ft.py): block by block, the SNN's output averaged "
         "over its T steps is matched to the quantized ANN's activations there. A cancelled run "
         "resumes from its ckpt.pt."),
      this);
  intro->setWordWrap(true);
  form->addRow(intro);
  m_runDir = new QLineEdit(QString::fromStdString(d.runDir), this);
  m_runDir->setToolTip(
      tr("ckpt.pt, blocks/NN_<block>.pt, metrics.jsonl and finetuned_snn.pt go "
         "here; a folder that already holds a run is resumed"));
  form->addRow(tr("Run folder"), withBrowse(this, m_runDir, true));
  m_ann = new QLineEdit(QString::fromStdString(d.annCheckpoint), this);
  m_ann->setPlaceholderText(tr("the train-ann checkpoint the SNN was converted from"));
  form->addRow(tr("Quantized ANN"), withBrowse(this, m_ann, false));
  m_annWeights = new QComboBox(this);
  m_annWeights->addItems({QStringLiteral("ema"), QStringLiteral("net")});
  m_annWeights->setCurrentText(QString::fromStdString(d.annWeights));
  form->addRow(tr("Its weights"), m_annWeights);
  m_snn = new QLineEdit(QString::fromStdString(d.snnCheckpoint), this);
  m_snn->setPlaceholderText(tr("the converted S_UNet (Convert's output)"));
  form->addRow(tr("Converted SNN"), withBrowse(this, m_snn, false));
  m_stepsPerBlock = spinBox(this, 1, 10000000, d.stepsPerBlock);
  m_stepsPerBlock->setToolTip(tr("The time embedding and the head get one step, as the original"));
  form->addRow(tr("Steps per block"), m_stepsPerBlock);
  m_batch = spinBox(this, 1, 4096, d.batch);
  form->addRow(tr("Batch"), m_batch);
  m_lr = new QLineEdit(QString::number(d.lr, 'g', 6), this);
  m_lr->setToolTip(tr("Adam, a fresh one per block"));
  form->addRow(tr("Learning rate"), m_lr);
  m_dropout = new QDoubleSpinBox(this);
  m_dropout->setRange(0, 0.9);
  m_dropout->setSingleStep(0.05);
  m_dropout->setValue(d.dropout);
  m_dropout->setToolTip(
      tr("The tuner (the block's ANN form) runs in training mode in the "
         "original, so its dropout masks the gradient; 0 turns that off"));
  form->addRow(tr("Tuner dropout"), m_dropout);
  m_originalInputs = new QCheckBox(tr("Clean images with t < 2^bit − 1, as SNN_ft.py"), this);
  m_originalInputs->setChecked(d.originalInputs);
  m_originalInputs->setToolTip(
      tr("Off: noised x_t with t over all diffusion steps — what the "
         "model sees when it samples"));
  form->addRow(tr("Inputs"), m_originalInputs);
  m_dataset = datasetCombo(this, d.data.kind);
  form->addRow(tr("Dataset"), m_dataset);
  m_dataDir = new QLineEdit(QString::fromStdString(d.data.path), this);
  m_dataDir->setPlaceholderText(tr("default: the Debian Fashion-MNIST package"));
  form->addRow(tr("Data folder"), withBrowse(this, m_dataDir, true));
  m_seed = spinBox(this, 0, 2147483647, static_cast<qint64>(d.seed));
  form->addRow(tr("Seed"), m_seed);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  m_error = addErrorAndStartButtons(this, layout, QStringLiteral("snnFinetuneDialogError"));
}

void SnnFinetuneDialog::accept() {
  QString problem;
  QLineEdit* focus = nullptr;
  for (QLineEdit* file : {m_ann, m_snn}) {
    const QString path = file->text().trimmed();
    if (QFileInfo(path).isFile()) continue;
    problem = path.isEmpty() ? tr("Choose the quantized ANN and its converted SNN.")
                             : tr("%1 is not a file.").arg(path);
    focus = file;
    break;
  }
  if (problem.isEmpty()) {
    try {
      sdm::ensureWritableFolder(m_runDir->text().trimmed().toStdString(), "run folder");
    } catch (const std::exception& e) {
      problem = QString::fromStdString(e.what());
      focus = m_runDir;
    }
  }
  if (!problem.isEmpty()) {
    m_error->setText(problem);
    m_error->show();
    focus->setFocus();
    return;
  }
  m_error->hide();
  QDialog::accept();
}

QString SnnFinetuneDialog::errorText() const {
  return m_error->isHidden() ? QString() : m_error->text();
}

sdm::SnnFinetuneJob SnnFinetuneDialog::spec() const {
  sdm::SnnFinetuneJob job = m_defaults;
  sdm::train::SnnFinetuneConfig& c = job.config;
  c.runDir = m_runDir->text().trimmed().toStdString();
  c.annCheckpoint = m_ann->text().trimmed().toStdString();
  c.annWeights = m_annWeights->currentText().toStdString();
  c.snnCheckpoint = m_snn->text().trimmed().toStdString();
  c.stepsPerBlock = m_stepsPerBlock->value();
  c.batch = m_batch->value();
  bool ok = false;
  if (const double lr = m_lr->text().toDouble(&ok); ok) c.lr = lr;
  c.dropout = m_dropout->value();
  c.originalInputs = m_originalInputs->isChecked();
  c.data.kind = datasetOf(m_dataset);
  c.data.path = m_dataDir->text().trimmed().toStdString();
  c.seed = static_cast<uint64_t>(m_seed->value());
  return job;
}

}  // namespace sdm::studio
