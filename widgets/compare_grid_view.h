#pragma once
// The comparison grid: one row per solver, one column per diffusion-step count (or NFE budget);
// every cell shows its images and NFE, wall time and energy. Clicking a cell reports it.
#include <QImage>
#include <QTableWidget>

namespace sdm::widgets {

struct CompareCell {
  QImage image;     // the cell's images as one small grid; null while pending
  QString caption;  // "NFE 10 · 0.21 s · 3.1 µJ/image", or why the cell failed
  QString tooltip;
  enum class State { Pending, Running, Done, Failed, Skipped } state = State::Pending;
};

class CompareGridView : public QTableWidget {
  Q_OBJECT
 public:
  explicit CompareGridView(QWidget* parent = nullptr);

  void setAxes(const QStringList& rows, const QStringList& columns);
  void setCell(int row, int column, const CompareCell& cell);
  const CompareCell& cellAt(int row, int column) const;
  void setImageScale(int scale);
  void setPlaceholderText(const QString& text);

 Q_SIGNALS:
  void cellChosen(int row, int column);

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<std::vector<CompareCell>> m_cells;
  int m_scale = 2;
  QString m_placeholder;
};

}  // namespace sdm::widgets
