#pragma once
// sdm-studio's command line: what to open, what to generate, and the screenshot mode that
// generates, waits until the views are filled, saves the main window and exits.
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace sdm::studio {

struct StudioOptions {
  QString checkpoint;
  QString weights;   // net, ema or auto (empty: the Model panel's choice)
  int snnSteps = 0;  // 0: the file's own / flagfile / 4
  QString solver;    // empty: the saved or default choice
  int steps = -1;
  qint64 seed = -1;
  int batch = -1;
  QString screenshot;     // write the main window here and exit
  QString view;           // the view to show: model, generate, spikes, compare, jobs, log, export
  bool viewOnly = false;  // --screenshot of that view alone instead of the whole window
  QString study;          // a study folder to open in the Study view
  QString language;       // en, zh_CN; empty: saved choice or the system's
  int threads = 0;        // LibTorch threads of the engine (0: all cores)
  QSize size{1280, 800};  // --screenshot: a common laptop screen
  bool noDemo = false;
  int rederiveEps = -1;         // DDIM: -1 the saved choice, 0 off (the original), 1 on
  double threshold = 0;         // IF threshold (threshold guidance); 0: the Model panel's
  QString precision;            // exact, fast, bf16, int8; empty: the saved choice
  bool demoThreshold = false;   // the threshold is the demo's: back to 1.0 for other models
  bool persistSettings = true;  // false: a throw-away settings file (screenshots, tests)
  int generateDemo = -1;  // generate when the demo opens: -1 the setting (off for throw-away ones)

  bool screenshotMode() const { return !screenshot.isEmpty(); }
};

// Open the bundled demo model (when there is one) with the sampler settings of its model card,
// unless the command line chose others.
void useDemoModel(StudioOptions& o);

// nullopt and a message (usage or error) when the program should exit; exitCode says how.
struct ParseOutcome {
  std::optional<StudioOptions> options;
  QString message;
  int exitCode = 0;
};
ParseOutcome parseCommandLine(const QStringList& arguments);

QStringList viewNames();

}  // namespace sdm::studio
