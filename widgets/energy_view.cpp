#include "energy_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "plot_style.h"

namespace sdm::widgets {

EnergyView::EnergyView(QWidget* parent)
    : QWidget(parent), m_table(new QTableWidget(3, 4, this)), m_note(new QLabel(this)) {
  m_table->setHorizontalHeaderLabels({tr("SNN"), tr("ANN"), tr("ratio"), tr("ops")});
  m_table->horizontalHeaderItem(1)->setToolTip(tr("ANN baseline: the same U-Net without spikes"));
  m_table->horizontalHeaderItem(2)->setToolTip(tr("SNN energy / ANN energy"));
  m_table->horizontalHeaderItem(3)->setToolTip(
      tr("Synaptic operations (SOPs) plus multiply-accumulates (MACs)"));
  m_table->setVerticalHeaderLabels({tr("Step, 1 image"), tr("Run, 1 image"), tr("Run, all")});
  m_table->verticalHeaderItem(0)->setToolTip(
      tr("One network evaluation of one image at the chosen diffusion step"));
  m_table->verticalHeaderItem(1)->setToolTip(tr("Every network evaluation of one image"));
  m_table->verticalHeaderItem(2)->setToolTip(
      tr("Every network evaluation of every image of the run"));
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionMode(QAbstractItemView::NoSelection);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
  m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // Never narrower than its content: the numbers are the point of the table.
  m_table->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed);
  m_note->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* title = new QLabel(tr("<b>Energy estimate</b>"), this);
  title->setToolTip(tr(
      "Compute only: SOPs × E_AC for layers fed by spikes, MACs × E_MAC for layers fed by analog "
      "values. ANN baseline: the same U-Net without spikes, every layer dense, once."));
  title->setWordWrap(true);
  layout->addWidget(title);
  layout->addWidget(m_table);
  layout->addWidget(m_note);
  clear();
}

void EnergyView::setRow(int row, const QString& what, const EnergyEstimate* e, double multiplier) {
  auto put = [&](int col, const QString& text) {
    auto* item = m_table->item(row, col);
    if (!item) {
      item = new QTableWidgetItem;
      item->setTextAlignment(Qt::AlignCenter);
      m_table->setItem(row, col, item);
    }
    item->setText(text);
    item->setToolTip(what);
  };
  if (!e) {
    for (int c = 0; c < 4; ++c) put(c, QStringLiteral("—"));
    return;
  }
  put(0, formatEnergy(e->picojoules * multiplier));
  put(1, formatEnergy(e->annPicojoules * multiplier));
  put(2, QString::number(e->ratioToAnn(), 'f', 3));
  put(3, formatCount((e->sops + e->macs) * multiplier));
}

void EnergyView::setEstimates(const std::optional<EnergyEstimate>& atStep,
                              const std::optional<EnergyEstimate>& run, int evaluations,
                              int images) {
  setRow(0, tr("one network evaluation of one image at the chosen diffusion step"),
         atStep ? &*atStep : nullptr, 1.0);
  setRow(1, tr("%n network evaluation(s) of one image", nullptr, evaluations),
         run ? &*run : nullptr, evaluations);
  setRow(2, tr("%n image(s)", nullptr, images), run ? &*run : nullptr,
         double(evaluations) * images);
  const EnergyEstimate* e = run ? &*run : atStep ? &*atStep : nullptr;
  m_note->setText(e ? tr("Costs: %1 (E_MAC %2 pJ, E_AC %3 pJ). Run: %n image(s).", nullptr, images)
                          .arg(QString::fromStdString(e->costs.name))
                          .arg(e->costs.macPicojoule)
                          .arg(e->costs.acPicojoule)
                    : QString());
}

void EnergyView::clear() { setEstimates(std::nullopt, std::nullopt, 0, 0); }

QString EnergyView::cellText(int row, int column) const {
  auto* item = m_table->item(row, column);
  return item ? item->text() : QString();
}

}  // namespace sdm::widgets
