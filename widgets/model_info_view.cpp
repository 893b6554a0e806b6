#include "model_info_view.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace sdm::widgets {

namespace {
QString snnSourceText(SnnStepsSource s) {
  switch (s) {
    case SnnStepsSource::Default:
      return ModelInfoView::tr("default; the file does not store it");
    case SnnStepsSource::Checkpoint:
      return ModelInfoView::tr("from the checkpoint");
    case SnnStepsSource::Metadata:
      return ModelInfoView::tr("from the studio's metadata in the file");
    case SnnStepsSource::Flagfile:
      return ModelInfoView::tr("from flagfile.txt beside the checkpoint");
    case SnnStepsSource::User:
      return ModelInfoView::tr("chosen by you");
  }
  return {};
}
}  // namespace

ModelInfoView::ModelInfoView(QWidget* parent)
    : QWidget(parent),
      m_empty(new QLabel(this)),
      m_form(new QWidget(this)),
      m_layout(new QFormLayout(m_form)) {
  m_empty->setWordWrap(true);
  m_empty->setText(
      tr("No model loaded.\n\nOpen a checkpoint (.pt, as written by the SDDPM / SDM training "
         "scripts) with File ▸ Open checkpoint…, drag it onto this window, or start the "
         "studio with --checkpoint FILE."));
  m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  m_layout->setLabelAlignment(Qt::AlignRight);
  const QList<QPair<QString, QString>> rows = {
      {"file", tr("File")},
      {"architecture", tr("Architecture")},
      {"keys", tr("Weights in the file")},
      {"weights", tr("Loaded weights")},
      {"parameters", tr("Parameters")},
      {"snn", tr("SNN time steps T")},
      {"training", tr("Training timesteps")},
      {"layers", tr("IF layers")},
      {"gflops", tr("Dense cost")},
      {"step", tr("Training step")},
      {"sha", tr("SHA-256")},
      {"warnings", tr("Notes")},
  };
  for (const auto& [key, label] : rows) {
    auto* value = new QLabel(m_form);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_layout->addRow(label, value);
    m_values.insert(key, value);
  }
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_empty);
  layout->addWidget(m_form);
  layout->addStretch(1);
  clear();
}

void ModelInfoView::setRow(const QString& key, const QString& value) {
  if (auto* label = m_values.value(key)) label->setText(value);
}

void ModelInfoView::setInfo(const ModelInfo& info) {
  const QLocale locale;
  const ModelConfig& c = info.config;
  QStringList mult;
  for (int m : c.chMult) mult << QString::number(m);
  setRow("file", QFileInfo(QString::fromStdString(info.path)).fileName());
  m_values.value("file")->setToolTip(QString::fromStdString(info.path));
  setRow("architecture",
         tr("%1: ch %2, ch_mult [%3], %4 res block(s) per level, %5 image channel(s), %6×%6")
             .arg(QString::fromStdString(info.className.empty() ? c.className() : info.className))
             .arg(c.ch)
             .arg(mult.join(','))
             .arg(c.numResBlocks)
             .arg(c.imgCh)
             .arg(c.imgSize));
  QStringList keys;
  if (info.hasNet) keys << tr("net_model");
  if (info.hasEma) keys << tr("ema_model (EMA)");
  setRow("keys", keys.isEmpty() ? tr("none") : keys.join(QStringLiteral(", ")));
  setRow("weights", QString::fromStdString(info.weights));
  setRow("parameters",
         tr("%1 (%2 tensors)").arg(locale.toString(qlonglong(info.parameters))).arg(info.tensors));
  setRow("snn", !info.spiking ? tr("none: an ANN (convert it to spike)")
                              : tr("%1 (%2)%3")
                                    .arg(c.snnSteps)
                                    .arg(snnSourceText(c.snnStepsSource))
                                    .arg(info.snnStepsFree ? tr("; free to change")
                                                           : tr("; fixed by the TSM weights")));
  setRow("training",
         tr("%1 (the diffusion chain the model was trained on)").arg(c.trainingTimesteps));
  setRow("layers", QString::number(info.ifLayers));
  setRow("gflops", info.gflopsPerImage < 0
                       ? tr("not estimated for this model")
                       : tr("%1 GFLOP per image per network evaluation (dense, all SNN time steps)")
                             .arg(info.gflopsPerImage, 0, 'f', 3));
  setRow("step", info.step >= 0 ? locale.toString(qlonglong(info.step)) : tr("not stored"));
  setRow("sha", QString::fromStdString(info.sha256).left(16) + QStringLiteral("…"));
  m_values.value("sha")->setToolTip(QString::fromStdString(info.sha256));
  QStringList notes;
  for (const auto& w : info.warnings) notes << QString::fromStdString(w);
  for (const auto& n : info.notes) notes << QString::fromStdString(n);
  setRow("warnings", notes.isEmpty() ? tr("none") : notes.join('\n'));
  m_empty->hide();
  m_form->show();
}

void ModelInfoView::clear() {
  for (auto* label : std::as_const(m_values)) label->clear();
  m_form->hide();
  m_empty->show();
}

QString ModelInfoView::value(const QString& key) const {
  auto* label = m_values.value(key);
  return label && m_form->isVisibleTo(this) ? label->text() : QString();
}

}  // namespace sdm::widgets
