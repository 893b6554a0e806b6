#include "job_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "util/atomic_file.h"

namespace sdm::studio {
namespace {

QSpinBox* spin(QWidget* parent, int lo, int hi, qint64 value) {
  auto* s = new QSpinBox(parent);
  s->setRange(lo, hi);
  s->setValue(static_cast<int>(value));
  return s;
}

}  // namespace

JobDialog::JobDialog(const sdm::JobSpec& d, QWidget* parent) : QDialog(parent), m_defaults(d) {
  const bool ann = d.kind == sdm::JobKind::TrainAnn;
  const bool train = d.kind == sdm::JobKind::Train || ann;
  setWindowTitle(ann     ? tr("New ANN training (ANN→SNN conversion)")
                 : train ? tr("New training")
                         : tr("New TSM finetune"));
  auto* form = new QFormLayout;
  auto withBrowse = [this](QLineEdit* edit, bool folder) {
    auto* row = new QHBoxLayout;
    auto* button = new QPushButton(tr("Browse…"), this);
    connect(button, &QPushButton::clicked, this, [this, edit, folder] { browse(edit, folder); });
    row->addWidget(edit, 1);
    row->addWidget(button);
    return row;
  };
  m_runDir = new QLineEdit(QString::fromStdString(d.runDir), this);
  m_runDir->setToolTip(
      tr("Checkpoints, metrics.jsonl and sample grids go here; a folder that "
         "already holds a run is resumed"));
  form->addRow(tr("Run folder"), withBrowse(m_runDir, true));
  if (!train) {
    m_source = new QLineEdit(QString::fromStdString(d.sourceCheckpoint), this);
    form->addRow(tr("Spk_UNet checkpoint"), withBrowse(m_source, false));
    m_sourceWeights = new QComboBox(this);
    m_sourceWeights->addItems({QStringLiteral("net"), QStringLiteral("ema")});
    m_sourceWeights->setCurrentText(QString::fromStdString(d.sourceWeights));
    form->addRow(tr("Start from weights"), m_sourceWeights);
  }
  m_dataset = new QComboBox(this);
  m_dataset->addItems({QStringLiteral("fashion-mnist"), QStringLiteral("mnist"),
                       QStringLiteral("cifar10"), QStringLiteral("folder"), QStringLiteral("idx")});
  m_dataset->setCurrentText(QString::fromStdString(d.dataset));
  form->addRow(tr("Dataset"), m_dataset);
  m_dataDir = new QLineEdit(QString::fromStdString(d.dataDir), this);
  m_dataDir->setPlaceholderText(tr("default: the Debian Fashion-MNIST package"));
  form->addRow(tr("Data folder"), withBrowse(m_dataDir, true));
  m_limit = spin(this, 0, 100000000, d.limit);
  m_limit->setSpecialValueText(tr("all images"));
  form->addRow(tr("Use only the first N images"), m_limit);
  if (train) {
    m_ch = spin(this, 1, 1024, d.ch);
    form->addRow(tr("Base channels (ch)"), m_ch);
    QStringList mult;
    for (int m : d.chMult) mult << QString::number(m);
    m_chMult = new QLineEdit(mult.join(QLatin1Char(',')), this);
    form->addRow(tr("Channel multipliers (ch_mult)"), m_chMult);
    m_resBlocks = spin(this, 1, 8, d.numResBlocks);
    form->addRow(tr("ResBlocks per level"), m_resBlocks);
    if (ann) {
      m_bit = spin(this, 1, 32, d.bit);
      m_bit->setToolTip(
          tr("Quantized ReLUs with 2^bit levels; the converted SNN runs 2^bit − 1 "
             "time steps (32: plain ReLU, not convertible)"));
      form->addRow(tr("Activation bits"), m_bit);
    } else {
      m_snnSteps = spin(this, 1, 64, d.snnSteps);
      form->addRow(tr("SNN time steps T"), m_snnSteps);
    }
    m_imgSize = spin(this, 8, 256, d.imgSize);
    form->addRow(tr("Image size"), m_imgSize);
  }
  m_steps = spin(this, 1, 100000000, d.totalSteps);
  form->addRow(tr("Total steps"), m_steps);
  m_batch = spin(this, 1, 4096, d.batch);
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
  m_warmup = spin(this, 0, 100000000, d.warmup);
  form->addRow(tr("Warmup steps"), m_warmup);
  m_lrDecayFrom = spin(this, 0, 100000000, d.lrDecayFrom);
  m_lrDecayFrom->setSpecialValueText(tr("off (constant)"));
  m_lrDecayFrom->setToolTip(
      tr("From this step the learning rate falls linearly to 0 at the last step: a cooldown "
         "that settles the weights of a short run."));
  form->addRow(tr("Learning-rate decay from step"), m_lrDecayFrom);
  m_ema = new QCheckBox(tr("EMA copy of the weights"), this);
  m_ema->setChecked(d.ema);
  m_emaDecay = new QLineEdit(QString::number(d.emaDecay, 'g', 6), this);
  auto* emaRow = new QHBoxLayout;
  emaRow->addWidget(m_ema);
  emaRow->addWidget(m_emaDecay, 1);
  form->addRow(tr("EMA decay"), emaRow);
  m_saveEvery = spin(this, 1, 100000000, d.saveEvery);
  form->addRow(tr("Checkpoint every N steps"), m_saveEvery);
  m_sampleEvery = spin(this, 0, 100000000, d.sampleEvery);
  m_sampleEvery->setSpecialValueText(tr("never"));
  form->addRow(tr("Sample grid every N steps"), m_sampleEvery);
  m_seed = spin(this, 0, 2147483647, static_cast<qint64>(d.seed));
  form->addRow(tr("Seed"), m_seed);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  m_error = new QLabel(this);
  m_error->setObjectName(QStringLiteral("jobDialogError"));
  m_error->setWordWrap(true);
  m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
  m_error->hide();
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_error);
  layout->addWidget(buttons);
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

void JobDialog::browse(QLineEdit* edit, bool folder) {
  const QString path =
      folder ? QFileDialog::getExistingDirectory(this, tr("Choose a folder"), edit->text())
             : QFileDialog::getOpenFileName(this, tr("Choose a checkpoint"), edit->text(),
                                            tr("Checkpoints (*.pt)"));
  if (!path.isEmpty()) edit->setText(path);
}

sdm::JobSpec JobDialog::spec() const {
  sdm::JobSpec s = m_defaults;
  s.runDir = m_runDir->text().trimmed().toStdString();
  s.dataset = m_dataset->currentText().toStdString();
  s.dataDir = m_dataDir->text().trimmed().toStdString();
  s.limit = m_limit->value();
  if (m_ch) {
    s.ch = m_ch->value();
    s.chMult.clear();
    for (const QString& part : m_chMult->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
      s.chMult.push_back(part.trimmed().toInt());
    s.numResBlocks = m_resBlocks->value();
    if (m_snnSteps) s.snnSteps = m_snnSteps->value();
    if (m_bit) s.bit = m_bit->value();
    s.imgSize = m_imgSize->value();
  }
  if (m_source) {
    s.sourceCheckpoint = m_source->text().trimmed().toStdString();
    s.sourceWeights = m_sourceWeights->currentText().toStdString();
    s.tsmLr = m_tsmLr->value();
  }
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
  return s;
}

}  // namespace sdm::studio
