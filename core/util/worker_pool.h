#pragma once
// Threads that outlive one network evaluation, for running images side by side. LibTorch
// re-creates its pthreadpool in every new thread's first parallel call (a lazy
// at::set_num_threads), and that pool's workers then spin for milliseconds: spawning threads per
// evaluation cost about a quarter of the CPU of a studio generation.
#include <functional>

namespace sdm {

// Runs task on the calling thread and on `extra` pool threads at once; returns when every copy
// has returned. Tasks must not throw. When another caller is using the pool (two engines at
// once), fresh threads are used instead, so callers never wait for each other.
void runOnWorkers(int extra, const std::function<void()>& task);

}  // namespace sdm
