#include "model/if_neuron.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace sdm {

at::Tensor ifFire(const at::Tensor& x, float threshold, int64_t* stepCounts) {
  if (x.scalar_type() != at::kFloat) {
    // Rare dtypes: the same arithmetic with tensor ops.
    at::Tensor v = at::zeros_like(x[0]);
    std::vector<at::Tensor> out;
    for (int64_t t = 0; t < x.size(0); ++t) {
      v = v + x[t];
      at::Tensor s = v.ge(threshold).to(x.scalar_type());
      v = v * (1 - s);
      out.push_back(s);
      if (stepCounts) stepCounts[t] = s.sum().item<int64_t>();
    }
    return at::stack(out);
  }
  at::Tensor in = x.contiguous();
  at::Tensor out = at::empty_like(in);
  const int64_t steps = in.size(0);
  const int64_t m = steps == 0 ? 0 : in.numel() / steps;
  const float* src = in.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  // Blocks of neurons with the SNN-step loop outside and a branch-free inner loop, so the
  // compiler vectorises it; the arithmetic per neuron is exactly the reference's.
  if (stepCounts) std::fill(stepCounts, stepCounts + steps, 0);
  std::mutex countsMutex;
  at::parallel_for(0, m, 8192, [&](int64_t begin, int64_t end) {
    constexpr int64_t kBlock = 512;
    float v[kBlock];
    std::vector<int64_t> local(static_cast<std::size_t>(stepCounts ? steps : 0), 0);
    for (int64_t start = begin; start < end; start += kBlock) {
      const int64_t n = std::min(kBlock, end - start);
      std::fill(v, v + n, 0.f);
      for (int64_t t = 0; t < steps; ++t) {
        const float* xp = src + t * m + start;
        float* op = dst + t * m + start;
        for (int64_t j = 0; j < n; ++j) {
          const float charged = v[j] + xp[j];
          const bool spike = charged >= threshold;
          op[j] = spike ? 1.f : 0.f;
          v[j] = spike ? 0.f : charged;
        }
        if (stepCounts) {
          int64_t c = 0;
          for (int64_t j = 0; j < n; ++j) c += op[j] != 0.f;
          local[static_cast<std::size_t>(t)] += c;
        }
      }
    }
    if (stepCounts) {
      std::lock_guard<std::mutex> lock(countsMutex);
      for (int64_t t = 0; t < steps; ++t) stepCounts[t] += local[static_cast<std::size_t>(t)];
    }
  });
  return out;
}

namespace {

// Heaviside forward, ATan surrogate backward: d spike / d v = 1 / (1 + (pi (v - theta))^2).
struct SpikeFunction : public torch::autograd::Function<SpikeFunction> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& v,
                            double threshold) {
    ctx->save_for_backward({v});
    ctx->saved_data["threshold"] = threshold;
    return v.ge(threshold).to(v.scalar_type());
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad) {
    const at::Tensor v = ctx->get_saved_variables()[0];
    const double threshold = ctx->saved_data["threshold"].toDouble();
    const at::Tensor z = (v - threshold) * M_PI;
    return {grad[0] / (1 + z * z), at::Tensor()};
  }
};

}  // namespace

at::Tensor ifFireTrain(const at::Tensor& x, double threshold) {
  at::Tensor v;
  std::vector<at::Tensor> out;
  out.reserve(x.size(0));
  for (int64_t t = 0; t < x.size(0); ++t) {
    v = v.defined() ? v + x[t] : x[t];
    at::Tensor s = SpikeFunction::apply(v, threshold);
    v = (1 - s) * v;
    out.push_back(s);
  }
  return at::stack(out);
}

at::Tensor ifMembrane(const at::Tensor& x, const std::vector<int64_t>& neurons, float threshold) {
  const int64_t steps = x.size(0), batch = x.size(1);
  at::Tensor flat = x.detach().reshape({steps, batch, -1}).to(at::kFloat).contiguous();
  const int64_t per = flat.size(2);
  const auto n = static_cast<int64_t>(neurons.size());
  at::Tensor out = at::empty({steps, batch, n}, at::kFloat);
  auto src = flat.accessor<float, 3>();
  auto dst = out.accessor<float, 3>();
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t j = 0; j < n; ++j) {
      const int64_t i = neurons[j];
      float v = 0.f;
      for (int64_t t = 0; t < steps; ++t) {
        v = (i >= 0 && i < per) ? v + src[t][b][i] : 0.f;
        dst[t][b][j] = v;
        if (v >= threshold) v = 0.f;
      }
    }
  }
  return out;
}

}  // namespace sdm
