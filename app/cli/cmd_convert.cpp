// sdm-cli convert: SDM's ANN→SNN conversion (ANN2SNN/SNN_conversion.py). The quantized ANN's
// weights become the S_UNet's (same tensors, `block` inserted in the names), every quantized ReLU
// becomes an IF neuron with threshold act_alpha run for T = 2^bit − 1 steps; the file is what
// the original writes ({'ema_model': state_dict}) plus the studio's metadata. A check measures
// how far the converted network's ε is from the ANN's on the same inputs.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "io/checkpoint.h"
#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "quant_options.h"
#include "util/error.h"
#include "util/sha256.h"

namespace sdm::cli {
namespace {

double relativeError(const at::Tensor& got, const at::Tensor& want) {
  const double denom = want.norm().item<double>();
  const double diff = (got - want).norm().item<double>();
  return denom > 0 ? diff / denom : diff;
}

// ε of the ANN and of its conversion on the same N(0,1) inputs at a few timesteps, and the
// time embedding (the first spiking layer, exact in theory: U = T·I).
nlohmann::json conversionCheck(QuantUNet& net, int images, uint64_t seed, int spikeTime,
                               bool signedSpikes) {
  at::NoGradGuard noGrad;
  const QuantUNetConfig& c = net.config();
  at::Generator gen = at::detail::createCPUGenerator(seed);
  const at::Tensor x = at::randn({images, c.imgCh, c.imgSize, c.imgSize}, gen);
  const int last = c.trainingTimesteps - 1;
  nlohmann::json j;
  j["images"] = images;
  j["seed"] = seed;
  j["inputs"] = "N(0,1)";
  nlohmann::json rows = nlohmann::json::array();
  double tembError = 0;
  for (int t : {last, last / 2, last / 10}) {
    const at::Tensor ts = at::full({images}, t, at::kLong);
    net.setSpikeTime(0, signedSpikes);
    const at::Tensor annEps = net.forward(x, ts), annTemb = net.timeEmbedding(ts);
    net.setSpikeTime(spikeTime, signedSpikes);
    const at::Tensor snnEps = net.forward(x, ts);
    const at::Tensor snnTemb = net.timeEmbedding(ts).reshape({images, spikeTime, -1}).mean(1);
    tembError = std::max(tembError, relativeError(snnTemb, annTemb));
    rows.push_back({{"t", t}, {"eps_relative_error", relativeError(snnEps, annEps)}});
  }
  j["time_embedding_relative_error"] = tembError;
  j["eps"] = rows;
  return j;
}

std::string thresholdRange(const QuantUNet& net) {
  double lo = 1e30, hi = -1e30;
  int n = 0;
  for (const auto& p : net.named_parameters(true))
    if (p.key().size() >= 9 && p.key().compare(p.key().size() - 9, 9, "act_alpha") == 0) {
      lo = std::min(lo, p.value().item<double>());
      hi = std::max(hi, p.value().item<double>());
      ++n;
    }
  std::ostringstream s;
  s << std::setprecision(3) << n
    << (net.config().converted()
            ? " IF layers, thresholds (act_alpha) "
            : " quantized ReLUs (IF layers once converted), clipping values (act_alpha) ")
    << lo << " … " << hi;
  return s.str();
}

}  // namespace

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
  if (lm.config.bit < 32) j["thresholds"] = thresholdRange(*lm.model);
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
    QuantCli annOnly = o->quant;
    annOnly.spikeTime = 0;
    annOnly.unsignedSpikes = false;
    io::Checkpoint ck = io::readCheckpoint(o->checkpoint);
    const StateDict& sd = ck.hasEma() && o->weights != "net" ? ck.ema : ck.net;
    if (isConvertedStateDict(sd)) throw Error(o->checkpoint + " is already a converted SNN");
    LoadedQuantModel lm = loadQuantModel(std::move(ck), annOnly.options(o->weights, o->imgSize));
    if (lm.config.bit >= 32)
      throw Error(o->checkpoint +
                  ": this ANN's activations are plain ReLUs (no act_alpha); train it with "
                  "--bit below 32 to convert it");
    const int spikeTime = o->quant.spikeTime > 0 ? o->quant.spikeTime : (1 << lm.config.bit) - 1;
    const bool signedSpikes = !o->quant.unsignedSpikes;

    QuantUNetConfig snn = lm.config;
    snn.spikeTime = spikeTime;
    snn.signedSpikes = signedSpikes;
    StateDict out;
    for (const auto& [k, v] : lm.model->stateDict()) out.emplace_back(snnKeyFor(k), v);
    io::CheckpointData data;
    data.ema = out;
    data.studio = {{"quant_model", snn},
                   {"converted_from",
                    {{"path", o->checkpoint},
                     {"sha256", sha256File(o->checkpoint)},
                     {"weights", lm.weights}}}};
    io::writeCheckpoint(o->out, data);

    nlohmann::json j = {{"from", lm.config.summary()}, {"weights", lm.weights},
                        {"to", snn.summary()},         {"out", o->out},
                        {"tensors", out.size()},       {"neurons", ""}};
    lm.model->setSpikeTime(spikeTime, signedSpikes);
    j["neurons"] = thresholdRange(*lm.model);
    lm.model->setSpikeTime(0, signedSpikes);
    if (!o->noCheck)
      j["check"] = conversionCheck(*lm.model, o->checkImages, o->seed, spikeTime, signedSpikes);
    if (o->json) {
      std::cout << j.dump(2) << "\n";
      return;
    }
    std::cout << "converted " << j["from"].get<std::string>() << " (" << lm.weights << ")\n"
              << "       to " << j["to"].get<std::string>() << ": "
              << j["neurons"].get<std::string>() << "\n"
              << "wrote " << o->out << " (ema_model, " << out.size() << " tensors)\n";
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
