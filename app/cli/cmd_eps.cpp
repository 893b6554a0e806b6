// sdm-cli eps: one network evaluation eps = model(x_t, t), as the original `model(x, t)` call.
#include <ATen/ATen.h>

#include <iostream>

#include "commands.h"
#include "io/checkpoint.h"
#include "io/torch_file.h"
#include "model/loader.h"
#include "model/topology.h"
#include "probe/spike_dump.h"
#include "util/error.h"

namespace sdm::cli {
namespace {

at::Tensor readTimesteps(const std::string& spec, int64_t batch, int maxT) {
  at::Tensor t;
  char* end = nullptr;
  const long value = std::strtol(spec.c_str(), &end, 10);
  if (!spec.empty() && end && *end == '\0') {
    t = at::full({batch}, value, at::kLong);
  } else {
    t = io::readTensorFile(spec);
  }
  if (t.dim() == 0) t = t.expand({batch});
  if (t.dim() != 1 || t.size(0) != batch)
    throw Error("--t must hold " + std::to_string(batch) + " timesteps (one per image), got shape " +
                std::string(c10::str(t.sizes())));
  if (at::isFloatingType(t.scalar_type())) throw Error("--t must hold integer timesteps");
  t = t.to(at::kLong).contiguous();
  if (t.min().item<int64_t>() < 0 || t.max().item<int64_t>() >= maxT)
    throw Error("timesteps must lie in 0.." + std::to_string(maxT - 1));
  return t;
}

}  // namespace

void registerEps(CLI::App& app) {
  auto* sub = app.add_subcommand("eps", "One network evaluation: predicted noise for x_t at timesteps t");
  struct Opts {
    Common common;
    std::string checkpoint, xt, t, out, weights = "auto", spikes;
    int snnSteps = 0;
    double threshold = 1.0;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--checkpoint", o->checkpoint, "checkpoint file")->required();
  sub->add_option("--xt", o->xt, "noisy images x_t [B,C,H,W] (torch.save tensor)")->required();
  sub->add_option("--t", o->t, "timesteps: int64 [B] tensor file, or one integer for all")->required();
  sub->add_option("--out", o->out, "where to write eps [B,C,H,W] (torch.save tensor)")->required();
  sub->add_option("--weights", o->weights, "net, ema or auto (EMA when present)");
  sub->add_option("--snn-steps", o->snnSteps, "SNN time steps T of a plain Spk_UNet")->check(CLI::Range(0, 256));
  sub->add_option("--threshold", o->threshold, "IF threshold for every layer (threshold guidance)")
      ->check(CLI::Range(1e-6, 1e6));
  sub->add_option("--spikes", o->spikes,
                  "also write every IF layer's spikes: a dict {module name: uint8 [T,B,C,H,W]}");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    LoadOptions opt;
    opt.weights = parseWeightsChoice(o->weights);
    opt.snnSteps = o->snnSteps;
    LoadedModel lm = loadModel(o->checkpoint, opt);
    at::Tensor x = io::readTensorFile(o->xt);
    const ModelConfig& c = lm.config;
    if (x.dim() != 4 || x.size(1) != c.imgCh)
      throw Error("--xt must be [B," + std::to_string(c.imgCh) + ",H,W], got " + std::string(c10::str(x.sizes())));
    const int64_t div = int64_t(1) << (c.levels() - 1);
    if (x.size(2) % div || x.size(3) % div || x.size(2) < div)
      throw Error("image size must be a multiple of " + std::to_string(div));
    if (x.size(0) < 1 || x.size(0) > 65536) throw Error("batch size must be in 1..65536");
    x = x.to(at::kFloat).contiguous();
    at::Tensor t = readTimesteps(o->t, x.size(0), c.trainingTimesteps);
    at::NoGradGuard noGrad;
    SpikeDump dump(neuronLayers(c));
    ForwardOptions fwd;
    fwd.threshold = static_cast<float>(o->threshold);
    if (!o->spikes.empty()) fwd.probe = &dump;
    at::Tensor eps = lm.model->forward(x, t, fwd);
    io::writeTensorFile(o->out, eps);
    if (!o->spikes.empty()) io::writeTorchFile(o->spikes, dump.toIValue());
  });
}

}  // namespace sdm::cli
