#include "model/quant_unet.h"

#include <ATen/ATen.h>
#include <torch/nn/init.h>

#include <cmath>
#include <map>
#include <mutex>

#include "model/blocks.h"
#include "model/fast_kernels.h"
#include "model/quant_fast.h"
#include "util/error.h"

namespace sdm {
namespace init = torch::nn::init;

bool sameQuantArchitecture(const QuantUNetConfig& a, const QuantUNetConfig& b) {
  return a.ch == b.ch && a.chMult == b.chMult && a.numResBlocks == b.numResBlocks &&
         a.imgCh == b.imgCh && a.trainingTimesteps == b.trainingTimesteps;
}

QuantAct::QuantAct(int bit) : m_bit(bit) {
  if (bit < 32) m_alpha = register_parameter("act_alpha", at::full({}, 6.0f));
}

at::Tensor QuantAct::quantize(const at::Tensor& x) const {
  // uniform_quantization(is_weight=False) with the straight-through round, same op order.
  const double levels = std::pow(2.0, m_bit) - 1;
  at::Tensor data = at::relu(x).div(m_alpha).clamp(0, 1).mul(levels);
  at::Tensor q = (data.round() - data).detach() + data;
  return q.div(levels).mul(m_alpha);
}

at::Tensor QuantAct::fire(const at::Tensor& xIn, int spikeTime, bool signedSpikes, SpikeType type,
                          int offset) const {
  const at::Tensor x = xIn.contiguous(xIn.suggest_memory_format());
  fast::SoftResetIf neuron{x.size(0) / spikeTime, spikeTime, x.numel() / x.size(0),
                           m_alpha.item<float>(), signedSpikes};
  at::Tensor spikes = at::empty_like(x, at::TensorOptions(scalarTypeOf(type))), charged;
  if (m_probe) {  // the Spikes view: the same events and potentials as the ATen neuron
    charged = at::empty_like(x);
    neuron.charged = charged.data_ptr<float>();
  }
  fast::integrateSoftReset(x.data_ptr<float>(), neuron, type, offset, spikes.data_ptr());
  if (m_probe) report(x, spikes.ne(offset).to(at::kByte), charged, spikeTime);
  return spikes;
}

at::Tensor QuantAct::integrate(const at::Tensor& x, int spikeTime, bool signedSpikes) const {
  // The IF neuron that replaces the quantizer: threshold θ = act_alpha, membrane from θ/2, soft
  // reset; a signed neuron takes back a spike (−1) when its membrane falls below zero after it has
  // fired, so that the count tracks the quantized activation (Fast-SNN). Without gradients, the
  // fused kernel: the same float operations, hence the same spikes, in one pass over the frames.
  if (!(at::GradMode::is_enabled() && x.requires_grad()) && x.scalar_type() == at::kFloat)
    return fire(x, spikeTime, signedSpikes, SpikeType::F32, 0).mul_(m_alpha.detach());
  const at::Tensor th = m_alpha.detach();
  std::vector<int64_t> shape = x.sizes().vec();
  shape[0] /= spikeTime;
  shape.insert(shape.begin() + 1, spikeTime);
  const at::Tensor frames = x.reshape(shape);
  at::Tensor membrane = th * 0.5, count;
  std::vector<at::Tensor> out, charged;
  out.reserve(static_cast<std::size_t>(spikeTime));
  for (int dt = 0; dt < spikeTime; ++dt) {
    membrane = membrane + frames.select(1, dt);
    if (m_probe) charged.push_back(membrane / th);
    const at::Tensor fired = membrane >= th;
    membrane = at::where(fired, membrane - th, membrane);
    const at::Tensor spikes = fired.to(x.scalar_type());
    count = dt == 0 ? spikes : count + spikes;
    if (!signedSpikes) {
      out.push_back(spikes);
      continue;
    }
    const at::Tensor inhibit = (membrane <= -1e-3).logical_and(count > 0);
    membrane = at::where(inhibit, membrane + th, membrane);
    const at::Tensor taken = inhibit.to(x.scalar_type());
    count = count - taken;
    out.push_back(spikes - taken);
  }
  at::Tensor train = at::stack(out, 1);  // [B, T, ...] of -1, 0, 1
  if (m_probe) report(x, train.abs().flatten(0, 1), at::stack(charged, 1).flatten(0, 1), spikeTime);
  return (train * th).flatten(0, 1);
}

void QuantAct::report(const at::Tensor& x, const at::Tensor& events, const at::Tensor& charged,
                      int spikeTime) const {
  // Time-major for the probe; a signed spike counts as one event.
  auto timeMajor = [&](const at::Tensor& t) {
    std::vector<int64_t> shape = t.sizes().vec();
    shape[0] /= spikeTime;
    shape.insert(shape.begin() + 1, spikeTime);
    return t.reshape(shape).transpose(0, 1);
  };
  const at::Tensor spikes = timeMajor(events), potentials = timeMajor(charged);
  const at::Tensor input = timeMajor(x);
  // Counted on the batch-major tensor (no copy); the probe reads the views an image at a time.
  const at::Tensor perStep = events.reshape({-1, spikeTime, events.numel() / events.size(0)})
                                 .sum(at::IntArrayRef{0, 2}, false, at::kLong)
                                 .contiguous();
  LayerEvent e{m_layer, m_offset ? *m_offset : 0,    input,
               spikes,  perStep.data_ptr<int64_t>(), &potentials,
               {}};
  m_probe->onLayerEvent(e);
}

at::Tensor QuantAct::forward(const at::Tensor& x, int spikeTime, bool signedSpikes) const {
  if (m_capture) m_capture->push_back(x.detach());
  if (!m_alpha.defined()) {
    if (spikeTime > 0) throw Error("a plain-ReLU layer cannot spike: the ANN was not quantized");
    return at::relu(x);
  }
  return spikeTime > 0 ? integrate(x, spikeTime, signedSpikes) : quantize(x);
}

// ---------------------------------------------------------------------------------------------

namespace {

void initConv(torch::nn::Conv2d& c, double gain = 1.0) {
  init::xavier_uniform_(c->weight, gain);
  init::zeros_(c->bias);
}

torch::nn::Conv2d conv(int in, int out, int kernel, int stride = 1) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2));
}

