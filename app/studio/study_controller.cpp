#include "study_controller.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>
#include <QStandardPaths>

#include <filesystem>
#include <memory>

#include "generate_settings.h"
#include "job_queue.h"
#include "jobs_controller.h"
#include "model_controller.h"
#include "model_panel.h"
#include "plot_style.h"
#include "study_dialog.h"
#include "study_view.h"

namespace sdm::studio {
namespace {

QString canonical(const QString& path) {
  const QString c = QFileInfo(path).canonicalFilePath();
  return c.isEmpty() ? QFileInfo(path).absoluteFilePath() : c;
}

// Writes through `write(tempPath)` beside `path`, then renames over it: a reader never sees a
// half-written export.
QString writeViaTemp(const QString& path, const std::function<bool(const QString&)>& write) {
  const QFileInfo target(path);
  const QString temp = target.absoluteDir().filePath(
      QStringLiteral(".%1.partial.%2").arg(target.completeBaseName(), target.suffix()));
  if (!write(temp)) {
    QFile::remove(temp);
    return StudyController::tr("Could not write %1").arg(path);
  }
  std::error_code ec;
  std::filesystem::rename(temp.toStdString(), path.toStdString(), ec);
  if (ec) {
    QFile::remove(temp);
    return QString::fromStdString(ec.message());
  }
  return {};
}

}  // namespace

StudyController::StudyController(JobsController* jobs, widgets::StudyView* view,
                                 ModelController* model, ModelPanel* modelPanel,
                                 GenerateSettings* generate, QWidget* dialogParent, QObject* parent)
    : QObject(parent),
      m_jobs(jobs),
      m_view(view),
      m_model(model),
      m_modelPanel(modelPanel),
      m_generate(generate),
      m_dialogParent(dialogParent),
      m_study(new QAction(tr("&Study…"), this)),
      m_open(new QAction(tr("Open s&tudy…"), this)) {
  m_study->setToolTip(
      tr("Score every combination of models, solvers, step counts, IF thresholds and precisions "
         "(FD, KID, IS analogue, time and energy per image) as a job"));
  m_open->setToolTip(tr("Show a study folder (study.json) in the Study view"));
  connect(m_study, &QAction::triggered, this, &StudyController::newStudy);
  connect(m_open, &QAction::triggered, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(m_dialogParent, tr("Open study folder"));
    if (dir.isEmpty()) return;
    if (const QString why = openStudy(dir); !why.isEmpty())
      QMessageBox::warning(m_dialogParent, tr("Open study"), why);
    else
      Q_EMIT showRequested();
  });
  JobQueue* queue = m_jobs->queue();
  // The study job's table is re-read whenever a cell has ended (a Sample report). A study job
  // that runs (again: resumed, maybe after a restart) is followed unless another study is shown.
  connect(queue, &JobQueue::progress, this, [this, queue](quint64 id, const sdm::JobProgress& p) {
    const JobRecord* r = queue->job(id);
    const auto* study = r ? std::get_if<sdm::StudyJob>(&r->spec) : nullptr;
    if (!study) return;
    const QString folder = QString::fromStdString(study->request.outDir);
    if (id != m_shownJob &&
        (m_view->folder().isEmpty() || canonical(m_view->folder()) == canonical(folder)))
      m_shownJob = id;
    if (id != m_shownJob) return;
    if (p.event == sdm::JobProgress::Event::Sample || m_view->folder() != folder)
      if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("study.json")))) openStudy(folder);
  });
  connect(queue, &JobQueue::jobFinished, this, [this, queue](quint64 id) {
    const JobRecord* r = queue->job(id);
    if (id == m_shownJob && r) openStudy(QString::fromStdString(sdm::jobOutputPath(r->spec)));
  });
  connect(m_view, &widgets::StudyView::loadSettingsRequested, this, &StudyController::loadSettings);
  connect(m_view, &widgets::StudyView::exportTableRequested, this, [this] {
    const QString path =
        askPath(tr("Export study table"), QStringLiteral("study.csv"), tr("CSV (*.csv)"));
    if (!path.isEmpty()) report(exportTableTo(path));
  });
  connect(m_view, &widgets::StudyView::exportPlotRequested, this, [this](int plot) {
    const QString path =
        askPath(tr("Export plot"),
                plot == int(widgets::StudyView::Plot::FdNfe) ? QStringLiteral("fd_nfe.pdf")
                                                             : QStringLiteral("fd_energy.pdf"),
                tr("PDF document (*.pdf);;PNG image (*.png)"));
    if (!path.isEmpty()) report(exportPlotTo(plot, path));
  });
  connect(m_view, &widgets::StudyView::exportReportRequested, this, [this] {
    const QString path =
        askPath(tr("Export study report"), QStringLiteral("report.png"), tr("PNG image (*.png)"));
    if (!path.isEmpty()) report(exportReportTo(path));
  });
}

