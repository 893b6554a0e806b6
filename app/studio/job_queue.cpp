#include "job_queue.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <spdlog/spdlog.h>

#include "util/error.h"

namespace sdm::studio {
namespace {

JobRecord::State parseState(const std::string& s) {
  using S = JobRecord::State;
  for (S v : {S::Queued, S::Running, S::Done, S::Cancelled, S::Failed, S::Paused})
    if (s == toString(v)) return v;
  return S::Paused;
}

}  // namespace

const char* toString(JobRecord::State s) {
  switch (s) {
    case JobRecord::State::Queued:
      return "queued";
    case JobRecord::State::Running:
      return "running";
    case JobRecord::State::Done:
      return "done";
    case JobRecord::State::Cancelled:
      return "cancelled";
    case JobRecord::State::Failed:
      return "failed";
    case JobRecord::State::Paused:
      return "paused";
  }
  return "?";
}

void JobRunner::run(quint64 id, const sdm::JobSpec& spec, const sdm::CancelToken& cancel) {
  QVector<QPointF> pending;
  QElapsedTimer sinceReport;
  sinceReport.start();
  bool reported = false;
  QString error;
  sdm::JobOutcome outcome;
  try {
    outcome = sdm::runJob(
        spec,
        [&](const sdm::JobProgress& p) {
          const bool step = p.event == sdm::JobProgress::Event::Step;
          if (step && sdm::jobHasRunFolder(spec))
            pending.append(QPointF(static_cast<double>(p.step), p.loss));
          // Every event, and steps at most every 100 ms (plus the last one): the GUI never
          // drowns in reports, and the curve still gets every step through `pending`.
          if (step && reported && sinceReport.elapsed() < 100 && p.step != p.total) return;
          reported = true;
          sinceReport.restart();
          Q_EMIT progress(id, p, pending);
          pending.clear();
        },
        cancel);
  } catch (const std::exception& e) {
    error = QString::fromStdString(e.what());
  }
  Q_EMIT finished(
      id, outcome.cancelled, QString::fromStdString(outcome.checkpoint),
      outcome.result.is_null() ? QString() : QString::fromStdString(outcome.result.dump()), error);
}

JobQueue::JobQueue(const QString& storePath, QObject* parent)
    : QObject(parent), m_storePath(storePath), m_nextId(1), m_runner(new JobRunner) {
  m_thread.setObjectName(QStringLiteral("sdm-jobs"));
  m_runner->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_runner, &QObject::deleteLater);
  connect(this, &JobQueue::startJob, m_runner, &JobRunner::run, Qt::QueuedConnection);
  connect(m_runner, &JobRunner::progress, this, &JobQueue::onProgress, Qt::QueuedConnection);
  connect(m_runner, &JobRunner::finished, this, &JobQueue::onFinished, Qt::QueuedConnection);
  m_thread.start();
  load();
}

JobQueue::~JobQueue() {
  // A running job stops after its current step (a checkpoint follows) and comes back paused.
  m_cancel.cancel();
  m_thread.quit();
  m_thread.wait();
  if (m_running) {
    m_jobs[m_running].state = JobRecord::State::Paused;
    m_running = 0;
  }
  save();
}

void JobQueue::load() {
  if (m_storePath.isEmpty()) return;
  QFile f(m_storePath);
  if (!f.open(QIODevice::ReadOnly)) return;
  const auto j = nlohmann::json::parse(f.readAll().toStdString(), nullptr, false);
  if (j.is_discarded() || !j.contains("jobs")) {
    spdlog::warn("job queue {}: not readable, starting empty", m_storePath.toStdString());
    return;
  }
  for (const auto& e : j["jobs"]) {
    try {
      JobRecord r;
      r.id = e.at("id").get<quint64>();
      r.spec = e.at("spec").get<sdm::JobSpec>();
      r.state = parseState(e.value("state", std::string("paused")));
      if (r.state == JobRecord::State::Running || r.state == JobRecord::State::Queued)
        r.state = JobRecord::State::Paused;
      r.error = QString::fromStdString(e.value("error", std::string()));
      r.checkpoint = QString::fromStdString(e.value("checkpoint", std::string()));
      r.result = e.value("result", nlohmann::json());
      r.last.step = e.value("step", int64_t{0});
      r.last.total = e.value("total", int64_t{0});
      r.last.loss = e.value("loss", 0.0);
      r.created = QDateTime::fromString(QString::fromStdString(e.value("created", std::string())),
                                        Qt::ISODate);
      m_nextId = std::max(m_nextId, r.id + 1);
      m_jobs[r.id] = std::move(r);
    } catch (const std::exception& ex) {
      spdlog::warn("job queue {}: skipping an entry ({})", m_storePath.toStdString(), ex.what());
    }
  }
}

