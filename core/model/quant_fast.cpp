#include "model/quant_fast.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/conv.h>

#include "model/quant_unet.h"
#include "util/error.h"

namespace sdm {

struct QuantFastConvs::Layer {
  DnnlConv conv;
  SpikeType type;
  int offset;  // added to every spike the conv reads (1: signed spikes as uint8)
  float theta;
  mutable std::map<std::pair<int64_t, int64_t>, at::Tensor> corrections;  // by input size
};

namespace {

constexpr auto kChannelsLast = at::MemoryFormat::ChannelsLast;

int strideOf(const torch::nn::Conv2dImpl& c) { return static_cast<int>((*c.options.stride())[0]); }
int padOf(const torch::nn::Conv2dImpl& c) { return static_cast<int>(c.weight.size(2) / 2); }

at::Tensor outputFor(const DnnlConv& conv, int64_t n, int64_t h, int64_t w) {
  return at::empty({n, conv.outChannels(), conv.outSize(h), conv.outSize(w)},
                   at::TensorOptions(at::kFloat).memory_format(kChannelsLast));
}

}  // namespace

QuantFastConvs::QuantFastConvs(Precision precision) : m_precision(precision) {
  std::string why;
  if (precision == Precision::Exact)
    throw Error("the exact precision runs the model's own modules");
  if (!precisionAvailable(precision, &why)) throw Error(why);
}

QuantFastConvs::~QuantFastConvs() = default;

const QuantFastConvs::Layer& QuantFastConvs::layer(const torch::nn::Conv2dImpl& c, float theta,
                                                   SpikeType type, int offset) const {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto& slot = m_layers[&c];
  if (!slot) {
    at::NoGradGuard noGrad;
    at::Tensor w = c.weight.detach();
    if (theta != 1.f) w = w * theta;
    slot = std::make_unique<Layer>(
        Layer{DnnlConv(w, c.bias.detach(), strideOf(c), padOf(c), type), type, offset, theta, {}});
  }
  return *slot;
}

at::Tensor QuantFastConvs::correction(const Layer& l, int64_t channels, int64_t h,
                                      int64_t w) const {
  // conv(s + 1) - conv(1): the conv of an all-ones image without its bias, zero-padded like the
  // spikes (so it differs at the border).
  std::lock_guard<std::mutex> lock(m_mutex);
  at::Tensor& slot = l.corrections[{h, w}];
  if (!slot.defined()) {
    at::Tensor ones =
        at::ones({1, channels, h, w}, at::TensorOptions(at::kByte)).contiguous(kChannelsLast);
    at::Tensor zeros = at::zeros_like(ones);
    at::Tensor a = outputFor(l.conv, 1, h, w), b = outputFor(l.conv, 1, h, w);
    l.conv.run(ones.data_ptr(), 1, h, w, a.data_ptr<float>(), false);
    l.conv.run(zeros.data_ptr(), 1, h, w, b.data_ptr<float>(), false);  // the bias alone
    slot = (a - b).contiguous(kChannelsLast);
  }
  return slot;
}

std::string QuantFastConvs::describe() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  std::map<SpikeType, std::string> kernels;
  for (const auto& [key, l] : m_layers)
    if (!kernels.count(l->type)) kernels[l->type] = l->conv.implementation(1, 8, 8);
  std::string out = "fused soft-reset IF";
  for (const auto& [type, impl] : kernels)
    out += type == SpikeType::U8     ? "; spike convs uint8 (s + 1) x int8 weights (" + impl + ")"
           : type == SpikeType::Bf16 ? "; spike convs bf16 (" + impl + ")"
                                     : "; fp32 convs (" + impl + ")";
  return out + ", NHWC";
}

at::Tensor QuantFastConvs::analog(const torch::nn::Conv2dImpl& c, const at::Tensor& xIn) const {
  const Layer& l = layer(c, 1.f, SpikeType::F32, 0);
  const at::Tensor x = xIn.contiguous(kChannelsLast);
  const int64_t n = x.size(0), h = x.size(2), w = x.size(3);
  at::Tensor out = outputFor(l.conv, n, h, w);
  l.conv.run(x.data_ptr<float>(), n, h, w, out.data_ptr<float>(), false);
  return out;
}

at::Tensor QuantFastConvs::spiking(const QuantAct& act, const torch::nn::Conv2dImpl& c,
                                   const at::Tensor& xIn, int spikeTime, bool signedSpikes,
                                   bool lowPrecision) const {
  const float theta = act.alpha().item<float>();
  const SpikeType type = lowPrecision ? spikeTypeOf(m_precision) : SpikeType::F32;
  const int offset = type == SpikeType::U8 && signedSpikes ? 1 : 0;
  const Layer& l = layer(c, theta, type, offset);
  if (l.type != type || l.offset != offset || l.theta != theta)
    throw Error("a prepared conv was asked for another neuron or type");
  const at::Tensor x = xIn.contiguous(kChannelsLast);
  const int64_t n = x.size(0), ch = x.size(1), h = x.size(2), w = x.size(3);
  const at::Tensor spikes = act.fire(x, spikeTime, signedSpikes, type, offset);  // channels-last
  at::Tensor out = outputFor(l.conv, n, h, w);
  l.conv.run(spikes.data_ptr(), n, h, w, out.data_ptr<float>(), false);
  if (offset) out.sub_(correction(l, ch, h, w));
  return out;
}

}  // namespace sdm
