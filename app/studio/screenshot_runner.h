#pragma once
// --screenshot: once the model is loaded, generate with the command line's settings, wait until
// the views show the result (and the comparison, for --view compare), save the main window as
// PNG and report the exit code. For tests, documentation and bug reports.
#include <QObject>
#include <QTimer>

#include "command_line.h"

namespace sdm::studio {

class MainWindow;

class ScreenshotRunner : public QObject {
  Q_OBJECT
 public:
  ScreenshotRunner(MainWindow* window, StudioOptions options, QObject* parent = nullptr);
  void start();

 Q_SIGNALS:
  void finished(int exitCode);

 private:
  void onModelLoaded();
  void onGenerated();
  void capture();
  void fail(const QString& why);

  MainWindow* m_window;
  StudioOptions m_options;
  QTimer m_timeout;
  bool m_done = false;
};

// Applies --solver/--steps/--seed/--batch/--weights/--snn-steps to the panels.
void applyCommandLine(MainWindow* window, const StudioOptions& options);

}  // namespace sdm::studio
