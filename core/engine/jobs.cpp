// The studio's jobs: JobSpec <-> TrainConfig / EvalRequest / GammaRequest, and runJob() on a
// worker thread.
#include "engine/jobs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/checkpoint.h"
#include "model/loader.h"
#include "model/quant_convert.h"
#include "train/alloc_tuning.h"
#include "train/run_folder.h"
#include "train/trainer.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm {
namespace {

namespace fs = std::filesystem;

const char* weightsName(WeightsChoice w) {
  return w == WeightsChoice::Net ? "net" : w == WeightsChoice::Ema ? "ema" : "auto";
}

nlohmann::json gammaToJson(const GammaRequest& r) {
  return {{"checkpoint", r.checkpoint},
          {"weights", weightsName(r.load.weights)},
          {"snn_steps", r.load.snnSteps},
          {"img_size", r.load.imgSize},
          {"out", r.outPath},
          {"steps", r.steps},
          {"skip", r.skip},
          {"all_timesteps", r.allTimesteps},
          {"samples", r.samplesPerTimestep},
          {"batch", r.batch},
          {"seed", r.seed},
          {"threshold", r.threshold},
          {"dataset", r.dataset},
          {"data_dir", r.dataDir}};
}

void gammaFromJson(const nlohmann::json& j, GammaRequest& r) {
  const GammaRequest d;
  r.checkpoint = j.value("checkpoint", d.checkpoint);
  r.load.weights = parseWeightsChoice(j.value("weights", std::string("auto")));
  r.load.snnSteps = j.value("snn_steps", 0);
  r.load.imgSize = j.value("img_size", 0);
  r.outPath = j.value("out", d.outPath);
  r.steps = j.value("steps", d.steps);
  r.skip = j.value("skip", d.skip);
  r.allTimesteps = j.value("all_timesteps", d.allTimesteps);
  r.samplesPerTimestep = j.value("samples", d.samplesPerTimestep);
  r.batch = j.value("batch", d.batch);
  r.seed = j.value("seed", d.seed);
  r.threshold = j.value("threshold", d.threshold);
  r.dataset = j.value("dataset", d.dataset);
  r.dataDir = j.value("data_dir", d.dataDir);
}

std::string joinInts(const std::vector<int>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s;
}

// The TrainConfig of a new run described by `spec`.
train::TrainConfig newRunConfig(const JobSpec& spec) {
  train::TrainConfig c;
  c.kind = spec.kind == JobKind::FinetuneTsm ? train::RunKind::FinetuneTsm
           : spec.kind == JobKind::TrainAnn  ? train::RunKind::TrainAnn
                                             : train::RunKind::Train;
  c.runDir = spec.runDir;
  c.data.kind = train::parseDatasetKind(spec.dataset);
  c.data.path = spec.dataDir;
  c.data.limit = spec.limit;
  c.totalSteps = spec.totalSteps;
  c.batch = spec.batch;
  c.lr = spec.lr;
  c.warmup = spec.warmup;
  c.lrDecayFrom = spec.lrDecayFrom;
  c.ema = spec.ema;
  c.emaDecay = spec.emaDecay;
  c.saveEvery = spec.saveEvery;
  c.sampleEvery = spec.sampleEvery;
  c.sampleSize = spec.sampleSize;
  c.sampleSteps = spec.sampleSteps;
  c.seed = spec.seed;
  if (spec.kind == JobKind::Train || spec.kind == JobKind::TrainAnn) {
    c.bit = spec.bit;
    c.model.ch = spec.ch;
    c.model.chMult = spec.chMult;
    c.model.numResBlocks = spec.numResBlocks;
    c.model.snnSteps = spec.snnSteps;
    c.model.snnStepsSource = SnnStepsSource::User;
    c.model.imgSize = spec.imgSize;
    c.model.imgCh =
        c.data.kind == train::DatasetKind::Cifar10 || c.data.kind == train::DatasetKind::Folder ? 3
                                                                                                : 1;
  } else {
    if (spec.sourceCheckpoint.empty())
      throw Error("a TSM finetune needs the Spk_UNet checkpoint to start from");
    if (spec.sourceWeights != "net" && spec.sourceWeights != "ema")
      throw Error("the source weights must be net or ema");
    io::Checkpoint ck = io::readCheckpoint(spec.sourceCheckpoint);
    LoadOptions lo;
    lo.snnSteps = spec.snnSteps > 0 ? spec.snnSteps : 0;
    lo.weights = spec.sourceWeights == "ema" ? WeightsChoice::Ema : WeightsChoice::Net;
    ModelConfig source = resolveConfig(ck, lo, nullptr);
    if (source.tsm) throw Error(spec.sourceCheckpoint + " is already a Spk_UNet_TSM checkpoint");
    c.model = source;
    c.model.tsm = true;
    c.sourceCheckpoint = fs::absolute(spec.sourceCheckpoint).string();
    c.sourceWeights = spec.sourceWeights;
    c.tsmLr = spec.tsmLr;
  }
  c.data.channels = c.model.imgCh;
  c.data.imageSize = c.model.imgSize;
  c.validate();
  return c;
}

std::string parentFolder(const std::string& file) {
  const fs::path parent = fs::path(file).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

JobOutcome runTrainJob(const JobSpec& spec, const std::function<void(const JobProgress&)>& emit,
                       const CancelToken& cancel) {
  if (spec.runDir.empty()) throw Error("a training job needs a run folder");
  ensureWritableFolder(spec.runDir, "run folder");
  train::TrainConfig cfg;
  train::TrainRuntime rt;
  std::error_code ec;
  if (runHasCheckpoint(spec.runDir) && fs::exists(fs::path(spec.runDir) / "config.json", ec)) {
    cfg = train::readRunConfig(spec.runDir);
    cfg.runDir = spec.runDir;
    // What a resumed run may change; everything else stays as the run started.
    cfg.totalSteps = spec.totalSteps;
    cfg.saveEvery = spec.saveEvery;
    cfg.sampleEvery = spec.sampleEvery;
    if (!spec.dataDir.empty()) cfg.data.path = spec.dataDir;
    rt.resumeFrom = *train::findLatestCheckpoint(spec.runDir);
  } else {
    cfg = newRunConfig(spec);
  }
  rt.cancel = cancel;
  rt.onProgress = [&](const train::TrainProgress& p) {
    using E = train::TrainProgress::Event;
    JobProgress q;
    q.event = p.event == E::Checkpoint  ? JobProgress::Event::Checkpoint
              : p.event == E::Sample    ? JobProgress::Event::Sample
              : p.event == E::Finished  ? JobProgress::Event::Finished
              : p.event == E::Cancelled ? JobProgress::Event::Cancelled
                                        : JobProgress::Event::Step;
    q.step = p.step;
    q.total = p.totalSteps;
    q.loss = p.loss;
    q.lr = p.lr;
    q.imagesPerSecond = p.imagesPerSecond;
    q.elapsedSeconds = p.elapsedSeconds;
    q.etaSeconds = p.etaSeconds;
    q.path = p.path;
    emit(q);
  };
  train::keepFreedMemoryInProcess();
  const train::TrainResult r = train::runTraining(cfg, rt);
  JobOutcome out;
  out.cancelled = r.cancelled;
  out.step = r.step;
  out.checkpoint = r.checkpoint;
  return out;
}

JobOutcome runEvalJob(const JobSpec& spec, const std::function<void(const JobProgress&)>& emit,
                      const CancelToken& cancel) {
  JobOutcome out;
  try {
    out.result = evaluate(
        spec.eval,
        [&](const EvalProgress& p) {
          JobProgress q;
          q.step = p.done;
          q.total = p.total;
          q.elapsedSeconds = p.elapsedSeconds;
          if (p.done > 0 && p.total > 0)
            q.etaSeconds = p.elapsedSeconds / p.done * (p.total - p.done);
          q.stage = p.stage == EvalProgress::Stage::Loading    ? "loading"
                    : p.stage == EvalProgress::Stage::Sampling ? "sampling"
                    : p.stage == EvalProgress::Stage::Scoring  ? "scoring"
                                                               : "done";
          emit(q);
        },
        cancel);
  } catch (const Cancelled&) {
    out.cancelled = true;
  }
  return out;
}

JobOutcome runConvertJob(const JobSpec& spec, const std::function<void(const JobProgress&)>& emit) {
  if (spec.convertOut.empty()) throw Error("a conversion needs the file to write");
  ensureWritableFolder(parentFolder(spec.convertOut), "output folder");
  JobProgress p;
  p.stage = "converting";
  p.path = spec.convertOut;
  emit(p);
  ConvertOptions o;
  o.load.weights = parseWeightsChoice(spec.sourceWeights);
  o.spikeTime = spec.convertSpikeTime;
  JobOutcome out;
  out.result = convertAnnToSnn(spec.sourceCheckpoint, spec.convertOut, o);
  out.checkpoint = spec.convertOut;
  return out;
}

JobOutcome runGammaJob(const JobSpec& spec, const std::function<void(const JobProgress&)>& emit,
                       const CancelToken& cancel) {
  if (!spec.gamma.outPath.empty())
    ensureWritableFolder(parentFolder(spec.gamma.outPath), "output folder");
  const GammaOutcome r = makeGammaFile(
      spec.gamma,
      [&](const GammaProgress& p) {
        JobProgress q;
        q.step = p.done;
        q.total = p.total;
        q.elapsedSeconds = p.elapsedSeconds;
        q.etaSeconds = p.etaSeconds;
        q.path = spec.gamma.outPath;
        q.stage = p.stage == GammaProgress::Stage::Loading ? "loading" : "estimating";
        emit(q);
      },
      cancel);
  JobOutcome out;
  out.cancelled = !r.complete;
  out.step = r.done;
  out.result = {{"gamma", spec.gamma.outPath}, {"timesteps", r.total}, {"done", r.done}};
  return out;
}

const char* evalStageName(EvalProgress::Stage s) {
  return s == EvalProgress::Stage::Loading    ? "loading"
         : s == EvalProgress::Stage::Sampling ? "sampling"
         : s == EvalProgress::Stage::Scoring  ? "scoring"
                                              : "done";
}

// Progress in cells; a Sample event whenever a cell has ended (study.json was rewritten), so that
// a view of the table can re-read it.
JobOutcome runStudyJob(const JobSpec& spec, const std::function<void(const JobProgress&)>& emit,
                       const CancelToken& cancel) {
  int lastCell = -1;
  const StudyOutcome r = runStudy(
      spec.study,
      [&](const StudyProgress& p) {
        JobProgress q;
        q.step = p.cell;
        q.total = p.cells;
        q.elapsedSeconds = p.elapsedSeconds;
        q.etaSeconds = p.etaSeconds;
        q.path = spec.study.outDir;
        if (p.cell != lastCell && lastCell >= 0) {
          q.event = JobProgress::Event::Sample;
          emit(q);
        }
        lastCell = p.cell;
        q.event = JobProgress::Event::Step;
        std::ostringstream stage;
        stage << p.label << " · " << evalStageName(p.eval.stage);
        if (p.eval.stage == EvalProgress::Stage::Sampling && p.eval.total > 0)
          stage << " " << p.eval.done << "/" << p.eval.total;
        q.stage = stage.str();
        emit(q);
      },
      cancel);
  const int cells = static_cast<int>(r.table.value("cells", nlohmann::json::array()).size());
  JobProgress last;
  last.event = JobProgress::Event::Sample;
  last.step = r.cancelled ? std::max(lastCell, 0) : cells;
  last.total = cells;
  last.path = spec.study.outDir;
  emit(last);
  JobOutcome out;
  out.cancelled = r.cancelled;
  out.step = last.step;
  out.result = {{"out", spec.study.outDir},
                {"cells", cells},
                {"cells_run", r.cellsRun},
                {"cells_reused", r.cellsReused}};
  return out;
}

std::string countOf(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

const char* toString(JobKind k) {
  switch (k) {
    case JobKind::Train:
      return "train";
    case JobKind::FinetuneTsm:
      return "finetune-tsm";
    case JobKind::Eval:
      return "eval";
    case JobKind::Gamma:
      return "gamma";
    case JobKind::TrainAnn:
      return "train-ann";
    case JobKind::Convert:
      return "convert";
    case JobKind::Study:
      return "study";
  }
  return "?";
}

JobKind parseJobKind(const std::string& s) {
  if (s == "train") return JobKind::Train;
  if (s == "finetune-tsm") return JobKind::FinetuneTsm;
  if (s == "eval") return JobKind::Eval;
  if (s == "gamma") return JobKind::Gamma;
  if (s == "train-ann") return JobKind::TrainAnn;
  if (s == "convert") return JobKind::Convert;
  if (s == "study") return JobKind::Study;
  throw Error("unknown job kind '" + s +
              "' (train, finetune-tsm, eval, gamma, train-ann, convert or study)");
}

std::string JobSpec::title() const {
  std::ostringstream o;
  switch (kind) {
    case JobKind::Train:
      o << "train ch " << ch << " [" << joinInts(chMult) << "] T " << snnSteps << " · "
        << totalSteps << " steps";
      break;
    case JobKind::Convert:
      o << "convert " << fs::path(sourceCheckpoint).filename().string() << " to an SNN · "
        << fs::path(convertOut).filename().string();
      break;
    case JobKind::TrainAnn:
      o << "train-ann ch " << ch << " [" << joinInts(chMult) << "] " << bit << "-bit · "
        << totalSteps << " steps";
      break;
    case JobKind::FinetuneTsm:
      o << "TSM finetune of " << fs::path(sourceCheckpoint).filename().string() << " · "
        << totalSteps << " steps";
      break;
    case JobKind::Eval:
      o << "eval " << fs::path(eval.checkpoint).filename().string() << " · "
        << toString(eval.solver.kind) << " " << eval.solver.steps << " steps · N " << eval.n;
      break;
    case JobKind::Study: {
      const StudyAxes& a = study.axes;
      o << "study ";
      if (a.checkpoints.size() > 1) o << countOf(a.checkpoints.size(), "model", "models") << " × ";
      o << countOf(a.solvers.size(), "solver", "solvers") << " × "
        << countOf(a.steps.size(), "step count", "steps") << " × " << a.thresholds.size() << " θ";
      if (a.precisions.size() > 1) o << " × " << a.precisions.size() << " precisions";
      o << " · N " << study.base.n;
      break;
    }
    case JobKind::Gamma:
      o << "Gamma of " << fs::path(gamma.checkpoint).filename().string() << " · ";
      if (gamma.allTimesteps)
        o << "all timesteps";
      else
        o << gamma.steps << " steps";
      o << " · " << gamma.samplesPerTimestep << " samples per timestep";
      break;
  }
  return o.str();
}

void to_json(nlohmann::json& j, const JobSpec& s) {
  j = {{"kind", toString(s.kind)}, {"run_dir", s.runDir}};
  if (s.kind == JobKind::Eval) {
    j["eval"] = s.eval;
    return;
  }
  if (s.kind == JobKind::Gamma) {
    j["gamma"] = gammaToJson(s.gamma);
    return;
  }
  if (s.kind == JobKind::Study) {
    j["study"] = s.study;
    return;
  }
  if (s.kind == JobKind::Convert) {
    j.update({{"source_checkpoint", s.sourceCheckpoint},
              {"source_weights", s.sourceWeights},
              {"convert_out", s.convertOut},
              {"convert_spike_time", s.convertSpikeTime}});
    return;
  }
  j.update({{"dataset", s.dataset},
            {"data_dir", s.dataDir},
            {"limit", s.limit},
            {"ch", s.ch},
            {"ch_mult", s.chMult},
            {"num_res_blocks", s.numResBlocks},
            {"snn_steps", s.snnSteps},
            {"bit", s.bit},
            {"img_size", s.imgSize},
            {"total_steps", s.totalSteps},
            {"batch", s.batch},
            {"lr", s.lr},
            {"warmup", s.warmup},
            {"lr_decay_from", s.lrDecayFrom},
            {"ema", s.ema},
            {"ema_decay", s.emaDecay},
            {"save_every", s.saveEvery},
            {"sample_every", s.sampleEvery},
            {"sample_size", s.sampleSize},
            {"sample_steps", s.sampleSteps},
            {"seed", s.seed},
            {"source_checkpoint", s.sourceCheckpoint},
            {"source_weights", s.sourceWeights},
            {"tsm_lr", s.tsmLr}});
}

void from_json(const nlohmann::json& j, JobSpec& s) {
  const JobSpec d;
  s.kind = parseJobKind(j.at("kind").get<std::string>());
  s.runDir = j.value("run_dir", d.runDir);
  if (j.contains("eval")) from_json(j["eval"], s.eval);
  if (j.contains("gamma")) gammaFromJson(j["gamma"], s.gamma);
  if (j.contains("study")) from_json(j["study"], s.study);
  s.dataset = j.value("dataset", d.dataset);
  s.dataDir = j.value("data_dir", d.dataDir);
  s.limit = j.value("limit", d.limit);
  s.ch = j.value("ch", d.ch);
  s.chMult = j.value("ch_mult", d.chMult);
  s.numResBlocks = j.value("num_res_blocks", d.numResBlocks);
  s.snnSteps = j.value("snn_steps", d.snnSteps);
  s.bit = j.value("bit", d.bit);
  s.imgSize = j.value("img_size", d.imgSize);
  s.totalSteps = j.value("total_steps", d.totalSteps);
  s.batch = j.value("batch", d.batch);
  s.lr = j.value("lr", d.lr);
  s.warmup = j.value("warmup", d.warmup);
  s.lrDecayFrom = j.value("lr_decay_from", d.lrDecayFrom);
  s.ema = j.value("ema", d.ema);
  s.emaDecay = j.value("ema_decay", d.emaDecay);
  s.saveEvery = j.value("save_every", d.saveEvery);
  s.sampleEvery = j.value("sample_every", d.sampleEvery);
  s.sampleSize = j.value("sample_size", d.sampleSize);
  s.sampleSteps = j.value("sample_steps", d.sampleSteps);
  s.seed = j.value("seed", d.seed);
  s.sourceCheckpoint = j.value("source_checkpoint", d.sourceCheckpoint);
  s.sourceWeights = j.value("source_weights", d.sourceWeights);
  s.tsmLr = j.value("tsm_lr", d.tsmLr);
  s.convertOut = j.value("convert_out", d.convertOut);
  s.convertSpikeTime = j.value("convert_spike_time", d.convertSpikeTime);
}

JobOutcome runJob(const JobSpec& spec, const std::function<void(const JobProgress&)>& onProgress,
                  const CancelToken& cancel) {
  auto emit = [&](const JobProgress& p) {
    if (onProgress) onProgress(p);
  };
  JobProgress started;
  started.event = JobProgress::Event::Started;
  emit(started);
  if (spec.kind == JobKind::Eval) return runEvalJob(spec, emit, cancel);
  if (spec.kind == JobKind::Gamma) return runGammaJob(spec, emit, cancel);
  if (spec.kind == JobKind::Convert) return runConvertJob(spec, emit);
  if (spec.kind == JobKind::Study) return runStudyJob(spec, emit, cancel);
  return runTrainJob(spec, emit, cancel);
}

bool runHasCheckpoint(const std::string& runDir) {
  if (runDir.empty()) return false;
  std::error_code ec;
  if (!fs::is_directory(runDir, ec)) return false;
  return train::findLatestCheckpoint(runDir).has_value();
}

std::vector<std::pair<int64_t, double>> readLossHistory(const std::string& runDir) {
  std::vector<std::pair<int64_t, double>> out;
  std::ifstream in(fs::path(runDir) / "metrics.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("step") || !j.contains("loss")) continue;
    if (!j["step"].is_number() || !j["loss"].is_number()) continue;
    out.emplace_back(j["step"].get<int64_t>(), j["loss"].get<double>());
  }
  return out;
}

std::vector<std::pair<int64_t, std::string>> listSampleGrids(const std::string& runDir) {
  std::vector<std::pair<int64_t, std::string>> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(runDir) / "sample", ec)) {
    const std::string stem = e.path().stem().string();
    if (e.path().extension() != ".png" || stem.empty() ||
        !std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    out.emplace_back(std::stoll(stem), e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sdm
