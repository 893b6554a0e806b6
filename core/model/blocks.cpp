#include "model/blocks.h"

#include <ATen/ATen.h>
#include <torch/nn/init.h>

#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include "model/if_neuron.h"
#include "model/spike_conv.h"
#include "model/spike_probe.h"
#include "util/log.h"
#include "util/threads.h"
#include "util/worker_pool.h"

namespace sdm {

namespace init = torch::nn::init;

at::Tensor swish(const at::Tensor& x) { return x * at::sigmoid(x); }

at::Tensor membraneOutput(const at::Tensor& h) {
  const int64_t steps = h.size(0);
  at::Tensor coef = at::pow(0.8, at::arange(steps - 1, -1, -1, at::kLong));
  std::vector<int64_t> shape(static_cast<std::size_t>(h.dim()), 1);
  shape[0] = steps;
  return at::sum(h * coef.view(shape), 0);
}

at::Tensor fire(const at::Tensor& x, ForwardState& state) {
  const int layer = state.nextLayer++;
  if (at::GradMode::is_enabled() && x.requires_grad()) {
    at::Tensor s = ifFireTrain(x, state.threshold);
    if (state.probe)
      state.probe->onLayerEvent({layer, state.batchOffset, x, s, nullptr, nullptr, {}});
    return s;
  }
  if (!state.probe) return ifFire(x, state.threshold);
  std::vector<int64_t> counts(static_cast<std::size_t>(x.size(0)));  // counted in the same pass
  at::Tensor s = ifFire(x, state.threshold, counts.data());
  state.probe->onLayerEvent({layer, state.batchOffset, x, s, counts.data(), nullptr, {}});
  return s;
}

at::Tensor convBn(SpkConv& conv, torch::nn::BatchNorm2dImpl& bn, const at::Tensor& flat,
                  int64_t steps, int64_t batch) {
  at::Tensor h = bn.forward(conv.forward(flat));
  return h.reshape({steps, batch, h.size(1), h.size(2), h.size(3)}).contiguous();
}

// ---------------------------------------------------------------------------------------------

SpkConv::SpkConv(int in, int out, int kernel, int stride, int pad, bool tsm, int snnSteps)
    : m_stride(stride), m_pad(pad), m_snnSteps(snnSteps), m_tsm(tsm) {
  at::Tensor w = at::empty({out, in, kernel, kernel});
  at::Tensor b = at::zeros({out});
  init::xavier_uniform_(w);
  if (tsm) {
    // Python lists a module's own parameter before its children: tsmp, then tsmconv.*
    m_tsmp = register_parameter("tsmp", at::ones({snnSteps, 1, 1, 1, 1}));
    auto inner = register_module("tsmconv", std::make_shared<torch::nn::Module>());
    m_weight = inner->register_parameter("weight", w);
    m_bias = inner->register_parameter("bias", b);
  } else {
    m_weight = register_parameter("weight", w);
    m_bias = register_parameter("bias", b);
  }
}

namespace {

thread_local int t_convParts = 1;
std::atomic<bool> g_eventDriven{true};
std::atomic<int64_t> g_eventDrivenRuns{0};

}  // namespace

void setEventDrivenConvs(bool on) { g_eventDriven = on; }
bool eventDrivenConvs() { return g_eventDriven; }
int64_t eventDrivenConvRuns() { return g_eventDrivenRuns; }

// The event-driven form of a spike-input conv, made from the weights it was packed from, and
// trusted per input geometry only after its first output equalled the dense conv's bit for bit
// (the accumulation order it copies is that of oneDNN's AVX-512 kernel; another CPU's kernel
// sums in another order, and then the dense conv stays).
struct SpkConv::EventDriven {
  std::mutex mutex;
  std::shared_ptr<const SpikeConvF32> conv;
  int64_t weights = 0;  // weightsVersion() the conv was packed at
  std::map<std::tuple<int64_t, int64_t, int64_t>, bool> trusted;  // (n, h, w) -> equal bits
};

SpkConv::~SpkConv() = default;

void SpkConv::markSpikeInput() {
  if (SpikeConvF32::available(m_weight.size(0), m_weight.size(1), m_weight.size(2),
                              m_weight.size(3)))
    m_eventDriven = std::make_shared<EventDriven>();
}

at::Tensor SpkConv::denseOrEventDriven(const at::Tensor& x) const {
  auto dense = [&] {
    return at::conv2d(x, m_weight, m_bias, {m_stride, m_stride}, {m_pad, m_pad});
  };
  if (!m_eventDriven || !g_eventDriven || x.scalar_type() != at::kFloat ||
      m_weight.scalar_type() != at::kFloat || !x.is_contiguous())
    return dense();
  const int64_t n = x.size(0), h = x.size(2), w = x.size(3);
  std::shared_ptr<const SpikeConvF32> conv;
  int trust = -1;  // -1 unknown, 0 no, 1 yes
  {
    EventDriven& e = *m_eventDriven;
    std::lock_guard<std::mutex> lock(e.mutex);
    const int64_t version = weightsVersion(*this);
    if (!e.conv || e.weights != version) {
      const at::Tensor wt = m_weight.contiguous();
      const at::Tensor bt = m_bias.defined() ? m_bias.contiguous() : at::Tensor();
      e.conv = std::make_shared<SpikeConvF32>(
          wt.data_ptr<float>(), bt.defined() ? bt.data_ptr<float>() : nullptr, wt.size(0),
          wt.size(1), static_cast<int>(wt.size(2)), m_stride, m_pad);
      e.weights = version;
      e.trusted.clear();
    }
    conv = e.conv;
    auto it = e.trusted.find({n, h, w});
    if (it != e.trusted.end()) trust = it->second ? 1 : 0;
  }
  if (trust == 0) return dense();
  at::Tensor y = at::empty({n, m_weight.size(0), conv->outSize(h), conv->outSize(w)}, x.options());
  // Above the break-even firing rate the dense conv is faster (and gives the same bits).
  if (conv->run(x.data_ptr<float>(), n, h, w, y.data_ptr<float>(),
                SpikeConvF32::breakEvenRate(h, w)) != SpikeConvF32::Outcome::Done)
    return dense();
  if (trust == 1) {
    ++g_eventDrivenRuns;
    return y;
  }
  const at::Tensor reference = dense();
  const bool equal = at::equal(y, reference);
  if (!equal)
    spdlog::debug("event-driven conv {}x{}x{}: not the dense conv's bits on this CPU, dense kept",
                  m_weight.size(1), h, w);
  std::lock_guard<std::mutex> lock(m_eventDriven->mutex);
  m_eventDriven->trusted[{n, h, w}] = equal;
  return reference;
}

ConvSplit::ConvSplit(int parts) : m_previous(t_convParts) { t_convParts = std::max(1, parts); }
ConvSplit::~ConvSplit() { t_convParts = m_previous; }

at::Tensor SpkConv::conv(const at::Tensor& x) const {
  const int64_t n = x.size(0);
  const int parts = static_cast<int>(std::min<int64_t>(t_convParts, n));
  if (at::GradMode::is_enabled())
    return at::conv2d(x, m_weight, m_bias, {m_stride, m_stride}, {m_pad, m_pad});
  if (parts <= 1) return denseOrEventDriven(x);
  std::vector<at::Tensor> out(static_cast<std::size_t>(parts));
  std::atomic<int> next{0};
  runOnWorkers(parts - 1, [&] {
    at::NoGradGuard noGrad;
    ScopedOmpThreads one(1);
    for (int i = next++; i < parts; i = next++) {
      const int64_t b = n * i / parts, e = n * (i + 1) / parts;
      out[static_cast<std::size_t>(i)] = denseOrEventDriven(x.narrow(0, b, e - b));
    }
  });
  return at::cat(out, 0);
}

at::Tensor SpkConv::forward(const at::Tensor& x) {
  at::Tensor y = conv(x);
  if (!m_tsm) return y;
  // Inference multiplies in place (the same products, one large allocation less); training
  // keeps y for the gain's gradient.
  if (!at::GradMode::is_enabled()) {
    y.view({m_snnSteps, -1, y.size(1), y.size(2), y.size(3)}).mul_(m_tsmp);
    return y;
  }
  y = y.reshape({m_snnSteps, -1, y.size(1), y.size(2), y.size(3)}).contiguous() * m_tsmp;
  return y.flatten(0, 1);
}

// ---------------------------------------------------------------------------------------------

TimeEmbedding::TimeEmbedding(int trainingTimesteps, int ch, int tdim) {
  // Checkpoints carry the table, so building it only matters for models trained from scratch.
  auto seq = register_module("timembedding", std::make_shared<torch::nn::Module>());
  m_table = seq->register_module("0", frozenSinusoidEmbedding(trainingTimesteps, ch));
  m_fc1 = seq->register_module("1", torch::nn::Linear(ch, tdim));
  m_fc2 = seq->register_module("3", torch::nn::Linear(tdim, tdim));  // "2" is the Swish
  for (auto* fc : {&m_fc1, &m_fc2}) {
    init::xavier_uniform_((*fc)->weight);
    init::zeros_((*fc)->bias);
  }
}

int64_t weightsVersion(const torch::nn::Module& m) {
  // Every in-place update bumps a tensor's version counter; a replaced tensor has a new address.
  int64_t version = 0;
  for (const auto& p : m.parameters())
    version += p._version() + reinterpret_cast<intptr_t>(p.data_ptr());
  for (const auto& b : m.buffers())
    version += b._version() + reinterpret_cast<intptr_t>(b.data_ptr());
  return version;
}

torch::nn::Embedding frozenSinusoidEmbedding(int trainingTimesteps, int ch) {
  at::Tensor freq = at::exp(-(at::arange(0, ch, 2).div(ch) * std::log(10000.0)));
  at::Tensor pos = at::arange(trainingTimesteps).to(at::kFloat);
  at::Tensor arg = pos.unsqueeze(1) * freq.unsqueeze(0);
  torch::nn::Embedding e(trainingTimesteps, ch);
  torch::NoGradGuard noGrad;
  e->weight.copy_(at::stack({at::sin(arg), at::cos(arg)}, -1).view({trainingTimesteps, ch}));
  e->weight.set_requires_grad(false);
  return e;
}

at::Tensor sinusoidRows(const at::Tensor& table, const at::Tensor& t) {
  if (!at::isFloatingType(t.scalar_type())) return at::embedding(table, t);
  if (at::equal(t, t.round())) return at::embedding(table, t.to(at::kLong));
  const int64_t ch = table.size(1);
  at::Tensor freq =
      at::exp(-(at::arange(0, ch, 2, t.options().dtype(at::kLong)).div(ch) * std::log(10000.0)));
  at::Tensor arg = t.to(at::kFloat).unsqueeze(1) * freq.unsqueeze(0);
  return at::stack({at::sin(arg), at::cos(arg)}, -1).view({t.size(0), ch});
}

at::Tensor TimeEmbedding::forward(const at::Tensor& t) {
  return m_fc2->forward(swish(m_fc1->forward(sinusoidRows(m_table->weight, t))));
}

// ---------------------------------------------------------------------------------------------

SpkResBlock::SpkResBlock(const BlockSpec& b, const ModelConfig& c) {
  auto proj = register_module("temb_proj", std::make_shared<torch::nn::Module>());
  m_tembProj = proj->register_module("1", torch::nn::Linear(c.tdim(), b.outCh));  // "0" = Swish
  m_conv1 = register_module("conv1",
                            std::make_shared<SpkConv>(b.inCh, b.outCh, 3, 1, 1, c.tsm, c.snnSteps));
  m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(b.outCh));
  m_conv2 = register_module(
      "conv2", std::make_shared<SpkConv>(b.outCh, b.outCh, 3, 1, 1, c.tsm, c.snnSteps));
  m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(b.outCh));
  m_conv1->markSpikeInput();
  m_conv2->markSpikeInput();
  if (b.hasShortcut())
    m_shortcut = register_module(
        "shortcut", std::make_shared<SpkConv>(b.inCh, b.outCh, 1, 1, 0, c.tsm, c.snnSteps));
  torch::NoGradGuard noGrad;
  init::xavier_uniform_(m_tembProj->weight);
  init::zeros_(m_tembProj->bias);
}

