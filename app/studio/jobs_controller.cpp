#include "jobs_controller.h"

#include <QAction>
#include <QDateTime>
#include <QDesktopServices>
#include <QDialog>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QStandardPaths>
#include <QUrl>

#include "gamma_dialog.h"
#include "generate_settings.h"
#include "job_dialog.h"
#include "job_list_model.h"
#include "job_presenters/job_presenter.h"
#include "job_queue.h"
#include "jobs_view.h"
#include "loss_plot.h"
#include "model_controller.h"
#include "snn_finetune_dialog.h"

namespace sdm::studio {
namespace {

using widgets::JobEntry;

// Load options that reproduce the loaded model: its weights, SNN time steps and image size.
sdm::LoadOptions loadOptionsOf(const sdm::ModelInfo& info) {
  sdm::LoadOptions o;
  o.weights = info.weights == "ema_model" ? WeightsChoice::Ema : WeightsChoice::Net;
  o.snnSteps = info.config.snnSteps;
  o.imgSize = info.config.imgSize;
  return o;
}

JobEntry::State entryState(JobRecord::State s) {
  switch (s) {
    case JobRecord::State::Queued:
      return JobEntry::State::Queued;
    case JobRecord::State::Running:
      return JobEntry::State::Running;
    case JobRecord::State::Done:
      return JobEntry::State::Done;
    case JobRecord::State::Cancelled:
      return JobEntry::State::Cancelled;
    case JobRecord::State::Failed:
      return JobEntry::State::Failed;
    case JobRecord::State::Paused:
      return JobEntry::State::Paused;
  }
  return JobEntry::State::Failed;
}

// The job list's status line: a failed job's error, else its kind's own.
QString statusText(const JobRecord& r) {
  if (r.state == JobRecord::State::Failed) return JobsController::tr("Failed: %1").arg(r.error);
  return presenterFor(r.spec).status(r);
}

QString detailText(const JobRecord& r) {
  if (r.state == JobRecord::State::Failed) return r.error;
  return presenterFor(r.spec).detail(r);
}

QString jobPath(const sdm::JobSpec& s) { return QString::fromStdString(sdm::jobOutputPath(s)); }

}  // namespace

JobsController::JobsController(JobQueue* queue, widgets::JobsView* view,
                               widgets::JobListModel* list, ModelController* model,
                               GenerateSettings* generate, QWidget* dialogParent, QObject* parent)
    : QObject(parent),
      m_queue(queue),
      m_view(view),
      m_list(list),
      m_model(model),
      m_generate(generate),
      m_dialogParent(dialogParent),
      m_evaluate(new QAction(tr("&Evaluate model…"), this)),
      m_makeGamma(new QAction(tr("Make &Gamma file…"), this)),
      m_convert(new QAction(tr("&Convert the loaded ANN to an SNN…"), this)) {
  m_convert->setToolTip(
      tr("ANN→SNN conversion (SDM's ANN2SNN): IF neurons at the learnt clipping "
         "values, 2^bit − 1 time steps; opens the converted model when done"));
  m_convert->setEnabled(m_model && m_model->hasModel() && m_model->info().convertible);
  connect(m_convert, &QAction::triggered, this, [this] {
    const QString ann = QString::fromStdString(m_model->info().path);
    const QString out = QFileDialog::getSaveFileName(
        m_dialogParent, tr("Write the converted SNN"),
        QFileInfo(ann).absoluteDir().filePath(QStringLiteral("converted_snn.pt")),
        tr("Checkpoints (*.pt)"));
    if (!out.isEmpty()) convertLoaded(out);
  });
  m_evaluate->setToolTip(
      tr("Offline scores (FD, KID, IS analogue) of the loaded model with the Generate panel's "
         "solver, steps and seed"));
  m_makeGamma->setToolTip(
      tr("Estimate Analytic-DPM's Gamma file for the loaded model and the Generate panel's "
         "steps; when done it becomes the Generate panel's Gamma file"));
  m_evaluate->setEnabled(m_model && m_model->hasModel());
  m_makeGamma->setEnabled(m_evaluate->isEnabled());
  m_view->setModelActionsEnabled(m_evaluate->isEnabled());
  connect(m_evaluate, &QAction::triggered, this, [this] { evaluateLoaded(); });
  connect(m_makeGamma, &QAction::triggered, this, [this] { makeGamma(); });
  if (m_model)
    connect(m_model, &ModelController::modelChanged, this, [this](const sdm::ModelInfo& info) {
      m_convert->setEnabled(info.convertible);
      m_evaluate->setEnabled(true);
      m_makeGamma->setEnabled(true);
      m_view->setModelActionsEnabled(true);
    });
  connect(m_view, &widgets::JobsView::evaluateRequested, this, [this] { evaluateLoaded(); });
  connect(m_view, &widgets::JobsView::makeGammaRequested, this, [this] { makeGamma(); });
  connect(m_view, &widgets::JobsView::newTrainingRequested, this, &JobsController::newTraining);
  connect(m_view, &widgets::JobsView::newFinetuneRequested, this, &JobsController::newFinetune);
  // The view speaks in activity-list ids.
  connect(m_view, &widgets::JobsView::cancelRequested, this,
          [this](quint64 entry) { m_queue->cancel(jobOf(entry)); });
  connect(m_view, &widgets::JobsView::resumeRequested, this,
          [this](quint64 entry) { m_queue->resume(jobOf(entry)); });
  connect(m_view, &widgets::JobsView::openFolderRequested, this,
          [this](quint64 entry) { openFolder(jobOf(entry)); });
  connect(m_view, &widgets::JobsView::removeRequested, this, &JobsController::removeEntry);
  // A sampling or comparison run that finishes while selected becomes removable.
  connect(m_list, &QAbstractItemModel::dataChanged, this, [this] {
    const quint64 entry = m_view->currentJob();
    if (entry && !jobOf(entry)) m_view->setActions(false, false, false, sessionRunRemovable(entry));
  });
  connect(m_view, &widgets::JobsView::currentJobChanged, this, &JobsController::showEntry);
  connect(m_queue, &JobQueue::jobAdded, this, &JobsController::syncEntry);
  connect(m_queue, &JobQueue::jobChanged, this, [this](quint64 id) {
    syncEntry(id);
    if (id == currentJob()) refreshDetails(id);
  });
  connect(m_queue, &JobQueue::progress, this, &JobsController::onProgress);
  connect(m_queue, &JobQueue::jobFinished, this, [this](quint64 id) {
    const JobRecord* r = m_queue->job(id);
    if (!r) return;
    if (id == currentJob()) {
      refreshSamples(id);
      // The run's own record of every step (a resumed run's full curve).
      if (presenterFor(r->spec).showsRunFolder()) showJob(id);
    }
    if (r->state == JobRecord::State::Done) whenDone(id, *r);
  });
  for (quint64 id : m_queue->ids()) syncEntry(id);  // restored jobs
}

QString JobsController::defaultRunDir(const QString& stem) const {
  QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  if (base.isEmpty()) base = QDir::homePath();
  return QDir(base).filePath(
      QStringLiteral("runs/%1-%2")
          .arg(stem, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
}

quint64 JobsController::launch(const sdm::JobSpec& spec) {
  const quint64 id = m_queue->submit(spec);
  selectJob(id);
  return id;
}

quint64 JobsController::currentJob() const { return jobOf(m_view->currentJob()); }

void JobsController::selectJob(quint64 jobId) {
  if (const quint64 entry = entryOf(jobId)) m_view->selectJob(entry);
}

void JobsController::whenDone(quint64 id, const JobRecord& r) {
  const QString path = jobPath(r.spec);
  if (std::holds_alternative<sdm::GammaFileJob>(r.spec)) {
    // Analytic-DPM can run at once (the panel keeps the path for any solver).
    if (m_generate) m_generate->setGammaPath(path.toStdString());
    Q_EMIT gammaFinished(id, path);
  } else if (std::holds_alternative<sdm::ConvertJob>(r.spec)) {
    if (m_model) m_model->open(path);  // the SNN, ready to generate
  } else if (std::holds_alternative<sdm::EvalJob>(r.spec)) {
    Q_EMIT evaluationFinished(id, QString::fromStdString(sdm::evalSummaryText(r.result)));
  }
}

void JobsController::newTraining() { startTraining(sdm::train::RunKind::Train); }

void JobsController::newAnnTraining() { startTraining(sdm::train::RunKind::TrainAnn); }

void JobsController::startTraining(sdm::train::RunKind kind) {
  sdm::TrainingJob d = sdm::TrainingJob::quickStart(kind);
  const bool ann = kind == sdm::train::RunKind::TrainAnn;
  d.config.runDir =
      defaultRunDir(ann ? QStringLiteral("train-ann") : QStringLiteral("train")).toStdString();
  if (ann) d.config.sourceWeights = "ema";  // a previous stage's EMA weights, when one is chosen
  JobDialog dialog(d, m_dialogParent);
  if (dialog.exec() != QDialog::Accepted) return;
  launch(dialog.spec());
}

quint64 JobsController::convertLoaded(const QString& out) {
  if (!m_model || !m_model->hasModel() || !m_model->info().convertible) return 0;
  sdm::ConvertJob s;
  s.annCheckpoint = m_model->info().path;
  s.annWeights = m_model->info().weights;  // the weights the studio shows
  s.out = out.toStdString();
  return launch(s);
}

void JobsController::newFinetune() {
  sdm::TrainingJob d = sdm::TrainingJob::quickStart(sdm::train::RunKind::FinetuneTsm);
  sdm::train::TrainConfig& c = d.config;
  if (m_model && m_model->hasModel()) {
    const sdm::ModelInfo& info = m_model->info();
    if (info.config.tsm) {
      QMessageBox::information(m_dialogParent, tr("New TSM finetune"),
                               tr("The loaded model is already a Spk_UNet_TSM. Open a plain "
                                  "Spk_UNet checkpoint to finetune it with TSM."));
      return;
    }
    c.sourceCheckpoint = info.path;
    c.sourceWeights = info.hasEma ? "ema" : "net";
    c.model.snnSteps = info.config.snnSteps;
    c.model.imgSize = info.config.imgSize;
    c.data.kind = sdm::train::defaultDatasetFor(info.config.imgCh);
  }
  c.runDir = defaultRunDir(QStringLiteral("tsm")).toStdString();
  JobDialog dialog(d, m_dialogParent);
  if (dialog.exec() != QDialog::Accepted) return;
  launch(dialog.spec());
}

QString JobsController::annOf(const sdm::ModelInfo& snn) const {
  if (!snn.annSource.empty())
    return QFileInfo(QString::fromStdString(snn.annSource)).absoluteFilePath();
  const QString wanted = QFileInfo(QString::fromStdString(snn.path)).absoluteFilePath();
  for (quint64 id : m_queue->ids())
    if (const JobRecord* r = m_queue->job(id))
      if (const auto* c = std::get_if<sdm::ConvertJob>(&r->spec);
          c && QFileInfo(QString::fromStdString(c->out)).absoluteFilePath() == wanted)
        return QString::fromStdString(c->annCheckpoint);
  return {};
}

sdm::SnnFinetuneJob JobsController::snnFinetuneDefaults() const {
  sdm::SnnFinetuneJob d;
  sdm::train::SnnFinetuneConfig& c = d.config;
  c.stepsPerBlock = 100;  // tens of minutes for a small model on two cores
  c.batch = 32;
  if (m_model && m_model->hasModel()) {
    const sdm::ModelInfo& info = m_model->info();
    if (info.convertible) {  // the quantized ANN: the SNN is chosen in the dialog
      c.annCheckpoint = info.path;
      c.annWeights = info.weights == "ema_model" ? "ema" : "net";
    } else if (info.converted) {
      c.snnCheckpoint = info.path;
      c.annCheckpoint = annOf(info).toStdString();
    }
    c.data.kind = sdm::train::defaultDatasetFor(info.config.imgCh);
  }
  c.runDir = defaultRunDir(QStringLiteral("finetune-snn")).toStdString();
  return d;
}

void JobsController::newSnnFinetune() { askSnnFinetune(snnFinetuneDefaults()); }

quint64 JobsController::askSnnFinetune(const sdm::SnnFinetuneJob& defaults) {
  SnnFinetuneDialog dialog(defaults, m_dialogParent);
  if (dialog.exec() != QDialog::Accepted) return 0;
  return launch(dialog.spec());
}

int JobsController::askImageCount() const {
  bool ok = false;
  const int n = QInputDialog::getInt(m_dialogParent, tr("Evaluate"),
                                     tr("Number of generated images N (FD, KID and the IS analogue "
                                        "become reliable from about 1000):"),
                                     1000, 10, 1000000, 100, &ok);
  return ok ? n : 0;
}

quint64 JobsController::evaluateLoaded(int n) {
  if (!m_model || !m_model->hasModel()) {
    QMessageBox::information(m_dialogParent, tr("Evaluate"), tr("Open a checkpoint first."));
    return 0;
  }
  if (n <= 0) n = askImageCount();
  if (n <= 0) return 0;
  const sdm::ModelInfo& info = m_model->info();
  return evaluate(info.path, loadOptionsOf(info), info.thresholdGuidance, n);
}

quint64 JobsController::evaluateFile(const QString& checkpoint, int n) {
  if (n <= 0) n = askImageCount();
  if (n <= 0) return 0;
  return evaluate(checkpoint.toStdString(), {}, false, n);
}

quint64 JobsController::evaluate(const std::string& checkpoint, const sdm::LoadOptions& load,
                                 bool spkUnet, int n) {
  sdm::EvalJob spec;
  sdm::EvalRequest& e = spec.request;
  e.checkpoint = checkpoint;
  e.load = load;
  e.n = n;
  e.kid = true;
  if (m_generate) {
    const sdm::GenerateParams p = m_generate->params();
    e.solver = p.solver;
    e.solver.gamma.reset();
    e.gammaPath = p.gammaPath;
    e.seed = p.seed;
    e.noiseMode = p.noiseMode;
    e.threshold = p.threshold;
    e.microBatch = p.microBatch;
    if (spkUnet) e.precision = p.precision;  // ANN2SNN models run exact
  }
  return launch(spec);
}

QString JobsController::defaultGammaPath(const QString& checkpoint, int steps,
                                         const QString& skip) {
  const QFileInfo f(checkpoint);
  QString name = QStringLiteral("%1.gamma%2").arg(f.completeBaseName()).arg(steps);
  if (!skip.isEmpty() && skip != QLatin1String("uniform")) name += QLatin1Char('-') + skip;
  return f.dir().filePath(name + QStringLiteral(".pt"));
}

quint64 JobsController::makeGamma(const QString& outPath, int samples) {
  if (!m_model || !m_model->hasModel()) {
    QMessageBox::information(m_dialogParent, tr("Make Gamma file"), tr("Open a checkpoint first."));
    return 0;
  }
  const sdm::ModelInfo& info = m_model->info();
  sdm::GammaFileJob spec;
  sdm::GammaRequest& g = spec.request;
  g.checkpoint = info.path;
  g.load = loadOptionsOf(info);
  g.dataset = sdm::train::toString(sdm::train::defaultDatasetFor(info.config.imgCh));
  if (m_generate) {
    const sdm::GenerateParams p = m_generate->params();
    g.steps = p.solver.steps > 0 ? p.solver.steps : 50;
    g.skip = p.solver.skip;
    g.seed = p.seed;
    g.threshold = p.threshold;
  }
  QString path = outPath;
  if (path.isEmpty() || samples <= 0) {
    GammaDialog dialog(g.steps,
                       path.isEmpty()
                           ? defaultGammaPath(QString::fromStdString(g.checkpoint), g.steps,
                                              QLatin1String(sdm::toString(g.skip)))
                           : path,
                       samples > 0 ? samples : 1000, m_dialogParent);
    if (dialog.exec() != QDialog::Accepted || dialog.path().isEmpty()) return 0;
    path = dialog.path();
    samples = dialog.samples();
  }
  g.outPath = path.toStdString();
  g.samplesPerTimestep = samples;
  g.batch = std::min(samples, 50);
  return launch(spec);
}

void JobsController::syncEntry(quint64 id) {
  const JobRecord* r = m_queue->job(id);
  if (!r) {
    const quint64 entry = m_entryOfJob.take(id);
    m_jobOfEntry.remove(entry);
    if (entry) m_list->remove(entry);
    return;
  }
  JobEntry e;
  e.id = entryOf(id);
  e.kind = QString::fromStdString(sdm::jobKindName(r->spec));
  e.title = QString::fromStdString(sdm::jobTitle(r->spec));
  e.state = entryState(r->state);
  e.progress = r->state == JobRecord::State::Done ? 1.0 : r->fraction();
  e.detail = detailText(*r);
  e.started = r->created;
  if (e.id) {
    m_list->update(e);
    return;
  }
  const quint64 entry = m_list->add(e);
  m_entryOfJob.insert(id, entry);
  m_jobOfEntry.insert(entry, id);
  // A view that made the new row current while it was added saw no job behind it yet.
  if (m_view->currentJob() == entry) showEntry(entry);
}

void JobsController::showEntry(quint64 entry) {
  if (const quint64 id = jobOf(entry)) {
    showJob(id);
    return;
  }
  // A sampling or comparison run, or nothing.
  m_view->setTitle(entry ? tr("Sampling or comparison run of this session") : QString());
  m_view->setProgress(-1, {});
  m_view->setActions(false, false, false, sessionRunRemovable(entry));
  m_view->setResultText({});
  m_view->setTrainingDetailsVisible(false);
  m_view->lossPlot()->clear();
  m_view->setSampleGrids({});
}

void JobsController::showJob(quint64 id) {
  widgets::LossPlot* plot = m_view->lossPlot();
  const JobRecord* r = m_queue->job(id);
  if (!r) return;
  const JobPresenter& presenter = presenterFor(r->spec);
  const bool runFolder = presenter.showsRunFolder();
  m_view->setTrainingDetailsVisible(runFolder);
  m_view->setSampleGridsVisible(presenter.makesSampleGrids());
  if (runFolder) {
    const sdm::LossHistory history = sdm::readLossHistory(sdm::jobOutputPath(r->spec));
    QVector<double> steps, losses;
    for (const auto& [s, l] : history.steps) {
      steps.append(static_cast<double>(s));
      losses.append(l);
    }
    plot->setPoints(steps, losses);
    showLossBlocks(history.blocks);
    m_view->setSampleGrids({});
    refreshSamples(id);
  } else {
    plot->clear();
    m_view->setSampleGrids({});
  }
  refreshDetails(id);
}

void JobsController::refreshDetails(quint64 id) {
  const JobRecord* r = m_queue->job(id);
  if (!r) return;
  m_view->setTitle(QStringLiteral("<b>%1</b><br>%2")
                       .arg(QString::fromStdString(sdm::jobTitle(r->spec)).toHtmlEscaped(),
                            jobPath(r->spec).toHtmlEscaped()));
  const double fraction = r->state == JobRecord::State::Done ? 1.0 : r->fraction();
  m_view->setProgress(fraction, statusText(*r));
  const bool running = r->state == JobRecord::State::Running;
  const bool canResume = r->state == JobRecord::State::Paused ||
                         r->state == JobRecord::State::Cancelled ||
                         r->state == JobRecord::State::Failed;
  // A folder or file deleted behind the studio's back is no longer offered.
  const QString path = jobPath(r->spec);
  const bool exists = !path.isEmpty() && QFileInfo::exists(path);
  m_view->setActions(running || r->state == JobRecord::State::Queued, canResume, exists, !running);
  const QString result = presenterFor(r->spec).resultHtml(*r);
  m_view->setResultText(result);
}

void JobsController::onProgress(quint64 id, const sdm::JobProgress& p,
                                const QVector<QPointF>& newLoss) {
  if (id != currentJob()) return;
  if (!newLoss.isEmpty()) {
    QVector<double> steps, losses;
    for (const QPointF& q : newLoss) {
      steps.append(q.x());
      losses.append(q.y());
    }
    m_view->lossPlot()->appendPoints(steps, losses);
  }
  // A new block of a block-wise fine-tuning: where it began is in the run's metrics.
  const auto& segments = m_view->lossPlot()->segments();
  if (p.parts > 0 && (segments.isEmpty() || segments.last().second.toStdString() != p.label))
    if (const JobRecord* r = m_queue->job(id))
      showLossBlocks(sdm::readLossHistory(sdm::jobOutputPath(r->spec)).blocks);
  if (p.event == sdm::JobProgress::Event::Sample) refreshSamples(id);
}

void JobsController::showLossBlocks(const std::vector<std::pair<int64_t, std::string>>& blocks) {
  QVector<QPair<double, QString>> segments;
  for (const auto& [step, name] : blocks)
    segments.append({static_cast<double>(step), QString::fromStdString(name)});
  m_view->lossPlot()->setSegments(segments);
}

void JobsController::refreshSamples(quint64 id) {
  const JobRecord* r = m_queue->job(id);
  if (!r || !presenterFor(r->spec).showsRunFolder()) return;
  QVector<QPair<qint64, QString>> grids;
  for (const auto& [step, path] : sdm::listSampleGrids(sdm::jobOutputPath(r->spec)))
    grids.append({step, QString::fromStdString(path)});
  m_view->setSampleGrids(grids);
}

void JobsController::openFolder(quint64 id) {
  const JobRecord* r = m_queue->job(id);
  if (!r) return;
  // Run and study folders open themselves; files open the folder that holds them.
  const QString path = presenterFor(r->spec).pathIsFolder()
                           ? jobPath(r->spec)
                           : QFileInfo(jobPath(r->spec)).absolutePath();
  QDesktopServices::openUrl(QUrl::fromLocalFile(path));
}

bool JobsController::sessionRunRemovable(quint64 entry) const {
  const JobEntry* e = m_list->job(entry);
  return e && !jobOf(entry) && e->state != JobEntry::State::Running &&
         e->state != JobEntry::State::Queued;
}

void JobsController::removeEntry(quint64 entry) {
  if (const quint64 id = jobOf(entry)) {
    m_queue->remove(id);  // refused while it runs; the list follows through jobChanged
  } else if (sessionRunRemovable(entry)) {
    m_list->remove(entry);  // a finished sampling or comparison run: its entry only
  }
}

}  // namespace sdm::studio
