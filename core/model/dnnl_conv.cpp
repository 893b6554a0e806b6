#include "model/dnnl_conv.h"

#include <ATen/ATen.h>

#include <array>
#include <map>
#include <mutex>
#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>

#include "util/error.h"

namespace sdm {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

namespace {

dnnl::engine& cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& threadStream() {
  thread_local dnnl::stream stream(cpuEngine());
  return stream;
}

tag layoutTag(int64_t block) {
  switch (block) {
    case kNchw:
      return tag::nchw;
    case 8:
      return tag::nChw8c;
    case 16:
      return tag::nChw16c;
    default:
      return tag::nhwc;
  }
}

dt dataType(SpikeType t) {
  switch (t) {
    case SpikeType::Bf16:
      return dt::bf16;
    case SpikeType::U8:
      return dt::u8;
    default:
      return dt::f32;
  }
}

}  // namespace

int64_t bytesOf(SpikeType t) { return t == SpikeType::F32 ? 4 : t == SpikeType::Bf16 ? 2 : 1; }

at::ScalarType scalarTypeOf(SpikeType t) {
  return t == SpikeType::F32 ? at::kFloat : t == SpikeType::Bf16 ? at::kBFloat16 : at::kByte;
}

SpikeType spikeTypeOf(Precision p) {
  return p == Precision::Bf16   ? SpikeType::Bf16
         : p == Precision::Int8 ? SpikeType::U8
                                : SpikeType::F32;
}

struct DnnlConv::Impl {
  // [O, I, k, k] fp32 (bf16, or int8 quantized, by source type) until the first reorder; after
  // that the reordered copies are the only ones (a new layout is reordered from one of them).
  mutable at::Tensor weight;
  std::function<at::Tensor()> weightSource;  // while `weight` is dropped (dropWeightsUntilUsed)
  mutable std::vector<dnnl::memory> reordered;
  at::Tensor bias;  // [O] fp32 (divided by the scales for U8: oneDNN 2.x adds it before scaling)
  std::vector<float> scales;  // per output channel, U8 only
  int stride = 1, pad = 0, kernel = 1;
  int64_t in = 0, out = 0;
  SpikeType srcType = SpikeType::F32;
  int64_t srcBlock = kNhwc, dstBlock = kNhwc;

  struct Entry {
    dnnl::convolution_forward prim;
    dnnl::memory weights, bias;
    dnnl::memory::desc src, dst;
    std::string impl;
  };
  mutable std::map<std::array<int64_t, 4>, std::shared_ptr<Entry>> cache;
  mutable std::mutex mutex;

  int64_t outSize(int64_t x) const { return (x + 2 * pad - kernel) / stride + 1; }

  std::shared_ptr<Entry> entry(int64_t n, int64_t h, int64_t w, bool accumulate) const {
    std::lock_guard<std::mutex> lock(mutex);
    auto& slot = cache[{n, h, w, accumulate ? 1 : 0}];
    if (slot) return slot;
    auto& eng = cpuEngine();
    const dnnl::memory::dims srcDims{n, in, h, w}, dstDims{n, out, outSize(h), outSize(w)};
    const dnnl::memory::dims wDims{out, in, kernel, kernel};
    const dt wType = srcType == SpikeType::U8 ? dt::s8 : dataType(srcType);
    dnnl::memory::desc srcDesc(srcDims, dataType(srcType), layoutTag(srcBlock));
    dnnl::memory::desc dstDesc(dstDims, dt::f32, layoutTag(dstBlock));
    dnnl::memory::desc wAny(wDims, wType, tag::any);
    dnnl::memory::desc bDesc({out}, dt::f32, tag::x);
    dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_inference,
                                         dnnl::algorithm::convolution_direct, srcDesc, wAny, bDesc,
                                         dstDesc, {stride, stride}, {pad, pad}, {pad, pad});
    dnnl::primitive_attr attr;
    if (srcType == SpikeType::U8) attr.set_output_scales(1 << 1, scales);
    if (accumulate) {
      dnnl::post_ops ops;
      ops.append_sum(1.f);
      attr.set_post_ops(ops);
    }
    dnnl::convolution_forward::primitive_desc pd;
    try {
      pd = dnnl::convolution_forward::primitive_desc(desc, attr, eng);
    } catch (const dnnl::error& e) {
      throw Error(std::string("oneDNN has no convolution for this precision on this CPU (") +
                  e.what() + ")");
    }
    auto e = std::make_shared<Entry>();
    e->prim = dnnl::convolution_forward(pd);
    e->src = pd.src_desc();
    e->dst = pd.dst_desc();
    e->impl = pd.impl_info_str();
    for (const dnnl::memory& r : reordered)
      if (r.get_desc() == pd.weights_desc()) e->weights = r;
    if (!e->weights) {
      if (reordered.empty() && !weight.defined()) weight = weightSource().contiguous();
      dnnl::memory source = reordered.empty()
                                ? dnnl::memory({wDims, wType, tag::oihw}, eng, weight.data_ptr())
                                : reordered.front();
      e->weights = dnnl::memory(pd.weights_desc(), eng);
      dnnl::stream s(eng);
      dnnl::reorder(source, e->weights).execute(s, source, e->weights);
      s.wait();
      reordered.push_back(e->weights);
      weight = at::Tensor();  // the reordered copy holds the weights now
    }
    e->bias = dnnl::memory(bDesc, eng, bias.data_ptr());
    slot = e;
    return slot;
  }
};

