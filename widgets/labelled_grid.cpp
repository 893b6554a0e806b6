#include "labelled_grid.h"

#include <QFont>
#include <QFontMetrics>
#include <QPainter>

#include <algorithm>

namespace sdm::widgets {

QImage renderLabelledGrid(const LabelledGrid& grid, int scale) {
  const int rows = static_cast<int>(grid.cells.size());
  int cols = 0;
  QSize cellImage(32, 32);
  for (const auto& row : grid.cells) {
    cols = std::max(cols, static_cast<int>(row.size()));
    for (const auto& im : row)
      if (!im.isNull()) cellImage = cellImage.expandedTo(im.size());
  }
  cellImage *= std::max(1, scale);
  QFont titleFont("DejaVu Sans", 1);
  titleFont.setPixelSize(20);
  titleFont.setBold(true);
  QFont headerFont("DejaVu Sans", 1);
  headerFont.setPixelSize(16);
  headerFont.setBold(true);
  QFont captionFont("DejaVu Sans", 1);
  captionFont.setPixelSize(14);
  const QFontMetrics hm(headerFont), cm(captionFont), tm(titleFont);

  int rowHeaderWidth = 0;
  for (const auto& l : grid.rowLabels)
    rowHeaderWidth = std::max(rowHeaderWidth, hm.horizontalAdvance(l));
  rowHeaderWidth += 24;
  int captionLines = 1;
  int cellWidth = cellImage.width();
  for (const auto& row : grid.captions)
    for (const auto& c : row) {
      const QStringList lines = c.split('\n');
      captionLines = std::max(captionLines, static_cast<int>(lines.size()));
      for (const auto& line : lines) cellWidth = std::max(cellWidth, cm.horizontalAdvance(line));
    }
  for (const auto& l : grid.columnLabels) cellWidth = std::max(cellWidth, hm.horizontalAdvance(l));
  cellWidth += 16;
  const int captionHeight = captionLines * cm.lineSpacing() + 6;
  const int cellHeight = cellImage.height() + captionHeight + 12;
  const int titleHeight = grid.title.isEmpty() ? 8 : tm.lineSpacing() + 16;
  const int headerHeight = hm.lineSpacing() + 12;

  QImage out(rowHeaderWidth + cols * cellWidth + 8,
             titleHeight + headerHeight + rows * cellHeight + 8, QImage::Format_RGB888);
  out.fill(Qt::white);
  QPainter p(&out);
  p.setPen(Qt::black);
  if (!grid.title.isEmpty()) {
    p.setFont(titleFont);
    p.drawText(QRect(8, 4, out.width() - 16, titleHeight - 4), Qt::AlignLeft | Qt::AlignVCenter,
               grid.title);
  }
  p.setFont(headerFont);
  for (int c = 0; c < cols && c < grid.columnLabels.size(); ++c)
    p.drawText(QRect(rowHeaderWidth + c * cellWidth, titleHeight, cellWidth, headerHeight),
               Qt::AlignCenter, grid.columnLabels[c]);
  for (int r = 0; r < rows; ++r) {
    const int y = titleHeight + headerHeight + r * cellHeight;
    if (r < grid.rowLabels.size()) {
      p.setFont(headerFont);
      p.drawText(QRect(8, y, rowHeaderWidth - 16, cellImage.height()),
                 Qt::AlignRight | Qt::AlignVCenter, grid.rowLabels[r]);
    }
    p.setFont(captionFont);
    const auto& row = grid.cells[static_cast<std::size_t>(r)];
    for (int c = 0; c < static_cast<int>(row.size()); ++c) {
      const int x = rowHeaderWidth + c * cellWidth;
      const QImage& im = row[static_cast<std::size_t>(c)];
      if (!im.isNull()) {
        const QSize s = im.size() * std::max(1, scale);
        p.drawImage(QRect(QPoint(x + (cellWidth - s.width()) / 2, y), s), im);
      }
      if (r < static_cast<int>(grid.captions.size()) &&
          c < static_cast<int>(grid.captions[static_cast<std::size_t>(r)].size()))
        p.drawText(QRect(x, y + cellImage.height() + 4, cellWidth, captionHeight),
                   Qt::AlignHCenter | Qt::AlignTop,
                   grid.captions[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)]);
    }
  }
  return out;
}

}  // namespace sdm::widgets
