// sdm-cli inherit-tsm and init: make new checkpoints from old ones or from scratch.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <sstream>

#include "commands.h"
#include "data_options.h"
#include "int_list.h"
#include "io/checkpoint.h"
#include "model/inherit.h"
#include "model/loader.h"
#include "model/spk_unet.h"
#include "train/bn_recalibration.h"
#include "train/dataset.h"
#include "util/error.h"

namespace sdm::cli {

void registerInheritTsm(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "inherit-tsm", "Turn a Spk_UNet checkpoint into a Spk_UNet_TSM one (tsmp = 1: same outputs)");
  struct Opts {
    Common common;
    std::string in, out;
    int snnSteps = 0;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--in", o->in, "Spk_UNet checkpoint")->required();
  sub->add_option("--out", o->out, "Spk_UNet_TSM checkpoint to write")->required();
  sub->add_option("--snn-steps", o->snnSteps,
                  "SNN time steps T of the source (a TSM model is tied to it)")
      ->check(CLI::Range(0, 256));
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    io::Checkpoint ck = io::readCheckpoint(o->in);
    LoadOptions opt;
    opt.snnSteps = o->snnSteps;
    opt.weights = ck.hasNet() ? WeightsChoice::Net : WeightsChoice::Ema;
    ModelConfig c = resolveConfig(ck, opt, nullptr);
    if (c.tsm) throw Error(o->in + " is already a Spk_UNet_TSM checkpoint");
    io::CheckpointData data;
    data.net = inheritTsm(ck.hasNet() ? ck.net : ck.ema, c);
    if (ck.hasEma()) data.ema = inheritTsm(ck.ema, c);
    data.xT = ck.xT;
    ModelConfig tsm = c;
    tsm.tsm = true;
    data.studio = io::studioMetadata(tsm);
    data.studio["inherited_from"] = {{"file", o->in}, {"step", ck.step ? *ck.step : -1}};
    io::writeCheckpoint(o->out, data);
    std::cout << "wrote " << o->out << ": " << tsm.summary() << " (tsmp = 1"
              << (ck.hasEma() ? ", net and EMA weights" : "") << ")\n";
  });
}

void registerInit(CLI::App& app) {
  auto* sub =
      app.add_subcommand("init", "Write a freshly initialised model checkpoint (random weights)");
  struct Opts {
    Common common;
    std::string out, chMult = "1,2,2,4", attn;
    ModelConfig c;
    uint64_t seed = 0;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--out", o->out, "checkpoint to write")->required();
  sub->add_option("--ch", o->c.ch, "base channels")->capture_default_str();
  sub->add_option("--ch-mult", o->chMult, "channel multipliers per level, e.g. 1,2,2,4")
      ->capture_default_str();
  sub->add_option("--attn", o->attn,
                  "attention levels (accepted for compatibility; none supported)");
  sub->add_option("--num-res-blocks", o->c.numResBlocks, "ResBlocks per level")
      ->capture_default_str();
  sub->add_option("--img-ch", o->c.imgCh, "image channels")->capture_default_str();
  sub->add_option("--img-size", o->c.imgSize, "image size")->capture_default_str();
  sub->add_option("--snn-steps", o->c.snnSteps, "SNN time steps T")->capture_default_str();
  sub->add_flag("--tsm", o->c.tsm, "Spk_UNet_TSM (temporal-wise spiking mechanism)");
  sub->add_option("--seed", o->seed, "initialisation seed")->capture_default_str();
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    ModelConfig c = o->c;
    c.chMult = parseIntList(o->chMult);
    c.attn = parseIntList(o->attn);
    c.snnStepsSource = SnnStepsSource::User;
    c.validate();
    at::manual_seed(o->seed);
    SpkUNet model(c);
    io::CheckpointData data;
    data.net = model.stateDict();
    data.step = 0;
    data.studio = io::studioMetadata(c);
    io::writeCheckpoint(o->out, data);
    std::cout << "wrote " << o->out << ": " << c.summary() << "\n";
  });
}

}  // namespace sdm::cli

namespace sdm::cli {

void registerExportWeights(CLI::App& app) {
  auto* sub = app.add_subcommand("export-weights",
                                 "Write a checkpoint for sharing: the chosen weights, step, x_T "
                                 "and metadata, no optimizer state");
  struct Opts {
    Common common;
    std::string in, out, weights = "net,ema";
    DataCli data;
    train::BnRecalibration recal{0, 64, 0};
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--in", o->in, "checkpoint to read")->required();
  sub->add_option("--out", o->out, "checkpoint to write")->required();
  sub->add_option("--weights", o->weights, "net, ema or net,ema")
      ->check(CLI::IsMember({"net", "ema", "net,ema"}))
      ->capture_default_str();
  sub->add_option("--recalibrate-bn", o->recal.batches,
                  "recompute the BatchNorm statistics of the written weights from this many "
                  "train-mode forwards on noised training images (0: keep the file's)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  sub->add_option("--bn-batch", o->recal.batchSize, "images per recalibration forward")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  o->data.add(sub, "recalibration data");
  sub->add_option("--seed", o->recal.seed, "recalibration images, timesteps and noise")
      ->capture_default_str();
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    io::Checkpoint ck = io::readCheckpoint(o->in);
    const bool net = o->weights != "ema", ema = o->weights != "net";
    if (net && !ck.hasNet()) throw Error(o->in + " has no net_model weights");
    if (ema && !ck.hasEma()) throw Error(o->in + " has no ema_model weights");
    LoadOptions opt;
    opt.weights = net ? WeightsChoice::Net : WeightsChoice::Ema;
    const ModelConfig c = resolveConfig(ck, opt, nullptr);  // validates the weights against it
    io::CheckpointData data;
    if (net) data.net = ck.net;
    if (ema) data.ema = ck.ema;
    std::string recalData;
    if (o->recal.batches > 0) {
      train::DatasetSpec spec = o->data.spec("train", c.imgCh);
      spec.imageSize = c.imgSize;
      const train::ImageDataset images = train::loadDataset(spec);
      recalData = images.description();
      // Net and EMA share the architecture resolved above; the file is read once.
      auto recalibrated = [&](const StateDict& weights) {
        SpkUNet model(c);
        model.loadStateDict(weights);
        train::recalibrateBatchNorm(model, images, o->recal);
        return model.stateDict();
      };
      if (net) data.net = recalibrated(data.net);
      if (ema) data.ema = recalibrated(data.ema);
    }
    data.step = ck.step;
    data.xT = ck.xT;
    data.studio = ck.studio.is_object() ? ck.studio : io::studioMetadata(c);
    data.studio["exported_from"] = {{"file", o->in}, {"weights", o->weights}};
    if (o->recal.batches > 0)
      data.studio["batch_norm_recalibrated"] = {{"batches", o->recal.batches},
                                                {"batch_size", o->recal.batchSize},
                                                {"seed", o->recal.seed},
                                                {"data", recalData}};
    io::writeCheckpoint(o->out, data);
    std::cout << "wrote " << o->out << ": " << c.summary() << " (" << o->weights << " weights"
              << (ck.step ? ", step " + std::to_string(*ck.step) : std::string()) << ")\n";
  });
}

}  // namespace sdm::cli
