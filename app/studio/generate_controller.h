#pragma once
// Runs generations and keeps the Images and Spikes views live without slowing the sampler: the
// worker signals that frames are waiting, and the GUI takes them at most every kFrameIntervalMs
// (leading edge, so the first frame shows at once; PlotJuggler's coalescing). Also: progress and
// ETA, immediate cancel acknowledgement, seed policy after a run, debounced auto-regenerate,
// and one diffusion-step scrubber shared by the trajectory and the spike views.
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <vector>

#include "job_list_model.h"
#include "studio_types.h"

class QMessageBox;
class QWidget;

namespace sdm::widgets {
class ImagesPage;
class SpikesPage;
}  // namespace sdm::widgets

namespace sdm::studio {

class EngineHost;
class GeneratePanel;
class GenerateSettings;
class ModelController;

class GenerateController : public QObject {
  Q_OBJECT
 public:
  static constexpr int kFrameIntervalMs = 33;
  static constexpr int kAutoRegenerateDelayMs = 350;

  GenerateController(EngineHost* host, GenerateSettings* settings, GeneratePanel* panel,
                     ModelController* model, widgets::ImagesPage* images,
                     widgets::SpikesPage* spikes, widgets::JobListModel* jobs,
                     QWidget* dialogParent, QObject* parent = nullptr);

  // The request Generate would send now (settings + model threshold + spike recording).
  sdm::GenerateParams request() const;
  bool isRunning() const { return m_running; }
  ResultPtr lastResult() const { return m_result; }
  sdm::GenerateParams lastParams() const { return m_params; }
  qint64 firstFrameMs() const { return m_firstFrameMs; }  // request -> first frame drawn, last run
  qint64 wallMs() const { return m_wallMs; }              // request -> result drawn, last run
  int liveRenders() const { return m_liveRenders; }       // frames drawn while the last run ran
  int currentStep() const { return m_step; }
  QMessageBox* errorDialog() const;  // while open

 public Q_SLOTS:
  void generate();
  void cancel();
  // Generate once each time the model at `path` is opened (the bundled demo for newcomers).
  void setGenerateOnOpen(const QString& path);
  void setCurrentStep(int step);  // by the user: stops following the live step

 Q_SIGNALS:
  void runStarted(quint64 id);
  void firstFrameShown(qint64 msSinceRequest);
  void runFinished(const sdm::studio::ResultPtr& result);  // the views show it already
  void runFailed(const QString& message);
  void makeGammaRequested();  // from the dialog of a run that lacked a Gamma file

 private:
  void onModelChanged();
  void onSettingChanged();
  void start(const sdm::GenerateParams& params);
  void recordOtherNeurons();
  void onFramesAvailable();
  void render();
  void onFinished(quint64 id, const ResultPtr& result);
  void onFailed(quint64 id, const QString& message);
  void showError(const QString& message);
  void showStep(int step);
  void updateJob(widgets::JobEntry::State state, double progress, const QString& detail);

  EngineHost* m_host;
  GenerateSettings* m_settings;
  GeneratePanel* m_panel;
  ModelController* m_model;
  widgets::ImagesPage* m_images;
  widgets::SpikesPage* m_spikes;
  widgets::JobListModel* m_jobs;
  QWidget* m_dialogParent;

  quint64 m_runId = 0;    // the engine host's
  quint64 m_entryId = 0;  // its row in the activity list
  bool m_running = false;
  bool m_following = true;
  bool m_firstShown = false;
  int m_total = 0;
  int m_step = -1;
  sdm::GenerateParams m_params;
  ResultPtr m_result;
  QString m_generateOnOpen;
  std::vector<double> m_modelTimes;
  QElapsedTimer m_requestClock;
  QElapsedTimer m_sinceRender;
  qint64 m_firstFrameMs = -1;
  qint64 m_wallMs = -1;
  int m_liveRenders = 0;
  QTimer m_renderTimer;
  QTimer m_autoRegenerate;
  QPointer<QMessageBox> m_errorBox;
};

}  // namespace sdm::studio
