#include "sampling_options.h"

#include <ATen/ATen.h>

#include "diffusion/gamma.h"
#include "io/torch_file.h"
#include "util/error.h"

namespace sdm::cli {

void addSamplingOptions(CLI::App* sub, SamplingCli& s, bool requireCheckpoint) {
  auto* ck = sub->add_option("--checkpoint", s.checkpoint, "checkpoint file (.pt)");
  if (requireCheckpoint) ck->required();
  sub->add_option("--weights", s.weights, "net, ema or auto (EMA when the file has it)")
      ->check(CLI::IsMember({"net", "ema", "auto"}));
  sub->add_option("--snn-steps", s.snnSteps,
                  "SNN time steps T of a plain Spk_UNet (default: metadata, flagfile or 4)")
      ->check(CLI::Range(0, 256));
  sub->add_option("--threshold", s.threshold,
                  "IF threshold of every layer (threshold guidance; trained at 1.0)")
      ->check(CLI::Range(1e-6, 1e6));
  sub->add_option("--solver", s.solver,
                  "ddpm, ddpm-strided, ddim, analytic-dpm, dpm-solver, dpm-solver++")
      ->check(CLI::IsMember(solverNames()));
  sub->add_option("--steps", s.steps,
                  "diffusion steps (NFE for ddim and dpm-solver; ddpm always runs 1000)")
      ->check(CLI::Range(1, 100000));
  sub->add_option("--eta", s.eta, "DDIM eta (0 = the original deterministic sampler)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--order", s.order, "DPM-Solver order 1-3")->check(CLI::Range(1, 3));
  sub->add_option("--method", s.method, "DPM-Solver: multistep, singlestep, singlestep_fixed")
      ->check(CLI::IsMember(dpmMethodNames()));
  sub->add_option("--skip", s.skip,
                  "time grid: uniform (the original), quadratic, logSNR; DPM-Solver: time_uniform, "
                  "time_quadratic, "
                  "logSNR, uniform");
  sub->add_option("--solver-type", s.solverType, "DPM-Solver high-order form: dpmsolver or taylor")
      ->check(CLI::IsMember(dpmSolverTypeNames()));
  sub->add_flag("--no-lower-order-final", s.noLowerOrderFinal,
                "DPM-Solver: keep the full order in the last steps");
  sub->add_flag("--denoise-to-zero", s.denoiseToZero,
                "DPM-Solver: one more evaluation to denoise at the end");
  sub->add_flag("--thresholding", s.thresholding,
                "DPM-Solver++: clamp the data prediction to [-1, 1]");
  sub->add_option("--variance", s.variance, "ddpm / ddpm-strided: fixedlarge or fixedsmall")
      ->check(CLI::IsMember({"fixedlarge", "fixedsmall", "strided"}));
  sub->add_flag("--strided-variance", s.stridedVariance,
                "ddpm-strided: the correct strided posterior variance instead of the original's "
                "one-step value");
  sub->add_flag("--no-clip", s.noClip,
                "do not clamp the predicted x0 to [-1, 1] (the original clamps)");
  sub->add_flag("--rederive-eps", s.rederiveEps,
                "ddim: after clamping x0, derive eps from it (diffusers' DDIMScheduler) instead of "
                "reusing the network's (the original)");
  sub->add_option("--gamma", s.gamma,
                  "analytic-dpm: Gamma file made by `sdm-cli gamma` (or Analytic-DPM's ms_eps)");
  sub->add_option("--seed", s.seed, "image i uses seed + i");
  sub->add_option("--noise", s.noise, "x_T from a tensor file [B,C,H,W] instead of the seed");
  sub->add_option("--noise-mode", s.noiseMode,
                  "per-image (seed + i, independent of the batch) or batch (one generator, as "
                  "torch.manual_seed)")
      ->check(CLI::IsMember({"per-image", "batch"}));
  sub->add_option("--batch", s.batch, "number of images")->check(CLI::Range(1, 100000));
  sub->add_option("--micro-batch", s.microBatch,
                  "images per network evaluation: 1 (default) makes every image independent of the "
                  "batch; 0 = the "
                  "whole batch at once, bit-identical to the original code's batch")
      ->check(CLI::Range(0, 100000));
  sub->add_option("--precision", s.precision,
                  "exact (the original arithmetic, default), fast (fp32 channels-last, BatchNorm "
                  "folded), bf16 or int8 (spike-input convs); see docs/performance.md")
      ->check(CLI::IsMember(precisionNames()));
  sub->add_option("--raster-neurons", s.rasterNeurons, "spike recording: raster neurons per layer")
      ->check(CLI::Range(1, 65535));
  sub->add_option("--traced-neurons", s.tracedNeurons, "spike recording: membrane traces per layer")
      ->check(CLI::Range(0, 64));
}

Precision SamplingCli::precisionMode() const {
  const Precision p = parsePrecision(precision);
  std::string why;
  if (!precisionAvailable(p, &why)) throw Error("--precision " + precision + ": " + why);
  return p;
}

LoadOptions SamplingCli::loadOptions() const {
  LoadOptions o;
  o.weights = parseWeightsChoice(weights);
  o.snnSteps = snnSteps;
  return o;
}

SolverOptions SamplingCli::solverOptions() const {
  SolverOptions o;
  o.kind = parseSolverKind(solver);
  o.steps = steps;
  o.eta = eta;
  o.clipX0 = !noClip;
  o.rederiveEps = rederiveEps;
  o.variance = variance == "strided" ? Variance::FixedLarge : parseVariance(variance);
  o.stridedVariance = stridedVariance || variance == "strided";
  o.skip = parseTimeGrid(skip);
  o.order = order;
  o.method = parseDpmMethod(method);
  o.solverType = parseDpmSolverType(solverType);
  o.lowerOrderFinal = !noLowerOrderFinal;
  o.denoiseToZero = denoiseToZero;
  o.thresholding = thresholding;
  return o;
}

SampleRequest SamplingCli::request(const ModelConfig& config) const {
  SampleRequest r;
  SolverOptions& o = r.solver;
  o = solverOptions();
  o.steps = steps > 0 ? steps : defaultSteps(o.kind, config.trainingTimesteps);
  if (!gamma.empty())
    o.gamma = std::make_shared<GammaTable>(GammaTable::load(gamma, config.trainingTimesteps));
  r.batch = batch;
  r.imageShape = {config.imgCh, config.imgSize, config.imgSize};
  r.seed = seed;
  r.noiseMode = noiseMode == "batch" ? NoiseMode::Batch : NoiseMode::PerImage;
  if (!noise.empty()) {
    r.xT = io::readTensorFile(noise);
    if (r.xT.dim() != 4 || r.xT.size(1) != config.imgCh || r.xT.size(2) != config.imgSize ||
        r.xT.size(3) != config.imgSize)
      throw Error("--noise must hold [B," + std::to_string(config.imgCh) + "," +
                  std::to_string(config.imgSize) + "," + std::to_string(config.imgSize) +
                  "], got " + std::string(c10::str(r.xT.sizes())));
    r.batch = static_cast<int>(r.xT.size(0));
  }
  o.validate();
  return r;
}

RecordOptions SamplingCli::recordOptions() const {
  RecordOptions r;
  r.rasterNeurons = rasterNeurons;
  r.tracedNeurons = tracedNeurons;
  r.threshold = static_cast<float>(threshold);
  return r;
}

}  // namespace sdm::cli
