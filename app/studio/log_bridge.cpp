#include "log_bridge.h"

#include <spdlog/sinks/base_sink.h>

#include <QMetaObject>
#include <QPointer>

#include <mutex>

#include "util/log.h"

namespace sdm::studio {

struct LogBridge::Relay {
  std::mutex mutex;
  QPointer<LogBridge> target;
};

namespace {

class QtSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit QtSink(std::shared_ptr<LogBridge::Relay> relay) : m_relay(std::move(relay)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    QString text =
        QString::fromUtf8(formatted.data(), static_cast<qsizetype>(formatted.size())).trimmed();
    const int level = static_cast<int>(msg.level);
    std::lock_guard<std::mutex> lock(m_relay->mutex);
    if (LogBridge* bridge = m_relay->target.data())
      QMetaObject::invokeMethod(
          bridge, [bridge, level, text] { Q_EMIT bridge->message(level, text); },
          Qt::QueuedConnection);
  }
  void flush_() override {}

 private:
  std::shared_ptr<LogBridge::Relay> m_relay;
};

}  // namespace

LogBridge::LogBridge(QObject* parent) : QObject(parent), m_relay(std::make_shared<Relay>()) {
  m_relay->target = this;
  auto sink = std::make_shared<QtSink>(m_relay);
  sink->set_pattern("%H:%M:%S.%e [%l] %v");
  sdm::addLogSink(sink);
}

LogBridge::~LogBridge() {
  std::lock_guard<std::mutex> lock(m_relay->mutex);
  m_relay->target.clear();
}

}  // namespace sdm::studio
