// sdm-cli train-classifier, gamma and eval: the offline quality scores and Analytic-DPM's Gamma.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "commands.h"
#include "diffusion/gamma.h"
#include "diffusion/sampler.h"
#include "diffusion/timesteps.h"
#include "io/npz.h"
#include "metrics/classifier.h"
#include "metrics/extractor.h"
#include "metrics/scores.h"
#include "model/loader.h"
#include "progress.h"
#include "sampling_options.h"
#include "train/dataset.h"
#include "util/error.h"
#include "util/resources.h"

namespace sdm::cli {
namespace {

CancelToken g_cancel;
void onSigint(int) { g_cancel.cancel(); }

struct DataCli {
  std::string dataset = "fashion-mnist", dataDir;
  void add(CLI::App* sub, const char* what) {
    sub->add_option("--dataset", dataset, std::string(what) + ": fashion-mnist, mnist, idx, cifar10 or folder");
    sub->add_option("--data-dir", dataDir, "data folder (default for fashion-mnist: Debian's package)");
  }
  train::DatasetSpec spec(const std::string& split, int channels, int64_t limit = 0) const {
    train::DatasetSpec s;
    s.kind = train::parseDatasetKind(dataset);
    s.path = dataDir;
    s.split = split;
    s.channels = channels;
    s.limit = limit;
    return s;
  }
};

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
  auto* sub = app.add_subcommand("train-classifier", "Train the small classifier behind the offline FD/KID/IS scores");
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
  sub->add_option("--stats-out", o->statsOut, "also write the test set's feature statistics (mu, sigma) as .npz");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    train::ImageDataset tr = train::loadDataset(o->data.spec("train", 0));
    train::ImageDataset te = train::loadDataset(o->data.spec("test", 0));
    at::Tensor trY = train::loadIdxLabels(o->data.spec("train", 0)), teY = train::loadIdxLabels(o->data.spec("test", 0));
    at::Tensor trX = allImages(tr), teX = allImages(te);
    SmallClassifier model(tr.channels());
    ProgressLine line("classifier");
    std::signal(SIGINT, onSigint);
    ClassifierReport rep = trainClassifier(
        model, trX, trY, teX, teY, o->train,
        [&](int e, int n, double acc) { line.update(e, n, "test accuracy " + std::to_string(acc)); }, &g_cancel);
    saveClassifier(o->out, model, rep, o->data.dataset);
    line.finish("test accuracy " + std::to_string(100 * rep.testAccuracy) + " % after " + std::to_string(rep.epochs) + " epochs");
    if (!o->statsOut.empty()) {
      at::NoGradGuard ng;
      at::Tensor f;
      auto fx = classifierExtractor(std::make_shared<SmallClassifier>(model), "");
      extractAll(*fx, teX, &f, nullptr);
      GaussianStats s = gaussianStats(f);
      io::writeNpz(o->statsOut, {{"mu", s.mu}, {"sigma", s.sigma}, {"n", at::tensor({s.count}, at::kLong)}});
    }
  });
}

void registerGamma(CLI::App& app) {
  auto* sub = app.add_subcommand("gamma", "Estimate Analytic-DPM's Gamma_t = E||eps(x_t,t)||^2/d over a dataset (resumable)");
  struct Opts {
    Common common;
    DataCli data;
    SamplingCli sampling;
    GammaJob job;
    bool all = false;
  };
  auto o = std::make_shared<Opts>();
  addSamplingOptions(sub, o->sampling);
  o->data.add(sub, "training data");
  sub->add_option("--out", o->job.outPath, "Gamma file (an existing one is completed, not redone)")->required();
  sub->add_option("--samples", o->job.samplesPerTimestep, "images per timestep")->check(CLI::Range(1, 10000000));
  sub->add_flag("--all-timesteps", o->all, "every training timestep instead of the grid of --steps/--skip");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    SamplingCli& s = o->sampling;
    LoadedModel lm = loadModel(s.checkpoint, s.loadOptions());
    Schedule schedule(lm.config.trainingTimesteps);
    if (o->all) {
      for (int t = lm.config.trainingTimesteps - 1; t >= 0; --t) o->job.timesteps.push_back(t);
    } else {
      auto grid = integerGrid(s.skip, s.steps > 0 ? s.steps : 50, schedule);
      o->job.timesteps.assign(grid.begin(), grid.end() - 1);
    }
    o->job.seed = s.seed;
    o->job.batch = std::max(1, s.batch);
    train::DatasetSpec spec = o->data.spec("train", lm.config.imgCh, o->job.samplesPerTimestep);
    spec.imageSize = lm.config.imgSize;
    at::Tensor data = allImages(train::loadDataset(spec));
    NetworkEps eps(*lm.model, {static_cast<float>(s.threshold), 0, nullptr, &g_cancel});
    ProgressLine line("gamma");
    std::signal(SIGINT, onSigint);
    GammaTable table = estimateGamma(eps, schedule, data, o->job, [&](int64_t d, int64_t n) { line.update(d, n); }, &g_cancel);
    const auto missing = table.missing(o->job.timesteps);
    line.finish(missing.empty() ? "wrote " + o->job.outPath
                                : "cancelled; " + o->job.outPath + " holds the finished timesteps (run again to complete)");
    if (!missing.empty()) throw Cancelled();
  });
}

