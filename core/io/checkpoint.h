#pragma once
// Checkpoint files in the original training scripts' layout: a dict with `net_model`,
// `ema_model`, `optim`, `step`, `x_T` (and others we keep but do not need), plus the studio's own
// metadata under `sdm_studio` (full model config incl. SNN time steps). Bare state dicts load too.
#include <ATen/core/ivalue.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "io/py_value.h"
#include "model/config.h"
#include "model/state_dict.h"

namespace sdm::io {

struct Checkpoint {
  std::string path;
  PyValue root;
  std::vector<std::string> topKeys;
  std::vector<std::string> notes;  // storage locations, bare state dict, prefixes stripped, ...
  StateDict net, ema;
  const PyValue* optim = nullptr;  // into root
  std::optional<int64_t> step;
  at::Tensor xT;                   // undefined when absent
  nlohmann::json studio;           // the studio's metadata, null when absent

  bool hasNet() const { return !net.empty(); }
  const PyValue* studioValue(const std::string& key) const {
    const PyValue* meta = root.find("sdm_studio");
    return meta ? meta->find(key) : nullptr;
  }
  bool hasEma() const { return !ema.empty(); }
};

// Throws sdm::Error with one line naming the problem (file, format, layout).
Checkpoint readCheckpoint(const std::string& path);

struct CheckpointData {
  StateDict net;
  StateDict ema;             // empty: not written
  c10::IValue optim;         // None: not written
  std::optional<int64_t> step;
  at::Tensor xT;             // undefined: not written
  nlohmann::json studio;     // written under `sdm_studio` (as JSON text, key "json")
  // More values under `sdm_studio` (e.g. a trainer's RNG states as tensors): read them back
  // through Checkpoint::studioValue.
  std::vector<std::pair<std::string, c10::IValue>> studioExtra;
};

// Atomic; Python reads it with torch.load as plain dicts, and the original
// Spk_UNet.load_state_dict(ckpt['net_model']) accepts it strictly.
void writeCheckpoint(const std::string& path, const CheckpointData& data);

c10::IValue stateDictToIValue(const StateDict& sd);

// The studio's metadata for a model: full config (incl. SNN time steps), app and version, time.
nlohmann::json studioMetadata(const ModelConfig& config);

}  // namespace sdm::io
