#include "model/topology.h"

namespace sdm {

const char* toString(UNetPart p) {
  switch (p) {
    case UNetPart::Stem: return "stem";
    case UNetPart::Down: return "down";
    case UNetPart::Middle: return "middle";
    case UNetPart::Up: return "up";
    case UNetPart::Tail: return "tail";
  }
  return "?";
}

Topology makeTopology(const ModelConfig& c) {
  Topology topo;
  topo.config = c;
  std::vector<int> chs{c.ch};
  int now = c.ch, res = c.imgSize;
  int downIndex = 0, upIndex = 0;
  const int last = c.levels() - 1;
  for (int i = 0; i <= last; ++i) {
    const int out = c.ch * c.chMult[i];
    for (int r = 0; r < c.numResBlocks; ++r) {
      topo.blocks.push_back({"downblocks." + std::to_string(downIndex++), BlockKind::Res,
                             UNetPart::Down, now, out, res, i});
      now = out;
      chs.push_back(now);
    }
    if (i != last) {
      topo.blocks.push_back({"downblocks." + std::to_string(downIndex++), BlockKind::Down,
                             UNetPart::Down, now, now, res, i});
      chs.push_back(now);
      res /= 2;
    }
  }
  for (int m = 0; m < 2; ++m)
    topo.blocks.push_back({"middleblocks." + std::to_string(m), BlockKind::Res, UNetPart::Middle,
                           now, now, res, last});
  for (int i = last; i >= 0; --i) {
    const int out = c.ch * c.chMult[i];
    for (int r = 0; r <= c.numResBlocks; ++r) {
      const int skip = chs.back();
      chs.pop_back();
      topo.blocks.push_back({"upblocks." + std::to_string(upIndex++), BlockKind::Res,
                             UNetPart::Up, skip + now, out, res, i});
      now = out;
    }
    if (i != 0) {
      topo.blocks.push_back({"upblocks." + std::to_string(upIndex++), BlockKind::Up, UNetPart::Up,
                             now, now, res, i});
      res *= 2;
    }
  }
  topo.finalCh = now;
  return topo;
}

namespace {

struct KeyWriter {
  const ModelConfig& c;
  std::vector<KeySpec>& out;

  void conv(const std::string& p, int o, int i, int k) {
    if (c.tsm) {
      out.push_back({p + ".tsmp", {c.snnSteps, 1, 1, 1, 1}});
      out.push_back({p + ".tsmconv.weight", {o, i, k, k}});
      out.push_back({p + ".tsmconv.bias", {o}});
    } else {
      out.push_back({p + ".weight", {o, i, k, k}});
      out.push_back({p + ".bias", {o}});
    }
  }
  void bn(const std::string& p, int n) {
    out.push_back({p + ".weight", {n}});
    out.push_back({p + ".bias", {n}});
    out.push_back({p + ".running_mean", {n}});
    out.push_back({p + ".running_var", {n}});
    out.push_back({p + ".num_batches_tracked", {}, true});
  }
  void linear(const std::string& p, int o, int i) {
    out.push_back({p + ".weight", {o, i}});
    out.push_back({p + ".bias", {o}});
  }
};

}  // namespace

std::vector<KeySpec> expectedKeys(const ModelConfig& c) {
  std::vector<KeySpec> keys;
  KeyWriter w{c, keys};
  const Topology topo = makeTopology(c);
  keys.push_back({"time_embedding.timembedding.0.weight", {c.trainingTimesteps, c.ch}});
  w.linear("time_embedding.timembedding.1", c.tdim(), c.ch);
  w.linear("time_embedding.timembedding.3", c.tdim(), c.tdim());
  w.conv("conv", c.ch, c.imgCh, 3);
  w.bn("bn", c.ch);
  w.conv("conv_identity", c.ch, c.ch, 3);
  w.bn("bn_identity", c.ch);
  for (const auto& b : topo.blocks) {
    if (b.kind == BlockKind::Res) {
      w.linear(b.path + ".temb_proj.1", b.outCh, c.tdim());
      w.conv(b.path + ".conv1", b.outCh, b.inCh, 3);
      w.bn(b.path + ".bn1", b.outCh);
      w.conv(b.path + ".conv2", b.outCh, b.outCh, 3);
      w.bn(b.path + ".bn2", b.outCh);
      if (b.hasShortcut()) w.conv(b.path + ".shortcut", b.outCh, b.inCh, 1);
    } else {
      w.conv(b.path + ".conv", b.outCh, b.inCh, 3);
      w.bn(b.path + ".bn", b.outCh);
    }
  }
  w.bn("tail_bn", topo.finalCh);
  w.conv("tail_conv", c.imgCh, topo.finalCh, 3);
  keys.push_back({"T_output_layer.weight", {c.imgCh, c.imgCh, 3, 3, 1}});
  keys.push_back({"T_output_layer.bias", {c.imgCh}});
  w.bn("last_bn", c.imgCh);
  return keys;
}

std::vector<NeuronLayer> neuronLayers(const ModelConfig& c) {
  std::vector<NeuronLayer> layers;
  layers.push_back({"neuron", UNetPart::Stem, 0, c.ch, c.imgSize, c.imgSize});
  for (const auto& b : makeTopology(c).blocks) {
    if (b.kind == BlockKind::Res) {
      layers.push_back({b.path + ".neuron1", b.part, b.level, b.inCh, b.resolution, b.resolution});
      layers.push_back({b.path + ".neuron2", b.part, b.level, b.outCh, b.resolution, b.resolution});
    } else {
      layers.push_back({b.path + ".neuron", b.part, b.level, b.inCh, b.resolution, b.resolution});
    }
  }
  return layers;
}

std::vector<ConvSpec> convLayers(const ModelConfig& c) {
  std::vector<ConvSpec> convs;
  const Topology topo = makeTopology(c);
  convs.push_back({"conv", c.imgCh, c.ch, 3, 1, c.imgSize, -1});
  convs.push_back({"conv_identity", c.ch, c.ch, 3, 1, c.imgSize, 0});
  int neuron = 1;  // IF layers are numbered in execution order, the stem's is 0
  for (const auto& b : topo.blocks) {
    const int r = b.resolution;
    if (b.kind == BlockKind::Res) {
      convs.push_back({b.path + ".conv1", b.inCh, b.outCh, 3, 1, r, neuron++});
      convs.push_back({b.path + ".conv2", b.outCh, b.outCh, 3, 1, r, neuron++});
      if (b.hasShortcut()) convs.push_back({b.path + ".shortcut", b.inCh, b.outCh, 1, 1, r, -1});
    } else if (b.kind == BlockKind::Down) {
      convs.push_back({b.path + ".conv", b.inCh, b.outCh, 3, 2, r / 2, neuron++});
    } else {
      convs.push_back({b.path + ".conv", b.inCh, b.outCh, 3, 1, r * 2, neuron++});
    }
  }
  convs.push_back({"tail_conv", topo.finalCh, c.imgCh, 3, 1, c.imgSize, -1});
  return convs;
}

int64_t parameterCount(const ModelConfig& c) {
  int64_t n = 0;
  for (const auto& k : expectedKeys(c)) {
    const auto& name = k.name;
    auto endsWith = [&](const char* s) {
      std::string suf(s);
      return name.size() >= suf.size() && name.compare(name.size() - suf.size(), suf.size(), suf) == 0;
    };
    if (endsWith(".running_mean") || endsWith(".running_var") || endsWith(".num_batches_tracked"))
      continue;
    int64_t e = 1;
    for (auto d : k.shape) e *= d;
    n += e;
  }
  return n;
}

}  // namespace sdm
