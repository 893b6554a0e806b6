#include "io/checkpoint.h"

#include <chrono>
#include <ctime>

#include "io/arch_infer.h"
#include "io/torch_file.h"
#include "util/error.h"
#include "util/printable.h"

namespace sdm::io {
namespace {

constexpr const char* kStudioKey = "sdm_studio";

StateDict toStateDict(const PyValue& v, const std::string& where) {
  if (!v.isDict()) throw Error(where + " is a " + v.typeName() + ", not a state dict");
  StateDict sd;
  for (const auto& [k, x] : v.entries()) {
    if (!k.is(PyValue::Kind::String)) throw Error(where + " has a non-string key");
    if (!x.isTensor())
      throw Error(where + "['" + k.toStr() + "'] is a " + x.typeName() + ", not a tensor");
    sd.emplace_back(k.toStr(), x.toTensor());
  }
  return sd;
}

bool looksLikeStateDict(const PyValue& v) {
  if (!v.isDict() || v.entries().empty()) return false;
  for (const auto& [k, x] : v.entries())
    if (!k.is(PyValue::Kind::String) || !x.isTensor()) return false;
  return true;
}

StateDict cleaned(StateDict sd, std::vector<std::string>& notes, const std::string& which) {
  const bool prefixed = !sd.empty() && sd.front().first.rfind("module.", 0) == 0;
  sd = stripModulePrefix(std::move(sd));
  if (prefixed && sd.front().first.rfind("module.", 0) != 0)
    notes.push_back(which + ": DataParallel prefix 'module.' stripped");
  return sd;
}

}  // namespace

namespace {
Checkpoint readCheckpointUnchecked(const std::string& path);
}  // namespace

// The front door for files from strangers: whatever goes wrong inside becomes one printable line.
Checkpoint readCheckpoint(const std::string& path) {
  try {
    return readCheckpointUnchecked(path);
  } catch (const Error& e) {
    throw Error(printable(e.what()));
  } catch (const std::exception& e) {
    throw Error(path + ": " + printable(oneLine(e)));
  }
}

namespace {
Checkpoint readCheckpointUnchecked(const std::string& path) {
  TorchFile file = readTorchFile(path);
  Checkpoint ck;
  ck.path = path;
  ck.root = std::move(file.root);
  ck.notes = std::move(file.notes);
  if (ck.root.isTensor())
    throw Error(path + " holds a single tensor, not a checkpoint (expected a dict with net_model)");
  if (!ck.root.isDict())
    throw Error(path + " holds a " + ck.root.typeName() + ", not a checkpoint dict");
  for (const auto& [k, v] : ck.root.entries())
    ck.topKeys.push_back(k.is(PyValue::Kind::String) ? k.toStr() : k.typeName());
  try {
    if (const PyValue* net = ck.root.find("net_model"))
      ck.net = cleaned(toStateDict(*net, "net_model"), ck.notes, "net_model");
    if (const PyValue* ema = ck.root.find("ema_model"))
      ck.ema = cleaned(toStateDict(*ema, "ema_model"), ck.notes, "ema_model");
    if (!ck.hasNet() && !ck.hasEma() && looksLikeStateDict(ck.root)) {
      ck.net = cleaned(toStateDict(ck.root, "state dict"), ck.notes, "state dict");
      ck.notes.push_back("a bare state dict: used as net_model");
    }
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  if (!ck.hasNet() && !ck.hasEma()) {
    std::string keys;
    for (const auto& k : ck.topKeys) keys += (keys.empty() ? "" : ", ") + k;
    throw Error(path + " has no model weights: expected net_model or ema_model (found: " +
                (keys.empty() ? std::string("an empty dict") : keys) + ")");
  }
  ck.optim = ck.root.find("optim");
  if (const PyValue* step = ck.root.find("step"); step && step->is(PyValue::Kind::Int))
    ck.step = step->toInt();
  if (const PyValue* xT = ck.root.find("x_T"); xT && xT->isTensor()) ck.xT = xT->toTensor();
  if (const PyValue* meta = ck.root.find(kStudioKey)) {
    if (const PyValue* json = meta->find("json"); json && json->is(PyValue::Kind::String)) {
      ck.studio = nlohmann::json::parse(json->toStr(), nullptr, false);
      if (ck.studio.is_discarded()) {
        ck.studio = nullptr;
        ck.notes.push_back("unreadable studio metadata ignored");
      }
    }
  }
  return ck;
}

}  // namespace

c10::IValue stateDictToIValue(const StateDict& sd) {
  c10::impl::GenericDict d(c10::StringType::get(), c10::AnyType::get());
  for (const auto& [k, v] : sd) d.insert(k, v.detach().contiguous());
  return d;
}

nlohmann::json studioMetadata(const ModelConfig& config) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return {{"model", config},
          {"app", "Spiking Diffusion Studio"},
          {"version", SDM_VERSION},
          {"written_utc", when}};
}

void writeCheckpoint(const std::string& path, const CheckpointData& data) {
  c10::impl::GenericDict top(c10::StringType::get(), c10::AnyType::get());
  // An EMA-only export has no net_model at all (an empty dict would fail load_state_dict later).
  if (!data.net.empty() || data.ema.empty()) top.insert("net_model", stateDictToIValue(data.net));
  if (!data.ema.empty()) top.insert("ema_model", stateDictToIValue(data.ema));
  if (!data.optim.isNone()) top.insert("optim", data.optim);
  if (data.step) top.insert("step", *data.step);
  if (data.xT.defined()) top.insert("x_T", data.xT.detach().contiguous());
  if (!data.studio.is_null() || !data.studioExtra.empty()) {
    c10::impl::GenericDict meta(c10::StringType::get(), c10::AnyType::get());
    meta.insert("format", int64_t(1));
    meta.insert("json", data.studio.is_null() ? std::string("{}") : data.studio.dump());
    for (const auto& [k, v] : data.studioExtra) meta.insert(k, v);
    if (data.studio.contains("model") && data.studio["model"].contains("snn_timesteps"))
      meta.insert("snn_timesteps", data.studio["model"]["snn_timesteps"].get<int64_t>());
    top.insert(kStudioKey, meta);
  }
  writeTorchFile(path, top);
}

}  // namespace sdm::io
