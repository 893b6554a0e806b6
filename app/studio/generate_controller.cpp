#include "generate_controller.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

#include "engine_host.h"
#include "generate_panel.h"
#include "generate_settings.h"
#include "image_convert.h"
#include "image_grid_view.h"
#include "images_page.h"
#include "job_list_model.h"
#include "model_controller.h"
#include "request_text.h"
#include "spikes_page.h"
#include "trajectory_view.h"
#include "util/log.h"

namespace sdm::studio {

using widgets::JobEntry;

GenerateController::GenerateController(EngineHost* host, GenerateSettings* settings,
                                       GeneratePanel* panel, ModelController* model,
                                       widgets::ImagesPage* images, widgets::SpikesPage* spikes,
                                       widgets::JobListModel* jobs, QWidget* dialogParent,
                                       QObject* parent)
    : QObject(parent),
      m_host(host),
      m_settings(settings),
      m_panel(panel),
      m_model(model),
      m_images(images),
      m_spikes(spikes),
      m_jobs(jobs),
      m_dialogParent(dialogParent) {
  m_renderTimer.setSingleShot(true);
  m_autoRegenerate.setSingleShot(true);
  m_autoRegenerate.setInterval(kAutoRegenerateDelayMs);
  m_sinceRender.start();
  m_images->showEmpty(
      tr("No model loaded.\n\nOpen a checkpoint with File ▸ Open checkpoint… (Ctrl+O), drag a .pt "
         "file onto "
         "this window, or start the studio with --checkpoint FILE."));

  m_renderTimer.callOnTimeout(this, &GenerateController::render);
  connect(&m_autoRegenerate, &QTimer::timeout, this, &GenerateController::generate);
  connect(m_host, &EngineHost::framesAvailable, this, &GenerateController::onFramesAvailable);
  connect(m_host, &EngineHost::generationFinished, this, &GenerateController::onFinished);
  connect(m_host, &EngineHost::generationFailed, this, &GenerateController::onFailed);
  connect(m_host, &EngineHost::generationStarted, this, [this](quint64 id) {
    if (id == m_runId) updateJob(JobEntry::State::Running, 0, {});
  });
  connect(m_model, &ModelController::modelChanged, this, &GenerateController::onModelChanged);
  connect(m_model, &ModelController::thresholdChanged, this, &GenerateController::onSettingChanged);
  connect(m_settings, &GenerateSettings::changed, this, &GenerateController::onSettingChanged);
  connect(m_panel, &GeneratePanel::generateRequested, this, &GenerateController::generate);
  connect(m_panel, &GeneratePanel::cancelRequested, this, &GenerateController::cancel);
  connect(m_images, &widgets::ImagesPage::currentStepChanged, this,
          &GenerateController::setCurrentStep);
  connect(m_spikes, &widgets::SpikesPage::currentStepChanged, this,
          &GenerateController::setCurrentStep);
  connect(m_spikes, &widgets::SpikesPage::neuronChoiceChanged, this,
          &GenerateController::recordOtherNeurons);
}

// Rasters of this many images of a batch are kept (the Spikes view's sample choice).
constexpr int kRecordedImages = 16;

sdm::GenerateParams GenerateController::request() const {
  sdm::GenerateParams p = m_settings->params();
  p.threshold = m_model->threshold();
  p.record.threshold = p.threshold;
  p.energyPreset = m_spikes->energyPreset().toStdString();
  p.record.images = std::min(p.batch, kRecordedImages);
  p.record.neurons = m_spikes->chosenNeurons();
  return p;
}

void GenerateController::setGenerateOnOpen(const QString& path) { m_generateOnOpen = path; }

// The same run again (same seed, same images) recording the newly chosen neurons.
void GenerateController::recordOtherNeurons() {
  if (!m_result || m_running || !m_model->hasModel()) {
    m_panel->setStatus(tr("The new choice of neurons applies to the next run."));
    return;
  }
  sdm::GenerateParams p = m_params;
  p.record.neurons = m_spikes->chosenNeurons();
  start(p);
}

void GenerateController::generate() {
  m_autoRegenerate.stop();
  if (!m_model->hasModel()) {
    m_panel->setStatus(tr("Open a checkpoint first."));
    return;
  }
  start(request());
}

void GenerateController::start(const sdm::GenerateParams& params) {
  if (m_running) updateJob(JobEntry::State::Cancelled, 0, tr("replaced by a newer request"));
  m_params = params;
  m_requestClock.start();
  m_runId = m_host->generate(m_params);
  m_running = true;
  m_following = true;
  m_firstShown = false;
  m_firstFrameMs = -1;
  m_wallMs = -1;
  m_liveRenders = 0;
  m_step = -1;
  m_modelTimes.clear();
  try {
    m_total =
        sdm::Engine::evaluationsFor(m_params.solver, m_model->info().config.trainingTimesteps);
  } catch (const std::exception&) {
    m_total = 0;  // the worker reports the error
  }
  auto layout = std::make_shared<const sdm::RecordLayout>(sdm::makeRecordLayout(
      m_model->info().layers, m_model->info().config.snnSteps, m_params.record));
  m_spikes->beginRun(layout, m_params.batch, m_total);
  m_images->beginRun(m_total, tr("Generating: %1").arg(describeRequest(m_params)));
  m_panel->setRunning(true);
  m_panel->setProgress(0, m_total, 0);
  m_panel->setStatus(tr("Running…"));
  JobEntry job;
  job.kind = tr("sample");
  job.title = describeRequest(m_params);
  job.started = QDateTime::currentDateTime();
  m_entryId = m_jobs->add(job);
  Q_EMIT runStarted(m_runId);
}

void GenerateController::cancel() {
  if (!m_running) return;
  m_host->cancelGeneration();
  // Acknowledge at once; the run stops after the network evaluation in progress.
  m_panel->setCancelling(tr("Cancelling… (stops after the current network evaluation)"));
}

void GenerateController::onModelChanged() {
  const sdm::ModelInfo& info = m_model->info();
  // The precision modes exist for spiking models (Spk_UNet and converted S_UNet), not ANNs.
  m_settings->setModelFacts(info.config.trainingTimesteps, info.spiking);
  m_panel->setModelLoaded(true);
  m_spikes->setModel(info.config, info.layers);
  m_images->showEmpty(tr("%1 is loaded.\n\nChoose a solver and press Generate (Ctrl+Enter).")
                          .arg(QString::fromStdString(info.config.summary())));
  m_result.reset();
  m_panel->setStatus(tr("Ready."));
  const bool openedDemo =
      !m_generateOnOpen.isEmpty() &&
      QFileInfo(QString::fromStdString(info.path)) == QFileInfo(m_generateOnOpen);
  if (openedDemo) m_generateOnOpen.clear();  // once: later opens are the user's own doing
  if (m_settings->autoRegenerate() || openedDemo) generate();
}

void GenerateController::onSettingChanged() {
  if (m_settings->autoRegenerate() && m_model->hasModel()) m_autoRegenerate.start();
}

void GenerateController::onFramesAvailable() {
  if (m_renderTimer.isActive()) return;
  const qint64 wait = kFrameIntervalMs - m_sinceRender.elapsed();
  if (wait <= 0) {
    render();
  } else {
    m_renderTimer.start(static_cast<int>(wait));
  }
}

void GenerateController::render() {
  m_sinceRender.restart();
  const std::vector<FramePtr> frames = m_host->takeFrames(m_runId);
  if (frames.empty()) return;
  std::vector<widgets::TrajectoryFrame> trajectory;
  std::vector<std::shared_ptr<const sdm::EvalRecord>> records;
  std::vector<double> times;
  for (const auto& f : frames) {
    trajectory.push_back(
        {f->evaluation, f->modelTime, widgets::toQImages(f->xt), widgets::toQImages(f->x0)});
    records.push_back(f->spikes);
    times.push_back(f->modelTime);
    m_modelTimes.push_back(f->modelTime);
  }
  const sdm::GenerationFrame& newest = *frames.back();
  m_total = newest.total;
  m_images->appendFrames(newest.total, std::move(trajectory));
  m_spikes->appendEvaluations(records, times);
  if (m_running) {
    ++m_liveRenders;
    m_images->showImages(widgets::toQImages(newest.x0),
                         tr("Live: predicted x_0 after network evaluation %1 of %2 (t = %3) · %4")
                             .arg(newest.evaluation + 1)
                             .arg(newest.total)
                             .arg(newest.modelTime, 0, 'f', 0)
                             .arg(describeRequest(m_params)));
    m_panel->setProgress(newest.evaluation + 1, newest.total, newest.elapsedSeconds);
    updateJob(JobEntry::State::Running, double(newest.evaluation + 1) / std::max(1, newest.total),
              {});
  }
  if (m_following) showStep(m_images->frameCount() - 1);
  if (!m_firstShown) {
    m_firstShown = true;
    m_firstFrameMs = m_requestClock.elapsed();
    Q_EMIT firstFrameShown(m_firstFrameMs);
  }
}

void GenerateController::onFinished(quint64 id, const ResultPtr& result) {
  if (id != m_runId) return;  // superseded: its job entry says so already
  render();                   // the frames still waiting
  m_running = false;
  m_result = result;
  m_renderTimer.stop();
  m_images->showImages(widgets::toQImages(result->images));
  m_spikes->finishRun(result->spikes, m_modelTimes);
  showStep(m_following ? result->evaluations - 1 : m_step);
  m_panel->setRunning(false);
  m_panel->setProgress(result->evaluations, std::max(m_total, result->evaluations),
                       result->seconds);
  m_wallMs = m_requestClock.elapsed();
  const QString what = describeRequest(m_params);
  if (result->cancelled) {
    m_images->setCaption(
        tr("Cancelled after %1 of %2 network evaluations: the latest predicted x_0 · %3")
            .arg(result->evaluations)
            .arg(m_total)
            .arg(what));
    m_panel->setStatus(
        tr("Cancelled after %1 of %2 network evaluations.").arg(result->evaluations).arg(m_total));
    updateJob(JobEntry::State::Cancelled, double(result->evaluations) / std::max(1, m_total),
              tr("%1 s").arg(result->seconds, 0, 'f', 2));
  } else {
    m_images->setCaption(tr("%1 · %2 network evaluations in %3 s")
                             .arg(what)
                             .arg(result->evaluations)
                             .arg(result->seconds, 0, 'f', 2));
    m_panel->setStatus(tr("Done: %n image(s), first frame after %1 ms, all in %2 s.", nullptr,
                          int(result->images.size()))
                           .arg(m_firstFrameMs)
                           .arg(m_wallMs / 1000.0, 0, 'f', 2));
    updateJob(JobEntry::State::Done, 1.0, tr("%1 s").arg(result->seconds, 0, 'f', 2));
    m_settings->advanceSeed();
  }
  spdlog::info(
      "{}: {} evaluations in {:.3f} s (first frame shown after {} ms, result shown after {} ms){}",
      what.toStdString(), result->evaluations, result->seconds, m_firstFrameMs, m_wallMs,
      result->cancelled ? ", cancelled" : "");
  Q_EMIT runFinished(result);
}

void GenerateController::onFailed(quint64 id, const QString& message) {
  if (id != m_runId) return;
  m_running = false;
  m_renderTimer.stop();
  m_panel->setRunning(false);
  m_panel->setStatus(tr("Failed: %1").arg(message));
  m_images->setCaption(tr("Failed: %1").arg(message));
  updateJob(JobEntry::State::Failed, 0, message);
  showError(message);
  Q_EMIT runFailed(message);
}

// The engine's message is shown as is (for Analytic-DPM it says how to make a Gamma file), with a
// way to pick one, or to make one, when that is what is missing.
void GenerateController::showError(const QString& message) {
  if (m_errorBox) m_errorBox->close();
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Generation failed"), message,
                              QMessageBox::Close, m_dialogParent);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName(QStringLiteral("generationErrorDialog"));
  if (m_params.solver.kind == sdm::SolverKind::AnalyticDpm) {
    QPushButton* choose = box->addButton(tr("Choose Gamma file…"), QMessageBox::AcceptRole);
    connect(choose, &QPushButton::clicked, this, [this] {
      const QString path =
          QFileDialog::getOpenFileName(m_dialogParent, tr("Choose a Gamma file for Analytic-DPM"),
                                       {}, tr("Gamma files (*.pt *.pth);;All files (*)"));
      if (path.isEmpty()) return;
      m_settings->setGammaPath(path.toStdString());
      generate();
    });
    // Or estimate one: a job in the Jobs view; when done it becomes the panel's Gamma file.
    QPushButton* make = box->addButton(tr("Make Gamma file…"), QMessageBox::ActionRole);
    connect(make, &QPushButton::clicked, this, &GenerateController::makeGammaRequested);
  }
  box->open();
  m_errorBox = box;
}

void GenerateController::setCurrentStep(int step) {
  m_following = false;
  showStep(step);
}

void GenerateController::showStep(int step) {
  m_step = step;
  m_images->setCurrentStep(step);
  m_spikes->setCurrentStep(step);
}

void GenerateController::updateJob(JobEntry::State state, double progress, const QString& detail) {
  const JobEntry* existing = m_jobs->job(m_entryId);
  if (!existing) return;
  JobEntry job = *existing;
  job.state = state;
  job.progress = progress;
  if (!detail.isEmpty()) job.detail = detail;
  m_jobs->update(job);
}

QMessageBox* GenerateController::errorDialog() const { return m_errorBox.data(); }

}  // namespace sdm::studio