at::Tensor SpkResBlock::forward(const at::Tensor& x, ForwardState& st) {
  const int64_t steps = x.size(0), batch = x.size(1);
  at::Tensor h = convBn(*m_conv1, *m_bn1, fire(x, st).flatten(0, 1), steps, batch);
  at::Tensor temb = m_tembProj->forward(swish(st.temb));
  // Sums in place at inference: the same additions, fewer large allocations.
  const bool inPlace = !at::GradMode::is_enabled();
  const at::Tensor tb = temb.view({1, batch, temb.size(1), 1, 1});
  h = inPlace ? h.add_(tb) : h + tb;
  h = convBn(*m_conv2, *m_bn2, fire(h, st).flatten(0, 1), steps, batch);
  at::Tensor s = x;
  if (m_shortcut) {
    s = m_shortcut->forward(x.flatten(0, 1));
    s = s.reshape({steps, batch, s.size(1), s.size(2), s.size(3)});
  }
  return inPlace ? h.add_(s) : h + s;
}

// ---------------------------------------------------------------------------------------------

SpkResample::SpkResample(const BlockSpec& b, const ModelConfig& c) : m_up(b.kind == BlockKind::Up) {
  m_conv = register_module(
      "conv", std::make_shared<SpkConv>(b.inCh, b.inCh, 3, m_up ? 1 : 2, 1, c.tsm, c.snnSteps));
  m_bn = register_module("bn", torch::nn::BatchNorm2d(b.inCh));
  m_conv->markSpikeInput();
}

at::Tensor SpkResample::forward(const at::Tensor& x, ForwardState& st) {
  const int64_t steps = x.size(0), batch = x.size(1);
  at::Tensor s = fire(x, st).flatten(0, 1);
  if (m_up) s = at::upsample_nearest2d(s, {s.size(2) * 2, s.size(3) * 2});
  return convBn(*m_conv, *m_bn, s, steps, batch);
}

}  // namespace sdm
