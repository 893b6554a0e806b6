#pragma once
// Measures how long the GUI thread's event loop goes without turning: a 1 ms precise timer
// notes the largest gap between its ticks (minus the interval). For the responsiveness check.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace sdm::studio {

class StallMeter : public QObject {
  Q_OBJECT
 public:
  explicit StallMeter(QObject* parent = nullptr);
  void start();
  void stop();
  double longestStallMs() const { return m_longestNs / 1e6; }

 private:
  QTimer m_timer;
  QElapsedTimer m_clock;
  qint64 m_lastNs = 0;
  qint64 m_longestNs = 0;
};

}  // namespace sdm::studio
