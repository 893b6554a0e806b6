#include "model/quant_model.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "diffusion/eps_model.h"
#include "io/flagfile.h"
#include "model/quant_unet.h"
#include "util/error.h"

namespace sdm {

std::string QuantUNetConfig::summary() const {
  std::ostringstream s;
  s << (converted() ? "S_UNet" : "Quant UNet") << "(ch=" << ch << ", ch_mult=[";
  for (std::size_t i = 0; i < chMult.size(); ++i) s << (i ? "," : "") << chMult[i];
  s << "], num_res_blocks=" << numResBlocks << ", img_ch=" << imgCh << ", " << imgSize << "x"
    << imgSize << ", ";
  if (bit >= 32)
    s << "ReLU";
  else
    s << bit << "-bit ReLU";
  if (converted()) s << ", SNN T=" << spikeTime << (signedSpikes ? ", signed spikes" : "");
  s << ")";
  return s.str();
}

void QuantUNetConfig::validate() const {
  if (ch <= 0 || ch % 32 != 0)
    throw Error("ch must be a positive multiple of 32 (GroupNorm(32, C)), got " +
                std::to_string(ch));
  if (chMult.empty()) throw Error("ch_mult is empty");
  for (int m : chMult)
    if (m <= 0 || m > 64) throw Error("ch_mult entries must be in 1..64");
  if (numResBlocks < 1 || numResBlocks > 16) throw Error("num_res_blocks must be in 1..16");
  if (imgCh < 1 || imgCh > 4) throw Error("img_ch must be in 1..4");
  const int down = 1 << (chMult.size() - 1);
  if (imgSize < down || imgSize % down != 0 || imgSize > 1024)
    throw Error("img_size " + std::to_string(imgSize) + " does not halve " +
                std::to_string(chMult.size() - 1) + " times");
  if (trainingTimesteps < 2) throw Error("the time-embedding table has fewer than 2 rows");
  if (bit < 1 || bit > 32) throw Error("bit must be in 1..32, got " + std::to_string(bit));
  if (spikeTime < 0 || spikeTime > 1024) throw Error("SNN time steps must be in 0..1024");
  if (spikeTime > 0 && bit >= 32) throw Error("a plain-ReLU ANN (bit 32) cannot be converted");
}

ModelConfig QuantUNetConfig::asModelConfig() const {
  ModelConfig m;
  m.ch = ch;
  m.chMult = chMult;
  m.numResBlocks = numResBlocks;
  m.imgCh = imgCh;
  m.imgSize = imgSize;
  m.trainingTimesteps = trainingTimesteps;
  m.dropout = dropout;
  m.snnSteps = std::max(1, spikeTime);
  return m;
}

std::vector<NeuronLayer> convertedNeuronLayers(const QuantUNetConfig& c) {
  std::vector<NeuronLayer> layers;
  if (!c.converted()) return layers;
  const Topology topo = makeTopology(c.asModelConfig());
  layers.push_back({"time_embedding.timembedding.2", UNetPart::Stem, 0, c.tdim(), 1, 1});
  for (const auto& b : topo.blocks) {
    if (b.kind != BlockKind::Res) continue;
    const int r = b.resolution;
    layers.push_back({b.path + ".block1.1", b.part, b.level, b.inCh, r, r});
    layers.push_back({b.path + ".temb_proj.0", b.part, b.level, c.tdim(), 1, 1});
    layers.push_back({b.path + ".block2.1", b.part, b.level, b.outCh, r, r});
  }
  layers.push_back({"tail.1", UNetPart::Tail, 0, topo.finalCh, c.imgSize, c.imgSize});
  return layers;
}

void to_json(nlohmann::json& j, const QuantUNetConfig& c) {
  j = {{"class", c.converted() ? "S_UNet" : "UNet"},
       {"ch", c.ch},
       {"ch_mult", c.chMult},
       {"num_res_blocks", c.numResBlocks},
       {"img_ch", c.imgCh},
       {"img_size", c.imgSize},
       {"T", c.trainingTimesteps},
       {"dropout", c.dropout},
       {"bit", c.bit},
       {"spike_time", c.spikeTime},
       {"signed_spikes", c.signedSpikes}};
}

// ---------------------------------------------------------------------------------------------

namespace {

std::vector<std::string> split(const std::string& key) {
  std::vector<std::string> parts;
  std::stringstream s(key);
  for (std::string p; std::getline(s, p, '.');) parts.push_back(p);
  return parts;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ".") + p;
  return out;
}

bool keepsItsName(const std::string& key) {
  return key.find("main") != std::string::npos || key.find("shortcut") != std::string::npos ||
         key.find("head") != std::string::npos;
}

bool hasKey(const StateDict& sd, const std::string& key) { return findTensor(sd, key) != nullptr; }

}  // namespace

