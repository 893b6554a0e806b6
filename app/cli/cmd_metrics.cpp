// sdm-cli train-classifier, gamma and eval: the offline quality scores and Analytic-DPM's Gamma.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "commands.h"
#include "data_options.h"
#include "diffusion/sampler.h"
#include "io/npz.h"
#include "metrics/classifier.h"
#include "metrics/evaluate.h"
#include "metrics/extractor.h"
#include "metrics/gamma_estimation.h"
#include "metrics/scores.h"
#include "model/loader.h"
#include "progress.h"
#include "quant_options.h"
#include "sampling_options.h"
#include "train/dataset.h"
#include "util/error.h"
#include "util/resources.h"

namespace sdm::cli {
namespace {

CancelToken g_cancel;
void onSigint(int) { g_cancel.cancel(); }

at::Tensor allImages(const train::ImageDataset& d) {
  return d.batch(at::arange(d.size(), at::kLong), at::zeros({d.size()}, at::kBool));
}

std::string resourceOr(const std::string& given, const std::string& bundled, const char* what) {
  if (!given.empty()) return given;
  if (auto p = findResource(bundled)) return *p;
  throw Error(std::string("no ") + what + " given and the bundled " + bundled + " was not found");
}

}  // namespace

void registerTrainClassifier(CLI::App& app) {
  auto* sub = app.add_subcommand("train-classifier",
                                 "Train the small classifier behind the offline FD/KID/IS scores");
  struct Opts {
    Common common;
    DataCli data;
    ClassifierTraining train;
    std::string out, statsOut;
  };
  auto o = std::make_shared<Opts>();
  o->data.add(sub, "labelled data");
  sub->add_option("--epochs", o->train.epochs, "epochs")->check(CLI::Range(1, 1000));
  sub->add_option("--lr", o->train.lr, "Adam learning rate");
  sub->add_option("--seed", o->train.seed, "seed");
  sub->add_option("--out", o->out, "classifier file to write")->required();
  sub->add_option("--stats-out", o->statsOut,
                  "also write the test set's feature statistics (mu, sigma) as .npz");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    train::ImageDataset tr = train::loadDataset(o->data.spec("train", 0));
    train::ImageDataset te = train::loadDataset(o->data.spec("test", 0));
    at::Tensor trY = train::loadIdxLabels(o->data.spec("train", 0)),
               teY = train::loadIdxLabels(o->data.spec("test", 0));
    at::Tensor trX = allImages(tr), teX = allImages(te);
    SmallClassifier model(tr.channels());
    ProgressLine line("classifier");
    std::signal(SIGINT, onSigint);
    ClassifierReport rep = trainClassifier(
        model, trX, trY, teX, teY, o->train,
        [&](int e, int n, double acc) {
          line.update(e, n, "test accuracy " + std::to_string(acc));
        },
        &g_cancel);
    saveClassifier(o->out, model, rep, o->data.dataset);
    line.finish("test accuracy " + std::to_string(100 * rep.testAccuracy) + " % after " +
                std::to_string(rep.epochs) + " epochs");
    if (!o->statsOut.empty()) {
      at::NoGradGuard ng;
      at::Tensor f;
      auto fx = classifierExtractor(std::make_shared<SmallClassifier>(model), "");
      extractAll(*fx, teX, &f, nullptr);
      GaussianStats s = gaussianStats(f);
      io::writeNpz(o->statsOut,
                   {{"mu", s.mu}, {"sigma", s.sigma}, {"n", at::tensor({s.count}, at::kLong)}});
    }
  });
}

