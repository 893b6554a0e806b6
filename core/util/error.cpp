#include "util/error.h"

#include <c10/util/Exception.h>

namespace sdm {

std::string oneLine(const std::exception& e) {
  std::string msg;
  if (auto* c10err = dynamic_cast<const c10::Error*>(&e)) {
    msg = c10err->what_without_backtrace();
  } else {
    msg = e.what();
  }
  auto nl = msg.find('\n');
  if (nl != std::string::npos) msg.resize(nl);
  while (!msg.empty() && (msg.back() == ' ' || msg.back() == '\r')) msg.pop_back();
  return msg;
}

}  // namespace sdm
