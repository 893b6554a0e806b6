#include "model/loader.h"

#include <torch/nn/module.h>

#include "io/arch_infer.h"
#include "io/flagfile.h"
#include "model/quant_model.h"
#include "util/error.h"
#include "util/printable.h"

namespace sdm {

WeightsChoice parseWeightsChoice(const std::string& s) {
  if (s == "auto") return WeightsChoice::Auto;
  if (s == "net" || s == "net_model") return WeightsChoice::Net;
  if (s == "ema" || s == "ema_model") return WeightsChoice::Ema;
  throw Error("unknown weights '" + s + "' (use net, ema or auto)");
}

const char* toString(WeightsChoice w) {
  return w == WeightsChoice::Net ? "net" : w == WeightsChoice::Ema ? "ema" : "auto";
}

ModelConfig resolveConfig(const io::Checkpoint& ck, const LoadOptions& opt,
                          std::string* weightsKey) {
  const bool useEma =
      opt.weights == WeightsChoice::Ema || (opt.weights == WeightsChoice::Auto && ck.hasEma());
  if (useEma && !ck.hasEma()) throw Error(ck.path + " has no ema_model (it has net_model only)");
  if (!useEma && !ck.hasNet()) throw Error(ck.path + " has no net_model (it has ema_model only)");
  if (weightsKey) *weightsKey = useEma ? "ema_model" : "net_model";
  const StateDict& sd = useEma ? ck.ema : ck.net;

  if (isQuantUNetStateDict(sd))
    throw Error(ck.path +
                " is an ANN2SNN model (quantized ANN or converted S_UNet): `sdm-cli info`, "
                "`sample` and `convert` read it; this view needs a Spk_UNet");
  ModelConfig c;
  try {
    c = io::inferConfig(sd);
  } catch (const Error& e) {
    throw Error(ck.path + ": " + e.what());
  }
  ModelConfig meta;
  const bool hasMeta = ck.studio.is_object() && ck.studio.contains("model");
  if (hasMeta) meta = ck.studio["model"].get<ModelConfig>();
  std::map<std::string, std::string> flags;
  if (auto ff = io::flagfileBeside(ck.path)) flags = io::readFlagfile(*ff);

  if (c.tsm) {
    c.snnStepsSource = SnnStepsSource::Checkpoint;
    if (opt.snnSteps > 0 && opt.snnSteps != c.snnSteps)
      throw Error("a TSM checkpoint is tied to its SNN time steps: this one has T=" +
                  std::to_string(c.snnSteps) + ", not " + std::to_string(opt.snnSteps));
  } else if (opt.snnSteps > 0) {
    c.snnSteps = opt.snnSteps;
    c.snnStepsSource = SnnStepsSource::User;
  } else if (hasMeta) {
    c.snnSteps = meta.snnSteps;
    c.snnStepsSource = SnnStepsSource::Metadata;
  } else if (flags.count("timestep")) {
    c.snnSteps = std::stoi(flags["timestep"]);
    c.snnStepsSource = SnnStepsSource::Flagfile;
  }
  if (opt.imgSize > 0) {
    c.imgSize = opt.imgSize;
  } else if (hasMeta) {
    c.imgSize = meta.imgSize;
  } else if (flags.count("img_size")) {
    c.imgSize = std::stoi(flags["img_size"]);
  }
  c.validate();
  try {
    // `info` and loading both check every key of every state dict in the file.
    if (ck.hasNet()) io::validateStateDict(ck.net, c);
    if (ck.hasEma()) io::validateStateDict(ck.ema, c);
  } catch (const Error& e) {
    throw Error(ck.path + ": " + e.what());
  }
  return c;
}

namespace {
LoadedModel loadModelUnchecked(io::Checkpoint checkpoint, const LoadOptions& opt);
}  // namespace

LoadedModel loadModel(const std::string& path, const LoadOptions& opt) {
  return loadModel(io::readCheckpoint(path), opt);
}

LoadedModel loadModel(io::Checkpoint checkpoint, const LoadOptions& opt) {
  const std::string path = checkpoint.path;
  try {
    return loadModelUnchecked(std::move(checkpoint), opt);
  } catch (const Error& e) {
    throw Error(printable(e.what()));
  } catch (const std::exception& e) {  // a malformed file must not escape as another type
    throw Error(path + ": " + printable(oneLine(e)));
  }
}

namespace {
LoadedModel loadModelUnchecked(io::Checkpoint checkpoint, const LoadOptions& opt) {
  LoadedModel out;
  out.checkpoint = std::move(checkpoint);
  out.config = resolveConfig(out.checkpoint, opt, &out.weights);
  const StateDict& sd = out.weights == "ema_model" ? out.checkpoint.ema : out.checkpoint.net;
  out.model = std::make_shared<SpkUNet>(out.config);
  out.model->loadStateDict(sd);
  out.model->eval();
  out.warnings = out.checkpoint.notes;
  for (auto& w : io::nonFiniteReport(sd)) out.warnings.push_back(w);
  return out;
}

}  // namespace

}  // namespace sdm
