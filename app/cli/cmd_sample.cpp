// sdm-cli sample: generate images with any solver; grid PNG (parameters as PNG text), tensor,
// trajectory strips, spike recording.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "commands.h"
#include "diffusion/gamma.h"
#include "diffusion/sampler.h"
#include "engine/provenance.h"
#include "io/grid.h"
#include "io/png.h"
#include "io/torch_file.h"
#include "model/loader.h"
#include "model/quant_model.h"
#include "probe/cost.h"
#include "probe/energy.h"
#include "probe/recorder.h"
#include "progress.h"
#include "quant_options.h"
#include "sampling_options.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/sha256.h"

namespace sdm::cli {
namespace {

CancelToken g_cancel;
void onSigint(int) { g_cancel.cancel(); }

// Rows: the first images; columns: evaluations (at most maxColumns, evenly chosen, last kept).
void writeStrip(const std::string& path, const std::vector<at::Tensor>& frames, int maxColumns,
                const std::map<std::string, std::string>& text) {
  if (frames.empty()) return;
  std::vector<std::size_t> cols;
  const std::size_t n = frames.size();
  const std::size_t m = std::min<std::size_t>(n, static_cast<std::size_t>(maxColumns));
  for (std::size_t i = 0; i < m; ++i) cols.push_back(m == 1 ? n - 1 : i * (n - 1) / (m - 1));
  std::vector<at::Tensor> cells;
  const int64_t rows = frames[0].size(0);
  for (int64_t r = 0; r < rows; ++r)
    for (auto c : cols) cells.push_back(frames[c][r]);
  io::GridOptions g;
  g.nrow = static_cast<int>(cols.size());
  g.style = io::GridStyle::Torchvision;
  io::writePng(path, io::toImage8(io::makeGrid(at::stack(cells).clamp(-1, 1), g)), text);
}

}  // namespace

void registerSample(CLI::App& app) {
  auto* sub = app.add_subcommand("sample", "Generate images from a checkpoint with any solver");
  struct Opts {
    Common common;
    SamplingCli sampling;
    std::string out, saveTensor, trajectory, spikes, gridStyle = "reference";
    int nrow = 8, padding = 2, trajectoryImages = 4, trajectoryColumns = 50;
    double memoryBudgetGb = 0;
    bool quiet = false;
    QuantCli quant;
  };
  auto o = std::make_shared<Opts>();
  addSamplingOptions(sub, o->sampling);
  addQuantOptions(sub, o->quant);
  sub->add_option("--out", o->out, "grid PNG to write (generation parameters stored as PNG text)");
  sub->add_option("--nrow", o->nrow, "images per grid row")->check(CLI::Range(1, 1024));
  sub->add_option("--padding", o->padding, "grid padding in pixels")->check(CLI::Range(0, 64));
  sub->add_option(
         "--grid-style", o->gridStyle,
         "reference: save_image((make_grid(x)+1)/2) as the original scripts (grey padding); "
         "torchvision: save_image((x+1)/2) (black padding)")
      ->check(CLI::IsMember({"reference", "torchvision"}));
  sub->add_option("--save-tensor", o->saveTensor,
                  "write the samples [B,C,H,W] in [-1,1] (torch.save tensor)");
  sub->add_option("--trajectory", o->trajectory,
                  "folder for x_t and predicted x0 strips (x_t.png, x0.png, steps.json)");
  sub->add_option("--trajectory-images", o->trajectoryImages,
                  "images (rows) in the trajectory strips")
      ->check(CLI::Range(1, 64));
  sub->add_option("--trajectory-columns", o->trajectoryColumns,
                  "at most this many evaluations (columns)")
      ->check(CLI::Range(1, 1000));
  sub->add_option("--spikes", o->spikes, "write the spike recording of the run as JSON");
  sub->add_option("--memory-budget", o->memoryBudgetGb,
                  "GB of activations per evaluation (default: half the RAM, at most 8)");
  sub->add_flag("--quiet", o->quiet, "no progress line");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    SamplingCli& s = o->sampling;
    io::Checkpoint ck = io::readCheckpoint(s.checkpoint);
    // ANN2SNN models (quantized ANN or converted S_UNet) sample through the same solvers.
    std::optional<LoadedQuantModel> quant;
    LoadedModel lm;
    if (isQuantCheckpoint(ck)) {
      requireNoThresholdGuidance(s.threshold);
      QuantLoadOptions qo = o->quant.options(s.weights);
      if (qo.spikeTime == 0) qo.spikeTime = s.snnSteps;  // --snn-steps: a converted model's T
      quant = loadQuantModel(std::move(ck), qo);
      if (!o->spikes.empty() && !quant->config.converted())
        throw Error(
            "--spikes records IF layers: this is the quantized ANN, `sdm-cli convert` "
            "makes its SNN");
      lm.config = quant->config.asModelConfig();
      lm.weights = quant->weights;
    } else {
      if (o->quant.given())
        throw Error(o->quant.given() + std::string(" applies to ANN2SNN models only"));
      lm = loadModel(std::move(ck), s.loadOptions());
    }
    SampleRequest req = s.request(lm.config);
    const int micro =
        quant ? s.microBatch
              : fitMicroBatch(lm.config, s.microBatch, req.batch, o->memoryBudgetGb * 1e9);
    if (micro != s.microBatch)
      std::cerr << "[sample] evaluating " << micro
                << " images at a time to stay within the memory budget\n";
    GenerationSettings settings{static_cast<float>(s.threshold), micro, s.precisionMode()};
    CancelToken& cancel = g_cancel;
    std::signal(SIGINT, onSigint);
    NetworkEpsOptions netOpt{settings.threshold, micro, nullptr, &cancel, settings.precision};
    std::optional<SpikeRecorder> recorder;
    if (quant) {
      RecordOptions ro = s.recordOptions();
      ro.threshold = 1;  // potentials in units of each layer's act_alpha
      recorder.emplace(convertedNeuronLayers(quant->config), lm.config.snnSteps, ro);
    } else {
      recorder.emplace(lm.config, s.recordOptions());
    }
    if (!o->spikes.empty()) netOpt.probe = &*recorder;
    std::unique_ptr<EpsModel> epsModel =
        quant ? quantEps(*quant->model, micro, &cancel, o->spikes.empty() ? nullptr : &*recorder,
                         settings.precision)
              : std::make_unique<NetworkEps>(*lm.model, netOpt);
    EpsModel& eps = *epsModel;

    std::vector<at::Tensor> xs, x0s;
    std::vector<double> times;
    const int keep = std::min<int>(o->trajectoryImages, req.batch);
    ProgressLine progress("sample", o->quiet);
    auto onStep = [&](const StepFrame& f) {
      if (!o->trajectory.empty()) {
        xs.push_back(f.x.narrow(0, 0, keep).clone());
        x0s.push_back(f.x0.narrow(0, 0, keep).clone());
        times.push_back(f.modelTime);
      }
      if (!o->spikes.empty()) recorder->endEvaluation(f.evaluation, f.modelTime);
      char extra[64];
      std::snprintf(extra, sizeof extra, "t=%.0f", f.modelTime);
      progress.update(f.evaluation + 1, f.totalEvaluations, extra);
    };
    Schedule schedule(lm.config.trainingTimesteps);
    SampleResult r = runSampler(eps, schedule, req, onStep);
    std::signal(SIGINT, SIG_DFL);
    progress.finish((r.cancelled ? "cancelled after " : "done: ") + std::to_string(r.evaluations) +
                    " evaluations in " + formatSeconds(r.seconds));

    ModelIdentity id{s.checkpoint, sha256File(s.checkpoint), lm.weights, lm.config};
    nlohmann::json prov = provenance(id, req, settings);
    if (quant) {
      prov["model"] = quant->config;
      prov.erase("threshold");
    }
    prov["cancelled"] = r.cancelled;
    prov["evaluations"] = r.evaluations;
    auto text = pngText(prov);
    if (!o->out.empty()) {
      io::GridOptions g;
      g.nrow = o->nrow;
      g.padding = o->padding;
      g.style =
          o->gridStyle == "torchvision" ? io::GridStyle::Torchvision : io::GridStyle::Reference;
      io::writePng(o->out, io::toImage8(io::makeGrid(r.images, g)), text);
    }
    if (!o->saveTensor.empty()) io::writeTensorFile(o->saveTensor, r.images);
    if (!o->trajectory.empty()) {
      std::filesystem::create_directories(o->trajectory);
      writeStrip(o->trajectory + "/x_t.png", xs, o->trajectoryColumns, text);
      writeStrip(o->trajectory + "/x0.png", x0s, o->trajectoryColumns, text);
      nlohmann::json steps = {
          {"model_times", times}, {"images", keep}, {"columns_max", o->trajectoryColumns}};
      std::ofstream(o->trajectory + "/steps.json") << steps.dump(1) << "\n";
    }
    if (!o->spikes.empty()) {
      nlohmann::json j = spikeRunToJson(recorder->run(), prov);
      const std::vector<double> rates = recorder->run().meanLayerRates();
      j["energy"] = energyToJson(
          quant ? estimateEnergy(convertedLayerCosts(quant->config), lm.config.snnSteps, rates)
                : estimateEnergy(lm.config, rates),
          r.evaluations);
      writeFileAtomically(o->spikes, j.dump() + "\n");
    }
    if (r.cancelled) throw Cancelled();
  });
}

}  // namespace sdm::cli
