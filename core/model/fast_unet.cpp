#include "model/fast_unet.h"

#include <ATen/ATen.h>

#include <cstring>
#include <mutex>
#include <vector>

#include "model/blocks.h"
#include "model/dnnl_conv.h"
#include "model/fast_kernels.h"
#include "model/spike_conv.h"
#include "model/spike_probe.h"
#include "model/spk_unet.h"
#include "model/topology.h"
#include "util/error.h"

namespace sdm {

using fast::Shape;

namespace {

constexpr double kBnEps = 1e-5;

const at::Tensor& need(const StateDict& sd, const std::string& key) {
  const at::Tensor* t = findTensor(sd, key);
  if (!t) throw Error("fast path: the weights have no " + key);
  return *t;
}

// Buffers that outlive one evaluation: a buffer is free again when nothing but the pool holds it.
class BufferPool {
 public:
  at::Tensor get(int64_t bytes) {
    for (auto& t : m_buffers)
      if (t.use_count() == 1 && t.nbytes() == static_cast<std::size_t>(bytes)) return t;
    m_buffers.push_back(at::empty({bytes}, at::kByte));
    return m_buffers.back();
  }

 private:
  std::vector<at::Tensor> m_buffers;
};

float* f32(const at::Tensor& t) { return reinterpret_cast<float*>(t.data_ptr()); }

// A conv with its BatchNorm (if any) folded in: dst (+)= BN(p[k] * (W * src + b)).
struct FoldedConv {
  std::unique_ptr<DnnlConv> conv;
  // fp32 spikes, NHWC or in 16-channel blocks (the fast mode on AVX-512): the event-driven
  // conv, which adds only the active inputs' weights. Always taken when built (not by firing
  // rate), so that an image's result does not depend on the batch it is in.
  std::unique_ptr<SpikeConvF32> eventDriven;
  bool tsm = false;
  std::vector<float> gain;      // [T]   TSM only
  std::vector<float> stepBias;  // [T*C] TSM only: BN(p[k] * b)
  int64_t out = 0;
  int stride = 1;

  int64_t block = kNhwc;  // of the output