void registerEval(CLI::App& app) {
  auto* sub = app.add_subcommand("eval", "Offline quality scores of a model's samples (FD, KID, IS analogue), labelled");
  struct Opts {
    Common common;
    DataCli data;
    SamplingCli sampling;
    int n = 1000;
    std::string classifier, inception, refStats, anchor = "model", outJson;
    bool noKid = false;
  };
  auto o = std::make_shared<Opts>();
  addSamplingOptions(sub, o->sampling, false);
  o->data.add(sub, "real images for KID and the real-data anchor");
  sub->add_option("--n", o->n, "number of generated images")->check(CLI::Range(10, 1000000));
  sub->add_option("--classifier", o->classifier, "the studio classifier (default: the bundled Fashion-MNIST one)");
  sub->add_option("--inception", o->inception, "standard FID/IS: the user's Inception network as TorchScript");
  sub->add_option("--ref-stats", o->refStats, "reference statistics .npz (mu, sigma), e.g. pytorch-fid's cifar10.train.npz");
  sub->add_option("--anchor", o->anchor,
                  "model (score the checkpoint), real (training images: the floor) or noise (pure noise: the ceiling)")
      ->check(CLI::IsMember({"model", "real", "noise"}));
  sub->add_flag("--no-kid", o->noKid, "skip KID (it needs the real test images)");
  sub->add_option("--out-json", o->outJson, "append the result as a JSON line (default: <checkpoint>.eval.jsonl)");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    SamplingCli& s = o->sampling;
    std::unique_ptr<FeatureExtractor> fx;
    if (!o->inception.empty()) {
      if (o->refStats.empty()) throw Error("--inception needs --ref-stats (mu, sigma of the reference set)");
      fx = inceptionExtractor(o->inception);
    } else {
      std::string desc;
      auto model = loadClassifier(resourceOr(o->classifier, "models/fmnist_classifier.pt", "--classifier"), &desc);
      fx = classifierExtractor(model, desc);
    }
    auto stats = io::readNpz(resourceOr(o->refStats, "models/fmnist_test_stats.npz", "--ref-stats"));
    if (!stats.count("mu") || !stats.count("sigma")) throw Error("the reference statistics need arrays mu and sigma");
    GaussianStats ref{stats["mu"], stats["sigma"], 0};

    nlohmann::json meta{{"anchor", o->anchor}, {"n", o->n}};
    at::Tensor images;
    int imgCh = 1, imgSize = 32;
    if (o->anchor == "model") {
      if (s.checkpoint.empty()) throw Error("--checkpoint is required (or use --anchor real / noise)");
      LoadedModel lm = loadModel(s.checkpoint, s.loadOptions());
      imgCh = lm.config.imgCh;
      imgSize = lm.config.imgSize;
      SampleRequest req = s.request(lm.config);
      req.batch = o->n;
      NetworkEps eps(*lm.model, {static_cast<float>(s.threshold), s.microBatch, nullptr, &g_cancel});
      ProgressLine line("eval");
      std::signal(SIGINT, onSigint);
      SampleResult r = runSampler(eps, Schedule(lm.config.trainingTimesteps), req,
                                  [&](const StepFrame& f) { line.update(f.evaluation + 1, f.totalEvaluations); });
      if (r.cancelled) throw Cancelled();
      line.finish("sampled " + std::to_string(o->n) + " images in " + formatSeconds(r.seconds));
      images = r.images;
      meta["checkpoint"] = s.checkpoint;
      meta["weights"] = lm.weights;
      meta["ema"] = lm.weights == "ema_model";
      meta["sampler"] = req.describe();
      meta["threshold"] = s.threshold;
    } else if (o->anchor == "real") {
      train::DatasetSpec spec = o->data.spec("train", imgCh, o->n);
      images = allImages(train::loadDataset(spec));
    } else {
      images = at::randn({o->n, imgCh, imgSize, imgSize}, at::detail::createCPUGenerator(s.seed)).clamp(-1, 1);
    }
    at::Tensor realFeatures;
    if (!o->noKid) {
      train::DatasetSpec spec = o->data.spec("test", imgCh);
      extractAll(*fx, allImages(train::loadDataset(spec)), &realFeatures, nullptr);
    }
    ScoreReport rep = scoreImages(*fx, images, ref, realFeatures);
    meta["scores"] = rep.toJson();
    std::cout << std::fixed << std::setprecision(4) << rep.fdName() << " = " << rep.fd << "   (N=" << rep.n << ", "
              << o->anchor;
    if (meta.contains("sampler"))
      std::cout << ", " << meta["sampler"]["summary"].get<std::string>() << ", seed " << s.seed << ", "
                << (meta["ema"].get<bool>() ? "EMA" : "raw") << " weights";
    std::cout << ")\n";
    if (rep.kid) std::cout << "KID = " << rep.kid->mean << " +- " << rep.kid->std << "   (same extractor, " << rep.kid->subsets << " subsets of " << rep.kid->subsetSize << ")\n";
    if (rep.classes)
      std::cout << "IS analogue = " << rep.classes->isMean << " +- " << rep.classes->isStd << ", confident (p >= 0.5) "
                << 100 * rep.classes->confidentFraction << " %, class entropy " << rep.classes->classEntropy << " / ln 10 = "
                << std::log(10.0) << "\n";
    std::string out = o->outJson;
    if (out.empty() && !s.checkpoint.empty() && o->anchor == "model") out = s.checkpoint + ".eval.jsonl";
    if (!out.empty()) std::ofstream(out, std::ios::app) << meta.dump() << "\n";
  });
}

}  // namespace sdm::cli
