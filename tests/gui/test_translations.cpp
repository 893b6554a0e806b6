// The translations are complete: every message of both .ts files is finished, keeps the source's
// placeholders, and the Chinese ones are Chinese.
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Message {
  QString source, translation;
  QStringList forms;
  bool finished = true, numerus = false;
};

QList<Message> readTs(const QString& path) {
  QList<Message> out;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return out;
  QXmlStreamReader xml(&f);
  Message m;
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement() && xml.name() == QLatin1String("message")) {
      m = Message();
      m.numerus = xml.attributes().value("numerus") == QLatin1String("yes");
    } else if (xml.isStartElement() && xml.name() == QLatin1String("source")) {
      m.source = xml.readElementText();
    } else if (xml.isStartElement() && xml.name() == QLatin1String("translation")) {
      const auto type = xml.attributes().value("type");
      m.finished = type.isEmpty();
      if (!m.numerus) m.translation = xml.readElementText();
    } else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
      m.forms << xml.readElementText();
    } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
      if (m.numerus && !m.forms.isEmpty()) m.translation = m.forms.first();
      out << m;
    }
  }
  return out;
}

QSet<QString> placeholders(const QString& s) {
  QSet<QString> out;
  auto it = QRegularExpression(QStringLiteral("%(\\d|n)")).globalMatch(s);
  while (it.hasNext()) out.insert(it.next().captured());
  return out;
}

bool hasCjk(const QString& s) {
  for (QChar c : s)
    if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
  return false;
}

}  // namespace

class TestTranslations : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void everyMessageIsTranslated_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("en") << QStringLiteral(SDM_SOURCE_DIR "/translations/sdm_studio_en.ts");
    QTest::newRow("zh_CN") << QStringLiteral(SDM_SOURCE_DIR "/translations/sdm_studio_zh_CN.ts");
  }

  void everyMessageIsTranslated() {
    QFETCH(QString, file);
    const QList<Message> messages = readTs(file);
    QVERIFY2(messages.size() > 200,
             qPrintable(QString("only %1 messages in %2").arg(messages.size()).arg(file)));
    const bool chinese = file.contains("zh_CN");
    int cjk = 0;
    for (const Message& m : messages) {
      QVERIFY2(m.finished, qPrintable("unfinished: " + m.source));
      QVERIFY2(!m.translation.isEmpty(), qPrintable("empty: " + m.source));
      if (m.numerus) {
        QVERIFY2(m.forms.size() == (chinese ? 1 : 2), qPrintable("plural forms: " + m.source));
        for (const QString& form : m.forms)
          QVERIFY2(form.contains("%n"), qPrintable("no %n: " + form));
      }
      QVERIFY2(placeholders(m.source) == placeholders(m.translation),
               qPrintable("placeholders differ: " + m.source));
      if (chinese && hasCjk(m.translation)) ++cjk;
      // Chinese for every message that has English words in it.
      if (chinese && QRegularExpression(QStringLiteral("[A-Za-z]{3,} [A-Za-z]{3,}"))
                         .match(m.source)
                         .hasMatch())
        QVERIFY2(hasCjk(m.translation), qPrintable("not translated: " + m.source));
    }
    if (chinese) QVERIFY(cjk > messages.size() * 8 / 10);
  }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