  FoldedConv(const StateDict& sd, const ModelConfig& c, const std::string& path,
             const std::string& bnPath, int stride_, int pad, SpikeType src, int64_t srcBlock,
             int64_t dstBlock, bool spikeInput = false)
      : tsm(c.tsm), stride(stride_), block(dstBlock) {
    at::NoGradGuard noGrad;
    const std::string base = c.tsm ? path + ".tsmconv" : path;
    at::Tensor w = need(sd, base + ".weight").to(at::kFloat);
    at::Tensor b = need(sd, base + ".bias").to(at::kFloat);
    out = w.size(0);
    at::Tensor alpha = at::ones({out}), beta = at::zeros({out});
    if (!bnPath.empty()) {
      at::Tensor var = need(sd, bnPath + ".running_var").to(at::kDouble);
      at::Tensor inv = need(sd, bnPath + ".weight").to(at::kDouble) / at::sqrt(var + kBnEps);
      beta = (need(sd, bnPath + ".bias").to(at::kDouble) -
              need(sd, bnPath + ".running_mean").to(at::kDouble) * inv)
                 .to(at::kFloat);
      alpha = inv.to(at::kFloat);
    }
    at::Tensor folded = (w * alpha.view({-1, 1, 1, 1})).contiguous();
    const at::Tensor foldedBias = (alpha * b + beta).contiguous();  // TSM: per step, below
    if (spikeInput && src == SpikeType::F32 && srcBlock == dstBlock &&
        (srcBlock == kNhwc || srcBlock == 16) &&
        SpikeConvF32::available(out, w.size(1), w.size(2), w.size(3)))
      eventDriven = std::make_unique<SpikeConvF32>(
          folded.data_ptr<float>(), tsm ? nullptr : foldedBias.data_ptr<float>(), out, w.size(1),
          static_cast<int>(w.size(2)), stride, pad);
    conv = std::make_unique<DnnlConv>(folded, tsm ? at::Tensor() : foldedBias, stride, pad, src,
                                      srcBlock, dstBlock);
    if (eventDriven) {
      // The event-driven conv runs it: its copy of the weights is the only one kept.
      const std::vector<int64_t> shape = folded.sizes().vec();
      conv->dropWeightsUntilUsed([events = eventDriven.get(), shape] {
        at::Tensor w = at::empty(shape, at::kFloat);
        events->unpackWeights(w.data_ptr<float>());
        return w;
      });
    }
    if (!tsm) return;
    at::Tensor p = need(sd, path + ".tsmp").to(at::kFloat).flatten();
    gain.assign(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
    at::Tensor sb = (p.view({-1, 1}) * (alpha * b).view({1, -1}) + beta.view({1, -1})).contiguous();
    stepBias.assign(sb.data_ptr<float>(), sb.data_ptr<float>() + sb.numel());
  }

  // src: `steps` x batch images in the conv's layout (sameEveryStep: one image set fed at every
  // SNN step, e.g. the stem). dst: T*B images of the output, or B images when sameEveryStep and
  // the conv is not TSM (the caller then reads it at every step).
  void apply(const void* src, const Shape& in, float* dst, bool accumulate, BufferPool& pool,
             bool sameEveryStep = false) const {
    const int64_t n = sameEveryStep ? in.batch : in.steps * in.batch;
    const int64_t ho = conv->outSize(in.height), wo = conv->outSize(in.width);
    auto run = [&](float* d, bool add) {
      if (eventDriven && eventDrivenConvs() &&
          eventDriven->run(static_cast<const float*>(src), n, in.height, in.width, d, 1.0,
                           {block == kNhwc ? SpikeConvLayout::Nhwc : SpikeConvLayout::Blocked16,
                            add}) == SpikeConvF32::Outcome::Done)
        return;
      conv->run(src, n, in.height, in.width, d, add);
    };
    if (!tsm) {
      run(dst, accumulate);
      return;
    }
    at::Tensor acc = pool.get(n * ho * wo * out * 4);
    run(f32(acc), false);
    const Shape os{in.steps, in.batch, ho, wo, out, block};
    fast::scaleShift(f32(acc), sameEveryStep ? 0 : os.perStep(), os, gain.data(), stepBias.data(),
                     dst, accumulate);
  }
};

struct FastBlock {
  BlockSpec spec;
  std::unique_ptr<FoldedConv> conv1, conv2, shortcut;  // Res
  std::unique_ptr<FoldedConv> conv;                    // Down / Up
  at::Tensor tembWeight, tembBias;                     // Res: temb_proj.1
};

}  // namespace

struct FastSpkUNet::Impl {
  ModelConfig config;
  Precision precision;
  SpikeType spikeType = SpikeType::F32;
  int64_t block = kNhwc;  // activation layout: channels per block (0: NHWC)
  std::unique_ptr<FoldedConv> stem, stemIdentity;
  std::vector<FastBlock> blocks;
  // Time embedding and tail in plain ATen ops (fp32; a small share of the work).
  at::Tensor table, fc1w, fc1b, fc2w, fc2b;
  at::Tensor tailBn[4], tailW, tailB, tailP, tOutW, tOutB, lastBn[4];
  BufferPool pool;
  std::mutex mutex;
  // Time-embedding projections of the last distinct t (samplers call with one t per step).
  at::Tensor lastT;
  std::vector<at::Tensor> lastProj;

  void loadBn(const StateDict& sd, const std::string& p, at::Tensor* out) {
    out[0] = need(sd, p + ".weight").to(at::kFloat);
    out[1] = need(sd, p + ".bias").to(at::kFloat);
    out[2] = need(sd, p + ".running_mean").to(at::kFloat);
    out[3] = need(sd, p + ".running_var").to(at::kFloat);
  }

  // A buffer as the [T, B, C, H, W] tensor the exact model has (a copy for blocked layouts);
  // f = 2: an upsampled buffer, of which every other pixel is the IF's output.
  static at::Tensor logical(const at::Tensor& buf, const Shape& s, int64_t f) {
    const int64_t cb = s.cb(), CB = s.blocks(), H = s.height, W = s.width;
    at::Tensor v = buf.view({s.steps, s.batch, CB, f * H, f * W, cb});
    if (f > 1) v = v.slice(3, 0, f * H, f).slice(4, 0, f * W, f);
    return v.permute({0, 1, 2, 5, 3, 4}).reshape({s.steps, s.batch, s.channels, H, W});
  }

  at::Tensor newBuffer(const Shape& s, SpikeType type = SpikeType::F32) {
    return pool.get(s.numel() * bytesOf(type));
  }

