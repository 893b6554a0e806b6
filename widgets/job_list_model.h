#pragma once
// The activity list as a table model: the studio's own sampling and comparison runs and the job
// queue's jobs, all through add() / update() / remove(). Its ids are its own (add() hands them
// out); each producer maps its run or job ids to them.
#include <QAbstractTableModel>
#include <QDateTime>

#include <vector>

namespace sdm::widgets {

struct JobEntry {
  enum class State { Queued, Running, Done, Cancelled, Failed, Paused };
  quint64 id = 0;  // the list's, from add()
  QString kind;    // "sample", "compare", "train", "finetune-tsm", "eval"
  QString title;   // "ddim · 20 steps · 4 images"
  State state = State::Queued;
  double progress = 0;  // 0..1
  QString detail;       // "0.62 s", an error, ...
  QDateTime started;
};

class JobListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Kind, Title, State, Progress, Detail, Started, ColumnCount };
  explicit JobListModel(QObject* parent = nullptr);

  quint64 add(JobEntry job);         // a new first row with a fresh id; returns the id
  void update(const JobEntry& job);  // the row of job.id; an id not in the list is ignored
  void remove(quint64 id);
  const JobEntry* job(quint64 id) const;
  static QString stateText(JobEntry::State state);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  std::vector<JobEntry> m_jobs;  // newest first
  quint64 m_lastId = 0;
};

}  // namespace sdm::widgets
