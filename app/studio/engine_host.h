#pragma once
// The GUI's handle on the engine: a worker thread that owns it, a queue of tasks and immediate
// cancellation. A new generation supersedes a running or queued one (auto-regenerate on slider
// moves must not pile up runs); loads and comparisons wait their turn. Everything here runs on
// the GUI thread and returns at once.
#include <QObject>
#include <QThread>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "frame_slot.h"
#include "studio_types.h"

namespace sdm::studio {

class EngineWorker;

class EngineHost : public QObject {
  Q_OBJECT
 public:
  explicit EngineHost(int computeThreads = 0, QObject* parent = nullptr);
  ~EngineHost() override;

  quint64 loadModel(const QString& path, const sdm::LoadOptions& options);
  // Where a load finds the Generate panel's choices for its warm-up evaluation.
  void setWarmUpSource(std::function<sdm::GenerateParams()> source) {
    m_warmUpSource = std::move(source);
  }
  quint64 generate(const sdm::GenerateParams& params);
  quint64 compare(std::vector<CompareCellRequest> cells);
  // Each returns at once: the running task of that kind is told to stop after the current network
  // evaluation and queued ones are dropped. Loads are never cancelled.
  void cancelGeneration();
  void cancelComparison();
  void cancelAll();
  bool isBusy() const { return m_running.has_value(); }
  bool isGenerating() const;
  // Frames of a generation published since the last call (GUI thread).
  std::vector<FramePtr> takeFrames(quint64 runId) { return m_frames->take(runId); }

 Q_SIGNALS:
  void modelLoaded(quint64 id, const sdm::ModelInfo& info);
  void modelLoadFailed(quint64 id, const QString& path, const QString& message);
  void generationStarted(quint64 id);
  void framesAvailable();
  void generationFinished(quint64 id, const sdm::studio::ResultPtr& result);
  void generationFailed(quint64 id, const QString& message);
  void compareStarted(quint64 id);
  void compareCellFinished(quint64 id, int index, const sdm::studio::ResultPtr& result,
                           const QString& error);
  void compareFinished(quint64 id, bool cancelled);

 private:
  enum class TaskKind { Load, Generate, Compare };
  struct Task {
    TaskKind kind = TaskKind::Generate;
    quint64 id = 0;
    QString path;
    sdm::LoadOptions load;
    sdm::GenerateParams params;
    std::vector<CompareCellRequest> cells;
    sdm::CancelToken cancel;
  };
  quint64 enqueue(Task task);
  void cancel(TaskKind kind);
  void dispatch();
  void taskDone(quint64 id);

  QThread m_thread;
  EngineWorker* m_worker;
  std::shared_ptr<FrameSlot> m_frames;
  std::deque<Task> m_queue;
  std::optional<Task> m_running;
  quint64 m_nextId = 1;
  std::function<sdm::GenerateParams()> m_warmUpSource;
};

}  // namespace sdm::studio
