#pragma once
// LibTorch starts with one intra-op thread on these machines: every entry point calls this.
namespace sdm {

// n <= 0 means "number of cores". Returns the count actually set.
int setComputeThreads(int n);
int defaultComputeThreads();

}  // namespace sdm
