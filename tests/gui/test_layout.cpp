// The studio as a user meets it at 1280×800 and 1920×1080: the demo generates on first open, and
// in every view no visible control is clipped (text cut, frame outside its parent), no dock needs
// a horizontal scroll bar, and every plot has a readable size. Screenshots of each view are written
// next to the test (and to $SDM_SCREENSHOT_DIR when set) to be looked at.
#include <qcustomplot.h>

#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>

#include "demo_model.h"
#include "generate_controller.h"
#include "generate_panel.h"
#include "main_window.h"
#include "model_controller.h"
#include "plot_style.h"

using namespace sdm::studio;

namespace {

QString name(const QWidget* w) {
  QString text;
  if (auto* b = qobject_cast<const QAbstractButton*>(w)) text = b->text();
  if (auto* l = qobject_cast<const QLabel*>(w)) text = l->text().left(40);
  return QStringLiteral("%1 '%2' (%3)")
      .arg(QString::fromLatin1(w->metaObject()->className()), text, w->objectName());
}

// Inside a scroll area's viewport, content may scroll (vertically; the docks forbid horizontal).
bool scrolls(const QWidget* w) {
  auto* area = qobject_cast<const QAbstractScrollArea*>(w->parentWidget());
  return area && area->viewport() == w;
}

// Text shown in full: the control is at least as large as its minimum size hint.
bool textClipped(const QWidget* w) {
  const bool hasText =
      qobject_cast<const QAbstractButton*>(w) || qobject_cast<const QComboBox*>(w) ||
      qobject_cast<const QAbstractSpinBox*>(w) || qobject_cast<const QProgressBar*>(w);
  if (auto* l = qobject_cast<const QLabel*>(w)) {
    if (l->text().isEmpty() || !l->pixmap().isNull()) return false;
    if (l->wordWrap()) return l->height() + 1 < l->heightForWidth(l->width());
    return l->width() + 1 < l->minimumSizeHint().width();
  }
  if (!hasText) return false;
  const QSize hint = w->minimumSizeHint();
  return w->width() + 1 < hint.width() || w->height() + 1 < hint.height();
}

// The widget's frame lies inside every ancestor up to the window (or to a scrolling viewport).
bool frameClipped(const QWidget* w) {
  QRect r = w->rect();
  const QWidget* child = w;
  for (const QWidget* a = w->parentWidget(); a; a = a->parentWidget()) {
    r.translate(child->pos());
    if (scrolls(a)) return false;
    if (!a->rect().adjusted(-1, -1, 1, 1).contains(r)) return true;
    if (a->isWindow()) return false;
    child = a;
  }
  return false;
}

// A dock behind another one of its tab group is parked off screen by QMainWindow.
bool inDockTabbedAway(const QWidget* w) {
  for (; w; w = w->parentWidget())
    if (auto* dock = qobject_cast<const QDockWidget*>(w)) return dock->visibleRegion().isEmpty();
  return false;
}

QStringList layoutProblems(QMainWindow* window) {
  QStringList problems;
  for (QWidget* w : window->findChildren<QWidget*>()) {
    if (!w->isVisible() || w->isWindow() || inDockTabbedAway(w)) continue;
    // Scroll bars, and the dock title's icon buttons, have no text to cut.
    if (qobject_cast<QScrollBar*>(w) ||
        w->objectName().startsWith(QLatin1String("qt_dockwidget_")) ||
        w->inherits("QTableCornerButton"))
      continue;
    if (textClipped(w))
      problems << QStringLiteral("text clipped: ") + name(w);
    else if (frameClipped(w))
      problems << QStringLiteral("outside its parent: ") + name(w);
  }
  // Scroll areas without scroll bars must show all of their content (tables, panels).
  for (auto* area : window->findChildren<QAbstractScrollArea*>()) {
    if (!area->isVisible() || inDockTabbedAway(area)) continue;
    if (area->horizontalScrollBarPolicy() == Qt::ScrollBarAlwaysOff &&
        area->horizontalScrollBar()->maximum() > 0)
      problems << QStringLiteral("content cut at the right: ") + name(area->parentWidget());
    if (area->verticalScrollBarPolicy() == Qt::ScrollBarAlwaysOff &&
        area->verticalScrollBar()->maximum() > 0)
      problems << QStringLiteral("content cut at the bottom: ") + name(area->parentWidget());
  }
  if (window->size() != window->property("requestedSize").toSize()) {
    for (auto* tabs : window->findChildren<QTabWidget*>())
      for (int i = 0; i < tabs->count(); ++i)
        qInfo("  page %s needs %d×%d", qPrintable(tabs->tabText(i)),
              tabs->widget(i)->minimumSizeHint().width(),
              tabs->widget(i)->minimumSizeHint().height());
    for (auto* dock : window->findChildren<QDockWidget*>())
      qInfo("  dock %s needs %d×%d", qPrintable(dock->windowTitle()),
            dock->minimumSizeHint().width(), dock->minimumSizeHint().height());
  }
  if (window->size() != window->property("requestedSize").toSize())
    problems << QStringLiteral("the window needs %1×%2, more than the screen's %3×%4")
                    .arg(window->width())
                    .arg(window->height())
                    .arg(window->property("requestedSize").toSize().width())
                    .arg(window->property("requestedSize").toSize().height());
  for (auto* dock : window->findChildren<QDockWidget*>()) {
    if (!dock->isVisible()) continue;
    for (auto* area : dock->findChildren<QAbstractScrollArea*>())
      if (area->isVisible() && area->horizontalScrollBar()->isVisible())
        problems << QStringLiteral("horizontal scroll bar in dock ") + dock->windowTitle();
  }
  for (auto* plot : window->findChildren<QCustomPlot*>()) {
    if (!plot->isVisible()) continue;
    const QString owner = QString::fromLatin1(plot->parentWidget()->metaObject()->className());
    if (plot->width() < 250 || plot->height() < 150)
      problems << QStringLiteral("plot too small (%1×%2): %3")
                      .arg(plot->width())
                      .arg(plot->height())
                      .arg(owner);
    // Titles are single lines centred in the plot: cut when wider than it.
    for (auto* element : plot->plotLayout()->elements(true))
      if (auto* title = qobject_cast<QCPTextElement*>(element))
        if (QFontMetrics(title->font()).horizontalAdvance(title->text()) > plot->width() - 8)
          problems << QStringLiteral("plot title cut: '%1' in %2").arg(title->text(), owner);
  }
  return problems;
}

}  // namespace

