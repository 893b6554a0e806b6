#pragma once
// Interface language: English (the source) or Simplified Chinese, from the command line, the
// saved choice or the system locale. Switching at run time asks for a restart (every string is
// built once, when its widget is made).
#include <QString>
#include <QStringList>

class QApplication;

namespace sdm::studio {

QStringList availableLanguages();  // "en", "zh_CN"
QString languageName(const QString& code);
// Installs the translator for `code` (empty: system locale); returns the code in effect.
QString installLanguage(QApplication& app, const QString& code);

}  // namespace sdm::studio
