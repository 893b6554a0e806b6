// The JobSpec variant: names, JSON and running by kind (each kind's own in engine/jobs/), and the
// run-folder readers the studio's Jobs view uses.
#include "engine/jobs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "train/run_folder.h"
#include "util/error.h"

namespace sdm {
namespace {

namespace fs = std::filesystem;

template <typename Kind>
bool tryKind(const nlohmann::json& j, const std::string& name, JobSpec& s) {
  if (name != Kind::kindName()) return false;
  s = j.get<Kind>();
  return true;
}

}  // namespace

std::string jobKindName(const JobSpec& s) {
  return std::visit([](const auto& k) -> std::string { return k.kindName(); }, s);
}

std::string jobTitle(const JobSpec& s) {
  return std::visit([](const auto& k) { return k.title(); }, s);
}

std::string jobOutputPath(const JobSpec& s) {
  return std::visit([](const auto& k) { return k.outputPath(); }, s);
}

bool jobHasRunFolder(const JobSpec& s) {
  return std::holds_alternative<TrainingJob>(s) || std::holds_alternative<SnnFinetuneJob>(s);
}

int64_t jobPlannedSteps(const JobSpec& s) {
  if (const auto* t = std::get_if<TrainingJob>(&s)) return t->config.totalSteps;
  return 0;
}

void to_json(nlohmann::json& j, const JobSpec& s) {
  std::visit([&j](const auto& k) { to_json(j, k); }, s);
}

void from_json(const nlohmann::json& j, JobSpec& s) {
  const std::string name = j.at("kind").get<std::string>();
  if (name == "train" || name == "finetune-tsm" || name == "train-ann") {
    s = j.get<TrainingJob>();
    return;
  }
  if (tryKind<SnnFinetuneJob>(j, name, s) || tryKind<EvalJob>(j, name, s) ||
      tryKind<GammaFileJob>(j, name, s) || tryKind<ConvertJob>(j, name, s) ||
      tryKind<StudyJob>(j, name, s))
    return;
  throw Error("unknown job kind '" + name +
              "' (train, train-ann, finetune-tsm, finetune-snn, eval, gamma, convert or study)");
}

JobOutcome runJob(const JobSpec& spec, const JobEmit& onProgress, const CancelToken& cancel) {
  const JobEmit emit = [&](const JobProgress& p) {
    if (onProgress) onProgress(p);
  };
  JobProgress started;
  started.event = JobProgress::Event::Started;
  emit(started);
  return std::visit([&](const auto& k) { return k.run(emit, cancel); }, spec);
}

bool runHasCheckpoint(const std::string& runDir) {
  if (runDir.empty()) return false;
  std::error_code ec;
  if (!fs::is_directory(runDir, ec)) return false;
  return train::findLatestCheckpoint(runDir).has_value();
}

LossHistory readLossHistory(const std::string& runDir) {
  LossHistory out;
  std::ifstream in(fs::path(runDir) / "metrics.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("step") || !j["step"].is_number())
      continue;
    const int64_t step = j["step"].get<int64_t>();
    if (j.contains("loss") && j["loss"].is_number())
      out.steps.emplace_back(step, j["loss"].get<double>());
    if (!j.contains("block_name") || !j["block_name"].is_string()) continue;
    const std::string name = j["block_name"].get<std::string>();
    // A resumed run repeats the steps after its checkpoint: a block starts where it first shows.
    auto& blocks = out.blocks;
    while (!blocks.empty() && blocks.back().first > step) blocks.pop_back();
    if (blocks.empty() || blocks.back().second != name) blocks.emplace_back(step, name);
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
