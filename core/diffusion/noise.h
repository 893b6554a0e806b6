#pragma once
// All randomness of sampling comes from seeded CPU generators, so a seed means the same noise on
// any machine. Per image (default): image i has its own generator seeded with seed + i, which
// draws its x_T and then every noise it needs during sampling, so an image does not depend on the
// batch it is generated in. Batch: one generator for the whole batch, as the original scripts do
// after torch.manual_seed(seed) (x_T = randn(B, C, H, W), then randn_like per step).
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "diffusion/options.h"

namespace sdm {

class NoiseSource {
 public:
  NoiseSource(NoiseMode mode, uint64_t seed, int64_t batch, int64_t firstImage = 0);
  at::Tensor initial(at::IntArrayRef imageShape);  // x_T [B, C, H, W]
  at::Tensor next(const at::Tensor& like);          // in-loop noise shaped like x
  NoiseMode mode() const { return m_mode; }
  uint64_t seedOf(int64_t image) const { return m_seed + static_cast<uint64_t>(m_first + image); }

 private:
  NoiseMode m_mode;
  uint64_t m_seed;
  int64_t m_batch, m_first;
  std::vector<at::Generator> m_gens;
};

}  // namespace sdm
