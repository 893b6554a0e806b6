#include "diffusion/noise.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

namespace sdm {

NoiseSource::NoiseSource(NoiseMode mode, uint64_t seed, int64_t batch, int64_t firstImage)
    : m_mode(mode), m_seed(seed), m_batch(batch), m_first(firstImage) {
  if (mode == NoiseMode::Batch) {
    m_gens.push_back(at::detail::createCPUGenerator(seed));
  } else {
    for (int64_t i = 0; i < batch; ++i) m_gens.push_back(at::detail::createCPUGenerator(seedOf(i)));
  }
}

at::Tensor NoiseSource::initial(at::IntArrayRef imageShape) {
  std::vector<int64_t> shape{m_batch};
  shape.insert(shape.end(), imageShape.begin(), imageShape.end());
  if (m_mode == NoiseMode::Batch) return at::randn(shape, m_gens[0]);
  std::vector<at::Tensor> xs;
  for (auto& g : m_gens) xs.push_back(at::randn(imageShape, g));
  return at::stack(xs);
}

at::Tensor NoiseSource::next(const at::Tensor& like) {
  if (m_mode == NoiseMode::Batch) return at::randn(like.sizes(), m_gens[0], like.options());
  std::vector<at::Tensor> zs;
  for (int64_t i = 0; i < like.size(0); ++i) zs.push_back(at::randn(like[i].sizes(), m_gens[i], like.options()));
  return at::stack(zs);
}

}  // namespace sdm
