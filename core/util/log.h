#pragma once
// spdlog's default logger is the one log of the process; the studio adds a sink for its Log dock.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace sdm {

// level: trace, debug, info, warn, error, off. Logs go to stderr.
void initLogging(const std::string& level = "info");
void addLogSink(std::shared_ptr<spdlog::sinks::sink> sink);

}  // namespace sdm