DnnlConv::DnnlConv(const at::Tensor& weight, const at::Tensor& bias, int stride, int pad,
                   SpikeType srcType, int64_t srcBlock, int64_t dstBlock)
    : m(std::make_unique<Impl>()) {
  m->srcBlock = srcBlock;
  m->dstBlock = dstBlock;
  at::NoGradGuard noGrad;
  m->stride = stride;
  m->pad = pad;
  m->kernel = static_cast<int>(weight.size(2));
  m->out = weight.size(0);
  m->in = weight.size(1);
  m->srcType = srcType;
  at::Tensor w = weight.detach().to(at::kFloat).contiguous();
  at::Tensor b = bias.defined() ? bias.detach().to(at::kFloat).contiguous() : at::zeros({m->out});
  if (srcType == SpikeType::U8) {
    // Symmetric per-output-channel int8: the spikes are exactly 0/1, so only weights round.
    at::Tensor amax = w.abs().amax({1, 2, 3}).clamp_min(1e-30);
    at::Tensor scale = amax / 127.0;
    w = at::round(w / scale.view({-1, 1, 1, 1})).clamp(-127, 127).to(at::kChar).contiguous();
    b = (b / scale).contiguous();
    m->scales.assign(scale.data_ptr<float>(), scale.data_ptr<float>() + m->out);
  } else if (srcType == SpikeType::Bf16) {
    w = w.to(at::kBFloat16).contiguous();
  }
  m->weight = w;
  m->bias = b;
}

void DnnlConv::dropWeightsUntilUsed(std::function<at::Tensor()> source) {
  std::lock_guard<std::mutex> lock(m->mutex);
  if (m->srcType != SpikeType::F32 || !m->reordered.empty()) return;
  m->weightSource = std::move(source);
  m->weight = at::Tensor();
}

DnnlConv::~DnnlConv() = default;
DnnlConv::DnnlConv(DnnlConv&&) noexcept = default;

int64_t DnnlConv::outSize(int64_t in) const { return m->outSize(in); }
int64_t DnnlConv::outChannels() const { return m->out; }

void DnnlConv::run(const void* src, int64_t n, int64_t h, int64_t w, float* dst,
                   bool accumulate) const {
  auto e = m->entry(n, h, w, accumulate);
  auto& eng = cpuEngine();
  dnnl::memory srcMem(e->src, eng, const_cast<void*>(src));
  dnnl::memory dstMem(e->dst, eng, dst);
  auto& s = threadStream();
  e->prim.execute(s, {{DNNL_ARG_SRC, srcMem},
                      {DNNL_ARG_WEIGHTS, e->weights},
                      {DNNL_ARG_BIAS, e->bias},
                      {DNNL_ARG_DST, dstMem}});
  s.wait();
}

std::string DnnlConv::implementation(int64_t n, int64_t h, int64_t w) const {
  return m->entry(n, h, w, false)->impl;
}

bool dnnlConvSupported(SpikeType src) {
  static std::once_flag once;
  static std::array<bool, 3> supported{};
  std::call_once(once, [] {
    for (SpikeType t : {SpikeType::F32, SpikeType::Bf16, SpikeType::U8}) {
      try {
        DnnlConv conv(at::ones({16, 16, 3, 3}), at::Tensor(), 1, 1, t);
        const std::string impl = conv.implementation(2, 8, 8);
        supported[static_cast<std::size_t>(t)] = impl.find("ref") == std::string::npos;
      } catch (const std::exception&) {
        supported[static_cast<std::size_t>(t)] = false;
      }
    }
  });
  return supported[static_cast<std::size_t>(src)];
}

int64_t preferredBlock(SpikeType src) {
  if (src == SpikeType::U8) return kNhwc;  // oneDNN's int8 convs run on NHWC
  try {
    const dt t = dataType(src);
    const dnnl::memory::dims act{8, 64, 16, 16};
    dnnl::memory::desc any(act, t, tag::any), w({64, 64, 3, 3}, t, tag::any);
    dnnl::memory::desc dst(act, dt::f32, tag::any);
    dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_inference,
                                      dnnl::algorithm::convolution_direct, any, w, dst, {1, 1},
                                      {1, 1}, {1, 1});
    dnnl::convolution_forward::primitive_desc pd(d, cpuEngine());
    for (int64_t b : {int64_t(8), int64_t(16)})
      if (pd.src_desc() == dnnl::memory::desc(act, t, layoutTag(b))) return b;
  } catch (const dnnl::error&) {
  }
  return kNhwc;
}

std::string dnnlVersion() {
  const auto* v = dnnl::version();
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
}

std::string dnnlIsa() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41:
      return "SSE4.1";
    case dnnl::cpu_isa::avx:
      return "AVX";
    case dnnl::cpu_isa::avx2:
      return "AVX2";
    case dnnl::cpu_isa::avx2_vnni:
      return "AVX2-VNNI";
    case dnnl::cpu_isa::avx512_core:
      return "AVX-512";
    case dnnl::cpu_isa::avx512_core_vnni:
      return "AVX-512 VNNI";
    case dnnl::cpu_isa::avx512_core_bf16:
      return "AVX-512 BF16";
    case dnnl::cpu_isa::avx512_core_amx:
      return "AMX";
    default:
      return "this CPU";
  }
}

}  // namespace sdm
