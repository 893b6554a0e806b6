// sdm-studio's command line: --screenshot generates, waits for the views and writes a PNG that
// shows something; bad arguments fail with a message.
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "test_util.h"

namespace {

// Whether `image`, enlarged by an integer zoom (nearest neighbour), appears in `shot`.
bool containsScaled(const QImage& shot, const QImage& image) {
  const QImage s = shot.convertToFormat(QImage::Format_RGB32);
  const QImage im = image.convertToFormat(QImage::Format_RGB32);
  for (int zoom = 1; zoom <= 8; ++zoom)
    for (int y = 0; y + im.height() * zoom <= s.height(); ++y)
      for (int x = 0; x + im.width() * zoom <= s.width(); ++x) {
        bool same = true;
        for (int j = 0; same && j < im.height(); ++j)
          for (int i = 0; same && i < im.width(); ++i)
            same = s.pixel(x + i * zoom, y + j * zoom) == im.pixel(i, j);
        if (same) return true;
      }
  return false;
}

}  // namespace

class TestScreenshot : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void screenshotOfEveryView_data() {
    QTest::addColumn<QString>("view");
    for (const char* v : {"generate", "spikes", "compare"}) QTest::newRow(v) << QString(v);
  }

  void screenshotOfEveryView() {
    QFETCH(QString, view);
    QTemporaryDir dir;
    const QString out = dir.filePath("shot.png");
    const auto r = sdmtest::run(
        sdmtest::bin("sdm-studio"),
        {"--checkpoint", QString::fromStdString(sdmtest::golden("tiny_sddpm_ckpt.pt")), "--solver",
         "ddim", "--steps", "6", "--seed", "0", "--threshold", "1.003", "--precision", "exact",
         "--view", view, "--size", "1200x800", "--screenshot", out},
        300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2((r.out + r.err).contains("θ 1.003"), qPrintable(r.out + r.err));  // guidance applied
    const QImage shot(out);
    QCOMPARE(shot.size(), QSize(1200, 800));
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 3)
      for (int x = 0; x < shot.width(); x += 3) colours.insert(shot.pixel(x, y));
    QVERIFY2(colours.size() > 50, "the screenshot is (nearly) blank");
    if (view == QLatin1String("generate")) {
      // The grid shows the very images `sdm-cli sample` makes with the same settings.
      const QString grid = dir.filePath("grid.png");
      const auto s = sdmtest::run(sdmtest::bin("sdm-cli"),
                                  {"sample",
                                   "--checkpoint",
                                   QString::fromStdString(sdmtest::golden("tiny_sddpm_ckpt.pt")),
                                   "--solver",
                                   "ddim",
                                   "--steps",
                                   "6",
                                   "--seed",
                                   "0",
                                   "--threshold",
                                   "1.003",
                                   "--batch",
                                   "4",
                                   "--nrow",
                                   "4",
                                   "--padding",
                                   "0",
                                   "--quiet",
                                   "--out",
                                   grid},
                                  300000);
      QVERIFY2(s.exitCode == 0, qPrintable(s.err));
      const QImage images(grid);
      QCOMPARE(images.size(), QSize(4 * 32, 32));
      for (int i = 0; i < 4; ++i)
        QVERIFY2(containsScaled(shot, images.copy(i * 32, 0, 32, 32)),
                 qPrintable(QString("image %1 of sdm-cli sample is not in the screenshot").arg(i)));
    }
    if (view == QLatin1String("spikes")) {
      // The raster's dots and the heatmap's colours are drawn, not empty plot frames.
      int dots = 0;
      for (int y = 0; y < shot.height(); ++y)
        for (int x = 0; x < shot.width(); ++x) dots += shot.pixel(x, y) == qRgb(20, 20, 20);
      QVERIFY2(dots > 200, qPrintable(QString("%1 raster dot pixels").arg(dots)));
    }
  }

  void badArgumentsFail() {
    auto r = sdmtest::run(sdmtest::bin("sdm-studio"), {"--solver", "euler"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--solver"));
    r = sdmtest::run(sdmtest::bin("sdm-studio"), {"--threshold", "3"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--threshold"));
    r = sdmtest::run(sdmtest::bin("sdm-studio"), {"--screenshot", "x.png", "--no-demo"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--checkpoint"));
    r = sdmtest::run(sdmtest::bin("sdm-studio"), {"--no-demo", "--study", "/nonexistent/study"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("/nonexistent/study"), qPrintable(r.err));
    r = sdmtest::run(sdmtest::bin("sdm-studio"), {"--help"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--screenshot"));
  }

  // Without --checkpoint the studio opens the bundled demo model and generates with it.
  void withoutCheckpointTheDemoModelOpens() {
    QTemporaryDir dir;
    const QString out = dir.filePath("demo.png");
    const auto r = sdmtest::run(sdmtest::bin("sdm-studio"),
                                {"--solver", "ddim", "--steps", "5", "--batch", "4", "--size",
                                 "1200x800", "--screenshot", out},
                                300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2((r.out + r.err).contains("models/demo.pt"), qPrintable(r.out + r.err));
    // The model card's sampler settings (eps re-derived, threshold guidance 0.95); the command
    // line's steps win.
    QVERIFY2((r.out + r.err).contains("DDIM · 5 steps · ε re-derived"), qPrintable(r.out + r.err));
    QVERIFY2((r.out + r.err).contains("θ 0.950"), qPrintable(r.out + r.err));
    QCOMPARE(QImage(out).size(), QSize(1200, 800));
  }

  void missingCheckpointFailsTheScreenshot() {
    QTemporaryDir dir;
    const auto r = sdmtest::run(
        sdmtest::bin("sdm-studio"),
        {"--checkpoint", dir.filePath("nope.pt"), "--screenshot", dir.filePath("s.png")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("could not load"));
  }
};

QTEST_MAIN(TestScreenshot)
#include "test_screenshot.moc"
