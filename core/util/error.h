#pragma once
// One exception type for everything a user can cause (bad files, bad options): its message is a
// single line that names the problem, printed as is by the CLI and shown as is by the studio.
#include <stdexcept>
#include <string>

namespace sdm {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when a cancellation token fires; callers treat it as "stopped by the user", not failure.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

// The first line of an exception message without c10's backtrace.
std::string oneLine(const std::exception& e);

}  // namespace sdm
