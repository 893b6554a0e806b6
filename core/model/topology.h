#pragma once
// The module tree of a spiking U-Net, derived from its ModelConfig exactly as the original
// constructors build it: block order, channels, resolutions, the state-dict keys and shapes in
// PyTorch's order, and the IF layers with their place in the U-Net. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "model/config.h"

namespace sdm {

enum class BlockKind { Res, Down, Up };
enum class UNetPart { Stem, Down, Middle, Up, Tail };
const char* toString(UNetPart p);

struct BlockSpec {
  std::string path;  // "downblocks.3", "middleblocks.0", "upblocks.12"
  BlockKind kind = BlockKind::Res;
  UNetPart part = UNetPart::Down;
  int inCh = 0;        // ResBlocks in the up path include the concatenated skip
  int outCh = 0;
  int resolution = 0;  // spatial size of the block's input
  int level = 0;       // resolution level (0 = full size)
  bool hasShortcut() const { return kind == BlockKind::Res && inCh != outCh; }
};

struct Topology {
  ModelConfig config;
  std::vector<BlockSpec> blocks;  // down, middle, up, in forward order
  int finalCh = 0;
};

Topology makeTopology(const ModelConfig& config);

struct KeySpec {
  std::string name;
  std::vector<int64_t> shape;
  bool int64 = false;  // BatchNorm's num_batches_tracked
};

// The original model's state_dict keys in PyTorch order (Spk_UNet: 455 for CIFAR-10).
std::vector<KeySpec> expectedKeys(const ModelConfig& config);

// Every conv of the model, by module path (weights are at <path>.weight or <path>.tsmconv.weight).
struct ConvSpec {
  std::string path;
  int inCh = 0, outCh = 0, kernel = 3, stride = 1, outRes = 0;
  int spikeInput = -1;  // index of the IF layer whose spikes feed it; -1 = analog input
};
std::vector<ConvSpec> convLayers(const ModelConfig& config);

struct NeuronLayer {
  std::string name;  // original module path, e.g. "downblocks.0.neuron1"
  UNetPart part = UNetPart::Stem;
  int level = 0;
  int channels = 0, height = 0, width = 0;
  int64_t neurons() const { return int64_t(channels) * height * width; }
};
std::vector<NeuronLayer> neuronLayers(const ModelConfig& config);

int64_t parameterCount(const ModelConfig& config);  // parameters, excluding BN buffers

}  // namespace sdm