void registerGamma(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "gamma", "Estimate Analytic-DPM's Gamma_t = E||eps(x_t,t)||^2/d over a dataset (resumable)");
  struct Opts {
    Common common;
    DataCli data;
    SamplingCli sampling;
    GammaRequest req;
  };
  auto o = std::make_shared<Opts>();
  addSamplingOptions(sub, o->sampling);
  o->data.add(sub, "training data");
  sub->add_option("--out", o->req.outPath, "Gamma file (an existing one is completed, not redone)")
      ->required();
  sub->add_option("--samples", o->req.samplesPerTimestep, "images per timestep")
      ->check(CLI::Range(1, 10000000));
  sub->add_flag("--all-timesteps", o->req.allTimesteps,
                "every training timestep instead of the grid of --steps/--skip");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    const SamplingCli& s = o->sampling;
    GammaRequest& req = o->req;
    req.checkpoint = s.checkpoint;
    req.load = s.loadOptions();
    req.steps = s.steps;
    req.skip = parseTimeGrid(s.skip);
    req.seed = s.seed;
    req.batch = std::max(1, s.batch);
    req.threshold = s.threshold;
    req.dataset = o->data.dataset;
    req.dataDir = o->data.dataDir;
    ProgressLine line("gamma");
    std::signal(SIGINT, onSigint);
    const GammaOutcome r = makeGammaFile(
        req,
        [&](const GammaProgress& p) {
          if (p.stage == GammaProgress::Stage::Estimating && p.done > 0)
            line.update(p.done, p.total);
        },
        g_cancel);
    line.finish(r.complete ? "wrote " + req.outPath
                           : "cancelled; " + req.outPath +
                                 " holds the finished timesteps (run again to complete)");
    if (!r.complete) throw Cancelled();
  });
}

void registerEval(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "eval", "Offline quality scores of a model's samples (FD, KID, IS analogue), labelled");
  struct Opts {
    Common common;
    DataCli data;
    SamplingCli sampling;
    int n = 1000;
    std::string classifier, inception, refStats, anchor = "model", outJson;
    bool noKid = false;
    QuantCli quant;
  };
  auto o = std::make_shared<Opts>();
  addSamplingOptions(sub, o->sampling, false);
  addQuantOptions(sub, o->quant);
  o->data.add(sub, "real images for KID and the real-data anchor");
  sub->add_option("--n", o->n, "number of generated images")->check(CLI::Range(10, 1000000));
  sub->add_option("--classifier", o->classifier,
                  "the studio classifier (default: the bundled Fashion-MNIST one)");
  sub->add_option("--inception", o->inception,
                  "standard FID/IS: the user's Inception network as TorchScript");
  sub->add_option("--ref-stats", o->refStats,
                  "reference statistics .npz (mu, sigma), e.g. pytorch-fid's cifar10.train.npz");
  sub->add_option("--anchor", o->anchor,
                  "model (score the checkpoint), real (training images: the floor) or noise (pure "
                  "noise: the ceiling)")
      ->check(CLI::IsMember({"model", "real", "noise"}));
  sub->add_flag("--no-kid", o->noKid, "skip KID (it needs the real test images)");
  sub->add_option("--out-json", o->outJson,
                  "append the result as a JSON line (default: <checkpoint>.eval.jsonl)");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    const SamplingCli& s = o->sampling;
    EvalRequest req;
    req.anchor = o->anchor;
    req.checkpoint = s.checkpoint;
    req.load = s.loadOptions();
    req.quant = o->quant.options(s.weights);
    req.solver = s.solverOptions();  // steps <= 0: the solver's default for the model
    req.gammaPath = s.gamma;
    req.noisePath = s.noise;
    req.noiseMode = s.noiseMode == "batch" ? NoiseMode::Batch : NoiseMode::PerImage;
    req.seed = s.seed;
    req.n = o->n;
    req.threshold = s.threshold;
    req.microBatch = s.microBatch;
    req.precision = s.precisionMode();
    req.classifier = o->classifier;
    req.inception = o->inception;
    req.refStats = o->refStats;
    req.kid = !o->noKid;
    req.dataset = o->data.dataset;
    req.dataDir = o->data.dataDir;
    req.outJson = o->outJson;
    ProgressLine line("eval");
    bool sampling = false;
    std::signal(SIGINT, onSigint);
    nlohmann::json result = evaluate(
        req,
        [&](const EvalProgress& p) {
          if (p.stage != EvalProgress::Stage::Sampling) return;
          sampling = true;
          line.update(p.done, p.total);
        },
        g_cancel);
    if (sampling)
      line.finish("sampled " + std::to_string(req.n) + " images in " +
                  formatSeconds(result.value("seconds", 0.0)));
    std::cout << evalSummaryText(result);
  });
}

}  // namespace sdm::cli
