#pragma once
// The studio's queue of long jobs (any sdm::JobSpec: training runs, SNN fine-tuning, evaluations,
// Gamma files, conversions, studies): run one at a time on a worker thread (never the GUI thread), persisted as JSON (written atomically with
// QSaveFile) so that after a restart unfinished jobs come back paused, ready to resume from their
// run folder's newest checkpoint.
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QThread>
#include <QVector>

#include <map>
#include <optional>

#include "engine/jobs.h"

namespace sdm::studio {

struct JobRecord {
  enum class State { Queued, Running, Done, Cancelled, Failed, Paused };
  quint64 id = 0;
  sdm::JobSpec spec;
  State state = State::Queued;
  sdm::JobProgress last;  // the newest progress report
  QString error;          // Failed
  nlohmann::json result;  // the outcome's JSON (sdm::JobOutcome::result)
  QString checkpoint;     // runs: the last checkpoint written
  QDateTime created;

  bool unfinished() const {
    return state == State::Queued || state == State::Running || state == State::Paused;
  }
  double fraction() const {
    return last.total > 0 ? static_cast<double>(last.step) / static_cast<double>(last.total) : 0;
  }
};

// Lives on the worker thread; runs one job at a time.
class JobRunner : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;
  void run(quint64 id, const sdm::JobSpec& spec, const sdm::CancelToken& cancel);

 Q_SIGNALS:
  // newLoss: (step, loss) of the steps since the last report (the live curve).
  void progress(quint64 id, const sdm::JobProgress& p, const QVector<QPointF>& newLoss);
  void finished(quint64 id, bool cancelled, const QString& checkpoint, const QString& resultJson,
                const QString& error);
};

class JobQueue : public QObject {
  Q_OBJECT
 public:
  // storePath: the persisted queue (empty: not persisted). Jobs it holds are restored at once;
  // the ones that did not finish are Paused.
  explicit JobQueue(const QString& storePath, QObject* parent = nullptr);
  ~JobQueue() override;

  quint64 submit(const sdm::JobSpec& spec);  // queued; starts when the worker is free
  void cancel(quint64 id);                   // running: stops after the current step
  void resume(quint64 id);                   // paused / cancelled / failed: queued again
  bool remove(quint64 id);  // forgets a job that is not running (its files stay); jobChanged

  const JobRecord* job(quint64 id) const;
  QList<quint64> ids() const;  // oldest first
  quint64 running() const { return m_running; }
  QString storePath() const { return m_storePath; }
  JobRunner* runner() const { return m_runner; }  // lives on the job thread
  bool save() const;  // atomically; false (and a log line) when it cannot be written

 Q_SIGNALS:
  void jobAdded(quint64 id);
  void jobChanged(quint64 id);  // state or progress
  void progress(quint64 id, const sdm::JobProgress& p, const QVector<QPointF>& newLoss);
  void jobFinished(quint64 id);
  void startJob(quint64 id, const sdm::JobSpec& spec, const sdm::CancelToken& cancel);

 private:
  void load();
  void startNext();
  void onProgress(quint64 id, const sdm::JobProgress& p, const QVector<QPointF>& newLoss);
  void onFinished(quint64 id, bool cancelled, const QString& checkpoint, const QString& resultJson,
                  const QString& error);

  QString m_storePath;
  std::map<quint64, JobRecord> m_jobs;
  quint64 m_nextId;
  quint64 m_running = 0;
  sdm::CancelToken m_cancel;
  QThread m_thread;
  JobRunner* m_runner;
};

const char* toString(JobRecord::State s);

}  // namespace sdm::studio
