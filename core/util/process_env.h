#pragma once
// OpenMP threads (LibTorch, oneDNN, OpenBLAS) busy-wait at every barrier by default; on a machine
// where anything else runs, two spinning threads make a forward pass 40x slower (measured: 17 ms
// -> 750 ms). libgomp reads OMP_WAIT_POLICY only at load time, so entry points call this first:
// it sets OMP_WAIT_POLICY=PASSIVE and re-executes the program once, unless the user set it.
namespace sdm {

void ensurePassiveOpenMp(int argc, char** argv);

}  // namespace sdm
