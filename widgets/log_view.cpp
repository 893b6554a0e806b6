#include "log_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sdm::widgets {

LogView::LogView(QWidget* parent)
    : QWidget(parent), m_text(new QPlainTextEdit(this)), m_minimum(new QComboBox(this)) {
  m_text->setReadOnly(true);
  m_text->setMaximumBlockCount(5000);  // bounded: a long session must not grow without end
  m_text->setFont(QFont("DejaVu Sans Mono", 9));
  m_text->setPlaceholderText(
      tr("Messages of the core (model loading, runs, warnings) appear here."));
  m_minimum->addItem(tr("debug and above"), 1);
  m_minimum->addItem(tr("info and above"), 2);
  m_minimum->addItem(tr("warnings and errors"), 3);
  m_minimum->setCurrentIndex(1);
  auto* clear = new QPushButton(tr("Clear"), this);
  connect(clear, &QPushButton::clicked, this, &LogView::clearLog);
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Show"), this));
  bar->addWidget(m_minimum);
  bar->addStretch(1);
  bar->addWidget(clear);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addLayout(bar);
  layout->addWidget(m_text, 1);
}

void LogView::appendMessage(int level, const QString& message) {
  if (level < m_minimum->currentData().toInt()) return;
  static const char* colors[] = {"#888888", "#888888", "", "#b36b00", "#c00000", "#c00000"};
  const QString color = level >= 0 && level < 6 ? QString::fromLatin1(colors[level]) : QString();
  const QString escaped = message.toHtmlEscaped();
  m_text->appendHtml(
      color.isEmpty() ? escaped
                      : QStringLiteral("<span style=\"color:%1\">%2</span>").arg(color, escaped));
}

void LogView::clearLog() { m_text->clear(); }

int LogView::lineCount() const { return m_text->document()->isEmpty() ? 0 : m_text->blockCount(); }

QString LogView::text() const { return m_text->toPlainText(); }

}  // namespace sdm::widgets
