#include "diffusion/eps_model.h"

#include <ATen/ATen.h>

#include "model/spike_probe.h"
#include "model/spk_unet.h"
#include "util/error.h"

namespace sdm {

at::Tensor NetworkEps::eps(const at::Tensor& x, const at::Tensor& t) {
  at::NoGradGuard noGrad;
  const int64_t batch = x.size(0);
  const int64_t chunk = m_opt.microBatch <= 0 ? batch : std::min<int64_t>(m_opt.microBatch, batch);
  ForwardOptions fwd;
  fwd.threshold = m_opt.threshold;
  fwd.probe = m_opt.probe;
  std::vector<at::Tensor> parts;
  for (int64_t start = 0; start < batch; start += chunk) {
    if (m_opt.cancel && m_opt.cancel->cancelled()) throw Cancelled();
    const int64_t n = std::min(chunk, batch - start);
    if (m_opt.probe) m_opt.probe->setBatchOffset(start);
    parts.push_back(m_net.forward(x.narrow(0, start, n), t.narrow(0, start, n), fwd));
  }
  return parts.size() == 1 ? parts[0] : at::cat(parts, 0);
}

}  // namespace sdm
