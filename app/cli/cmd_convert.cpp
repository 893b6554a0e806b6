// sdm-cli convert: SDM's ANN→SNN conversion (ANN2SNN/SNN_conversion.py). The quantized ANN's
// weights become the S_UNet's (same tensors, `block` inserted in the names), every quantized ReLU
// becomes an IF neuron with threshold act_alpha run for T = 2^bit − 1 steps; the file is what
// the original writes ({'ema_model': state_dict}) plus the studio's metadata. A check measures
// how far the converted network's ε is from the ANN's on the same inputs
// (core/model/quant_convert).
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "io/checkpoint.h"
#include "model/quant_convert.h"
#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "quant_options.h"
#include "util/error.h"
#include "util/sha256.h"

namespace sdm::cli {

nlohmann::json describeQuant(io::Checkpoint ck, const QuantLoadOptions& opt) {
  const std::string path = ck.path;
  LoadedQuantModel lm = loadQuantModel(std::move(ck), opt);
  int64_t parameters = 0;
  for (const auto& p : lm.model->parameters()) parameters += p.numel();
  nlohmann::json j;
  j["file"] = path;
  j["sha256"] = sha256File(path);
  j["model"] = lm.config;
  j["summary"] = lm.config.summary();
  j["weights"] = {{"net_model", lm.checkpoint.hasNet()},
                  {"ema_model", lm.checkpoint.hasEma()},
                  {"used", lm.weights}};
  j["tensors"] = lm.model->stateDict().size();
  j["parameters"] = parameters;
  j["activation_layers"] = lm.model->activationLayers();
  if (lm.config.bit < 32) j["thresholds"] = neuronSummary(*lm.model);
  j["top_keys"] = lm.checkpoint.topKeys;
  if (lm.checkpoint.step) j["step"] = *lm.checkpoint.step;
  j["notes"] = lm.checkpoint.notes;
  return j;
}

void printQuant(const nlohmann::json& j) {
  auto row = [](const char* k) -> std::ostream& {
    return std::cout << std::left << std::setw(14) << k;
  };
  row("file") << j["file"].get<std::string>() << "\n";
  row("sha256") << j["sha256"].get<std::string>() << "\n";
  row("model") << j["summary"].get<std::string>() << "\n";
  row("kind") << (j["model"]["spike_time"].get<int>() > 0 ? "converted SNN (ANN2SNN S_UNet)"
                  : j["model"]["bit"].get<int>() < 32
                      ? "quantized ANN (ANN2SNN UNet): sdm-cli convert makes its SNN"
                      : "plain-ReLU ANN (not convertible)")
              << "\n";
  row("diffusion") << j["model"]["T"].get<int>() << " training timesteps\n";
  row("weights") << "net_model " << (j["weights"]["net_model"].get<bool>() ? "yes" : "no")
                 << ", ema_model " << (j["weights"]["ema_model"].get<bool>() ? "yes" : "no")
                 << " (using " << j["weights"]["used"].get<std::string>() << ")\n";
  row("tensors") << j["tensors"].get<int64_t>() << ", " << j["parameters"].get<int64_t>()
                 << " parameters\n";
  if (j.contains("thresholds")) row("neurons") << j["thresholds"].get<std::string>() << "\n";
  if (j.contains("step")) row("step") << j["step"].get<int64_t>() << "\n";
  for (const auto& n : j["notes"]) row("note") << n.get<std::string>() << "\n";
}

void registerConvert(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "convert", "Convert a quantized ANN (ANN2SNN) into its spiking U-Net (S_UNet) checkpoint");
  struct Opts {
    Common common;
    QuantCli quant;
    std::string checkpoint, out, weights = "ema";
    int checkImages = 4, imgSize = 0;
    uint64_t seed = 0;
    bool noCheck = false, json = false;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--checkpoint", o->checkpoint,
                  "the quantized ANN's ckpt.pt (ANN_train.py or compatible)")
      ->required();
  sub->add_option("--out", o->out,
                  "converted checkpoint to write (the original's converted_snn.pt)")
      ->required();
  sub->add_option("--weights", o->weights,
                  "ANN weights to convert: ema (as the original), net or auto");
  sub->add_option("--img-size", o->imgSize,
                  "image size for the check (default: flagfile.txt or 32)")
      ->check(CLI::Range(1, 1024));
  sub->add_option("--check-images", o->checkImages, "inputs for the conversion check")
      ->check(CLI::Range(1, 64));
  sub->add_option("--seed", o->seed, "seed of the check's inputs");
  sub->add_flag("--no-check", o->noCheck, "skip the conversion check");
  sub->add_flag("--json", o->json, "print the result as JSON");
  addQuantOptions(sub, o->quant);
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    ConvertOptions co;
    co.load = o->quant.options(o->weights, o->imgSize);
    co.load.spikeTime = 0;
    co.spikeTime = o->quant.spikeTime;
    co.unsignedSpikes = o->quant.unsignedSpikes;
    co.checkImages = o->noCheck ? 0 : o->checkImages;
    co.seed = o->seed;
    const nlohmann::json j = convertAnnToSnn(o->checkpoint, o->out, co);
    if (o->json) {
      std::cout << j.dump(2) << "\n";
      return;
    }
    std::cout << "converted " << j["from"].get<std::string>() << " ("
              << j["weights"].get<std::string>() << ")\n"
              << "       to " << j["to"].get<std::string>() << ": "
              << j["neurons"].get<std::string>() << "\n"
              << "wrote " << o->out << " (ema_model, " << j["tensors"].get<int>() << " tensors)\n";
    if (j.contains("check")) {
      const auto& c = j["check"];
      std::cout << std::setprecision(3) << "check on " << o->checkImages << " N(0,1) inputs (seed "
                << o->seed << "): time embedding (first spiking layer) relative error "
                << c["time_embedding_relative_error"].get<double>() << "\n";
      for (const auto& r : c["eps"])
        std::cout << "  t=" << r["t"].get<int>() << ": eps of the SNN vs the ANN, relative error "
                  << r["eps_relative_error"].get<double>() << "\n";
    }
  });
}

}  // namespace sdm::cli