sdm::StudyRequest StudyController::defaultRequest() const {
  sdm::StudyRequest r;
  r.axes.solvers = {sdm::SolverKind::Ddim, sdm::SolverKind::DpmSolver};
  r.axes.steps = {5, 10, 20};
  r.axes.thresholds = {1.0};
  r.base.n = 500;
  r.base.kid = true;
  if (m_model && m_model->hasModel()) {
    const sdm::ModelInfo& info = m_model->info();
    r.axes.checkpoints = {info.path};
    r.base.load.weights = info.weights == "ema_model" ? WeightsChoice::Ema : WeightsChoice::Net;
    r.base.load.snnSteps = info.config.snnSteps;
    r.base.load.imgSize = info.config.imgSize;
  }
  if (m_generate) {
    const sdm::GenerateParams p = m_generate->params();
    r.base.solver = p.solver;  // the extras (eta, order, method); kind and steps are per cell
    r.base.solver.gamma.reset();
    r.base.solver.skip = sdm::TimeGrid::Default;  // each solver's own time grid
    r.base.gammaPath = p.gammaPath;
    r.base.seed = p.seed;
    r.base.noiseMode = p.noiseMode;
    r.base.microBatch = p.microBatch;
    r.axes.precisions = {p.precision};
  }
  QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  if (base.isEmpty()) base = QDir::homePath();
  r.outDir =
      QDir(base)
          .filePath(
              QStringLiteral("studies/%1")
                  .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))))
          .toStdString();
  return r;
}

void StudyController::newStudy() {
  StudyDialog dialog(defaultRequest(), m_dialogParent);
  if (dialog.exec() != QDialog::Accepted) return;
  launch(dialog.request());
  Q_EMIT showRequested();
}

quint64 StudyController::launch(const sdm::StudyRequest& req) {
  m_shownJob = m_jobs->launch(sdm::StudyJob{req});
  return m_shownJob;
}

QString StudyController::openStudy(const QString& folder) {
  try {
    const nlohmann::json table = sdm::readStudy(folder.toStdString());
    if (!table.is_object() || !table.contains("cells"))
      return tr("%1 holds no study table").arg(folder);
    // A folder opened by hand stops following the running job, unless it is that job's.
    if (const JobRecord* r = m_jobs->queue()->job(m_shownJob);
        r && canonical(QString::fromStdString(sdm::jobOutputPath(r->spec))) != canonical(folder))
      m_shownJob = 0;
    m_view->setStudy(folder, table);
    Q_EMIT studyShown(folder);
    return {};
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
}

void StudyController::reload() {
  if (!m_view->folder().isEmpty()) openStudy(m_view->folder());
}

bool StudyController::loadSettings(int index) {
  const nlohmann::json* c = m_view->cell(index);
  if (!c || !m_generate) return false;
  const nlohmann::json cell = *c;
  const QString checkpoint = QString::fromStdString(cell.value("checkpoint", std::string()));
  const bool otherModel =
      m_model && (!m_model->hasModel() ||
                  canonical(QString::fromStdString(m_model->info().path)) != canonical(checkpoint));
  if (!otherModel) {
    applyCell(cell);
    Q_EMIT settingsLoaded(index);
    return true;
  }
  if (!QFileInfo::exists(checkpoint)) return false;
  m_model->openThen(checkpoint, this, [this, cell, index] {
    applyCell(cell);
    Q_EMIT settingsLoaded(index);
  });
  return true;
}

void StudyController::applyCell(const nlohmann::json& c) {
  sdm::GenerateParams p = m_generate->params();
  try {
    p.solver.kind = sdm::parseSolverKind(c.value("solver", std::string("ddim")));
    p.precision = sdm::parsePrecision(c.value("precision", std::string("exact")));
  } catch (const std::exception&) {
    return;
  }
  p.solver.steps = c.value("steps", p.solver.steps);
  const nlohmann::json shared = m_view->table()
                                    .value("study", nlohmann::json::object())
                                    .value("shared", nlohmann::json::object());
  p.seed = shared.value("seed", p.seed);
  from_json(shared, p.solver);  // the solver options every cell shared (not its kind or steps)
  m_generate->setParams(p);
  if (m_modelPanel) m_modelPanel->setThreshold(static_cast<float>(c.value("threshold", 1.0)));
}

QString StudyController::exportTableTo(const QString& path) const {
  if (m_view->folder().isEmpty()) return tr("No study is shown.");
  QFile csv(QDir(m_view->folder()).filePath(QStringLiteral("study.csv")));
  const QByteArray bytes = csv.open(QIODevice::ReadOnly)
                               ? csv.readAll()
                               : QByteArray::fromStdString(sdm::studyCsv(m_view->table()));
  QSaveFile out(path);
  if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
    return out.errorString();
  return {};
}

QString StudyController::exportPlotTo(int plot, const QString& path) const {
  if (m_view->folder().isEmpty()) return tr("No study is shown.");
  QCustomPlot* p = m_view->plot(static_cast<widgets::StudyView::Plot>(plot));
  return writeViaTemp(path,
                      [p](const QString& temp) { return widgets::savePlot(p, temp, 900, 600); });
}

QString StudyController::exportReportTo(const QString& path) const {
  if (m_view->folder().isEmpty()) return tr("No study is shown.");
  const QImage page = m_view->renderReport();
  QSaveFile out(path);
  if (!out.open(QIODevice::WriteOnly) || !page.save(&out, "PNG") || !out.commit())
    return tr("Could not write %1: %2").arg(path, out.errorString());
  return {};
}

QString StudyController::askPath(const QString& title, const QString& name,
                                 const QString& filter) const {
  return QFileDialog::getSaveFileName(m_dialogParent, title, QDir(m_view->folder()).filePath(name),
                                      filter);
}

void StudyController::report(const QString& error) const {
  if (!error.isEmpty()) QMessageBox::warning(m_dialogParent, tr("Export failed"), error);
}

}  // namespace sdm::studio