std::string snnKeyFor(const std::string& annKey) {
  if (keepsItsName(annKey)) return annKey;
  auto parts = split(annKey);
  if (parts.size() < 2) return annKey;
  parts.insert(parts.end() - 2, "block");
  return join(parts);
}

std::string annKeyFor(const std::string& snnKey) {
  if (keepsItsName(snnKey)) return snnKey;
  auto parts = split(snnKey);
  if (parts.size() >= 3 && parts[parts.size() - 3] == "block") parts.erase(parts.end() - 3);
  return join(parts);
}

bool isConvertedStateDict(const StateDict& sd) {
  return hasKey(sd, "tail.block.2.weight") &&
         hasKey(sd, "time_embedding.timembedding.block.0.weight");
}

bool isQuantUNetStateDict(const StateDict& sd) {
  // GroupNorm + conv Sequentials (`block1.2`, `tail.2`) where Spk_UNet has conv1 / tail_conv;
  // the converted model has the same with `block` inserted.
  if (isConvertedStateDict(sd)) return true;
  return hasKey(sd, "tail.2.weight") && hasKey(sd, "downblocks.0.block1.2.weight") &&
         hasKey(sd, "time_embedding.timembedding.0.weight");
}

void requireNoThresholdGuidance(double threshold) {
  if (threshold != 1.0)
    throw Error(
        "threshold guidance scales Spk_UNet IF thresholds; an ANN2SNN model's thresholds "
        "are its learnt act_alpha (set θ back to 1)");
}

bool isQuantCheckpoint(const io::Checkpoint& ck) {
  return isQuantUNetStateDict(ck.hasEma() ? ck.ema : ck.net);
}

namespace {

// The architecture from tensor shapes (ANN key names).
QuantUNetConfig inferQuantConfig(const StateDict& sd) {
  auto need = [&](const std::string& key) -> const at::Tensor& {
    const at::Tensor* t = findTensor(sd, key);
    if (!t) throw Error("missing key " + key);
    return *t;
  };
  QuantUNetConfig c;
  const at::Tensor& head = need("head.weight");
  if (head.dim() != 4) throw Error("head.weight is not a conv weight");
  c.ch = static_cast<int>(head.size(0));
  c.imgCh = static_cast<int>(head.size(1));
  c.trainingTimesteps = static_cast<int>(need("time_embedding.timembedding.0.weight").size(0));
  c.chMult.clear();
  int levelCount = 0;
  c.numResBlocks = 0;
  for (int i = 0;; ++i) {
    const std::string p = "downblocks." + std::to_string(i) + ".";
    if (hasKey(sd, p + "main.weight")) {
      if (levelCount == 0)
        throw Error("downblocks." + std::to_string(i) + " downsamples an empty level");
      if (c.numResBlocks == 0) c.numResBlocks = levelCount;
      if (levelCount != c.numResBlocks) throw Error("levels have different numbers of ResBlocks");
      levelCount = 0;
      continue;
    }
    const at::Tensor* w = findTensor(sd, p + "block1.2.weight");
    if (!w) break;
    const int out = static_cast<int>(w->size(0));
    if (out % c.ch != 0)
      throw Error(p + "block1.2.weight has " + std::to_string(out) +
                  " channels, not a multiple of ch");
    if (levelCount == 0) c.chMult.push_back(out / c.ch);
    ++levelCount;
  }
  if (c.chMult.empty()) throw Error("no down blocks (downblocks.0.block1.2.weight is missing)");
  if (c.numResBlocks == 0) c.numResBlocks = levelCount;
  if (levelCount != c.numResBlocks) throw Error("levels have different numbers of ResBlocks");
  c.bit = hasKey(sd, "tail.1.act_alpha") ? 0 : 32;  // 0: quantized, width not in the weights
  return c;
}

int flagInt(const std::map<std::string, std::string>& flags, const std::string& name) {
  auto it = flags.find(name);
  if (it == flags.end()) return 0;
  try {
    return std::stoi(it->second);
  } catch (...) {
    return 0;
  }
}

}  // namespace

LoadedQuantModel loadQuantModel(const std::string& path, const QuantLoadOptions& opt) {
  return loadQuantModel(io::readCheckpoint(path), opt);
}

