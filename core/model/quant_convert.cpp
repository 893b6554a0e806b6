#include "model/quant_convert.h"

#include <ATen/ATen.h>

#include <iomanip>
#include <sstream>

#include "io/checkpoint.h"
#include "model/quant_model.h"
#include "model/quant_unet.h"
#include "util/error.h"
#include "util/sha256.h"

namespace sdm {
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
  net.setSpikeTime(0, signedSpikes);
  return {{"images", images},
          {"seed", seed},
          {"inputs", "N(0,1)"},
          {"time_embedding_relative_error", tembError},
          {"eps", rows}};
}

}  // namespace

std::string neuronSummary(const QuantUNet& net) {
  double lo = 1e30, hi = -1e30;
  int n = 0;
  for (const auto& p : net.named_parameters(true))
    if (p.key().size() >= 9 && p.key().compare(p.key().size() - 9, 9, "act_alpha") == 0) {
      lo = std::min(lo, p.value().item<double>());
      hi = std::max(hi, p.value().item<double>());
      ++n;
    }
  std::ostringstream s;
  if (n == 0) return "plain ReLUs (no act_alpha)";
  s << std::setprecision(3) << n
    << (net.config().converted()
            ? " IF layers, thresholds (act_alpha) "
            : " quantized ReLUs (IF layers once converted), clipping values (act_alpha) ")
    << lo << " … " << hi;
  return s.str();
}

nlohmann::json convertAnnToSnn(const std::string& annPath, const std::string& outPath,
                               const ConvertOptions& o) {
  io::Checkpoint ck = io::readCheckpoint(annPath);
  const bool useNet = o.load.weights == WeightsChoice::Net || !ck.hasEma();
  if (isConvertedStateDict(useNet ? ck.net : ck.ema))
    throw Error(annPath + " is already a converted SNN");
  QuantLoadOptions annOnly = o.load;
  annOnly.spikeTime = 0;
  annOnly.unsignedSpikes = false;
  LoadedQuantModel lm = loadQuantModel(std::move(ck), annOnly);
  if (lm.config.bit >= 32)
    throw Error(annPath +
                ": this ANN's activations are plain ReLUs (no act_alpha); train it with a bit "
                "width below 32 to convert it");
  const int spikeTime = o.spikeTime > 0 ? o.spikeTime : (1 << lm.config.bit) - 1;
  const bool signedSpikes = !o.unsignedSpikes;
  QuantUNetConfig snn = lm.config;
  snn.spikeTime = spikeTime;
  snn.signedSpikes = signedSpikes;

  StateDict out;
  for (const auto& [k, v] : lm.model->stateDict()) out.emplace_back(snnKeyFor(k), v);
  io::CheckpointData data;
  data.ema = out;
  data.studio = {{"quant_model", snn},
                 {"converted_from",
                  {{"path", annPath}, {"sha256", sha256File(annPath)}, {"weights", lm.weights}}}};
  io::writeCheckpoint(outPath, data);

  lm.model->setSpikeTime(spikeTime, signedSpikes);
  nlohmann::json j = {{"from", lm.config.summary()}, {"weights", lm.weights},
                      {"to", snn.summary()},         {"out", outPath},
                      {"tensors", out.size()},       {"neurons", neuronSummary(*lm.model)}};
  lm.model->setSpikeTime(0, signedSpikes);
  if (o.checkImages > 0)
    j["check"] = conversionCheck(*lm.model, o.checkImages, o.seed, spikeTime, signedSpikes);
  return j;
}

}  // namespace sdm
