#pragma once
// LibTorch starts with one intra-op thread on these machines: every entry point calls this.
namespace sdm {

// n <= 0 means "number of cores". Returns the count actually set.
int setComputeThreads(int n);
int defaultComputeThreads();

// This thread's OpenMP team size, which LibTorch, oneDNN and OpenBLAS all read; restored on exit.
class ScopedOmpThreads {
 public:
  explicit ScopedOmpThreads(int n);
  ~ScopedOmpThreads();
  ScopedOmpThreads(const ScopedOmpThreads&) = delete;
  ScopedOmpThreads& operator=(const ScopedOmpThreads&) = delete;

 private:
  int m_previous;
};

}  // namespace sdm