LoadedQuantModel loadQuantModel(io::Checkpoint checkpoint, const QuantLoadOptions& opt) {
  LoadedQuantModel lm;
  lm.checkpoint = std::move(checkpoint);
  const io::Checkpoint& ck = lm.checkpoint;
  const std::string& path = ck.path;
  const bool useEma =
      opt.weights == WeightsChoice::Ema || (opt.weights == WeightsChoice::Auto && ck.hasEma());
  if (useEma && !ck.hasEma()) throw Error(path + " has no ema_model (it has net_model only)");
  if (!useEma && !ck.hasNet()) throw Error(path + " has no net_model (it has ema_model only)");
  lm.weights = useEma ? "ema_model" : "net_model";
  const StateDict& raw = useEma ? ck.ema : ck.net;
  if (!isQuantUNetStateDict(raw))
    throw Error(path +
                ": not a quantized ANN (ANN2SNN model.py UNet) or converted S_UNet checkpoint");
  const bool converted = isConvertedStateDict(raw);
  StateDict sd;
  sd.reserve(raw.size());
  for (const auto& [k, v] : raw) sd.emplace_back(converted ? annKeyFor(k) : k, v);

  QuantUNetConfig c;
  try {
    c = inferQuantConfig(sd);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  nlohmann::json meta = ck.studio.is_object() && ck.studio.contains("quant_model")
                            ? ck.studio["quant_model"]
                            : nlohmann::json();
  std::map<std::string, std::string> flags;
  if (auto ff = io::flagfileBeside(path)) flags = io::readFlagfile(*ff);
  if (c.bit == 0) {
    c.bit = opt.bit > 0                                ? opt.bit
            : meta.is_object() && meta.contains("bit") ? meta["bit"].get<int>()
                                                       : flagInt(flags, "bit");
    if (c.bit <= 0 || c.bit >= 32)
      throw Error(path +
                  ": the activation bit width is not stored with the weights: pass --bit B "
                  "or put a flagfile.txt with --bit=B (the ANN's training flag) beside it");
  } else if (opt.bit > 0 && opt.bit < 32) {
    throw Error(path + ": this ANN has plain ReLUs (no act_alpha), --bit " +
                std::to_string(opt.bit) + " does not apply");
  }
  c.imgSize = opt.imgSize > 0                                 ? opt.imgSize
              : meta.is_object() && meta.contains("img_size") ? meta["img_size"].get<int>()
              : flagInt(flags, "img_size") > 0                ? flagInt(flags, "img_size")
                                                              : 32;
  if (converted) {
    const int stored =
        meta.is_object() && meta.contains("spike_time") ? meta["spike_time"].get<int>() : 0;
    c.spikeTime = opt.spikeTime > 0 ? opt.spikeTime : stored > 0 ? stored : (1 << c.bit) - 1;
    c.signedSpikes = !opt.unsignedSpikes;
  } else if (opt.spikeTime > 0) {
    throw Error(path + " is the ANN: --spike-time applies to a converted model (sdm-cli convert)");
  }
  try {
    c.validate();
    lm.model = std::make_shared<QuantUNet>(c);
    lm.model->loadStateDict(sd);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  lm.model->eval();
  lm.config = c;
  return lm;
}

// ---------------------------------------------------------------------------------------------

namespace {

class QuantEps : public EpsModel {
 public:
  QuantEps(QuantUNet& net, int microBatch, const CancelToken* cancel, SpikeProbe* probe,
           Precision precision)
      : m_net(net), m_micro(microBatch), m_cancel(cancel), m_probe(probe), m_precision(precision) {
    if (m_probe) m_net.setProbe(m_probe);
  }
  ~QuantEps() override {
    if (m_probe) m_net.setProbe(nullptr);
  }
  at::Tensor eps(const at::Tensor& x, const at::Tensor& t) override {
    at::NoGradGuard noGrad;
    const int64_t batch = x.size(0);
    const int64_t chunk = m_micro <= 0 ? batch : std::min<int64_t>(m_micro, batch);
    std::vector<at::Tensor> parts;
    for (int64_t start = 0; start < batch; start += chunk) {
      if (m_cancel && m_cancel->cancelled()) throw Cancelled();
      const int64_t n = std::min(chunk, batch - start);
      m_net.setProbeOffset(start);
      parts.push_back(m_net.forward(x.narrow(0, start, n), t.narrow(0, start, n), m_precision));
    }
    return parts.size() == 1 ? parts[0] : at::cat(parts, 0);
  }

 private:
  QuantUNet& m_net;
  int m_micro;
  const CancelToken* m_cancel;
  SpikeProbe* m_probe;
  Precision m_precision;
};

}  // namespace

void requirePrecisionApplies(const QuantUNetConfig& c, Precision precision) {
  if (precision != Precision::Exact && !c.converted())
    throw Error(std::string("precision ") + toString(precision) +
                " applies to the converted SNN; the quantized ANN runs exact");
}

std::unique_ptr<EpsModel> quantEps(QuantUNet& model, int microBatch, const CancelToken* cancel,
                                   SpikeProbe* probe, Precision precision) {
  if (probe && !model.config().converted())
    throw Error("spikes are recorded for the converted SNN; this is its ANN");
  requirePrecisionApplies(model.config(), precision);
  std::string why;
  if (!precisionAvailable(precision, &why)) throw Error(why);
  return std::make_unique<QuantEps>(model, microBatch, cancel, probe, precision);
}

}  // namespace sdm
