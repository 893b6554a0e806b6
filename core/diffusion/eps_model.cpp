#include "diffusion/eps_model.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <omp.h>

#include <atomic>
#include <exception>
#include <mutex>

#include "model/blocks.h"
#include "model/spike_probe.h"
#include "model/spk_unet.h"
#include "util/error.h"
#include "util/threads.h"
#include "util/worker_pool.h"

namespace sdm {

int64_t fastChunkImages(int snnSteps) { return std::max<int64_t>(1, 64 / std::max(1, snnSteps)); }

at::Tensor NetworkEps::eps(const at::Tensor& x, const at::Tensor& t) {
  at::NoGradGuard noGrad;
  const int64_t batch = x.size(0);
  ForwardOptions fwd;
  fwd.threshold = m_opt.threshold;
  fwd.probe = m_opt.probe;
  fwd.precision = m_opt.precision;
  if (m_opt.microBatch != 1 || m_opt.precision != Precision::Exact) {
    // Chunks of images on all intra-op threads (0 = the whole batch: the original's arithmetic).
    const int64_t kFastChunk = fastChunkImages(m_net.config().snnSteps);
    const int64_t chunk = m_opt.microBatch <= 0 ? batch
                          : m_opt.microBatch == 1 && fwd.precision != Precision::Exact
                              ? std::min(kFastChunk, batch)
                              : std::min<int64_t>(m_opt.microBatch, batch);
    std::vector<at::Tensor> parts;
    for (int64_t start = 0; start < batch; start += chunk) {
      if (m_opt.cancel && m_opt.cancel->cancelled()) throw Cancelled();
      const int64_t n = std::min(chunk, batch - start);
      fwd.batchOffset = start;
      parts.push_back(m_net.forward(x.narrow(0, start, n), t.narrow(0, start, n), fwd));
    }
    return parts.size() == 1 ? parts[0] : at::cat(parts, 0);
  }
  // One image per forward, each on a single intra-op thread: an image's arithmetic is then the
  // same whatever the batch size or the number of cores, and the cores work on different images
  // without OpenMP barriers between them.
  // One thread per image even when there are fewer images than threads: oneDNN's multi-threaded
  // convs sum in another order, and the image would then depend on its batch (--micro-batch 0
  // runs one forward on all threads, as the original code does).
  const int threads = std::max(1, omp_get_max_threads());
  const int workers = static_cast<int>(std::min<int64_t>(batch, threads));
  // One image: its convs are split over single-threaded calls on the idle cores (the worker
  // pool is free then), which keeps the image's arithmetic that of one thread.
  const int convParts = workers == 1 ? threads : 1;
  std::vector<at::Tensor> out(static_cast<std::size_t>(batch));
  std::atomic<int64_t> next{0};
  std::exception_ptr failure;
  std::mutex failureMutex;
  auto work = [&] {
    at::NoGradGuard guard;
    ScopedOmpThreads one(1);
    ConvSplit split(convParts);
    try {
      for (int64_t i = next++; i < batch; i = next++) {
        if (m_opt.cancel && m_opt.cancel->cancelled()) throw Cancelled();
        ForwardOptions mine = fwd;
        mine.batchOffset = i;
        out[static_cast<std::size_t>(i)] =
            m_net.forward(x.narrow(0, i, 1), t.narrow(0, i, 1), mine);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(failureMutex);
      if (!failure) failure = std::current_exception();
      next = batch;  // the others stop too
    }
  };
  runOnWorkers(workers - 1, work);
  if (failure) std::rethrow_exception(failure);
  return batch == 1 ? out[0] : at::cat(out, 0);
}

}  // namespace sdm
