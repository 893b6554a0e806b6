#include "language.h"

#include <QApplication>
#include <QLocale>
#include <QTranslator>

namespace sdm::studio {

QStringList availableLanguages() { return {QStringLiteral("en"), QStringLiteral("zh_CN")}; }

QString languageName(const QString& code) {
  return code == QLatin1String("zh_CN") ? QStringLiteral("中文（简体）")
                                        : QStringLiteral("English");
}

QString installLanguage(QApplication& app, const QString& code) {
  QString lang = code;
  if (lang.isEmpty())
    lang = QLocale::system().name().startsWith(QLatin1String("zh")) ? QStringLiteral("zh_CN")
                                                                    : QStringLiteral("en");
  if (!availableLanguages().contains(lang)) lang = QStringLiteral("en");
  auto* translator = new QTranslator(&app);
  if (translator->load(QStringLiteral(":/i18n/sdm_studio_%1.qm").arg(lang))) {
    QApplication::installTranslator(translator);
  } else {
    delete translator;
  }
  if (lang == QLatin1String("zh_CN"))
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
  return lang;
}

}  // namespace sdm::studio
