#include "frame_slot.h"

namespace sdm::studio {

bool FrameSlot::publish(quint64 runId, FramePtr frame) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (runId != m_runId) {  // a new run: what an abandoned one left is dropped, and the GUI told
    m_runId = runId;
    m_pending.clear();
    m_notified = false;
  }
  m_pending.push_back(std::move(frame));
  const bool notify = !m_notified;
  m_notified = true;
  return notify;
}

std::vector<FramePtr> FrameSlot::take(quint64 runId) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_notified = false;
  std::vector<FramePtr> out;
  if (runId == m_runId) out.swap(m_pending);
  return out;
}

}  // namespace sdm::studio
