#include "util/worker_pool.h"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace sdm {
namespace {

class WorkerPool {
 public:
  // Only the holder of busy() may call run().
  std::mutex& busy() { return m_busy; }

  void run(int extra, const std::function<void()>& task) {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      while (static_cast<int>(m_threads.size()) < extra) {
        const int index = static_cast<int>(m_threads.size());
        m_threads.emplace_back([this, index] { loop(index); });
      }
      m_task = &task;
      m_wanted = extra;
      m_pending = extra;
      ++m_generation;
    }
    m_wake.notify_all();
    task();
    std::unique_lock<std::mutex> lock(m_mutex);
    m_done.wait(lock, [this] { return m_pending == 0; });
    m_task = nullptr;
  }

 private:
  void loop(int index) {
    unsigned long seen = 0;
    for (;;) {
      const std::function<void()>* task = nullptr;
      {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_wake.wait(lock, [&] { return m_generation != seen; });
        seen = m_generation;
        if (index >= m_wanted) continue;
        task = m_task;
      }
      (*task)();
      std::lock_guard<std::mutex> lock(m_mutex);
      if (--m_pending == 0) m_done.notify_all();
    }
  }

  std::mutex m_busy, m_mutex;
  std::condition_variable m_wake, m_done;
  std::vector<std::thread> m_threads;  // never joined: the pool lives as long as the process
  const std::function<void()>* m_task = nullptr;
  unsigned long m_generation = 0;
  int m_wanted = 0, m_pending = 0;
};

WorkerPool& pool() {
  static auto* p = new WorkerPool;  // leaked on purpose: threads wait on it until exit
  return *p;
}

}  // namespace

void runOnWorkers(int extra, const std::function<void()>& task) {
  if (extra <= 0) {
    task();
    return;
  }
  std::unique_lock<std::mutex> mine(pool().busy(), std::try_to_lock);
  if (mine.owns_lock()) {
    pool().run(extra, task);
    return;
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < extra; ++i) threads.emplace_back(task);
  task();
  for (auto& t : threads) t.join();
}

}  // namespace sdm