torch::nn::GroupNorm groupNorm(int channels) {
  return torch::nn::GroupNorm(torch::nn::GroupNormOptions(32, channels));
}

}  // namespace

class QuantResBlock : public torch::nn::Module {
 public:
  QuantResBlock(int in, int out, const QuantUNetConfig& c) : m_dropout(c.dropout) {
    auto b1 = register_module("block1", std::make_shared<torch::nn::Module>());
    m_norm1 = b1->register_module("0", groupNorm(in));
    m_act1 = b1->register_module("1", std::make_shared<QuantAct>(c.bit));
    m_conv1 = b1->register_module("2", conv(in, out, 3));
    auto proj = register_module("temb_proj", std::make_shared<torch::nn::Module>());
    m_actT = proj->register_module("0", std::make_shared<QuantAct>(c.bit));
    m_proj = proj->register_module("1", torch::nn::Linear(c.tdim(), out));
    auto b2 = register_module("block2", std::make_shared<torch::nn::Module>());
    m_norm2 = b2->register_module("0", groupNorm(out));
    m_act2 = b2->register_module("1", std::make_shared<QuantAct>(c.bit));
    m_conv2 = b2->register_module("3", conv(out, out, 3));  // "2" is the Dropout
    if (in != out) m_shortcut = register_module("shortcut", conv(in, out, 1));
    initConv(m_conv1);
    init::xavier_uniform_(m_proj->weight);
    init::zeros_(m_proj->bias);
    initConv(m_conv2, 1e-5);
    if (m_shortcut) initConv(m_shortcut);
  }

  at::Tensor forward(const at::Tensor& x, const at::Tensor& temb, int T, bool sign,
                     const QuantFastConvs* fast) {
    if (fast) {  // inference: Dropout is the identity
      at::Tensor h = fast->spiking(*m_act1, *m_conv1, m_norm1(x), T, sign);
      h = h + m_proj(m_actT->forward(temb, T, sign)).unsqueeze(-1).unsqueeze(-1);
      h = fast->spiking(*m_act2, *m_conv2, m_norm2(h), T, sign);
      return h + (m_shortcut ? fast->analog(*m_shortcut, x) : x);
    }
    at::Tensor h = m_conv1(m_act1->forward(m_norm1(x), T, sign));
    h = h + m_proj(m_actT->forward(temb, T, sign)).unsqueeze(-1).unsqueeze(-1);
    h = m_conv2(at::dropout(m_act2->forward(m_norm2(h), T, sign), m_dropout, is_training()));
    return h + (m_shortcut ? m_shortcut(x) : x);
  }