  // The IF layer: spikes of `in`, reported to the probe with the currents it charged.
  at::Tensor fire(const fast::IfInput& in, const Shape& s, bool up, ForwardState& st) {
    const Shape out{s.steps,    s.batch, up ? 2 * s.height : s.height, up ? 2 * s.width : s.width,
                    s.channels, s.block};
    const int layer = st.nextLayer++;
    if (!st.probe) {
      at::Tensor spikes = newBuffer(out, spikeType);
      fast::integrateAndFire(in, s, st.threshold, spikeType, spikes.data_ptr(), up, nullptr);
      return spikes;
    }
    // Probes that keep what they are shown get fresh tensors, the others pool buffers.
    at::Tensor spikes = st.probe->keepsEventTensors()
                            ? at::empty({out.numel() * bytesOf(spikeType)}, at::kByte)
                            : newBuffer(out, spikeType);
    std::vector<int64_t> counts(static_cast<std::size_t>(s.steps));
    fast::integrateAndFire(in, s, st.threshold, spikeType, spikes.data_ptr(), up, counts.data());
    const at::Tensor spikeView = logical(spikes.view(scalarTypeOf(spikeType)), s, up ? 2 : 1);
    // The currents of a few neurons of one image, read where the probe asks (`in` is valid until
    // the probe returns: its buffers belong to this forward).
    auto imageInput = [&](int64_t image, const std::vector<int64_t>& neurons) {
      const int64_t k = static_cast<int64_t>(neurons.size()), P = s.pixels(), cb = s.cb();
      const int64_t perImage = P * s.channels;
      at::Tensor current = at::empty({s.steps, k}, at::kFloat);
      float* v = f32(current);
      for (int64_t j = 0; j < k; ++j) {
        const int64_t n = neurons[static_cast<std::size_t>(j)], c = n / P, pixel = n % P;
        const int64_t offset = image * perImage + (c / cb) * P * cb + pixel * cb + c % cb;
        const float add = in.perImage ? in.perImage[image * s.channels + c] : 0.f;
        for (int64_t step = 0; step < s.steps; ++step)
          v[step * k + j] = in.data[step * in.stepStride + offset] + add;
      }
      return current;
    };
    const at::Tensor noCurrents;
    st.probe->onLayerEvent(
        {layer, st.batchOffset, noCurrents, spikeView, counts.data(), nullptr, imageInput});
    return spikes;
  }

  at::Tensor resBlock(const FastBlock& b, const at::Tensor& x, const Shape& s,
                      const at::Tensor& proj, ForwardState& st) {
    const Shape o{s.steps, s.batch, s.height, s.width, b.spec.outCh, s.block};
    at::Tensor s1 = fire({f32(x), s.perStep(), nullptr}, s, false, st);
    at::Tensor a1 = newBuffer(o);
    b.conv1->apply(s1.data_ptr(), s, f32(a1), false, pool);
    s1 = at::Tensor();
    at::Tensor s2 = fire({f32(a1), o.perStep(), proj.data_ptr<float>()}, o, false, st);
    a1 = at::Tensor();
    at::Tensor out = newBuffer(o);
    if (b.shortcut)
      b.shortcut->apply(x.data_ptr(), s, f32(out), false, pool);
    else
      std::memcpy(out.data_ptr(), x.data_ptr(), sizeof(float) * o.numel());
    b.conv2->apply(s2.data_ptr(), o, f32(out), true, pool);
    return out;
  }

  at::Tensor resample(const FastBlock& b, const at::Tensor& x, Shape& s, ForwardState& st) {
    const bool up = b.spec.kind == BlockKind::Up;
    at::Tensor sp = fire({f32(x), s.perStep(), nullptr}, s, up, st);
    Shape in = s;
    if (up) {
      in.height *= 2;
      in.width *= 2;
    }
    Shape o = in;
    o.height = b.conv->conv->outSize(in.height);
    o.width = b.conv->conv->outSize(in.width);
    at::Tensor out = newBuffer(o);
    b.conv->apply(sp.data_ptr(), in, f32(out), false, pool);
    s = o;
    return out;
  }

  std::vector<at::Tensor> projections(const at::Tensor& t) {
    if (lastT.defined() && lastT.sizes() == t.sizes() && lastT.scalar_type() == t.scalar_type() &&
        at::equal(lastT, t))
      return lastProj;
    at::Tensor temb = at::linear(sinusoidRows(table, t), fc1w, fc1b);
    temb = at::linear(swish(temb), fc2w, fc2b);
    const at::Tensor act = swish(temb);
    std::vector<at::Tensor> proj;
    for (const auto& b : blocks)
      proj.push_back(b.spec.kind == BlockKind::Res
                         ? at::linear(act, b.tembWeight, b.tembBias).contiguous()
                         : at::Tensor());
    lastT = t.clone();
    lastProj = proj;
    return proj;
  }

