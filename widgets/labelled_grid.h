#pragma once
// A comparison grid as one image with a readable legend: a title, column headers, row headers and
// a caption under every cell (the A1111 X/Y plot complaint: legends too small to read).
#include <QImage>
#include <QString>
#include <QStringList>

#include <vector>

namespace sdm::widgets {

struct LabelledGrid {
  QString title;
  QStringList rowLabels, columnLabels;
  std::vector<std::vector<QImage>> cells;      // [row][column]; a null image leaves the cell empty
  std::vector<std::vector<QString>> captions;  // [row][column], may be shorter
};

// Cell images are scaled by an integer factor (nearest neighbour); fonts are at least 14 px.
QImage renderLabelledGrid(const LabelledGrid& grid, int scale = 2);

}  // namespace sdm::widgets