class TestLayout : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyViewFitsAtNormalSizes_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
  }

  void everyViewFitsAtNormalSizes() {
    QFETCH(QSize, size);
    const QString demo = findDemoModel();
    QVERIFY2(!demo.isEmpty(), "the bundled demo model was not found");
    StudioOptions options;
    options.persistSettings = false;
    options.language = QStringLiteral("en");
    options.generateDemo = 1;  // what a first start does (a throw-away settings file says off)
    useDemoModel(options);
    MainWindow window(options);
    window.resize(size);
    window.setProperty("requestedSize", size);
    QSignalSpy finished(window.generateController(), &GenerateController::runFinished);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.modelController()->open(options.checkpoint);
    // The demo generates on its first open, without a click.
    QVERIFY(finished.wait(120000));
    const auto result = finished.last().first().value<ResultPtr>();
    QVERIFY(result && !result->images.empty() && result->spikes);
    QCOMPARE(window.generatePanel()->progressBar()->text().contains(QLatin1String("/")), true);

    const QString outDir = QDir::current().filePath(QStringLiteral("layout-screenshots"));
    QDir().mkpath(outDir);
    const QString extra = qEnvironmentVariable("SDM_SCREENSHOT_DIR");
    QStringList problems;
    for (const QString& view :
         {QStringLiteral("generate"), QStringLiteral("spikes"), QStringLiteral("compare"),
          QStringLiteral("model"), QStringLiteral("jobs"), QStringLiteral("log"),
          QStringLiteral("export")}) {
      window.showView(view);
      QCoreApplication::processEvents();
      sdm::widgets::replotAll(&window);
      for (const QString& p : layoutProblems(&window)) problems << view + QStringLiteral(": ") + p;
      const QImage shot = window.grab().toImage();
      const QString file =
          QStringLiteral("studio-%1x%2-%3.png").arg(size.width()).arg(size.height()).arg(view);
      QVERIFY(shot.save(QDir(outDir).filePath(file)));
      if (!extra.isEmpty()) shot.save(QDir(extra).filePath(file));
    }
    problems.removeDuplicates();
    if (!problems.isEmpty()) qWarning("%s", qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 layout problem(s)").arg(problems.size())));
  }
};

QTEST_MAIN(TestLayout)
#include "test_layout.moc"
