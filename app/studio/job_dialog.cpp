#include "job_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "dialog_parts.h"
#include "util/atomic_file.h"

namespace sdm::studio {
JobDialog::JobDialog(const sdm::TrainingJob& defaults, QWidget* parent)
    : QDialog(parent), m_defaults(defaults) {
  const sdm::train::TrainConfig& d = defaults.config;
  const bool ann = d.kind == sdm::train::RunKind::TrainAnn;
  const bool train = d.kind == sdm::train::RunKind::Train || ann;
  setWindowTitle(ann     ? tr("New ANN training (ANN→SNN conversion)")
                 : train ? tr("New training")
                         : tr("New TSM finetune"));
  auto* form = new QFormLayout;
  m_runDir = new QLineEdit(QString::fromStdString(d.runDir), this);
  m_runDir->setToolTip(
      tr("Checkpoints, metrics.jsonl and sample grids go here; a folder that "
         "already holds a run is resumed"));
  form->addRow(tr("Run folder"), withBrowse(this, m_runDir, true));
  if (!train || ann) {
    m_source = new QLineEdit(QString::fromStdString(d.sourceCheckpoint), this);
    m_sourceWeights = new QComboBox(this);
    m_sourceWeights->addItems({QStringLiteral("net"), QStringLiteral("ema")});
    m_sourceWeights->setCurrentText(QString::fromStdString(d.sourceWeights));
    if (ann) {
      m_source->setPlaceholderText(tr("none: train from scratch"));
      m_source->setToolTip(
          tr("Progressive bit schedule (Fast-SNN: 32 → 4 → 3 → 2 bits): the previous stage's run "
             "folder or checkpoint. Its architecture and weights are taken over; its clipping "
             "values too, or calibrated from the data when it had plain ReLUs."));
      form->addRow(tr("Start from a previous stage"), withBrowse(this, m_source, false));
      form->addRow(tr("Its weights"), m_sourceWeights);
    } else {
      form->addRow(tr("Spk_UNet checkpoint"), withBrowse(this, m_source, false));
      form->addRow(tr("Start from weights"), m_sourceWeights);
    }
  }
  m_dataset = datasetCombo(this, d.data.kind);
  form->addRow(tr("Dataset"), m_dataset);
  m_dataDir = new QLineEdit(QString::fromStdString(d.data.path), this);
  m_dataDir->setPlaceholderText(tr("default: the Debian Fashion-MNIST package"));
  form->addRow(tr("Data folder"), withBrowse(this, m_dataDir, true));
  m_limit = spinBox(this, 0, 100000000, d.data.limit);
  m_limit->setSpecialValueText(tr("all images"));
  form->addRow(tr("Use only the first N images"), m_limit);
  if (train) {
    m_ch = spinBox(this, 1, 1024, d.model.ch);
    form->addRow(tr("Base channels (ch)"), m_ch);
    QStringList mult;
    for (int m : d.model.chMult) mult << QString::number(m);
    m_chMult = new QLineEdit(mult.join(QLatin1Char(',')), this);
    form->addRow(tr("Channel multipliers (ch_mult)"), m_chMult);
    m_resBlocks = spinBox(this, 1, 8, d.model.numResBlocks);
    form->addRow(tr("ResBlocks per level"), m_resBlocks);
    if (ann) {
      m_bit = spinBox(this, 1, 32, d.bit);
      m_bit->setToolTip(
          tr("Quantized ReLUs with 2^bit levels; the converted SNN runs 2^bit − 1 "
             "time steps (32: plain ReLU, not convertible)"));
      form->addRow(tr("Activation bits"), m_bit);
    } else {
      m_snnSteps = spinBox(this, 1, 64, d.model.snnSteps);
      form->addRow(tr("SNN time steps T"), m_snnSteps);
    }
    m_imgSize = spinBox(this, 8, 256, d.model.imgSize);
    form->addRow(tr("Image size"), m_imgSize);
  }
  m_steps = spinBox(this, 1, 100000000, d.totalSteps);
  form->addRow(tr("Total steps"), m_steps);
  m_batch = spinBox(this, 1, 4096, d.batch);
  form->addRow(tr("Batch"), m_batch);
  m_lr = new QLineEdit(QString::number(d.lr, 'g', 6), this);
  form->addRow(tr("Learning rate"), m_lr);
  if (!train) {
    m_tsmLr = new QDoubleSpinBox(this);
    m_tsmLr->setDecimals(6);
    m_tsmLr->setRange(1e-6, 1);
    m_tsmLr->setValue(d.tsmLr);
    form->addRow(tr("TSM learning rate"), m_tsmLr);
  }
  m_warmup = spinBox(this, 0, 100000000, d.warmup);
  form->addRow(tr("Warmup steps"), m_warmup);
  m_lrDecayFrom = spinBox(this, 0, 100000000, d.lrDecayFrom);
  m_lrDecayFrom->setSpecialValueText(tr("off (constant)"));
  m_lrDecayFrom->setToolTip(
      tr("From this step the learning rate falls linearly to 0 at the last step: a cooldown "
         "that settles the weights of a short run."));
  form->addRow(tr("Learning-rate decay from step"), m_lrDecayFrom);
  if (!ann) {
    m_precision = new QComboBox(this);
    m_precision->setObjectName(QStringLiteral("trainPrecision"));
    m_precision->addItem(tr("fp32"), QStringLiteral("fp32"));
    m_precision->addItem(tr("bf16 autocast"), QStringLiteral("bf16"));
    m_precision->setCurrentIndex(d.precision == sdm::train::TrainPrecision::Bf16 ? 1 : 0);
    m_precision->setToolTip(
        tr("bf16 autocast runs the convs and linears of the forward in bf16 against fp32 "
           "weights; IF membranes, gradients, Adam and EMA stay fp32. Measured on an AVX-512 "
           "BF16 CPU: a CIFAR-10 step 1.7× faster, the demo's 1.4×, loss curves within the "
           "seed-to-seed spread (docs/training.md). A resumed run may switch."));
    form->addRow(tr("Arithmetic"), m_precision);
  }
  m_ema = new QCheckBox(tr("EMA copy of the weights"), this);
  m_ema->setChecked(d.ema);
  m_emaDecay = new QLineEdit(QString::number(d.emaDecay, 'g', 6), this);
  auto* emaRow = new QHBoxLayout;
  emaRow->addWidget(m_ema);
  emaRow->addWidget(m_emaDecay, 1);
  form->addRow(tr("EMA decay"), emaRow);
  m_saveEvery = spinBox(this, 1, 100000000, d.saveEvery);
  form->addRow(tr("Checkpoint every N steps"), m_saveEvery);
  m_sampleEvery = spinBox(this, 0, 100000000, d.sampleEvery);
  m_sampleEvery->setSpecialValueText(tr("never"));
  form->addRow(tr("Sample grid every N steps"), m_sampleEvery);
  m_seed = spinBox(this, 0, 2147483647, static_cast<qint64>(d.seed));
  form->addRow(tr("Seed"), m_seed);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  m_error = addErrorAndStartButtons(this, layout, QStringLiteral("jobDialogError"));
}

void JobDialog::accept() {
  try {
    sdm::ensureWritableFolder(m_runDir->text().trimmed().toStdString(), "run folder");
  } catch (const std::exception& e) {
    m_error->setText(QString::fromStdString(e.what()));
    m_error->show();
    m_runDir->setFocus();
    return;
  }
  m_error->hide();
  QDialog::accept();
}

QString JobDialog::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

sdm::TrainingJob JobDialog::spec() const {
  sdm::TrainingJob job = m_defaults;
  sdm::train::TrainConfig& s = job.config;
  s.runDir = m_runDir->text().trimmed().toStdString();
  s.data.kind = datasetOf(m_dataset);
  s.data.path = m_dataDir->text().trimmed().toStdString();
  s.data.limit = m_limit->value();
  if (m_ch) {
    s.model.ch = m_ch->value();
    s.model.chMult.clear();
    for (const QString& part : m_chMult->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
      s.model.chMult.push_back(part.trimmed().toInt());
    s.model.numResBlocks = m_resBlocks->value();
    if (m_snnSteps) s.model.snnSteps = m_snnSteps->value();
    if (m_bit) s.bit = m_bit->value();
    s.model.imgSize = m_imgSize->value();
  }
  if (m_source) {
    s.sourceCheckpoint = m_source->text().trimmed().toStdString();
    s.sourceWeights = m_sourceWeights->currentText().toStdString();
  }
  if (m_tsmLr) s.tsmLr = m_tsmLr->value();
  if (m_precision)
    s.precision =
        sdm::train::parseTrainPrecision(m_precision->currentData().toString().toStdString());
  s.totalSteps = m_steps->value();
  s.batch = m_batch->value();
  bool ok = false;
  if (const double lr = m_lr->text().toDouble(&ok); ok) s.lr = lr;
  s.warmup = m_warmup->value();
  s.lrDecayFrom = m_lrDecayFrom->value();
  s.ema = m_ema->isChecked();
  if (const double decay = m_emaDecay->text().toDouble(&ok); ok) s.emaDecay = decay;
  s.saveEvery = m_saveEvery->value();
  s.sampleEvery = m_sampleEvery->value();
  s.seed = static_cast<uint64_t>(m_seed->value());
  return job;
}

}  // namespace sdm::studio