bool JobQueue::save() const {
  if (m_storePath.isEmpty()) return true;
  nlohmann::json jobs = nlohmann::json::array();
  for (const auto& [id, r] : m_jobs)
    jobs.push_back({{"id", r.id},
                    {"spec", r.spec},
                    {"state", toString(r.state)},
                    {"error", r.error.toStdString()},
                    {"checkpoint", r.checkpoint.toStdString()},
                    {"result", r.result},
                    {"step", r.last.step},
                    {"total", r.last.total},
                    {"loss", r.last.loss},
                    {"created", r.created.toString(Qt::ISODate).toStdString()}});
  QDir().mkpath(QFileInfo(m_storePath).absolutePath());
  QSaveFile f(m_storePath);
  const std::string text = nlohmann::json{{"version", 1}, {"jobs", jobs}}.dump(2);
  if (!f.open(QIODevice::WriteOnly) ||
      f.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) ||
      !f.commit()) {
    spdlog::error("cannot write the job queue {}", m_storePath.toStdString());
    return false;
  }
  return true;
}

quint64 JobQueue::submit(const sdm::JobSpec& spec) {
  JobRecord r;
  r.id = m_nextId++;
  r.spec = spec;
  r.created = QDateTime::currentDateTime();
  r.last.total = sdm::jobPlannedSteps(spec);
  const quint64 id = r.id;
  m_jobs[id] = std::move(r);
  save();
  Q_EMIT jobAdded(id);
  startNext();
  return id;
}

void JobQueue::cancel(quint64 id) {
  auto it = m_jobs.find(id);
  if (it == m_jobs.end()) return;
  if (id == m_running) {
    m_cancel.cancel();  // the worker reports Cancelled when the step is done
    return;
  }
  if (it->second.state == JobRecord::State::Queued) {
    it->second.state = JobRecord::State::Cancelled;
    save();
    Q_EMIT jobChanged(id);
  }
}

void JobQueue::resume(quint64 id) {
  auto it = m_jobs.find(id);
  if (it == m_jobs.end() || id == m_running) return;
  JobRecord& r = it->second;
  // A finished run continues only when asked for more steps; nothing to do otherwise.
  if (r.state == JobRecord::State::Done && sdm::jobHasRunFolder(r.spec) &&
      r.last.step >= sdm::jobPlannedSteps(r.spec))
    return;
  r.state = JobRecord::State::Queued;
  r.error.clear();
  save();
  Q_EMIT jobChanged(id);
  startNext();
}

bool JobQueue::remove(quint64 id) {
  if (id == m_running || !m_jobs.erase(id)) return false;
  save();
  Q_EMIT jobChanged(id);  // job(id) is now null: listeners drop it
  return true;
}

const JobRecord* JobQueue::job(quint64 id) const {
  auto it = m_jobs.find(id);
  return it == m_jobs.end() ? nullptr : &it->second;
}

QList<quint64> JobQueue::ids() const {
  QList<quint64> out;
  for (const auto& [id, r] : m_jobs) out.append(id);
  return out;
}

void JobQueue::startNext() {
  if (m_running) return;
  for (auto& [id, r] : m_jobs) {
    if (r.state != JobRecord::State::Queued) continue;
    m_running = id;
    r.state = JobRecord::State::Running;
    m_cancel = sdm::CancelToken();  // a fresh token per job
    save();
    Q_EMIT jobChanged(id);
    Q_EMIT startJob(id, r.spec, m_cancel);
    return;
  }
}

void JobQueue::onProgress(quint64 id, const sdm::JobProgress& p, const QVector<QPointF>& newLoss) {
  auto it = m_jobs.find(id);
  if (it == m_jobs.end()) return;
  JobRecord& r = it->second;
  if (p.event != sdm::JobProgress::Event::Started) {
    const bool keepCounts = !sdm::jobHasRunFolder(r.spec) && p.total == 0;
    const auto step = r.last.step, total = r.last.total;
    r.last = p;
    if (keepCounts) {  // loading / scoring stages: keep the sampling (timestep) counts
      r.last.step = step;
      r.last.total = total;
    }
  }
  if (p.event == sdm::JobProgress::Event::Checkpoint) r.checkpoint = QString::fromStdString(p.path);
  Q_EMIT progress(id, p, newLoss);
  Q_EMIT jobChanged(id);
}

void JobQueue::onFinished(quint64 id, bool cancelled, const QString& checkpoint,
                          const QString& resultJson, const QString& error) {
  auto it = m_jobs.find(id);
  if (it != m_jobs.end()) {
    JobRecord& r = it->second;
    if (!checkpoint.isEmpty()) r.checkpoint = checkpoint;
    if (!resultJson.isEmpty())
      r.result = nlohmann::json::parse(resultJson.toStdString(), nullptr, false);
    r.error = error;
    r.state = !error.isEmpty() ? JobRecord::State::Failed
              : cancelled      ? JobRecord::State::Cancelled
                               : JobRecord::State::Done;
    if (!error.isEmpty()) spdlog::error("job {} failed: {}", id, error.toStdString());
  }
  m_running = 0;
  save();
  Q_EMIT jobChanged(id);
  Q_EMIT jobFinished(id);
  startNext();
}

}  // namespace sdm::studio
