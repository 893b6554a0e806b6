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

at::Tensor ifFireTrainReference(const at::Tensor& x, double threshold) {
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

namespace {

// The whole SNN-step recurrence as one autograd node: forward keeps the charged potentials H_t;
// backward runs the recurrence in reverse. With sigma'(z) = 1 / (1 + (pi z)^2) and the reset not
// detached (V_t = (1 - S_t) H_t):
//   dL/dH_t = dL/dS_t sigma'(H_t - theta) + dL/dV_t ((1 - S_t) - H_t sigma'(H_t - theta)),
//   dL/dx_t = dL/dH_t, dL/dV_{t-1} = dL/dH_t.
// Element-wise loops instead of ~10 autograd nodes per SNN step (select/stack backward alone
// cost a sixth of a training step).
struct FusedIF : public torch::autograd::Function<FusedIF> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x,
                            double threshold) {
    at::Tensor in = x.contiguous();
    at::Tensor spikes = at::empty_like(in), charged = at::empty_like(in);
    const int64_t steps = in.size(0), m = in.numel() / steps;
    const float th = static_cast<float>(threshold);
    const float* src = in.data_ptr<float>();
    float* sp = spikes.data_ptr<float>();
    float* hp = charged.data_ptr<float>();
    at::parallel_for(0, m, 4096, [&](int64_t b, int64_t e) {
      constexpr int64_t kBlock = 512;
      float v[kBlock];
      for (int64_t start = b; start < e; start += kBlock) {
        const int64_t n = std::min(kBlock, e - start);
        std::fill(v, v + n, 0.f);
        for (int64_t t = 0; t < steps; ++t) {
          const float* xp = src + t * m + start;
          float* h = hp + t * m + start;
          float* o = sp + t * m + start;
          for (int64_t j = 0; j < n; ++j) {
            const float c = v[j] + xp[j];
            const bool s = c >= th;
            h[j] = c;
            o[j] = s ? 1.f : 0.f;
            v[j] = s ? 0.f : c;
          }
        }
      }
    });
    ctx->save_for_backward({charged});
    ctx->saved_data["threshold"] = threshold;
    return spikes;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const at::Tensor charged = ctx->get_saved_variables()[0];
    const float th = static_cast<float>(ctx->saved_data["threshold"].toDouble());
    at::Tensor gs = grads[0].contiguous();
    at::Tensor gx = at::empty_like(charged);
    const int64_t steps = charged.size(0), m = charged.numel() / steps;
    const float* hp = charged.data_ptr<float>();
    const float* g = gs.data_ptr<float>();
    float* out = gx.data_ptr<float>();
    const float pi = static_cast<float>(M_PI);
    at::parallel_for(0, m, 4096, [&](int64_t b, int64_t e) {
      constexpr int64_t kBlock = 512;
      float gv[kBlock];
      for (int64_t start = b; start < e; start += kBlock) {
        const int64_t n = std::min(kBlock, e - start);
        std::fill(gv, gv + n, 0.f);
        for (int64_t t = steps - 1; t >= 0; --t) {
          const float* h = hp + t * m + start;
          const float* gt = g + t * m + start;
          float* o = out + t * m + start;
          for (int64_t j = 0; j < n; ++j) {
            const float z = pi * (h[j] - th);
            const float sig = 1.f / (1.f + z * z);
            const float s = h[j] >= th ? 1.f : 0.f;
            const float gh = gt[j] * sig + gv[j] * ((1.f - s) - h[j] * sig);
            o[j] = gh;
            gv[j] = gh;
          }
        }
      }
    });
    return {gx, at::Tensor()};
  }
};

}  // namespace

at::Tensor ifFireTrain(const at::Tensor& x, double threshold) {
  // bf16 currents (a bf16-autocast training step): the membrane still charges in fp32.
  if (x.scalar_type() == at::kBFloat16) return FusedIF::apply(x.to(at::kFloat), threshold);
  if (x.scalar_type() != at::kFloat) return ifFireTrainReference(x, threshold);
  return FusedIF::apply(x, threshold);
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
