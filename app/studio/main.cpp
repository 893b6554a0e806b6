// sdm-studio: the desktop studio. Command line: sdm-studio --help.
#include <QApplication>
#include <QIcon>
#include <QSettings>

#include <cstdio>

#include "command_line.h"
#include "demo_model.h"
#include "language.h"
#include "main_window.h"
#include "model_controller.h"
#include "screenshot_runner.h"
#include "study_controller.h"
#include "util/log.h"
#include "util/process_env.h"

int main(int argc, char** argv) {
  sdm::ensurePassiveOpenMp(argc, argv);  // before any OpenMP thread exists (re-executes once)
  sdm::keepFreedMemoryInProcess();
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("SpikingDiffusionStudio"));
  QApplication::setApplicationName(QStringLiteral("sdm-studio"));
  QApplication::setApplicationVersion(QStringLiteral(SDM_VERSION));
  QApplication::setDesktopFileName(QStringLiteral("spiking-diffusion-studio"));
  QApplication::setWindowIcon(
      QIcon::fromTheme(QStringLiteral("spiking-diffusion-studio"),
                       QIcon(QStringLiteral(":/icons/256x256/spiking-diffusion-studio.png"))));

  const sdm::studio::ParseOutcome parsed = sdm::studio::parseCommandLine(QApplication::arguments());
  if (!parsed.options) {
    std::fprintf(parsed.exitCode == 0 ? stdout : stderr, "%s\n", qPrintable(parsed.message));
    return parsed.exitCode;
  }
  sdm::studio::StudioOptions options = *parsed.options;
  sdm::initLogging("info");
  QString language = options.language;
  if (language.isEmpty() && options.persistSettings)
    language = QSettings().value(QStringLiteral("ui/language")).toString();
  options.language = sdm::studio::installLanguage(app, language);

  if (options.checkpoint.isEmpty() && !options.noDemo) sdm::studio::useDemoModel(options);
  sdm::studio::MainWindow window(options);
  sdm::studio::applyCommandLine(&window, options);
  if (options.screenshotMode()) window.resize(options.size);
  if (!options.study.isEmpty()) {
    if (const QString why = window.studyController()->openStudy(options.study); !why.isEmpty()) {
      std::fprintf(stderr, "sdm-studio: %s\n", qPrintable(why));
      return 2;
    }
    if (options.view.isEmpty()) window.showView(QStringLiteral("study"));
  }
  if (!options.view.isEmpty()) window.showView(options.view);
  window.show();

  const QString checkpoint = options.checkpoint;
  std::unique_ptr<sdm::studio::ScreenshotRunner> runner;
  if (options.screenshotMode()) {
    runner = std::make_unique<sdm::studio::ScreenshotRunner>(&window, options);
    QObject::connect(runner.get(), &sdm::studio::ScreenshotRunner::finished, &app,
                     &QApplication::exit);
    runner->start();
  }
  if (!checkpoint.isEmpty()) window.modelController()->open(checkpoint, options.snnSteps);
  return app.exec();
}
