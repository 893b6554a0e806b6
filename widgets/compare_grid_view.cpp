#include "compare_grid_view.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QPainter>

#include <algorithm>

namespace sdm::widgets {

CompareGridView::CompareGridView(QWidget* parent) : QTableWidget(parent) {
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setWordWrap(true);
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  connect(this, &QTableWidget::cellClicked, this, &CompareGridView::cellChosen);
}

void CompareGridView::setAxes(const QStringList& rows, const QStringList& columns) {
  clear();
  setRowCount(static_cast<int>(rows.size()));
  setColumnCount(static_cast<int>(columns.size()));
  setVerticalHeaderLabels(rows);
  setHorizontalHeaderLabels(columns);
  m_cells.assign(static_cast<std::size_t>(rows.size()),
                 std::vector<CompareCell>(static_cast<std::size_t>(columns.size())));
  for (int r = 0; r < rowCount(); ++r)
    for (int c = 0; c < columnCount(); ++c) setCell(r, c, {});
  viewport()->update();
}

void CompareGridView::setCell(int row, int column, const CompareCell& cell) {
  if (row < 0 || column < 0 || row >= rowCount() || column >= columnCount()) return;
  m_cells[static_cast<std::size_t>(row)][static_cast<std::size_t>(column)] = cell;
  auto* item = new QTableWidgetItem;
  QString text = cell.caption;
  if (text.isEmpty())
    text = cell.state == CompareCell::State::Running ? tr("running…") : tr("waiting");
  item->setToolTip(cell.tooltip.isEmpty() ? text : cell.tooltip);
  // One picture per cell: the images with the caption under them.
  const QImage big = cell.image.isNull()
                         ? QImage()
                         : cell.image.scaled(cell.image.size() * m_scale, Qt::IgnoreAspectRatio,
                                             Qt::FastTransformation);
  const QFontMetrics fm(font());
  const QStringList lines = text.split('\n');
  int textWidth = 0;
  for (const auto& l : lines) textWidth = std::max(textWidth, fm.horizontalAdvance(l));
  const int w = std::max(big.width(), std::min(textWidth, 260)) + 8;
  const int h = big.height() + int(lines.size()) * fm.lineSpacing() + 10;
  QPixmap picture(w, h);
  picture.fill(Qt::transparent);
  {
    QPainter p(&picture);
    if (!big.isNull()) p.drawImage((w - big.width()) / 2, 2, big);
    const bool dim =
        cell.state == CompareCell::State::Failed || cell.state == CompareCell::State::Skipped;
    p.setPen(palette().color(dim ? QPalette::PlaceholderText : QPalette::Text));
    p.drawText(QRect(0, big.height() + 6, w, h - big.height() - 6),
               Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, text);
  }
  item->setData(Qt::DecorationRole, picture);
  setIconSize(iconSize().expandedTo(picture.size()));
  setItem(row, column, item);
}

const CompareCell& CompareGridView::cellAt(int row, int column) const {
  return m_cells.at(static_cast<std::size_t>(row)).at(static_cast<std::size_t>(column));
}

void CompareGridView::setImageScale(int scale) { m_scale = std::max(1, scale); }

void CompareGridView::setPlaceholderText(const QString& text) {
  m_placeholder = text;
  viewport()->update();
}

void CompareGridView::paintEvent(QPaintEvent* event) {
  QTableWidget::paintEvent(event);
  if (rowCount() > 0 || m_placeholder.isEmpty()) return;
  QPainter p(viewport());
  p.setPen(palette().color(QPalette::PlaceholderText));
  p.drawText(viewport()->rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
             m_placeholder);
}

}  // namespace sdm::widgets
