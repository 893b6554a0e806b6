#pragma once
// The worker's frames waiting for the GUI, behind a lock (PlotJuggler's pattern). The worker
// appends one after every network evaluation and asks for a notification only when the GUI has
// taken the previous ones, so a slow GUI never piles up events and the sampler never waits for
// drawing; the GUI takes everything new on its own timer.
#include <QtGlobal>

#include <mutex>
#include <vector>

#include "studio_types.h"

namespace sdm::studio {

class FrameSlot {
 public:
  // Worker thread. Returns true when the GUI should be told (nothing is pending for it yet).
  bool publish(quint64 runId, FramePtr frame);
  // GUI thread: the frames of runId published since the last take (older runs' are dropped).
  std::vector<FramePtr> take(quint64 runId);

 private:
  std::mutex m_mutex;
  quint64 m_runId = 0;
  std::vector<FramePtr> m_pending;
  bool m_notified = false;
};

}  // namespace sdm::studio