 private:
  double m_dropout;
  torch::nn::GroupNorm m_norm1{nullptr}, m_norm2{nullptr};
  std::shared_ptr<QuantAct> m_act1, m_actT, m_act2;
  torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr}, m_shortcut{nullptr};
  torch::nn::Linear m_proj{nullptr};
};

struct QuantUNet::FastCache {
  std::mutex mutex;
  std::map<Precision, std::pair<int64_t, std::shared_ptr<QuantFastConvs>>> forms;
};

QuantUNet::QuantUNet(const QuantUNetConfig& c)
    : m_config(c), m_fast(std::make_shared<FastCache>()) {
  c.validate();
  const int ch = c.ch, tdim = c.tdim(), N = c.trainingTimesteps;
  auto te = register_module("time_embedding", std::make_shared<torch::nn::Module>());
  auto seq = te->register_module("timembedding", std::make_shared<torch::nn::Module>());
  m_tembModule = seq;
  m_table = seq->register_module("0", frozenSinusoidEmbedding(N, ch));
  m_fc1 = seq->register_module("1", torch::nn::Linear(ch, tdim));
  m_tembAct = seq->register_module("2", std::make_shared<QuantAct>(c.bit));
  m_fc2 = seq->register_module("3", torch::nn::Linear(tdim, tdim));
  for (auto* fc : {&m_fc1, &m_fc2}) {
    init::xavier_uniform_((*fc)->weight);
    init::zeros_((*fc)->bias);
  }
  m_head = register_module("head", conv(c.imgCh, ch, 3));
  initConv(m_head);

  auto down = register_module("downblocks", std::make_shared<torch::nn::Module>());
  std::vector<int> chs{ch};
  int now = ch;
  auto addDown = [&](std::shared_ptr<QuantResBlock> block, torch::nn::Conv2d sample) {
    const std::string name = std::to_string(m_down.size());
    if (block) {
      m_downModules.push_back(down->register_module(name, block));
    } else {
      auto holder = down->register_module(name, std::make_shared<torch::nn::Module>());
      holder->register_module("main", sample);
      initConv(sample);
      m_downModules.push_back(holder);
    }
    m_down.push_back(block);
    m_downSample.push_back(sample);
  };
  for (std::size_t i = 0; i < c.chMult.size(); ++i) {
    const int out = ch * c.chMult[i];
    for (int r = 0; r < c.numResBlocks; ++r) {
      addDown(std::make_shared<QuantResBlock>(now, out, c), nullptr);
      now = out;
      chs.push_back(now);
    }
    if (i + 1 != c.chMult.size()) {
      addDown(nullptr, conv(now, now, 3, 2));
      chs.push_back(now);
    }
  }
  auto middle = register_module("middleblocks", std::make_shared<torch::nn::Module>());
  for (int i = 0; i < 2; ++i)
    m_middle.push_back(
        middle->register_module(std::to_string(i), std::make_shared<QuantResBlock>(now, now, c)));
  auto up = register_module("upblocks", std::make_shared<torch::nn::Module>());
  for (int i = static_cast<int>(c.chMult.size()) - 1; i >= 0; --i) {
    const int out = ch * c.chMult[static_cast<std::size_t>(i)];
    for (int r = 0; r < c.numResBlocks + 1; ++r) {
      const int in = chs.back() + now;
      chs.pop_back();
      m_up.push_back(up->register_module(std::to_string(m_up.size()),
                                         std::make_shared<QuantResBlock>(in, out, c)));
      m_upModules.push_back(m_up.back());
      m_upSample.push_back(nullptr);
      now = out;
    }
    if (i != 0) {
      auto holder =
          up->register_module(std::to_string(m_up.size()), std::make_shared<torch::nn::Module>());
      m_upSample.push_back(holder->register_module("main", conv(now, now, 3)));
      initConv(m_upSample.back());
      m_up.push_back(nullptr);
      m_upModules.push_back(holder);
    }
  }
  auto tail = register_module("tail", std::make_shared<torch::nn::Module>());
  m_tailNorm = tail->register_module("0", groupNorm(now));
  m_tailAct = tail->register_module("1", std::make_shared<QuantAct>(c.bit));
  m_tailConv = tail->register_module("2", conv(now, c.imgCh, 3));
  initConv(m_tailConv, 1e-5);
}

