#pragma once
// OpenMP threads (LibTorch, oneDNN, OpenBLAS) busy-wait at every barrier by default; on a machine
// where anything else runs, two spinning threads make a forward pass 40x slower (measured: 17 ms
// -> 750 ms). libgomp reads OMP_WAIT_POLICY only at load time, so entry points call this first:
// it sets OMP_WAIT_POLICY=PASSIVE and re-executes the program once, unless the user set it.
namespace sdm {

void ensurePassiveOpenMp(int argc, char** argv);

// Sampling at batch 16 and training allocate and free tensors of tens of megabytes every network
// evaluation; glibc maps each block above 32 MB afresh and returns it on free, so every evaluation
// paid page faults for its activations (17 % of an int8 evaluation at batch 16 in `perf`;
// keeping them: 1.4x faster, peak RSS +4 %). Large blocks then come from the heap, which is never
// trimmed: the process keeps its peak memory until it exits. Entry points call this.
void keepFreedMemoryInProcess();

}  // namespace sdm
