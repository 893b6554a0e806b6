// sdm-cli study: quality against cost over solvers, step counts, thresholds, precisions and
// models, one offline evaluation per cell (the SDM paper's Tables 3, 5 and 6), resumable.
#include <nlohmann/json.hpp>

#include <csignal>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "data_options.h"
#include "engine/study.h"
#include "progress.h"
#include "util/error.h"

namespace sdm::cli {
namespace {

CancelToken g_studyCancel;
void onStudySigint(int) { g_studyCancel.cancel(); }

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  if (out.empty()) throw Error("empty list: '" + text + "'");
  return out;
}

template <typename T, typename Parse>
std::vector<T> parseList(const std::string& text, const char* option, Parse parse) {
  std::vector<T> out;
  for (const std::string& item : splitList(text)) {
    try {
      out.push_back(parse(item));
    } catch (const std::invalid_argument&) {
      throw Error(std::string(option) + ": '" + item + "' is not a number");
    } catch (const std::out_of_range&) {
      throw Error(std::string(option) + ": '" + item + "' is out of range");
    }
  }
  return out;
}

void printTable(const nlohmann::json& table) {
  std::cout << std::left << std::setw(7) << "model" << std::setw(14) << "solver" << std::setw(7)
            << "steps" << std::setw(7) << "θ" << std::setw(8) << "prec." << std::right
            << std::setw(6) << "NFE" << std::setw(12) << "FD" << std::setw(11) << "KID"
            << std::setw(8) << "IS" << std::setw(10) << "s/image" << std::setw(12) << "mJ/image"
            << "\n";
  for (const auto& r : table["cells"]) {
    std::cout << std::left << std::setw(7) << r.value("model", 0) << std::setw(14)
              << r.value("solver", "") << std::setw(7) << r.value("steps", 0) << std::setw(7)
              << r.value("threshold", 1.0) << std::setw(8) << r.value("precision", "")
              << std::right;
    const std::string status = r.value("status", "");
    if (status != "done") {
      std::cout << "  " << status << (r.contains("reason") ? ": " + r.value("reason", "") : "")
                << "\n";
      continue;
    }
    auto cell = [&](const char* key, int width, int digits) {
      std::ostringstream v;
      if (r.contains(key)) v << std::setprecision(digits) << r[key].get<double>();
      std::cout << std::setw(width) << (r.contains(key) ? v.str() : std::string("-"));
    };
    std::cout << std::setw(6) << r.value("nfe", 0);
    cell("fd", 12, 6);
    cell("kid", 11, 4);
    cell("is", 8, 4);
    cell("seconds_per_image", 10, 3);
    cell("energy_mj_per_image", 12, 4);
    std::cout << "\n";
  }
}

}  // namespace

