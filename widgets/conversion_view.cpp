#include "conversion_view.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sdm::widgets {
namespace {

QString number(double v, int decimals) {
  return v < 0 ? QStringLiteral("—") : QString::number(v, 'f', decimals);
}

QString percentChange(double from, double to) {
  const double p = 100.0 * (to - from) / from;
  return QStringLiteral("%1%2 %").arg(p > 0 ? QStringLiteral("+") : QString()).arg(p, 0, 'f', 1);
}

}  // namespace

ConversionView::ConversionView(QWidget* parent)
    : QWidget(parent),
      m_headline(new QLabel(this)),
      m_table(new QTableWidget(0, Columns, this)),
      m_comparison(new QLabel(this)),
      m_convert(new QPushButton(tr("Convert the ANN…"), this)),
      m_finetune(new QPushButton(tr("Fine-tune the SNN…"), this)),
      m_evaluate(new QPushButton(tr("Evaluate selected…"), this)),
      m_open(new QPushButton(tr("Open selected"), this)) {
  m_headline->setWordWrap(true);
  m_headline->setTextFormat(Qt::RichText);
  m_comparison->setWordWrap(true);
  m_table->setHorizontalHeaderLabels({tr("Model"), tr("Bits → T · check · tuning"), tr("FD"),
                                      tr("KID"), tr("IS analogue"), tr("Confident"),
                                      tr("Class entropy"), tr("Scored with")});
  m_table->verticalHeader()->hide();
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_table->horizontalHeader()->setSectionResizeMode(Detail, QHeaderView::Stretch);
  m_table->horizontalHeader()->setSectionResizeMode(Settings, QHeaderView::Stretch);
  m_table->setWordWrap(true);
  m_convert->setToolTip(tr("IF neurons at the ANN's learnt clipping values, 2^bit − 1 steps"));
  m_finetune->setToolTip(tr("SDM's block-wise fine-tuning of the converted SNN against the ANN"));
  m_evaluate->setToolTip(
      tr("Scores of the selected model with the Generate panel's solver, steps and seed"));
  connect(m_convert, &QPushButton::clicked, this, [this] { Q_EMIT convertRequested(); });
  connect(m_finetune, &QPushButton::clicked, this, [this] { Q_EMIT finetuneRequested(); });
  connect(m_evaluate, &QPushButton::clicked, this,
          [this] { Q_EMIT evaluateRequested(selectedStage()); });
  connect(m_open, &QPushButton::clicked, this, [this] { Q_EMIT openRequested(selectedStage()); });
  connect(m_table, &QTableWidget::itemSelectionChanged, this, &ConversionView::updateRowActions);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_convert);
  buttons->addWidget(m_finetune);
  buttons->addStretch(1);
  buttons->addWidget(m_evaluate);
  buttons->addWidget(m_open);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_headline);
  layout->addWidget(m_table, 1);
  layout->addWidget(m_comparison);
  layout->addLayout(buttons);
  setActions(false, false);
  updateRowActions();
}

void ConversionView::setHeadline(const QString& text) { m_headline->setText(text); }

void ConversionView::setStages(const QVector<ConversionStage>& stages) {
  const int selected = selectedStage();
  m_stages = stages;
  m_table->setRowCount(stages.size());
  for (int row = 0; row < stages.size(); ++row) {
    const ConversionStage& s = stages[row];
    auto set = [&](int column, const QString& text, const QString& tip = {}) {
      auto* item = new QTableWidgetItem(text);
      item->setToolTip(tip.isEmpty() ? text : tip);
      if (column >= Fd && column <= Entropy)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      m_table->setItem(row, column, item);
    };
    set(Stage,
        s.path.isEmpty() ? tr("%1 (not yet)").arg(s.name)
                         : QStringLiteral("%1\n%2").arg(s.name, QFileInfo(s.path).fileName()),
        s.path);
    set(Detail, s.detail);
    set(Fd, s.scored ? number(s.fd, 2) : QStringLiteral("—"), s.fdName);
    set(Kid, s.scored ? number(s.kid, 4) : QStringLiteral("—"));
    set(IsAnalogue, s.scored ? number(s.isAnalogue, 3) : QStringLiteral("—"));
    set(Confident, s.scored && s.confident >= 0
                       ? QStringLiteral("%1 %").arg(100 * s.confident, 0, 'f', 1)
                       : QStringLiteral("—"));
    set(Entropy, s.scored ? number(s.classEntropy, 3) : QStringLiteral("—"));
    set(Settings, s.scored ? tr("N = %1 · %2").arg(s.n).arg(s.settings) : tr("not evaluated"));
  }
  m_table->resizeRowsToContents();
  m_comparison->setText(comparisonText(stages));
  if (selected >= 0 && selected < stages.size()) selectStage(selected);
  updateRowActions();
}

void ConversionView::setActions(bool canConvert, bool canFinetune) {
  m_convert->setEnabled(canConvert);
  m_finetune->setEnabled(canFinetune);
}

int ConversionView::selectedStage() const {
  const auto rows = m_table->selectionModel()->selectedRows();
  return rows.isEmpty() ? -1 : rows.first().row();
}

void ConversionView::selectStage(int row) { m_table->selectRow(row); }

void ConversionView::updateRowActions() {
  const int row = selectedStage();
  const bool file = row >= 0 && row < m_stages.size() && !m_stages[row].path.isEmpty();
  m_evaluate->setEnabled(file);
  m_open->setEnabled(file);
}

QString ConversionView::comparisonText(const QVector<ConversionStage>& stages) {
  QVector<const ConversionStage*> scored;
  for (const ConversionStage& s : stages)
    if (s.scored) scored.append(&s);
  if (scored.size() < 2)
    return tr(
        "Evaluate at least two of the models (same N, solver, steps and seed) to compare "
        "them here.");
  for (const ConversionStage* s : scored)
    if (s->n != scored.front()->n || s->settings != scored.front()->settings ||
        s->fdName != scored.front()->fdName)
      return tr(
          "The scores were made with different settings (N, solver, steps, seed or "
          "extractor): evaluate them alike to compare.");
  QStringList steps;
  for (int i = 1; i < scored.size(); ++i)
    steps << tr("%1 → %2: FD %3 → %4 (%5)")
                 .arg(scored[i - 1]->name, scored[i]->name)
                 .arg(scored[i - 1]->fd, 0, 'f', 2)
                 .arg(scored[i]->fd, 0, 'f', 2)
                 .arg(percentChange(scored[i - 1]->fd, scored[i]->fd));
  return steps.join(QStringLiteral(" · "));
}

}  // namespace sdm::widgets
