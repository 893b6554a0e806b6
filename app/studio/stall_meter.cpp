#include "stall_meter.h"

#include <algorithm>

namespace sdm::studio {

StallMeter::StallMeter(QObject* parent) : QObject(parent) {
  m_timer.setTimerType(Qt::PreciseTimer);
  m_timer.setInterval(1);
  connect(&m_timer, &QTimer::timeout, this, [this] {
    const qint64 now = m_clock.nsecsElapsed();
    m_longestNs = std::max(m_longestNs, now - m_lastNs - 1'000'000);
    m_lastNs = now;
  });
}

void StallMeter::start() {
  m_longestNs = 0;
  m_clock.start();
  m_lastNs = 0;
  m_timer.start();
}

void StallMeter::stop() { m_timer.stop(); }

}  // namespace sdm::studio
