#pragma once
// Synchronised BatchNorm for data-parallel training, without touching the model: while a scope
// is alive on this thread, every training-mode aten::batch_norm normalises with the mean and
// variance of the whole global batch (per-channel sums all-reduced over the processes), and its
// backward all-reduces the matching gradient sums. So N processes with global batch B compute
// what one process with batch B computes, up to float summation order. The interception is a
// dispatcher "mode" key with a kernel for batch_norm only (everything else falls through).
#include <c10/core/impl/LocalDispatchKeySet.h>

namespace sdm::train {

class Communicator;

class SyncBatchNormScope {
 public:
  explicit SyncBatchNormScope(Communicator* comm);
  ~SyncBatchNormScope();
  SyncBatchNormScope(const SyncBatchNormScope&) = delete;
  SyncBatchNormScope& operator=(const SyncBatchNormScope&) = delete;

 private:
  c10::impl::IncludeDispatchKeyGuard m_include;
  Communicator* m_previous;
};

}  // namespace sdm::train
