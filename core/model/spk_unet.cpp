#include "model/spk_unet.h"

#include <ATen/ATen.h>
#include <torch/nn/init.h>
#include <torch/nn/modules/container/modulelist.h>

#include <cmath>
#include <map>
#include <mutex>
#include <unordered_map>

#include "model/fast_unet.h"

#include "util/error.h"

namespace sdm {

namespace {

std::string shapeText(at::IntArrayRef s) {
  std::string out = "[";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out + "]";
}

}  // namespace

struct SpkUNet::FastCache {
  std::mutex mutex;
  std::map<Precision, std::pair<int64_t, std::shared_ptr<FastSpkUNet>>> forms;
};

SpkUNet::SpkUNet(const ModelConfig& c) : m_config(c), m_fast(std::make_shared<FastCache>()) {
  c.validate();
  namespace init = torch::nn::init;
  const Topology topo = makeTopology(c);
  m_timeEmbedding = register_module("time_embedding",
                                    std::make_shared<TimeEmbedding>(c.trainingTimesteps, c.ch, c.tdim()));
  m_conv = register_module("conv", std::make_shared<SpkConv>(c.imgCh, c.ch, 3, 1, 1, c.tsm, c.snnSteps));
  m_bn = register_module("bn", torch::nn::BatchNorm2d(c.ch));
  m_convIdentity = register_module("conv_identity", std::make_shared<SpkConv>(c.ch, c.ch, 3, 1, 1, c.tsm, c.snnSteps));
  m_bnIdentity = register_module("bn_identity", torch::nn::BatchNorm2d(c.ch));
  m_convIdentity->markSpikeInput();
  auto down = register_module("downblocks", torch::nn::ModuleList());
  auto middle = register_module("middleblocks", torch::nn::ModuleList());
  auto up = register_module("upblocks", torch::nn::ModuleList());
  for (const auto& b : topo.blocks) {
    std::shared_ptr<SpkBlock> block;
    if (b.kind == BlockKind::Res) {
      block = std::make_shared<SpkResBlock>(b, c);
    } else {
      block = std::make_shared<SpkResample>(b, c);
    }
    switch (b.part) {
      case UNetPart::Down: down->push_back(block); m_down.push_back(block); break;
      case UNetPart::Middle: middle->push_back(block); m_middle.push_back(block); break;
      default:
        up->push_back(block);
        m_up.push_back(block);
        m_upIsRes.push_back(b.kind == BlockKind::Res);
    }
  }
  m_tailBn = register_module("tail_bn", torch::nn::BatchNorm2d(topo.finalCh));
  m_tailConv = register_module("tail_conv", std::make_shared<SpkConv>(topo.finalCh, c.imgCh, 3, 1, 1, c.tsm, c.snnSteps));
  m_tOutput = register_module(
      "T_output_layer",
      torch::nn::Conv3d(torch::nn::Conv3dOptions(c.imgCh, c.imgCh, {3, 3, 1}).padding({1, 1, 0})));
  m_lastBn = register_module("last_bn", torch::nn::BatchNorm2d(c.imgCh));

  // Initialisation of a model trained from scratch (reference §1.5): conv_identity keeps
  // PyTorch's default; the tail starts near zero.
  torch::NoGradGuard noGrad;
  const double bound = 1.0 / std::sqrt(double(c.ch) * 9);
  init::kaiming_uniform_(m_convIdentity->weight(), std::sqrt(5.0));
  init::uniform_(m_convIdentity->bias(), -bound, bound);
  if (!c.tsm) init::xavier_uniform_(m_tailConv->weight(), 1e-5);
}

std::shared_ptr<FastSpkUNet> SpkUNet::fastForm(Precision precision) {
  const int64_t version = weightsVersion(*this);
  std::lock_guard<std::mutex> lock(m_fast->mutex);
  auto& slot = m_fast->forms[precision];
  if (!slot.second || slot.first != version)
    slot = {version, std::make_shared<FastSpkUNet>(m_config, stateDict(), precision)};
  return slot.second;
}

at::Tensor SpkUNet::forward(const at::Tensor& x, const at::Tensor& t, const ForwardOptions& opt) {
  if (opt.precision != Precision::Exact && !(at::GradMode::is_enabled() && is_training()))
    return fastForm(opt.precision)->forward(x, t, opt);
  const int64_t steps = m_config.snnSteps, batch = x.size(0), H = x.size(2), W = x.size(3);
  ForwardState st;
  st.threshold = opt.threshold;
  st.probe = opt.probe;
  st.batchOffset = opt.batchOffset;
  st.temb = m_timeEmbedding->forward(t);

  // The analog image is repeated over the SNN time steps (direct encoding).
  at::Tensor rep = x.unsqueeze(0).repeat({steps, 1, 1, 1, 1});
  at::Tensor h = convBn(*m_conv, *m_bn, rep.flatten(0, 1), steps, batch);
  h = convBn(*m_convIdentity, *m_bnIdentity, fire(h, st).flatten(0, 1), steps, batch);

  std::vector<at::Tensor> skips{h};
  for (auto& b : m_down) {
    h = b->forward(h, st);
    skips.push_back(h);
  }
  for (auto& b : m_middle) h = b->forward(h, st);
  for (std::size_t i = 0; i < m_up.size(); ++i) {
    if (m_upIsRes[i]) {
      h = at::cat({h, skips.back()}, 2);
      skips.pop_back();
    }
    h = m_up[i]->forward(h, st);
  }

  // Analog tail, per-step Conv3d(3,3,1) read-out, then the 0.8-decay membrane output.
  at::Tensor tail = m_tailConv->forward(swish(m_tailBn->forward(h.flatten(0, 1))));
  tail = tail.reshape({steps, batch, -1, H, W}).contiguous();
  at::Tensor r = m_tOutput->forward(tail.permute({1, 2, 3, 4, 0})).permute({4, 0, 1, 2, 3});
  r = m_lastBn->forward(r.flatten(0, 1)).reshape({steps, batch, -1, H, W}).contiguous();
  return membraneOutput(swish(r) + tail);
}

StateDict SpkUNet::stateDict() const {
  std::unordered_map<std::string, at::Tensor> all;
  for (const auto& p : named_parameters()) all[p.key()] = p.value();
  for (const auto& b : named_buffers()) all[b.key()] = b.value();
  StateDict sd;
  for (const auto& k : expectedKeys(m_config)) {
    auto it = all.find(k.name);
    if (it == all.end()) throw Error("internal: model has no tensor " + k.name);
    sd.emplace_back(k.name, it->second.detach());
  }
  return sd;
}

void SpkUNet::loadStateDict(const StateDict& sd) {
  std::unordered_map<std::string, at::Tensor> own;
  for (const auto& p : named_parameters()) own[p.key()] = p.value();
  for (const auto& b : named_buffers()) own[b.key()] = b.value();
  torch::NoGradGuard noGrad;
  std::unordered_map<std::string, bool> seen;
  for (const auto& [key, src] : sd) {
    auto it = own.find(key);
    if (it == own.end()) throw Error("unexpected key " + key + " for " + m_config.summary());
    at::Tensor& dst = it->second;
    if (!src.sizes().equals(dst.sizes()))
      throw Error("wrong shape for " + key + ": " + shapeText(src.sizes()) + " in the file, " +
                  shapeText(dst.sizes()) + " expected by " + m_config.summary());
    dst.copy_(src);
    seen[key] = true;
  }
  for (const auto& k : expectedKeys(m_config))
    if (!seen.count(k.name)) throw Error("missing key " + k.name + " for " + m_config.summary());
}

std::vector<at::Tensor> SpkUNet::tsmGains() {
  std::vector<at::Tensor> out;
  for (const auto& p : named_parameters()) {
    const std::string& k = p.key();
    if (k.size() > 5 && k.compare(k.size() - 5, 5, ".tsmp") == 0) out.push_back(p.value());
  }
  return out;
}

}  // namespace sdm