void registerStudy(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "study",
      "Sweep solvers, step counts, IF thresholds, precisions and models; score every cell "
      "(FD, KID, IS analogue, class entropy, time and energy per image); resumable");
  struct Opts {
    Common common;
    DataCli data;
    std::vector<std::string> checkpoints;
    std::string solvers = "ddim", steps = "10,20,50", thresholds = "1", precisions = "exact";
    std::string weights = "auto", skip, method = "multistep", gamma, energyCosts = "fp32", out;
    std::string classifier, refStats;
    int n = 1000, order = 2, microBatch = 1;
    uint64_t seed = 0;
    double eta = 0;
    bool noKid = false, json = false, noClip = false, rederiveEps = false;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--checkpoint", o->checkpoints, "a model of the study (repeat for several)")
      ->required();
  sub->add_option("--solvers", o->solvers,
                  "comma list: ddpm, ddpm-strided, ddim, analytic-dpm, dpm-solver, dpm-solver++");
  sub->add_option("--steps", o->steps, "comma list of step counts");
  sub->add_option("--thresholds", o->thresholds, "comma list of IF thresholds θ (1: as trained)");
  sub->add_option("--precision", o->precisions, "comma list: exact, fast, bf16, int8");
  sub->add_option("--n", o->n, "images per cell")->check(CLI::Range(1, 1000000));
  sub->add_option("--seed", o->seed, "seed of image i is seed + i, in every cell");
  sub->add_option("--weights", o->weights, "auto, net or ema");
  sub->add_option("--eta", o->eta, "ddim eta");
  sub->add_option("--order", o->order, "dpm-solver order");
  sub->add_option("--method", o->method, "dpm-solver method");
  sub->add_flag("--no-clip", o->noClip,
                "do not clamp the predicted x0 to [-1, 1] (the original clamps)");
  sub->add_flag("--rederive-eps", o->rederiveEps,
                "ddim: derive eps from the clamped x0 (the demo model card's setting)");
  sub->add_option("--skip", o->skip, "time grid (default: each solver's own)");
  sub->add_option("--gamma", o->gamma, "Analytic-DPM Gamma file (sdm-cli gamma)");
  sub->add_option("--micro-batch", o->microBatch, "images per forward (exact precision)");
  sub->add_option("--energy-costs", o->energyCosts, "energy per operation: fp32, fp16 or int8")
      ->check(CLI::IsMember({"fp32", "fp16", "int8"}));
  sub->add_option("--classifier", o->classifier, "the studio classifier (default: bundled)");
  sub->add_option("--ref-stats", o->refStats, "reference statistics .npz (default: bundled)");
  sub->add_flag("--no-kid", o->noKid, "skip KID (it needs the real test images)");
  o->data.add(sub, "real images for KID");
  sub->add_option("--out", o->out, "study folder: study.json, study.csv, cells/*.png")->required();
  sub->add_flag("--json", o->json, "print the table as JSON instead of text");
  addCommonOptions(sub, o->common);
  sub->callback([o] {
    applyCommon(o->common);
    StudyRequest req;
    req.axes.checkpoints = o->checkpoints;
    req.axes.solvers = parseList<SolverKind>(o->solvers, "--solvers", parseSolverKind);
    req.axes.steps = parseList<int>(o->steps, "--steps", [](const std::string& s) {
      std::size_t used = 0;
      const int v = std::stoi(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
      return v;
    });
    req.axes.thresholds =
        parseList<double>(o->thresholds, "--thresholds", [](const std::string& s) {
          std::size_t used = 0;
          const double v = std::stod(s, &used);
          if (used != s.size()) throw std::invalid_argument(s);
          return v;
        });
    req.axes.precisions =
        parseList<Precision>(o->precisions, "--precision", [](const std::string& s) {
          const Precision p = parsePrecision(s);
          std::string why;
          if (!precisionAvailable(p, &why)) throw Error("--precision " + s + ": " + why);
          return p;
        });
    EvalRequest& b = req.base;
    b.load.weights = parseWeightsChoice(o->weights);
    b.n = o->n;
    b.seed = o->seed;
    b.solver.eta = o->eta;
    b.solver.order = o->order;
    b.solver.method = parseDpmMethod(o->method);
    b.solver.skip = parseTimeGrid(o->skip);
    b.solver.clipX0 = !o->noClip;
    b.solver.rederiveEps = o->rederiveEps;
    b.gammaPath = o->gamma;
    b.microBatch = o->microBatch;
    b.energyPreset = o->energyCosts;
    b.classifier = o->classifier;
    b.refStats = o->refStats;
    b.kid = !o->noKid;
    b.dataset = o->data.dataset;
    b.dataDir = o->data.dataDir;
    req.outDir = o->out;

    const std::size_t cells = studyCells(req.axes).size();
    ProgressLine line("study");
    std::signal(SIGINT, onStudySigint);
    const StudyOutcome r = runStudy(
        req,
        [&](const StudyProgress& p) {
          if (p.eval.stage != EvalProgress::Stage::Sampling || p.eval.total <= 0) return;
          // Whole-study progress in cells, the running cell's fraction included.
          const double within = double(p.eval.done) / p.eval.total;
          line.update(
              static_cast<int64_t>((p.cell + within) * 1000), int64_t(p.cells) * 1000,
              "cell " + std::to_string(p.cell + 1) + "/" + std::to_string(p.cells) + " " + p.label);
        },
        g_studyCancel);
    std::signal(SIGINT, SIG_DFL);
    line.finish(std::to_string(r.cellsRun) + " cells run, " + std::to_string(r.cellsReused) +
                " reused from " + req.outDir +
                (r.cancelled ? " (cancelled: run again to resume)" : ""));
    if (o->json)
      std::cout << r.table.dump(2) << "\n";
    else
      printTable(r.table);
    if (r.cancelled)
      throw Error("cancelled after " + std::to_string(r.cellsRun) + " of " + std::to_string(cells) +
                  " cells; the table keeps them");
  });
}

}  // namespace sdm::cli