void QuantUNet::setSpikeTime(int spikeTime, bool signedSpikes) {
  if (spikeTime > 0 && m_config.bit >= 32)
    throw Error(
        "this ANN's activations are plain ReLUs (no act_alpha): only a quantized ANN "
        "(--bit below 32) converts to an SNN");
  m_config.spikeTime = spikeTime;
  m_config.signedSpikes = signedSpikes;
}

at::Tensor QuantUNet::timeEmbedding(const at::Tensor& tIn) {
  const int T = m_config.spikeTime;
  const at::Tensor t = T > 0 ? tIn.unsqueeze(1).repeat({1, T}).flatten(0, 1) : tIn;
  const at::Tensor e = sinusoidRows(m_table->weight, t);
  return m_fc2(m_tembAct->forward(m_fc1(e), T, m_config.signedSpikes));
}

at::Tensor QuantUNet::repeatFrames(const at::Tensor& x) const {
  // The converted SNN sees the analog image at every SNN step.
  const int T = m_config.spikeTime;
  return T > 0 ? x.unsqueeze(1).repeat({1, T, 1, 1, 1}).flatten(0, 1) : x;
}

int QuantUNet::unitCount() const {
  return 2 + static_cast<int>(m_down.size() + m_middle.size() + m_up.size());
}

std::pair<QuantUNet::Part, std::size_t> QuantUNet::locate(int unit) const {
  if (unit == 0) return {Part::TimeEmbedding, 0};
  if (unit == 1) return {Part::Head, 0};
  std::size_t i = static_cast<std::size_t>(unit - 2);
  if (unit >= 2 && i < m_down.size()) return {Part::Down, i};
  i -= m_down.size();
  if (unit >= 2 && i < m_middle.size()) return {Part::Middle, i};
  i -= m_middle.size();
  if (unit >= 2 && i < m_up.size()) return {Part::Up, i};
  throw Error("no unit " + std::to_string(unit) + " in " + m_config.summary());
}

std::string QuantUNet::unitName(int unit) const {
  const auto [part, i] = locate(unit);
  switch (part) {
    case Part::TimeEmbedding:
      return "time_embedding.timembedding";
    case Part::Head:
      return "head";
    case Part::Down:
      return "downblocks." + std::to_string(i);
    case Part::Middle:
      return "middleblocks." + std::to_string(i);
    case Part::Up:
      break;
  }
  return "upblocks." + std::to_string(i);
}

std::shared_ptr<torch::nn::Module> QuantUNet::unitModule(int unit) const {
  const auto [part, i] = locate(unit);
  switch (part) {
    case Part::TimeEmbedding:
      return m_tembModule;
    case Part::Head:
      return m_head.ptr();
    case Part::Down:
      return m_downModules[i];
    case Part::Middle:
      return m_middle[i];
    case Part::Up:
      break;
  }
  return m_upModules[i];
}

std::shared_ptr<QuantFastConvs> QuantUNet::fastForm(Precision precision) {
  const int64_t version = weightsVersion(*this);
  std::lock_guard<std::mutex> lock(m_fast->mutex);
  auto& slot = m_fast->forms[precision];
  if (!slot.second || slot.first != version)
    slot = {version, std::make_shared<QuantFastConvs>(precision)};
  return slot.second;
}

at::Tensor QuantUNet::analog(torch::nn::Conv2d& conv, const at::Tensor& x,
                             const QuantFastConvs* fast) {
  return fast ? fast->analog(*conv, x) : conv(x);
}

QuantUNet::UnitInput QuantUNet::run(const at::Tensor& x, const at::Tensor& t, int stop,
                                    const QuantFastConvs* fast) {
  const int T = m_config.spikeTime;
  const bool sign = m_config.signedSpikes;
  if (stop == 0) return {};
  const at::Tensor temb = timeEmbedding(t);
  if (stop == 1) return {repeatFrames(x), at::Tensor()};
  at::Tensor h = analog(m_head, repeatFrames(x), fast);
  std::vector<at::Tensor> hs{h};
  int unit = 2;
  for (std::size_t i = 0; i < m_down.size(); ++i, ++unit) {
    if (unit == stop) return {h, temb};
    h = m_down[i] ? m_down[i]->forward(h, temb, T, sign, fast) : analog(m_downSample[i], h, fast);
    hs.push_back(h);
  }
  for (auto& block : m_middle) {
    if (unit++ == stop) return {h, temb};
    h = block->forward(h, temb, T, sign, fast);
  }
  for (std::size_t i = 0; i < m_up.size(); ++i, ++unit) {
    if (m_up[i]) {
      const at::Tensor in = at::cat({h, hs.back()}, 1);
      if (unit == stop) return {in, temb};
      h = m_up[i]->forward(in, temb, T, sign, fast);
      hs.pop_back();
    } else {
      if (unit == stop) return {h, temb};
      h = analog(m_upSample[i], at::upsample_nearest2d(h, {h.size(2) * 2, h.size(3) * 2}), fast);
    }
  }
  return {h, temb};
}

