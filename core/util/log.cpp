#include "util/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <mutex>

namespace sdm {
namespace {
std::once_flag g_once;
}

void initLogging(const std::string& level) {
  std::call_once(g_once, [] {
    auto logger = spdlog::stderr_color_mt("sdm");
    logger->set_pattern("%H:%M:%S.%e [%^%l%$] %v");
    spdlog::set_default_logger(logger);
  });
  spdlog::set_level(spdlog::level::from_str(level));
}

void addLogSink(std::shared_ptr<spdlog::sinks::sink> sink) {
  initLogging(spdlog::level::to_string_view(spdlog::get_level()).data());
  spdlog::default_logger()->sinks().push_back(std::move(sink));
}

}  // namespace sdm
