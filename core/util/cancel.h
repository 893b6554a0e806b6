#pragma once
// Cooperative cancellation shared by the CLI (SIGINT), the studio (Cancel button) and tests.
#include <atomic>
#include <memory>

namespace sdm {

class CancelToken {
 public:
  void cancel() { m_flag->store(true, std::memory_order_relaxed); }
  bool cancelled() const { return m_flag->load(std::memory_order_relaxed); }
  void reset() { m_flag->store(false, std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<bool>> m_flag = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace sdm