QuantUNet::UnitInput QuantUNet::unitInput(const at::Tensor& x, const at::Tensor& t, int unit) {
  locate(unit);  // throws for a unit that does not exist
  return run(x, t, unit);
}

at::Tensor QuantUNet::unitForward(int unit, const UnitInput& in, const at::Tensor& t) {
  const int T = m_config.spikeTime;
  const bool sign = m_config.signedSpikes;
  const auto [part, i] = locate(unit);
  switch (part) {
    case Part::TimeEmbedding:
      return timeEmbedding(t);
    case Part::Head:
      return m_head(in.h);
    case Part::Down:
      return m_down[i] ? m_down[i]->forward(in.h, in.temb, T, sign, nullptr)
                       : m_downSample[i](in.h);
    case Part::Middle:
      return m_middle[i]->forward(in.h, in.temb, T, sign, nullptr);
    case Part::Up:
      break;
  }
  if (m_up[i]) return m_up[i]->forward(in.h, in.temb, T, sign, nullptr);
  return m_upSample[i](at::upsample_nearest2d(in.h, {in.h.size(2) * 2, in.h.size(3) * 2}));
}

at::Tensor QuantUNet::forward(const at::Tensor& xIn, const at::Tensor& t, Precision precision) {
  const int T = m_config.spikeTime;
  const bool sign = m_config.signedSpikes;
  std::shared_ptr<QuantFastConvs> fast;
  if (precision != Precision::Exact) {
    requirePrecisionApplies(m_config, precision);
    if (!(at::GradMode::is_enabled() && is_training())) fast = fastForm(precision);
  }
  at::Tensor h = run(xIn, t, unitCount(), fast.get()).h;
  h = fast ? fast->spiking(*m_tailAct, *m_tailConv, m_tailNorm(h), T, sign, false)
           : m_tailConv(m_tailAct->forward(m_tailNorm(h), T, sign));
  if (T == 0) return h;
  // last_Spiking: the mean over the SNN steps.
  return h.reshape({xIn.size(0), T, h.size(1), h.size(2), h.size(3)}).sum(1).div(T);
}

StateDict QuantUNet::stateDict() const {
  StateDict sd;
  for (const auto& p : named_parameters(true)) sd.emplace_back(p.key(), p.value().detach());
  return sd;
}

void QuantUNet::loadStateDict(const StateDict& sd) {
  auto params = named_parameters(true);
  std::map<std::string, const at::Tensor*> given;
  for (const auto& [k, v] : sd) given[k] = &v;
  torch::NoGradGuard noGrad;
  for (auto& p : params) {
    auto it = given.find(p.key());
    if (it == given.end())
      throw Error("missing key " + p.key() + " (expected for " + m_config.summary() + ")");
    if (it->second->sizes() != p.value().sizes())
      throw Error("shape mismatch for " + p.key() + ": the file has " +
                  c10::str(it->second->sizes()) + ", " + m_config.summary() + " needs " +
                  c10::str(p.value().sizes()));
    p.value().copy_(*it->second);
    given.erase(it);
  }
  if (!given.empty())
    throw Error("unexpected key " + given.begin()->first + " (not part of " + m_config.summary() +
                ")");
}

std::vector<std::shared_ptr<QuantAct>> QuantUNet::activations() const {
  std::vector<std::shared_ptr<QuantAct>> out;
  for (const auto& m : modules(false))
    if (auto act = std::dynamic_pointer_cast<QuantAct>(m)) out.push_back(act);
  return out;
}

void QuantUNet::setProbe(SpikeProbe* probe) {
  int layer = 0;
  for (auto& act : activations()) act->setProbe(probe, layer++, &m_probeOffset);
}

int QuantUNet::activationLayers() const {
  int n = 0;
  for (const auto& m : modules(false))
    if (dynamic_cast<const QuantAct*>(m.get())) ++n;
  return n;
}

}  // namespace sdm
