#pragma once
// Forwards the core's spdlog messages, from any thread, to the GUI thread as a queued signal.
#include <QObject>
#include <QString>

#include <memory>

namespace sdm::studio {

class LogBridge : public QObject {
  Q_OBJECT
 public:
  explicit LogBridge(QObject* parent = nullptr);  // attaches a sink to the default logger
  ~LogBridge() override;                          // detaches it (the sink then drops messages)

  struct Relay;  // shared by the bridge and its sink

 Q_SIGNALS:
  void message(int level, const QString& text);  // level: spdlog's 0 (trace) .. 5 (critical)

 private:
  std::shared_ptr<Relay> m_relay;
};

}  // namespace sdm::studio
