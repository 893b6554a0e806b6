#include "engine_host.h"

#include <algorithm>

#include "engine_worker.h"

namespace sdm::studio {

EngineHost::EngineHost(int computeThreads, QObject* parent)
    : QObject(parent), m_frames(std::make_shared<FrameSlot>()) {
  m_worker = new EngineWorker(m_frames, computeThreads);
  m_worker->moveToThread(&m_thread);
  m_thread.setObjectName(QStringLiteral("engine"));
  // Worker -> GUI: queued (different threads). The host forwards, then starts the next task, so a
  // handler that asks for more work sees it queued behind the one that just ended.
  connect(m_worker, &EngineWorker::framesAvailable, this, &EngineHost::framesAvailable);
  connect(m_worker, &EngineWorker::loaded, this, [this](quint64 id, const sdm::ModelInfo& info) {
    Q_EMIT modelLoaded(id, info);
    taskDone(id);
  });
  connect(m_worker, &EngineWorker::loadFailed, this,
          [this](quint64 id, const QString& path, const QString& message) {
            Q_EMIT modelLoadFailed(id, path, message);
            taskDone(id);
          });
  connect(m_worker, &EngineWorker::generated, this, [this](quint64 id, const ResultPtr& result) {
    Q_EMIT generationFinished(id, result);
    taskDone(id);
  });
  connect(m_worker, &EngineWorker::generateFailed, this,
          [this](quint64 id, const QString& message) {
            Q_EMIT generationFailed(id, message);
            taskDone(id);
          });
  connect(m_worker, &EngineWorker::compareCellDone, this, &EngineHost::compareCellFinished);
  connect(m_worker, &EngineWorker::compareDone, this, [this](quint64 id, bool cancelled) {
    Q_EMIT compareFinished(id, cancelled);
    taskDone(id);
  });
  m_thread.start();
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->initialise(); });
}

EngineHost::~EngineHost() {
  m_queue.clear();
  if (m_running) m_running->cancel.cancel();
  m_thread.quit();
  m_thread.wait();
  delete m_worker;  // its thread has stopped: safe from here
}

quint64 EngineHost::loadModel(const QString& path, const sdm::LoadOptions& options) {
  Task t;
  t.kind = TaskKind::Load;
  t.path = path;
  t.load = options;
  return enqueue(std::move(t));
}

quint64 EngineHost::generate(const sdm::GenerateParams& params) {
  // Supersede: only the newest request matters.
  m_queue.erase(std::remove_if(m_queue.begin(), m_queue.end(),
                               [](const Task& t) { return t.kind == TaskKind::Generate; }),
                m_queue.end());
  if (m_running && m_running->kind == TaskKind::Generate) m_running->cancel.cancel();
  Task t;
  t.kind = TaskKind::Generate;
  t.params = params;
  return enqueue(std::move(t));
}

quint64 EngineHost::compare(std::vector<CompareCellRequest> cells) {
  Task t;
  t.kind = TaskKind::Compare;
  t.cells = std::move(cells);
  return enqueue(std::move(t));
}

void EngineHost::cancel(TaskKind kind) {
  m_queue.erase(std::remove_if(m_queue.begin(), m_queue.end(),
                               [kind](const Task& t) { return t.kind == kind; }),
                m_queue.end());
  if (m_running && m_running->kind == kind) m_running->cancel.cancel();
}

void EngineHost::cancelGeneration() { cancel(TaskKind::Generate); }

void EngineHost::cancelComparison() { cancel(TaskKind::Compare); }

void EngineHost::cancelAll() {
  cancel(TaskKind::Generate);
  cancel(TaskKind::Compare);
}

bool EngineHost::isGenerating() const { return m_running && m_running->kind == TaskKind::Generate; }

quint64 EngineHost::enqueue(Task task) {
  task.id = m_nextId++;
  const quint64 id = task.id;
  m_queue.push_back(std::move(task));
  dispatch();
  return id;
}

void EngineHost::dispatch() {
  if (m_running || m_queue.empty()) return;
  m_running = std::move(m_queue.front());
  m_queue.pop_front();
  const Task& t = *m_running;
  EngineWorker* w = m_worker;
  switch (t.kind) {
    case TaskKind::Load: {
      const sdm::GenerateParams warm = m_warmUpSource ? m_warmUpSource() : sdm::GenerateParams{};
      QMetaObject::invokeMethod(
          w, [w, id = t.id, path = t.path, o = t.load, warm] { w->load(id, path, o, warm); });
      break;
    }
    case TaskKind::Generate:
      QMetaObject::invokeMethod(
          w, [w, id = t.id, p = t.params, c = t.cancel] { w->generate(id, p, c); });
      Q_EMIT generationStarted(t.id);
      break;
    case TaskKind::Compare:
      QMetaObject::invokeMethod(
          w, [w, id = t.id, cells = t.cells, c = t.cancel] { w->compare(id, cells, c); });
      Q_EMIT compareStarted(t.id);
      break;
  }
}

void EngineHost::taskDone(quint64 id) {
  if (m_running && m_running->id == id) m_running.reset();
  dispatch();
}

}  // namespace sdm::studio
