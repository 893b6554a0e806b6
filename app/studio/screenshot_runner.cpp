#include "screenshot_runner.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QSpinBox>
#include <QTabWidget>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

#include "compare_controller.h"
#include "compare_panel.h"
#include "generate_controller.h"
#include "generate_settings.h"
#include "main_window.h"
#include "model_controller.h"
#include "model_panel.h"
#include "plot_style.h"

namespace sdm::studio {

void applyCommandLine(MainWindow* window, const StudioOptions& o) {
  // Validated by parseCommandLine; a precision this CPU cannot run keeps the default.
  GenerateSettings* settings = window->generateSettings();
  sdm::GenerateParams p = settings->choices();
  // A solver named here runs on its own time grid (the demo's model card names none), not on
  // the grid saved from another solver.
  if (!o.solver.isEmpty()) {
    p.solver.kind = sdm::parseSolverKind(o.solver.toStdString());
    p.solver.skip = sdm::TimeGrid::Default;
  }
  if (o.steps > 0) p.solver.steps = o.steps;
  if (o.seed >= 0) p.seed = static_cast<uint64_t>(o.seed);
  if (o.batch > 0) p.batch = o.batch;
  if (o.rederiveEps >= 0) p.solver.rederiveEps = o.rederiveEps == 1;
  if (!o.precision.isEmpty()) p.precision = sdm::parsePrecision(o.precision.toStdString());
  settings->setParams(p);
  ModelPanel* m = window->modelPanel();
  if (o.threshold > 0) m->setThreshold(static_cast<float>(o.threshold));
  if (o.demoThreshold) {
    // The demo's guidance was measured for the demo: another model starts at its trained 1.0.
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = QObject::connect(window->modelController(), &ModelController::modelChanged, m,
                             [m, demo = o.checkpoint, once](const sdm::ModelInfo& info) {
                               if (QString::fromStdString(info.path) == demo) return;
                               m->setThreshold(1.0f);
                               spdlog::info("IF threshold back to 1.0 for {}", info.path);
                               QObject::disconnect(*once);
                             });
  }
  if (!o.weights.isEmpty()) {
    const auto choice = sdm::parseWeightsChoice(o.weights.toStdString());
    const QSignalBlocker block(m->weightsCombo());  // the first load applies it
    m->weightsCombo()->setCurrentIndex(m->weightsCombo()->findData(static_cast<int>(choice)));
  }
}

ScreenshotRunner::ScreenshotRunner(MainWindow* window, StudioOptions options, QObject* parent)
    : QObject(parent), m_window(window), m_options(std::move(options)) {
  m_timeout.setSingleShot(true);
  m_timeout.setInterval(600'000);
  connect(&m_timeout, &QTimer::timeout, this, [this] { fail(QStringLiteral("timed out")); });
}

void ScreenshotRunner::start() {
  m_timeout.start();
  ModelController* model = m_window->modelController();
  connect(model, &ModelController::modelChanged, this, &ScreenshotRunner::onModelLoaded,
          Qt::SingleShotConnection);
  connect(model, &ModelController::loadFailed, this,
          [this](const QString&, const QString& message) {
            fail(QStringLiteral("could not load the checkpoint: ") + message);
          });
}

void ScreenshotRunner::onModelLoaded() {
  GenerateController* g = m_window->generateController();
  connect(g, &GenerateController::runFinished, this, &ScreenshotRunner::onGenerated,
          Qt::SingleShotConnection);
  connect(g, &GenerateController::runFailed, this,
          [this](const QString& message) { fail(message); });
  g->generate();
}

void ScreenshotRunner::onGenerated() {
  if (m_options.view == QLatin1String("compare")) {
    CompareController* c = m_window->compareController();
    connect(c, &CompareController::finished, this, &ScreenshotRunner::capture,
            Qt::SingleShotConnection);
    c->run();
    if (!c->isRunning()) capture();
    return;
  }
  capture();
}

void ScreenshotRunner::capture() {
  if (m_done) return;
  const QString view = m_options.view.isEmpty() ? QStringLiteral("generate") : m_options.view;
  m_window->showView(view);
  // A bottom dock alone is a thin strip: give it room when it is the picture.
  auto* dock = qobject_cast<QDockWidget*>(m_window->viewWidget(view));
  if (m_options.viewOnly && dock && m_window->dockWidgetArea(dock) == Qt::BottomDockWidgetArea)
    m_window->resizeDocks({dock}, {m_window->height() / 3}, Qt::Vertical);
  // Let layouts settle and queued replots land, then draw every plot once more before grabbing.
  QTimer::singleShot(150, this, [this, view] {
    widgets::replotAll(m_window);
    QApplication::processEvents();
    const QPixmap shot = m_options.viewOnly ? m_window->viewWidget(view)->grab() : m_window->grab();
    m_done = true;
    if (shot.isNull() || !shot.save(m_options.screenshot)) {
      std::fprintf(stderr, "sdm-studio: could not write %s\n", qPrintable(m_options.screenshot));
      Q_EMIT finished(1);
      return;
    }
    std::fprintf(stderr, "sdm-studio: wrote %s (%dx%d)\n",
                 qPrintable(QFileInfo(m_options.screenshot).absoluteFilePath()), shot.width(),
                 shot.height());
    Q_EMIT finished(0);
  });
}

void ScreenshotRunner::fail(const QString& why) {
  if (m_done) return;
  m_done = true;
  std::fprintf(stderr, "sdm-studio: %s\n", qPrintable(why));
  Q_EMIT finished(1);
}

}  // namespace sdm::studio
