#include "engine_worker.h"

#include <QElapsedTimer>
#include <QThread>

#include "model/precision.h"
#include "util/error.h"
#include "util/log.h"
#include "util/threads.h"

namespace sdm::studio {

EngineWorker::EngineWorker(std::shared_ptr<FrameSlot> frames, int computeThreads)
    : m_frames(std::move(frames)), m_threads(computeThreads) {}

EngineWorker::~EngineWorker() = default;

void EngineWorker::initialise() {
  // LibTorch's thread count is per thread: set it here, on the thread that computes. "All cores"
  // means the cores this process may use (affinity): on this VM hardware_concurrency() has been
  // seen to report 20 for a moment, and 20 spinning threads on 2 cores make a run 3x slower.
  const int n = sdm::setComputeThreads(m_threads > 0 ? m_threads : 0);  // 0: the affinity mask
  m_engine = std::make_unique<sdm::Engine>();
  spdlog::info("engine worker ready ({} compute thread(s))", n);
}

void EngineWorker::load(quint64 id, const QString& path, const sdm::LoadOptions& options,
                        const sdm::GenerateParams& warm) {
  try {
    QElapsedTimer clock;
    clock.start();
    sdm::ModelInfo info = m_engine->load(path.toStdString(), options);
    spdlog::info("loaded {} in {} ms: {}", info.path, clock.elapsed(), info.summary);
    for (const auto& w : info.warnings) spdlog::warn("{}", w);
    Q_EMIT loaded(id, info);
    warmUp(warm);
  } catch (const std::exception& e) {
    const QString message = QString::fromStdString(sdm::oneLine(e));
    spdlog::error("could not load {}: {}", path.toStdString(), message.toStdString());
    Q_EMIT loadFailed(id, path, message);
  }
}

// One evaluation right after loading, in the precision and at the batch the Generate panel
// holds, so that the user's first Generate does not pay for preparing them (measured on the
// CIFAR-10 network, 4 images in int8: first frame 0.66 s cold, 0.23 s warm).
void EngineWorker::warmUp(const sdm::GenerateParams& warm) {
  QElapsedTimer clock;
  clock.start();
  if (m_engine->warmUp(warm))
    spdlog::debug("warm-up evaluation ({}): {} ms", sdm::toString(warm.precision), clock.elapsed());
}

void EngineWorker::generate(quint64 id, const sdm::GenerateParams& params,
                            const sdm::CancelToken& cancel) {
  try {
    auto onFrame = [&](const sdm::GenerationFrame& f) {
      if (m_frames->publish(id, std::make_shared<const sdm::GenerationFrame>(f)))
        Q_EMIT framesAvailable();
    };
    auto result =
        std::make_shared<const sdm::GenerationResult>(m_engine->generate(params, onFrame, cancel));
    Q_EMIT generated(id, result);
  } catch (const std::exception& e) {
    const QString message = QString::fromStdString(sdm::oneLine(e));
    spdlog::error("generation failed: {}", message.toStdString());
    Q_EMIT generateFailed(id, message);
  }
}

void EngineWorker::compare(quint64 id, const std::vector<CompareCellRequest>& cells,
                           const sdm::CancelToken& cancel) {
  // Cells of another checkpoint come in runs (one row after another): one extra model is held
  // at a time, beside the loaded one, and dropped when the comparison ends.
  std::unique_ptr<sdm::Engine> other;
  std::string otherPath, otherError;
  for (std::size_t i = 0; i < cells.size() && !cancel.cancelled(); ++i) {
    try {
      sdm::Engine* engine = m_engine.get();
      if (!cells[i].checkpoint.empty()) {
        if (otherPath != cells[i].checkpoint) {
          other = std::make_unique<sdm::Engine>();
          otherPath = cells[i].checkpoint;
          otherError.clear();
          try {
            other->load(otherPath, {});
          } catch (const std::exception& e) {
            other.reset();  // the row's other cells report the same line without reloading
            otherError = sdm::oneLine(e);
          }
        }
        if (!other) throw sdm::Error(otherError);
        engine = other.get();
      }
      auto result = std::make_shared<const sdm::GenerationResult>(
          engine->generate(cells[i].params, {}, cancel));
      Q_EMIT compareCellDone(id, static_cast<int>(i), result, {});
    } catch (const std::exception& e) {
      Q_EMIT compareCellDone(id, static_cast<int>(i), nullptr,
                             QString::fromStdString(sdm::oneLine(e)));
    }
  }
  Q_EMIT compareDone(id, cancel.cancelled());
}

}  // namespace sdm::studio