  at::Tensor tail(const at::Tensor& hBuf, const Shape& s) {
    const int64_t T = s.steps, B = s.batch, C = s.channels, H = s.height, W = s.width;
    at::Tensor h = logical(hBuf.view(at::kFloat), s, 1).view({T * B, C, H, W});
    at::Tensor z = swish(
        at::batch_norm(h, tailBn[0], tailBn[1], tailBn[2], tailBn[3], false, 0.1, kBnEps, false));
    // Channels-last as it comes (int8's NHWC buffers): oneDNN's NHWC conv, no reorders (6.2 ->
    // 4.4 ms of tail per int8 evaluation at T = 4, B = 4).
    at::Tensor y = at::conv2d(z, tailW, tailB, {1, 1}, {1, 1});
    if (tailP.defined()) y = (y.view({T, B, -1, H, W}) * tailP).flatten(0, 1);
    // T_output_layer: a Conv3d with a (3, 3, 1) kernel is a per-step 3x3 conv.
    at::Tensor r = at::conv2d(y, tOutW, tOutB, {1, 1}, {1, 1});
    r = at::batch_norm(r, lastBn[0], lastBn[1], lastBn[2], lastBn[3], false, 0.1, kBnEps, false);
    return membraneOutput((swish(r) + y).view({T, B, -1, H, W}));
  }
};

FastSpkUNet::FastSpkUNet(const ModelConfig& c, const StateDict& sd, Precision precision)
    : m(std::make_unique<Impl>()) {
  if (precision == Precision::Exact) throw Error("internal: the exact model has no fast form");
  std::string why;
  if (!precisionAvailable(precision, &why)) throw Error(why);
  m->config = c;
  m->precision = precision;
  m->spikeType = spikeTypeOf(precision);
  const SpikeType sp = m->spikeType;
  // oneDNN's preferred layout when every channel count fits its blocks.
  const Topology topo = makeTopology(c);
  int64_t block = preferredBlock(sp);
  for (const BlockSpec& spec : topo.blocks)
    if (block > 0 && (spec.inCh % block || spec.outCh % block || c.ch % block)) block = kNhwc;
  m->block = block;
  const int64_t bl = block;
  m->stem = std::make_unique<FoldedConv>(sd, c, "conv", "bn", 1, 1, SpikeType::F32,
                                         bl == kNhwc ? kNhwc : kNchw, bl);
  m->stemIdentity =
      std::make_unique<FoldedConv>(sd, c, "conv_identity", "bn_identity", 1, 1, sp, bl, bl, true);
  for (const BlockSpec& spec : topo.blocks) {
    FastBlock b;
    b.spec = spec;
    const std::string& p = spec.path;
    if (spec.kind == BlockKind::Res) {
      b.conv1 =
          std::make_unique<FoldedConv>(sd, c, p + ".conv1", p + ".bn1", 1, 1, sp, bl, bl, true);
      b.conv2 =
          std::make_unique<FoldedConv>(sd, c, p + ".conv2", p + ".bn2", 1, 1, sp, bl, bl, true);
      if (spec.hasShortcut())
        b.shortcut =
            std::make_unique<FoldedConv>(sd, c, p + ".shortcut", "", 1, 0, SpikeType::F32, bl, bl);
      b.tembWeight = need(sd, p + ".temb_proj.1.weight").to(at::kFloat);
      b.tembBias = need(sd, p + ".temb_proj.1.bias").to(at::kFloat);
    } else {
      const int stride = spec.kind == BlockKind::Down ? 2 : 1;
      b.conv =
          std::make_unique<FoldedConv>(sd, c, p + ".conv", p + ".bn", stride, 1, sp, bl, bl, true);
    }
    m->blocks.push_back(std::move(b));
  }
  const std::string te = "time_embedding.timembedding.";
  m->table = need(sd, te + "0.weight").to(at::kFloat);
  m->fc1w = need(sd, te + "1.weight").to(at::kFloat);
  m->fc1b = need(sd, te + "1.bias").to(at::kFloat);
  m->fc2w = need(sd, te + "3.weight").to(at::kFloat);
  m->fc2b = need(sd, te + "3.bias").to(at::kFloat);
  m->loadBn(sd, "tail_bn", m->tailBn);
  m->loadBn(sd, "last_bn", m->lastBn);
  const std::string tailBase = c.tsm ? "tail_conv.tsmconv" : "tail_conv";
  m->tailW = need(sd, tailBase + ".weight").to(at::kFloat);
  m->tailB = need(sd, tailBase + ".bias").to(at::kFloat);
  if (c.tsm) m->tailP = need(sd, "tail_conv.tsmp").to(at::kFloat);
  m->tOutW = need(sd, "T_output_layer.weight").to(at::kFloat).squeeze(-1).contiguous();
  m->tOutB = need(sd, "T_output_layer.bias").to(at::kFloat);
}

FastSpkUNet::~FastSpkUNet() = default;

Precision FastSpkUNet::precision() const { return m->precision; }

std::string FastSpkUNet::describe() const {
  const char* what = m->spikeType == SpikeType::U8     ? "uint8 spikes x int8 weights"
                     : m->spikeType == SpikeType::Bf16 ? "bf16 spikes x bf16 weights"
                                                       : "fp32";
  const std::string layout = m->block == kNhwc ? "NHWC" : "nChw" + std::to_string(m->block) + "c";
  const int64_t n = 2 * m->config.snnSteps;
  const std::string kernel =
      m->stemIdentity->conv->implementation(n, m->config.imgSize, m->config.imgSize);
  const bool events = m->stemIdentity->eventDriven && eventDrivenConvs();
  return std::string(what) + ", " + layout + " (" + (events ? "event-driven spike convs, " : "") +
         kernel + ")";
}
const ModelConfig& FastSpkUNet::config() const { return m->config; }

at::Tensor FastSpkUNet::forward(const at::Tensor& xIn, const at::Tensor& t,
                                const ForwardOptions& opt) {
  at::NoGradGuard noGrad;
  std::lock_guard<std::mutex> lock(m->mutex);
  const ModelConfig& c = m->config;
  const int64_t T = c.snnSteps, B = xIn.size(0);
  ForwardState st;
  st.threshold = opt.threshold;
  st.probe = opt.probe;
  st.batchOffset = opt.batchOffset;
  const std::vector<at::Tensor> proj = m->projections(t);

  // Stem: the image is the same at every SNN step, so its conv runs once per image.
  const int64_t bl = m->block;
  at::Tensor x =
      xIn.to(at::kFloat)
          .contiguous(bl == kNhwc ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous);
  Shape s{T, B, x.size(2), x.size(3), c.ch, bl};
  const Shape image{1, B, x.size(2), x.size(3), x.size(1), bl};
  at::Tensor spikes;
  if (!c.tsm) {
    at::Tensor a = m->newBuffer({1, B, s.height, s.width, c.ch, bl});
    m->stem->apply(x.data_ptr(), image, f32(a), false, m->pool, true);
    spikes = m->fire({f32(a), 0, nullptr}, s, false, st);
  } else {
    at::Tensor a = m->newBuffer(s);
    m->stem->apply(x.data_ptr(), {T, B, image.height, image.width, image.channels, bl}, f32(a),
                   false, m->pool, true);
    spikes = m->fire({f32(a), s.perStep(), nullptr}, s, false, st);
  }
  at::Tensor h = m->newBuffer(s);
  m->stemIdentity->apply(spikes.data_ptr(), s, f32(h), false, m->pool);
  spikes = at::Tensor();

  std::vector<std::pair<at::Tensor, Shape>> skips{{h, s}};
  for (std::size_t i = 0; i < m->blocks.size(); ++i) {
    const FastBlock& b = m->blocks[i];
    if (b.spec.part == UNetPart::Up && b.spec.kind == BlockKind::Res) {
      auto [skip, ss] = skips.back();
      skips.pop_back();
      Shape cs = s;
      cs.channels = s.channels + ss.channels;
      at::Tensor cat = m->newBuffer(cs);
      fast::concatChannels(f32(h), s, f32(skip), ss.channels, f32(cat));
      h = cat;
      s = cs;
    }
    if (b.spec.kind == BlockKind::Res) {
      h = m->resBlock(b, h, s, proj[i], st);
      s.channels = b.spec.outCh;
    } else {
      h = m->resample(b, h, s, st);
    }
    if (b.spec.part == UNetPart::Down) skips.emplace_back(h, s);
  }
  return m->tail(h, s);
}

}  // namespace sdm
