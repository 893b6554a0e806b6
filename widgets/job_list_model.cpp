#include "job_list_model.h"

#include <algorithm>

namespace sdm::widgets {

JobListModel::JobListModel(QObject* parent) : QAbstractTableModel(parent) {}

QString JobListModel::stateText(JobEntry::State state) {
  switch (state) {
    case JobEntry::State::Queued:
      return tr("queued");
    case JobEntry::State::Running:
      return tr("running");
    case JobEntry::State::Done:
      return tr("done");
    case JobEntry::State::Cancelled:
      return tr("cancelled");
    case JobEntry::State::Failed:
      return tr("failed");
    case JobEntry::State::Paused:
      return tr("paused — resume");
  }
  return {};
}

quint64 JobListModel::add(JobEntry job) {
  job.id = ++m_lastId;
  beginInsertRows({}, 0, 0);
  m_jobs.insert(m_jobs.begin(), job);
  endInsertRows();
  return job.id;
}

void JobListModel::update(const JobEntry& job) {
  auto it =
      std::find_if(m_jobs.begin(), m_jobs.end(), [&](const JobEntry& j) { return j.id == job.id; });
  if (it == m_jobs.end()) return;
  *it = job;
  const int row = static_cast<int>(it - m_jobs.begin());
  Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void JobListModel::remove(quint64 id) {
  auto it =
      std::find_if(m_jobs.begin(), m_jobs.end(), [&](const JobEntry& j) { return j.id == id; });
  if (it == m_jobs.end()) return;
  const int row = static_cast<int>(it - m_jobs.begin());
  beginRemoveRows({}, row, row);
  m_jobs.erase(it);
  endRemoveRows();
}

const JobEntry* JobListModel::job(quint64 id) const {
  auto it =
      std::find_if(m_jobs.begin(), m_jobs.end(), [&](const JobEntry& j) { return j.id == id; });
  return it == m_jobs.end() ? nullptr : &*it;
}

int JobListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_jobs.size());
}

int JobListModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const JobEntry& j = m_jobs[static_cast<std::size_t>(index.row())];
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case Kind:
        return j.kind;
      case Title:
        return j.title;
      case State:
        return stateText(j.state);
      case Progress:
        return QStringLiteral("%1 %").arg(qRound(j.progress * 100));
      case Detail:
        return j.detail;
      case Started:
        return j.started.toString(QStringLiteral("HH:mm:ss"));
    }
  }
  if (role == Qt::UserRole) return j.id;
  return {};
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Kind:
      return tr("Kind");
    case Title:
      return tr("Job");
    case State:
      return tr("State");
    case Progress:
      return tr("Progress");
    case Detail:
      return tr("Result");
    case Started:
      return tr("Started");
  }
  return {};
}

}  // namespace sdm::widgets
