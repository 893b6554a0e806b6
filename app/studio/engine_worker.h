#pragma once
// Owns the sdm::Engine and runs on the worker thread (Tiled's worker-QObject pattern): model
// loads, generations and comparison runs, one at a time, in the order EngineHost sends them.
// Results go back as queued signals; live frames go through the FrameSlot.
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

#include "frame_slot.h"
#include "studio_types.h"

namespace sdm::studio {

class EngineWorker : public QObject {
  Q_OBJECT
 public:
  EngineWorker(std::shared_ptr<FrameSlot> frames, int computeThreads);
  ~EngineWorker() override;

  // All of these run on the worker thread.
  void initialise();
  // `warm`: the Generate panel's choices, for the warm-up evaluation after the load.
  void load(quint64 id, const QString& path, const sdm::LoadOptions& options,
            const sdm::GenerateParams& warm);
  void generate(quint64 id, const sdm::GenerateParams& params, const sdm::CancelToken& cancel);
  void compare(quint64 id, const std::vector<CompareCellRequest>& cells,
               const sdm::CancelToken& cancel);

 Q_SIGNALS:
  void loaded(quint64 id, const sdm::ModelInfo& info);
  void loadFailed(quint64 id, const QString& path, const QString& message);
  void framesAvailable();
  void generated(quint64 id, const sdm::studio::ResultPtr& result);
  void generateFailed(quint64 id, const QString& message);
  void compareCellDone(quint64 id, int index, const sdm::studio::ResultPtr& result,
                       const QString& error);
  void compareDone(quint64 id, bool cancelled);

 private:
  void warmUp(const sdm::GenerateParams& warm);

  std::shared_ptr<FrameSlot> m_frames;
  int m_threads;
  std::unique_ptr<sdm::Engine> m_engine;
};

}  // namespace sdm::studio
