#include "jobs_controller.h"

#include <QAction>
#include <QDateTime>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QToolButton>
#include <QUrl>

#include <cmath>

#include "generate_panel.h"
#include "job_dialog.h"
#include "job_list_model.h"
#include "job_queue.h"
#include "jobs_view.h"
#include "loss_plot.h"
#include "model_controller.h"
#include "request_text.h"

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

QString clock(double s) {
  if (s < 0) return QStringLiteral("?");
  const auto t = static_cast<qint64>(s + 0.5);
  if (t >= 3600)
    return QStringLiteral("%1:%2:%3")
        .arg(t / 3600)
        .arg(t / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(t % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(t / 60).arg(t % 60, 2, 10, QLatin1Char('0'));
}

QString statusText(const JobRecord& r) {
  const sdm::JobProgress& p = r.last;
  QString text;
  if (r.spec.kind == sdm::JobKind::Eval) {
    if (p.stage == "loading")
      text = JobsController::tr("loading the model and the classifier");
    else if (p.stage == "scoring")
      text = JobsController::tr("scoring %1 images").arg(r.spec.eval.n);
    else if (p.total > 0)
      text = JobsController::tr("sampling: evaluation %1 / %2 · ETA %3")
                 .arg(p.step)
                 .arg(p.total)
                 .arg(clock(p.etaSeconds));
  } else if (r.spec.kind == sdm::JobKind::Study) {
    if (p.total > 0) {
      // The stage names the running cell; a report that a cell ended has none.
      text = p.stage.empty() ? JobsController::tr("cell %1 / %2 · elapsed %3")
                                   .arg(std::min(p.step + 1, p.total))
                                   .arg(p.total)
                                   .arg(clock(p.elapsedSeconds))
                             : JobsController::tr("cell %1 / %2 · %3 · elapsed %4")
                                   .arg(std::min(p.step + 1, p.total))
                                   .arg(p.total)
                                   .arg(QString::fromStdString(p.stage))
                                   .arg(clock(p.elapsedSeconds));
      if (r.state == JobRecord::State::Running)
        text += JobsController::tr(" · ETA %1").arg(clock(p.etaSeconds));
    }
    if (r.state == JobRecord::State::Done)
      text = JobsController::tr("%1 cells scored").arg(p.total);
    if (r.state == JobRecord::State::Cancelled || r.state == JobRecord::State::Paused)
      return JobsController::tr(
                 "Stopped after %1 of %2 cells; the table keeps them and Resume runs the rest.")
          .arg(p.step)
          .arg(p.total);
  } else if (r.spec.kind == sdm::JobKind::Gamma) {
    if (p.stage == "loading")
      text = JobsController::tr("loading the model and the training images");
    else if (p.total > 0) {
      text = JobsController::tr("timestep %1 / %2 · elapsed %3")
                 .arg(p.step)
                 .arg(p.total)
                 .arg(clock(p.elapsedSeconds));
      if (r.state == JobRecord::State::Running)
        text += JobsController::tr(" · ETA %1").arg(clock(p.etaSeconds));
    }
  } else if (p.total > 0) {
    text = JobsController::tr("step %1 / %2 · loss %3 · %4 img/s · elapsed %5")
               .arg(p.step)
               .arg(p.total)
               .arg(p.loss, 0, 'f', 5)
               .arg(p.imagesPerSecond, 0, 'f', 1)
               .arg(clock(p.elapsedSeconds));
    if (r.state == JobRecord::State::Running)
      text += JobsController::tr(" · ETA %1").arg(clock(p.etaSeconds));
  }
  if (r.state == JobRecord::State::Paused && r.spec.kind == sdm::JobKind::Gamma)
    return JobsController::tr("Paused — resume to complete the Gamma file. %1").arg(text);
  if (r.state == JobRecord::State::Cancelled && r.spec.kind == sdm::JobKind::Gamma)
    return JobsController::tr(
               "Cancelled after %1 of %2 timesteps; the file keeps them and Resume completes it.")
        .arg(p.step)
        .arg(p.total);
  if (r.state == JobRecord::State::Paused)
    text =
        JobsController::tr("Paused — resume to continue from the newest checkpoint. %1").arg(text);
  if (r.state == JobRecord::State::Failed) text = JobsController::tr("Failed: %1").arg(r.error);
  if (r.state == JobRecord::State::Cancelled && sdm::isTrainingJob(r.spec.kind))
    text = JobsController::tr("Cancelled at step %1 (checkpoint %2). %3")
               .arg(p.step)
               .arg(r.checkpoint)
               .arg(text);
  return text;
}

QString detailText(const JobRecord& r) {
  if (r.state == JobRecord::State::Failed) return r.error;
  if (r.spec.kind == sdm::JobKind::Eval) {
    if (r.result.is_object() && r.result.contains("scores"))
      return QStringLiteral("%1 = %2")
          .arg(QString::fromStdString(r.result["scores"].value("fd_name", std::string("FD"))))
          .arg(r.result["scores"].value("fd", 0.0), 0, 'f', 4);
    return {};
  }
  if (r.spec.kind == sdm::JobKind::Convert) {
    if (r.state == JobRecord::State::Done && r.result.contains("check"))
      return JobsController::tr("ε relative error %1 at t = %2")
          .arg(r.result["check"]["eps"][0].value("eps_relative_error", 0.0), 0, 'g', 3)
          .arg(r.result["check"]["eps"][0].value("t", 0));
    return {};
  }
  if (r.spec.kind == sdm::JobKind::Study)
    return r.last.total > 0 ? JobsController::tr("%1 / %2 cells").arg(r.last.step).arg(r.last.total)
                            : QString();
  if (r.spec.kind == sdm::JobKind::Gamma) {
    if (r.state == JobRecord::State::Done)
      return QFileInfo(QString::fromStdString(r.spec.gamma.outPath)).fileName();
    if (r.last.total > 0)
      return JobsController::tr("%1 / %2 timesteps").arg(r.last.step).arg(r.last.total);
    return {};
  }
  if (r.last.step > 0)
    return JobsController::tr("loss %1 at step %2").arg(r.last.loss, 0, 'f', 5).arg(r.last.step);
  return {};
}

// The run folder, the evaluated checkpoint or the Gamma file.
QString jobPath(const sdm::JobSpec& s) {
  switch (s.kind) {
    case sdm::JobKind::Eval:
      return QString::fromStdString(s.eval.checkpoint);
    case sdm::JobKind::Gamma:
      return QString::fromStdString(s.gamma.outPath);
    case sdm::JobKind::Convert:
      return QString::fromStdString(s.convertOut);
    case sdm::JobKind::Study:
      return QString::fromStdString(s.study.outDir);
    default:
      return QString::fromStdString(s.runDir);
  }
}

}  // namespace

JobsController::JobsController(JobQueue* queue, widgets::JobsView* view,
                               widgets::JobListModel* list, ModelController* model,
                               GeneratePanel* generate, QWidget* dialogParent, QObject* parent)
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
  m_view->evaluateButton()->setEnabled(m_evaluate->isEnabled());
  m_view->makeGammaButton()->setEnabled(m_evaluate->isEnabled());
  connect(m_evaluate, &QAction::triggered, this, [this] { evaluateLoaded(); });
  connect(m_makeGamma, &QAction::triggered, this, [this] { makeGamma(); });
  if (m_model)
    connect(m_model, &ModelController::modelChanged, this, [this](const sdm::ModelInfo& info) {
      m_convert->setEnabled(info.convertible);
      m_evaluate->setEnabled(true);
      m_makeGamma->setEnabled(true);
      m_view->evaluateButton()->setEnabled(true);
      m_view->makeGammaButton()->setEnabled(true);
    });
  connect(m_view, &widgets::JobsView::evaluateRequested, this, [this] { evaluateLoaded(); });
  connect(m_view, &widgets::JobsView::makeGammaRequested, this, [this] { makeGamma(); });
  if (m_generate)
    connect(m_generate, &GeneratePanel::makeGammaRequested, this, [this] { makeGamma(); });
  connect(m_view, &widgets::JobsView::newTrainingRequested, this, &JobsController::newTraining);
  connect(m_view, &widgets::JobsView::newFinetuneRequested, this, &JobsController::newFinetune);
  connect(m_view, &widgets::JobsView::cancelRequested, m_queue, &JobQueue::cancel);
  connect(m_view, &widgets::JobsView::resumeRequested, m_queue, &JobQueue::resume);
  connect(m_view, &widgets::JobsView::openFolderRequested, this, &JobsController::openFolder);
  connect(m_view, &widgets::JobsView::removeRequested, this, &JobsController::removeJob);
  // A sampling or comparison run that finishes while selected becomes removable.
  connect(m_list, &QAbstractItemModel::dataChanged, this, [this] {
    const quint64 id = m_view->currentJob();
    if (id && !m_queue->job(id)) m_view->setActions(false, false, false, sessionRunRemovable(id));
  });
  connect(m_view, &widgets::JobsView::currentJobChanged, this, &JobsController::showJob);
  connect(m_queue, &JobQueue::jobAdded, this, &JobsController::syncEntry);
  connect(m_queue, &JobQueue::jobChanged, this, [this](quint64 id) {
    syncEntry(id);
    if (id == m_view->currentJob()) refreshDetails(id);
  });
  connect(m_queue, &JobQueue::progress, this, &JobsController::onProgress);
  connect(m_queue, &JobQueue::jobFinished, this, [this](quint64 id) {
    const JobRecord* r = m_queue->job(id);
    if (!r) return;
    if (id == m_view->currentJob()) {
      refreshSamples(id);
      // The run's own record of every step (a resumed run's full curve).
      if (sdm::isTrainingJob(r->spec.kind)) showJob(id);
    }
    if (r->spec.kind == sdm::JobKind::Gamma && r->state == JobRecord::State::Done) {
      const QString path = QString::fromStdString(r->spec.gamma.outPath);
      // Analytic-DPM can run at once (the panel keeps the path for any solver).
      if (m_generate) m_generate->setGammaPath(path);
      Q_EMIT gammaFinished(id, path);
    }
    if (r->spec.kind == sdm::JobKind::Convert && r->state == JobRecord::State::Done && m_model)
      m_model->open(QString::fromStdString(r->spec.convertOut));  // the SNN, ready to generate
    if (r->spec.kind == sdm::JobKind::Eval && r->state == JobRecord::State::Done)
      Q_EMIT evaluationFinished(id, QString::fromStdString(sdm::evalSummaryText(r->result)));
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
  m_view->selectJob(id);
  return id;
}

void JobsController::newTraining() {
  sdm::JobSpec d;
  d.kind = sdm::JobKind::Train;
  d.runDir = defaultRunDir(QStringLiteral("train")).toStdString();
  JobDialog dialog(d, m_dialogParent);
  if (dialog.exec() != QDialog::Accepted) return;
  launch(dialog.spec());
}

void JobsController::newAnnTraining() {
  sdm::JobSpec d;
  d.kind = sdm::JobKind::TrainAnn;
  d.runDir = defaultRunDir(QStringLiteral("train-ann")).toStdString();
  JobDialog dialog(d, m_dialogParent);
  if (dialog.exec() != QDialog::Accepted) return;
  launch(dialog.spec());
}

quint64 JobsController::convertLoaded(const QString& out) {
  if (!m_model || !m_model->hasModel() || !m_model->info().convertible) return 0;
  sdm::JobSpec s;
  s.kind = sdm::JobKind::Convert;
  s.sourceCheckpoint = m_model->info().path;
  s.sourceWeights = m_model->info().weights;  // the weights the studio shows
  s.convertOut = out.toStdString();
  return launch(s);
}

void JobsController::newFinetune() {
  sdm::JobSpec d;
  d.kind = sdm::JobKind::FinetuneTsm;
  d.lr = 1e-5;  // the SDM paper's finetuning rate
  d.warmup = 0;
  d.totalSteps = 2000;
  d.saveEvery = 500;
  d.sampleEvery = 500;
  if (m_model && m_model->hasModel()) {
    const sdm::ModelInfo& info = m_model->info();
    if (info.config.tsm) {
      QMessageBox::information(m_dialogParent, tr("New TSM finetune"),
                               tr("The loaded model is already a Spk_UNet_TSM. Open a plain "
                                  "Spk_UNet checkpoint to finetune it with TSM."));
      return;
    }
    d.sourceCheckpoint = info.path;
    d.sourceWeights = info.hasEma ? "ema" : "net";
    d.snnSteps = info.config.snnSteps;
    d.imgSize = info.config.imgSize;
    d.dataset = info.config.imgCh == 3 ? "cifar10" : "fashion-mnist";
  }
  d.runDir = defaultRunDir(QStringLiteral("tsm")).toStdString();
  JobDialog dialog(d, m_dialogParent);
  if (dialog.exec() != QDialog::Accepted) return;
  launch(dialog.spec());
}

quint64 JobsController::evaluateLoaded(int n) {
  if (!m_model || !m_model->hasModel()) {
    QMessageBox::information(m_dialogParent, tr("Evaluate"), tr("Open a checkpoint first."));
    return 0;
  }
  if (n <= 0) {
    bool ok = false;
    n = QInputDialog::getInt(m_dialogParent, tr("Evaluate"),
                             tr("Number of generated images N (FD, KID and the IS analogue "
                                "become reliable from about 1000):"),
                             1000, 10, 1000000, 100, &ok);
    if (!ok) return 0;
  }
  const sdm::ModelInfo& info = m_model->info();
  sdm::JobSpec spec;
  spec.kind = sdm::JobKind::Eval;
  sdm::EvalRequest& e = spec.eval;
  e.checkpoint = info.path;
  e.load = loadOptionsOf(info);
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
    if (info.thresholdGuidance) e.precision = p.precision;  // Spk_UNet models
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
  sdm::JobSpec spec;
  spec.kind = sdm::JobKind::Gamma;
  sdm::GammaRequest& g = spec.gamma;
  g.checkpoint = info.path;
  g.load = loadOptionsOf(info);
  g.dataset = info.config.imgCh == 3 ? "cifar10" : "fashion-mnist";
  if (m_generate) {
    const sdm::GenerateParams p = m_generate->params();
    g.steps = p.solver.steps > 0 ? p.solver.steps : 50;
    g.skip = p.solver.skip;
    g.seed = p.seed;
    g.threshold = p.threshold;
  }
  QString path = outPath;
  if (path.isEmpty() || samples <= 0) {
    QDialog dialog(m_dialogParent);
    dialog.setWindowTitle(tr("Make Gamma file"));
    dialog.setObjectName(QStringLiteral("makeGammaDialog"));
    auto* form = new QFormLayout(&dialog);
    auto* intro = new QLabel(
        tr("Analytic-DPM needs Gamma_t = E‖ε(x_t, t)‖² / d at the %1 timesteps of the Generate "
           "panel's grid, estimated over training images. A cancelled job keeps the finished "
           "timesteps; Resume completes the file.")
            .arg(g.steps),
        &dialog);
    intro->setWordWrap(true);
    form->addRow(intro);
    auto* edit =
        new QLineEdit(path.isEmpty() ? defaultGammaPath(QString::fromStdString(g.checkpoint),
                                                        g.steps, QString::fromStdString(g.skip))
                                     : path,
                      &dialog);
    auto* browse = new QToolButton(&dialog);
    browse->setText(tr("Choose…"));
    connect(browse, &QToolButton::clicked, &dialog, [&] {
      const QString chosen = QFileDialog::getSaveFileName(
          &dialog, tr("Gamma file"), edit->text(), tr("Gamma files (*.pt *.pth);;All files (*)"));
      if (!chosen.isEmpty()) edit->setText(chosen);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    form->addRow(tr("Output file"), row);
    auto* count = new QSpinBox(&dialog);
    count->setRange(1, 10000000);
    count->setValue(samples > 0 ? samples : 1000);
    count->setToolTip(tr("Training images per timestep (Analytic-DPM uses a few thousand)"));
    form->addRow(tr("Samples per timestep"), count);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(box);
    if (dialog.exec() != QDialog::Accepted || edit->text().trimmed().isEmpty()) return 0;
    path = edit->text().trimmed();
    samples = count->value();
  }
  g.outPath = path.toStdString();
  g.samplesPerTimestep = samples;
  g.batch = std::min(samples, 50);
  return launch(spec);
}

void JobsController::syncEntry(quint64 id) {
  const JobRecord* r = m_queue->job(id);
  if (!r) {
    m_list->remove(id);
    return;
  }
  JobEntry e;
  e.id = id;
  e.kind = QString::fromUtf8(sdm::toString(r->spec.kind));
  e.title = QString::fromStdString(r->spec.title());
  e.state = entryState(r->state);
  e.progress = r->state == JobRecord::State::Done ? 1.0 : r->fraction();
  e.detail = detailText(*r);
  e.started = r->created;
  m_list->upsert(e);
}

void JobsController::showJob(quint64 id) {
  widgets::LossPlot* plot = m_view->lossPlot();
  const JobRecord* r = m_queue->job(id);
  if (!r) {  // a sampling or comparison run, or nothing
    m_view->setTitle(id ? tr("Sampling or comparison run of this session") : QString());
    m_view->setProgress(-1, {});
    m_view->setActions(false, false, false, sessionRunRemovable(id));
    m_view->setResultText({});
    m_view->setTrainingDetailsVisible(false);
    plot->clear();
    m_view->setSampleGrids({});
    return;
  }
  const bool training = sdm::isTrainingJob(r->spec.kind);
  m_view->setTrainingDetailsVisible(training);
  if (training) {
    QVector<double> steps, losses;
    for (const auto& [s, l] : sdm::readLossHistory(r->spec.runDir)) {
      steps.append(static_cast<double>(s));
      losses.append(l);
    }
    plot->setPoints(steps, losses);
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
                       .arg(QString::fromStdString(r->spec.title()).toHtmlEscaped(),
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
  QString result;
  if (r->spec.kind == sdm::JobKind::Eval && r->result.is_object()) result = resultHtml(r->result);
  if (r->spec.kind == sdm::JobKind::Gamma && r->state == JobRecord::State::Done)
    result = tr("Gamma file %1 — set as the Generate panel's Gamma file for analytic-dpm.")
                 .arg(jobPath(r->spec).toHtmlEscaped());
  if (r->spec.kind == sdm::JobKind::Convert && r->state == JobRecord::State::Done)
    result = convertResultHtml(r->result);
  if (r->spec.kind == sdm::JobKind::Study && r->state == JobRecord::State::Done)
    result = tr("Study table %1/study.json — shown in the Study tab.")
                 .arg(jobPath(r->spec).toHtmlEscaped());
  m_view->setResultText(result);
}

void JobsController::onProgress(quint64 id, const sdm::JobProgress& p,
                                const QVector<QPointF>& newLoss) {
  if (id != m_view->currentJob()) return;
  if (!newLoss.isEmpty()) {
    QVector<double> steps, losses;
    for (const QPointF& q : newLoss) {
      steps.append(q.x());
      losses.append(q.y());
    }
    m_view->lossPlot()->appendPoints(steps, losses);
  }
  if (p.event == sdm::JobProgress::Event::Sample) refreshSamples(id);
}

void JobsController::refreshSamples(quint64 id) {
  const JobRecord* r = m_queue->job(id);
  if (!r || !sdm::isTrainingJob(r->spec.kind)) return;
  QVector<QPair<qint64, QString>> grids;
  for (const auto& [step, path] : sdm::listSampleGrids(r->spec.runDir))
    grids.append({step, QString::fromStdString(path)});
  m_view->setSampleGrids(grids);
}

void JobsController::openFolder(quint64 id) {
  const JobRecord* r = m_queue->job(id);
  if (!r) return;
  // Run and study folders open themselves; files open the folder that holds them.
  const QString path = sdm::isTrainingJob(r->spec.kind) || r->spec.kind == sdm::JobKind::Study
                           ? jobPath(r->spec)
                           : QFileInfo(jobPath(r->spec)).absolutePath();
  QDesktopServices::openUrl(QUrl::fromLocalFile(path));
}

bool JobsController::sessionRunRemovable(quint64 id) const {
  const JobEntry* e = m_list->job(id);
  return e && e->state != JobEntry::State::Running && e->state != JobEntry::State::Queued;
}

void JobsController::removeJob(quint64 id) {
  if (m_queue->job(id)) {
    m_queue->remove(id);  // refused while it runs; the list follows through jobChanged
  } else if (sessionRunRemovable(id)) {
    m_list->remove(id);  // a finished sampling or comparison run: its entry only
  }
}

QString JobsController::convertResultHtml(const nlohmann::json& j) {
  QString html =
      tr("Wrote %1<br>%2: %3")
          .arg(QString::fromStdString(j.value("out", std::string())).toHtmlEscaped(),
               QString::fromStdString(j.value("to", std::string())).toHtmlEscaped(),
               QString::fromStdString(j.value("neurons", std::string())).toHtmlEscaped());
  if (j.contains("check")) {
    const auto& c = j["check"];
    QStringList eps;
    for (const auto& row : c["eps"])
      eps << tr("t = %1: %2")
                 .arg(row.value("t", 0))
                 .arg(row.value("eps_relative_error", 0.0), 0, 'g', 3);
    html += tr("<br>Conversion check on %1 N(0,1) inputs: time embedding (the first spiking "
               "layer) relative error %2; ε relative error %3")
                .arg(c.value("images", 0))
                .arg(c.value("time_embedding_relative_error", 0.0), 0, 'g', 3)
                .arg(eps.join(QStringLiteral(", ")));
  }
  return html;
}

QString JobsController::resultHtml(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("scores")) return {};
  const nlohmann::json& s = j["scores"];
  QString html =
      QStringLiteral("<b>%1 = %2</b> (N = %3, %4")
          .arg(QString::fromStdString(s.value("fd_name", std::string("FD"))).toHtmlEscaped())
          .arg(s.value("fd", 0.0), 0, 'f', 4)
          .arg(s.value("n", 0))
          .arg(
              tr("extractor: %1")
                  .arg(
                      QString::fromStdString(s.value("extractor", std::string())).toHtmlEscaped()));
  if (j.contains("sampler"))
    html += QStringLiteral(", %1, %2, %3")
                .arg(j.value("ema", false) ? tr("EMA weights") : tr("raw weights"))
                .arg(QString::fromStdString(j["sampler"].value("summary", std::string()))
                         .toHtmlEscaped())
                .arg(tr("seed %1").arg(j.value("seed", uint64_t{0})));
  if (const double th = j.value("threshold", 1.0); th != 1.0)
    html += QStringLiteral(", ") + tr("IF threshold %1").arg(thresholdText(static_cast<float>(th)));
  html += QStringLiteral(")");
  if (s.contains("kid"))
    html += QStringLiteral("<br>") + tr("KID = %1 ± %2")
                                         .arg(s["kid"].value("mean", 0.0), 0, 'f', 5)
                                         .arg(s["kid"].value("std", 0.0), 0, 'f', 5);
  if (s.contains("classifier")) {
    const nlohmann::json& c = s["classifier"];
    html += QStringLiteral("<br>") +
            tr("IS analogue = %1 ± %2 · confident (p ≥ 0.5) %3 % · class entropy %4 / %5")
                .arg(c.value("is_analogue_mean", 0.0), 0, 'f', 3)
                .arg(c.value("is_analogue_std", 0.0), 0, 'f', 3)
                .arg(100 * c.value("confident_fraction", 0.0), 0, 'f', 1)
                .arg(c.value("class_entropy", 0.0), 0, 'f', 3)
                .arg(c.value("class_entropy_max", std::log(10.0)), 0, 'f', 3);
  }
  if (j.contains("checkpoint"))
    html += QStringLiteral("<br>") +
            tr("Appended to %1")
                .arg(QString::fromStdString(j["checkpoint"].get<std::string>() + ".eval.jsonl")
                         .toHtmlEscaped());
  return html;
}

}  // namespace sdm::studio
