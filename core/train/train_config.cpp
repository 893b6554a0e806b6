#include "train/train_config.h"

#include <nlohmann/json.hpp>

#include <spdlog/fmt/fmt.h>

#include <sstream>

#include "util/error.h"

namespace sdm::train {

const char* trainPrecisionName(TrainPrecision p) {
  return p == TrainPrecision::Bf16 ? "bf16" : "fp32";
}

TrainPrecision parseTrainPrecision(const std::string& s) {
  if (s == "fp32") return TrainPrecision::Fp32;
  if (s == "bf16") return TrainPrecision::Bf16;
  throw Error("training precision must be fp32 or bf16, not '" + s + "'");
}

void TrainConfig::validate() const {
  auto fail = [](const std::string& m) { throw Error("invalid training option: " + m); };
  if (kind == RunKind::TrainAnn) {
    if (bit < 1 || bit > 32) fail("--bit must be in 1..32");
    try {
      annConfig().validate();
    } catch (const Error& e) {
      fail(e.what());
    }
  } else {
    model.validate();
  }
  if (kind == RunKind::TrainAnn && precision != TrainPrecision::Fp32)
    fail("--precision bf16 trains Spk_UNet runs (train, finetune-tsm); train-ann is fp32");
  if (totalSteps < 1) fail("--steps must be at least 1");
  if (batch < 1) fail("--batch must be at least 1");
  if (!(lr > 0) || lr > 1) fail("--lr must be in (0, 1]");
  if (warmup < 0) fail("--warmup must be >= 0");
  if (lrDecayFrom < 0 || (lrDecayFrom > 0 && lrDecayFrom >= totalSteps))
    fail("--lr-decay-from must be 0 (off) or a step before --steps");
  if (ema && !(emaDecay >= 0 && emaDecay < 1)) fail("--ema-decay must be in [0, 1)");
  if (saveEvery < 1) fail("--save-every must be at least 1");
  if (saveMinutes < 0) fail("--save-minutes must be >= 0");
  if (sampleEvery < 0) fail("--sample-every must be >= 0");
  if (sampleSize < 1 || sampleSize > 1024) fail("--sample-size must be in 1..1024");
  if (sampleSteps < 1 || sampleSteps > 1000) fail("--sample-steps must be in 1..1000");
  if (sampleBnBatches < 0 || sampleBnBatches > 10000)
    fail("--sample-bn-batches must be in 0..10000");
  if (runDir.empty()) fail("a run folder is needed (--run-dir)");
  if (kind == RunKind::FinetuneTsm) {
    if (!model.tsm) fail("finetune-tsm trains a Spk_UNet_TSM");
    if (!(tsmLr > 0) || tsmLr > 1) fail("--tsm-lr must be in (0, 1]");
  }
  if (data.imageSize != model.imgSize)
    fail("the data's image size (" + std::to_string(data.imageSize) +
         ") differs from the model's (" + std::to_string(model.imgSize) + ")");
}

QuantUNetConfig TrainConfig::annConfig() const {
  QuantUNetConfig q;
  q.ch = model.ch;
  q.chMult = model.chMult;
  q.numResBlocks = model.numResBlocks;
  q.imgCh = model.imgCh;
  q.imgSize = model.imgSize;
  q.trainingTimesteps = model.trainingTimesteps;
  q.dropout = model.dropout;
  q.bit = bit;
  return q;
}

std::string TrainConfig::modelSummary() const {
  return kind == RunKind::TrainAnn ? annConfig().summary() : model.summary();
}

namespace {
const char* kindName(RunKind k) {
  return k == RunKind::Train ? "train" : k == RunKind::TrainAnn ? "train-ann" : "finetune-tsm";
}
}  // namespace

void to_json(nlohmann::json& j, const TrainConfig& c) {
  j = {{"kind", kindName(c.kind)},
       {"model", c.model},
       {"data", c.data},
       {"run_dir", c.runDir},
       {"total_steps", c.totalSteps},
       {"batch_size", c.batch},
       {"lr", c.lr},
       {"warmup", c.warmup},
       {"lr_decay_from", c.lrDecayFrom},
       {"grad_clip", c.gradClip},
       {"ema", c.ema},
       {"ema_decay", c.emaDecay},
       {"save_every", c.saveEvery},
       {"save_minutes", c.saveMinutes},
       {"keep", c.keep},
       {"sample_every", c.sampleEvery},
       {"sample_size", c.sampleSize},
       {"sample_steps", c.sampleSteps},
       {"sample_bn_batches", c.sampleBnBatches},
       {"seed", c.seed},
       {"sync_batch_norm", c.syncBatchNorm},
       {"precision", trainPrecisionName(c.precision)},
       {"loss", "mse on epsilon, t ~ U{0..T-1}"},
       {"optimizer", "adam(betas=(0.9, 0.999), eps=1e-8)"}};
  if (c.kind == RunKind::TrainAnn) j["bit"] = c.bit;
  if (c.kind == RunKind::TrainAnn && !c.sourceCheckpoint.empty())
    j["init_from"] = {{"checkpoint", c.sourceCheckpoint}, {"weights", c.sourceWeights}};
  if (c.kind == RunKind::FinetuneTsm)
    j["finetune"] = {{"source_checkpoint", c.sourceCheckpoint},
                     {"source_weights", c.sourceWeights},
                     {"tsm_lr", c.tsmLr}};
}

void from_json(const nlohmann::json& j, TrainConfig& c) {
  const std::string kind = j.value("kind", std::string("train"));
  c.kind = kind == "finetune-tsm" ? RunKind::FinetuneTsm
           : kind == "train-ann"  ? RunKind::TrainAnn
                                  : RunKind::Train;
  c.bit = j.value("bit", c.bit);
  if (j.contains("model")) c.model = j["model"].get<ModelConfig>();
  if (j.contains("data")) c.data = j["data"].get<DatasetSpec>();
  c.runDir = j.value("run_dir", c.runDir);
  c.totalSteps = j.value("total_steps", c.totalSteps);
  c.batch = j.value("batch_size", c.batch);
  c.lr = j.value("lr", c.lr);
  c.warmup = j.value("warmup", c.warmup);
  c.lrDecayFrom = j.value("lr_decay_from", c.lrDecayFrom);
  c.gradClip = j.value("grad_clip", c.gradClip);
  c.ema = j.value("ema", c.ema);
  c.emaDecay = j.value("ema_decay", c.emaDecay);
  c.saveEvery = j.value("save_every", c.saveEvery);
  c.saveMinutes = j.value("save_minutes", c.saveMinutes);
  c.keep = j.value("keep", c.keep);
  c.sampleEvery = j.value("sample_every", c.sampleEvery);
  c.sampleSize = j.value("sample_size", c.sampleSize);
  c.sampleSteps = j.value("sample_steps", c.sampleSteps);
  c.sampleBnBatches = j.value("sample_bn_batches", c.sampleBnBatches);
  c.seed = j.value("seed", c.seed);
  c.syncBatchNorm = j.value("sync_batch_norm", c.syncBatchNorm);
  c.precision = parseTrainPrecision(j.value("precision", std::string("fp32")));
  if (j.contains("init_from")) {
    c.sourceCheckpoint = j["init_from"].value("checkpoint", c.sourceCheckpoint);
    c.sourceWeights = j["init_from"].value("weights", c.sourceWeights);
  }
  if (j.contains("finetune")) {
    const auto& f = j["finetune"];
    c.sourceCheckpoint = f.value("source_checkpoint", c.sourceCheckpoint);
    c.sourceWeights = f.value("source_weights", c.sourceWeights);
    c.tsmLr = f.value("tsm_lr", c.tsmLr);
  }
}

std::string flagfileText(const TrainConfig& c) {
  std::ostringstream f;
  // fmt writes the shortest text that reads back as the same double (0.1, not 0.10000000000000001).
  auto flag = [&](const std::string& name, const auto& value) {
    f << fmt::format("--{}={}\n", name, value);
  };
  auto boolean = [&](const std::string& name, bool v) {
    f << "--" << (v ? "" : "no") << name << "\n";
  };
  flag("dataset", toString(c.data.kind));
  if (!c.data.path.empty()) flag("data_dir", c.data.path);
  flag("ch", c.model.ch);
  for (int m : c.model.chMult) flag("ch_mult", m);
  flag("num_res_blocks", c.model.numResBlocks);
  flag("dropout", c.model.dropout);
  if (c.kind == RunKind::TrainAnn)
    flag("bit", c.bit);  // ANN2SNN's flag: the converted SNN runs 2^bit - 1 steps
  else
    flag("timestep", c.model.snnSteps);
  flag("img_ch", c.model.imgCh);
  flag("img_size", c.model.imgSize);
  boolean("tsm", c.model.tsm);
  flag("T", c.model.trainingTimesteps);
  flag("beta_1", 1e-4);
  flag("beta_T", 0.02);
  flag("mean_type", "epsilon");
  flag("var_type", "fixedlarge");
  flag("lr", c.lr);
  flag("grad_clip", c.gradClip);
  flag("total_steps", c.totalSteps);
  flag("warmup", c.warmup);
  flag("batch_size", c.batch);
  boolean("ema", c.ema);
  flag("ema_decay", c.emaDecay);
  boolean("hflip", c.data.flip);
  flag("logdir", c.runDir);
  flag("sample_size", c.sampleSize);
  flag("sample_step", c.sampleEvery);
  flag("save_step", c.saveEvery);
  flag("seed", c.seed);
  if (c.kind == RunKind::FinetuneTsm) {
    flag("pretrained", c.sourceCheckpoint);
    flag("tsm_lr", c.tsmLr);
  }
  return f.str();
}

}  // namespace sdm::train
