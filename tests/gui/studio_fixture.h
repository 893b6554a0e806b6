#pragma once
// A studio main window on the golden tiny_sddpm checkpoint, for the GUI tests, with helpers that
// wait on signals (never on sleeps).
#include <QSignalSpy>
#include <QTest>

#include <memory>

#include "generate_controller.h"
#include "main_window.h"
#include "model_controller.h"
#include "test_util.h"
#include "util/threads.h"

namespace sdmtest {

inline QString tinyCheckpoint() { return QString::fromStdString(golden("tiny_sddpm_ckpt.pt")); }

inline std::unique_ptr<sdm::studio::MainWindow> openStudio(int computeThreads = 0) {
  sdm::studio::StudioOptions options;
  options.threads = computeThreads;
  options.persistSettings = false;
  options.language = QStringLiteral("en");
  auto window = std::make_unique<sdm::studio::MainWindow>(options);
  window->resize(1400, 900);
  window->show();
  return window;
}

inline bool loadModel(sdm::studio::MainWindow& w, const QString& path, int timeoutMs = 60000) {
  QSignalSpy loaded(w.modelController(), &sdm::studio::ModelController::modelChanged);
  w.modelController()->open(path);
  return loaded.wait(sdmtest::ms(timeoutMs));
}

// Presses Generate and waits for the views to show the result.
inline sdm::studio::ResultPtr generateAndWait(sdm::studio::MainWindow& w, int timeoutMs = 120000) {
  QSignalSpy done(w.generateController(), &sdm::studio::GenerateController::runFinished);
  w.generateController()->generate();
  if (!done.wait(sdmtest::ms(timeoutMs))) return nullptr;
  return done.last().first().value<sdm::studio::ResultPtr>();
}

}  // namespace sdmtest
