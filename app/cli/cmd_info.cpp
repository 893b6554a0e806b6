// sdm-cli info CKPT [--json]: inferred architecture, keys present, sizes; validates every key.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "io/arch_infer.h"
#include "io/checkpoint.h"
#include "model/loader.h"
#include "model/topology.h"
#include "probe/cost.h"
#include "quant_options.h"
#include "util/error.h"
#include "util/sha256.h"

namespace sdm::cli {
namespace {

std::string withCommas(int64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

std::vector<int64_t> shapeOf(const at::Tensor& t) { return t.sizes().vec(); }

nlohmann::json optimizerSummary(const io::PyValue& optim) {
  nlohmann::json j = nlohmann::json::object();
  if (const io::PyValue* state = optim.find("state"); state && state->isDict())
    j["parameters_with_state"] = state->entries().size();
  if (const io::PyValue* groups = optim.find("param_groups");
      groups && groups->isSequence() && !groups->items().empty()) {
    const io::PyValue& g = groups->items()[0];
    if (const io::PyValue* lr = g.find("lr");
        lr && (lr->is(io::PyValue::Kind::Float) || lr->is(io::PyValue::Kind::Int)))
      j["lr"] = lr->toDouble();
    if (const io::PyValue* betas = g.find("betas"))
      j["kind"] = betas->isSequence() ? "Adam-like (betas)" : "unknown";
    j["param_groups"] = groups->items().size();
  }
  return j;
}

nlohmann::json describe(io::Checkpoint ck, const LoadOptions& opt) {
  const std::string path = ck.path;
  std::string weightsKey;
  ModelConfig c = resolveConfig(ck, opt, &weightsKey);
  const StateDict& sd = weightsKey == "ema_model" ? ck.ema : ck.net;
  int64_t elements = 0;
  for (const auto& [k, v] : sd) elements += v.numel();
  nlohmann::json j;
  j["file"] = path;
  j["bytes"] = std::filesystem::file_size(path);
  j["sha256"] = sha256File(path);
  j["model"] = c;
  j["summary"] = c.summary();
  j["snn_timesteps_source"] = toString(c.snnStepsSource);
  j["weights"] = {{"net_model", ck.hasNet()}, {"ema_model", ck.hasEma()}, {"used", weightsKey}};
  j["tensors"] = sd.size();
  j["elements"] = elements;
  j["parameters"] = parameterCount(c);
  j["if_layers"] = neuronLayers(c).size();
  j["dense_gflops_per_image_per_evaluation"] = denseGflopsPerImage(c);
  j["top_keys"] = ck.topKeys;
  if (ck.step) j["step"] = *ck.step;
  if (ck.xT.defined()) j["x_T"] = shapeOf(ck.xT);
  if (ck.optim) j["optimizer"] = optimizerSummary(*ck.optim);
  j["notes"] = ck.notes;
  std::vector<std::string> warnings = io::nonFiniteReport(ck.net);
  for (auto& w : io::nonFiniteReport(ck.ema)) warnings.push_back("ema_model: " + w);
  j["warnings"] = warnings;
  return j;
}

void printText(const nlohmann::json& j) {
  auto& o = std::cout;
  auto row = [&](const char* k) -> std::ostream& { return o << std::left << std::setw(14) << k; };
  row("file") << j["file"].get<std::string>() << " (" << withCommas(j["bytes"].get<int64_t>())
              << " bytes)\n";
  row("sha256") << j["sha256"].get<std::string>() << "\n";
  row("model") << j["summary"].get<std::string>() << "\n";
  row("SNN T") << j["model"]["snn_timesteps"].get<int>() << " (from "
               << j["snn_timesteps_source"].get<std::string>()
               << (j["snn_timesteps_source"] == "default"
                       ? "; a plain Spk_UNet does not store it, pass --snn-steps"
                       : "")
               << ")\n";
  row("diffusion") << j["model"]["T"].get<int>() << " training timesteps\n";
  row("weights") << "net_model " << (j["weights"]["net_model"].get<bool>() ? "yes" : "no")
                 << ", ema_model " << (j["weights"]["ema_model"].get<bool>() ? "yes" : "no")
                 << " (using " << j["weights"]["used"].get<std::string>() << ")\n";
  row("tensors") << j["tensors"].get<int64_t>() << " (" << withCommas(j["elements"].get<int64_t>())
                 << " elements), " << withCommas(j["parameters"].get<int64_t>()) << " parameters\n";
  row("IF layers") << j["if_layers"].get<int>() << "\n";
  std::ostringstream g;
  g << std::fixed << std::setprecision(3)
    << j["dense_gflops_per_image_per_evaluation"].get<double>();
  row("dense cost") << g.str() << " GFLOP per image per evaluation (conv/linear MACs x2)\n";
  std::string keys;
  for (const auto& k : j["top_keys"]) keys += (keys.empty() ? "" : ", ") + k.get<std::string>();
  row("file keys") << keys << "\n";
  if (j.contains("step")) row("step") << j["step"].get<int64_t>() << "\n";
  if (j.contains("x_T")) row("x_T") << j["x_T"].dump() << "\n";
  if (j.contains("optimizer")) row("optimizer") << j["optimizer"].dump() << "\n";
  for (const auto& n : j["notes"]) row("note") << n.get<std::string>() << "\n";
  for (const auto& w : j["warnings"]) row("warning") << w.get<std::string>() << "\n";
}

}  // namespace

void registerInfo(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "info", "Show a checkpoint's architecture, keys and sizes (validates every key)");
  struct Opts {
    Common common;
    std::string path;
    bool json = false;
    std::string weights = "auto";
    int snnSteps = 0;
    QuantCli quant;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("checkpoint", o->path, "checkpoint file (.pt)")->required();
  sub->add_flag("--json", o->json, "print JSON");
  sub->add_option("--weights", o->weights, "net, ema or auto (EMA when present)");
  sub->add_option("--snn-steps", o->snnSteps, "SNN time steps T of a plain Spk_UNet")
      ->check(CLI::Range(0, 256));
  addQuantOptions(sub, o->quant);
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    io::Checkpoint ck = io::readCheckpoint(o->path);
    if (isQuantCheckpoint(ck)) {
      if (o->snnSteps)
        throw Error("--snn-steps is for a Spk_UNet; a converted model takes --spike-time");
      nlohmann::json j = describeQuant(std::move(ck), o->quant.options(o->weights));
      if (o->json)
        std::cout << j.dump(2) << "\n";
      else
        printQuant(j);
      return;
    }
    if (o->quant.given())
      throw Error(o->quant.given() + std::string(" applies to ANN2SNN models only"));
    LoadOptions opt;
    opt.weights = parseWeightsChoice(o->weights);
    opt.snnSteps = o->snnSteps;
    nlohmann::json j = describe(std::move(ck), opt);
    if (o->json) {
      std::cout << j.dump(2) << "\n";
    } else {
      printText(j);
    }
  });
}

}  // namespace sdm::cli
