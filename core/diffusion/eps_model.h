#pragma once
// What the samplers see of a model: eps = f(x_t, t). The network adapter evaluates the spiking
// U-Net in micro-batches (an image's result then does not depend on the batch it is in), with a
// run-time threshold, an optional spike probe, and cancellation checked before every chunk.
#include <ATen/core/Tensor.h>

#include <functional>

#include "model/precision.h"
#include "util/cancel.h"

namespace sdm {

class SpkUNet;
class SpikeProbe;

class EpsModel {
 public:
  virtual ~EpsModel() = default;
  // x: [B, C, H, W]; t: int64 [B] training timesteps, or float [B] fractional model times
  // (DPM-Solver's 1000 * (t_continuous - 1/N)).
  virtual at::Tensor eps(const at::Tensor& x, const at::Tensor& t) = 0;
};

// Images per forward of a non-exact mode at micro-batch 1: about 64 images per conv (16 at
// T = 4, 8 at T = 8) keep the convs efficient and the fast forms' buffers bounded.
int64_t fastChunkImages(int snnSteps);

struct NetworkEpsOptions {
  float threshold = 1.0f;
  int microBatch = 1;  // images per forward; 0 = the whole batch at once (as the original code)
  SpikeProbe* probe = nullptr;
  const CancelToken* cancel = nullptr;
  // Non-exact: the model's fast form evaluates chunks of images on all threads (microBatch 1
  // then means the whole batch: its results do not depend on the batch an image is in).
  Precision precision = Precision::Exact;
};

class NetworkEps : public EpsModel {
 public:
  NetworkEps(SpkUNet& net, NetworkEpsOptions opt) : m_net(net), m_opt(opt) {}
  at::Tensor eps(const at::Tensor& x, const at::Tensor& t) override;
  void setProbe(SpikeProbe* probe) { m_opt.probe = probe; }

 private:
  SpkUNet& m_net;
  NetworkEpsOptions m_opt;
};

// Any function as a model (analytic test models, wrappers).
class FunctionEps : public EpsModel {
 public:
  explicit FunctionEps(std::function<at::Tensor(const at::Tensor&, const at::Tensor&)> fn)
      : m_fn(std::move(fn)) {}
  at::Tensor eps(const at::Tensor& x, const at::Tensor& t) override { return m_fn(x, t); }

 private:
  std::function<at::Tensor(const at::Tensor&, const at::Tensor&)> m_fn;
};

}  // namespace sdm
