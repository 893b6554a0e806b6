#pragma once
// The Log dock: messages of the core's logger (spdlog), newest at the bottom, with a level filter.
#include <QWidget>

class QComboBox;
class QPlainTextEdit;

namespace sdm::widgets {

class LogView : public QWidget {
  Q_OBJECT
 public:
  explicit LogView(QWidget* parent = nullptr);

  int lineCount() const;
  QString text() const;

 public Q_SLOTS:
  // level: spdlog's numbering (0 trace .. 5 critical).
  void appendMessage(int level, const QString& message);
  void clearLog();

 private:
  QPlainTextEdit* m_text;
  QComboBox* m_minimum;
};

}  // namespace sdm::widgets
