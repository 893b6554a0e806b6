// The study runner: cells in table order, each an offline evaluation with its own grid image;
// the table is rewritten after every cell so that a killed study loses at most one cell.
#include "engine/study.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <map>
#include <sstream>

#include "util/atomic_file.h"
#include "util/error.h"
#include "util/log.h"

namespace sdm {
namespace {

namespace fs = std::filesystem;

std::string number(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

// What decides a cell's numbers. A folder holding a study with another fingerprint is refused,
// so that a resumed table never mixes two settings.
nlohmann::json fingerprint(const StudyRequest& r) {
  nlohmann::json j = r;  // the axes as the job queue stores them; the folder itself is not part
  j.erase("out");
  nlohmann::json base = j.at("base");
  j.erase("base");
  for (const char* perCell : {"checkpoint", "solver", "steps", "threshold", "precision", "grid_out",
                              "out_json", "anchor", "energy"})
    base.erase(perCell);
  j["shared"] = base;
  return j;
}

nlohmann::json cellJson(const StudyCell& c) {
  return {{"index", c.index},
          {"key", c.key()},
          {"model", c.model},
          {"checkpoint", c.checkpoint},
          {"solver", toString(c.solver)},
          {"steps", c.steps},
          {"threshold", c.threshold},
          {"precision", toString(c.precision)}};
}

// The numbers of a finished evaluation, flattened for the table and the plots.
void addScores(nlohmann::json& row, const nlohmann::json& result, int n) {
  const nlohmann::json& s = result.at("scores");
  row["fd_name"] = s.value("fd_name", std::string("FD"));
  row["fd"] = s.value("fd", 0.0);
  if (s.contains("kid")) {
    row["kid"] = s["kid"].value("mean", 0.0);
    row["kid_std"] = s["kid"].value("std", 0.0);
  }
  if (s.contains("classifier")) {
    row["is"] = s["classifier"].value("is_analogue_mean", 0.0);
    row["class_entropy"] = s["classifier"].value("class_entropy", 0.0);
  }
  row["nfe"] = result.value("evaluations", 0);
  row["seconds"] = result.value("seconds", 0.0);
  row["seconds_per_image"] = result.value("seconds", 0.0) / std::max(1, n);
  if (result.contains("energy")) {
    row["energy_mj_per_image"] = result["energy"].value("per_image_per_run_mJ", 0.0);
    row["ann_energy_mj_per_image"] = result["energy"].value("ann_per_image_per_run_mJ", 0.0);
  }
  row["sampler"] = result.value("sampler", nlohmann::json());
  row["weights"] = result.value("weights", std::string());
}

void writeTable(const std::string& dir, const nlohmann::json& table) {
  writeFileAtomically((fs::path(dir) / "study.json").string(), table.dump(2) + "\n");
  writeFileAtomically((fs::path(dir) / "study.csv").string(), studyCsv(table));
}

}  // namespace

std::string StudyCell::key() const {
  std::string th = number(threshold);
  for (char& ch : th)
    if (ch == '.') ch = 'p';
  return "m" + std::to_string(model) + "-" + toString(solver) + "-" + std::to_string(steps) +
         "-th" + th + "-" + toString(precision);
}

std::string StudyCell::label() const {
  return "model " + std::to_string(model) + " · " + toString(solver) + " · " +
         std::to_string(steps) + " steps · θ " + number(threshold) + " · " + toString(precision);
}

void to_json(nlohmann::json& j, const StudyRequest& r) {
  nlohmann::json solvers = nlohmann::json::array(), precisions = nlohmann::json::array();
  for (SolverKind k : r.axes.solvers) solvers.push_back(toString(k));
  for (Precision p : r.axes.precisions) precisions.push_back(toString(p));
  j = {{"checkpoints", r.axes.checkpoints},
       {"solvers", solvers},
       {"steps", r.axes.steps},
       {"thresholds", r.axes.thresholds},
       {"precisions", precisions},
       {"base", r.base},
       {"out", r.outDir}};
}

void from_json(const nlohmann::json& j, StudyRequest& r) {
  const StudyRequest d;
  r.axes.checkpoints = j.value("checkpoints", d.axes.checkpoints);
  r.axes.solvers.clear();
  for (const auto& s : j.value("solvers", nlohmann::json::array()))
    r.axes.solvers.push_back(parseSolverKind(s.get<std::string>()));
  r.axes.steps = j.value("steps", d.axes.steps);
  r.axes.thresholds = j.value("thresholds", d.axes.thresholds);
  r.axes.precisions.clear();
  for (const auto& p : j.value("precisions", nlohmann::json::array()))
    r.axes.precisions.push_back(parsePrecision(p.get<std::string>()));
  if (j.contains("base")) from_json(j["base"], r.base);
  r.outDir = j.value("out", d.outDir);
}

std::vector<StudyCell> studyCells(const StudyAxes& axes) {
  std::vector<StudyCell> cells;
  for (std::size_t m = 0; m < axes.checkpoints.size(); ++m)
    for (SolverKind s : axes.solvers)
      for (int steps : axes.steps)
        for (double th : axes.thresholds)
          for (Precision p : axes.precisions) {
            StudyCell c;
            c.index = static_cast<int>(cells.size());
            c.model = static_cast<int>(m);
            c.checkpoint = axes.checkpoints[m];
            c.solver = s;
            c.steps = steps;
            c.threshold = th;
            c.precision = p;
            cells.push_back(c);
          }
  return cells;
}

nlohmann::json readStudy(const std::string& outDir) {
  const std::string path = (fs::path(outDir) / "study.json").string();
  try {
    return nlohmann::json::parse(readFileBytes(path));
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + " is not a study table: " + e.what());
  }
}

StudyOutcome runStudy(const StudyRequest& req,
                      const std::function<void(const StudyProgress&)>& onProgress,
                      const CancelToken& cancel) {
  const StudyAxes& a = req.axes;
  if (a.checkpoints.empty()) throw Error("a study needs at least one checkpoint");
  if (a.solvers.empty() || a.steps.empty() || a.thresholds.empty() || a.precisions.empty())
    throw Error("every study axis needs at least one value");
  for (int s : a.steps)
    if (s < 1 || s > 100000) throw Error("step counts must be between 1 and 100000");
  for (double th : a.thresholds)
    if (!(th > 0) || th > 10) throw Error("IF thresholds must be in (0, 10]");
  for (const std::string& c : a.checkpoints)
    if (!fs::is_regular_file(c)) throw Error("no such checkpoint: " + c);
  if (req.base.n < 1) throw Error("n must be at least 1");
  if (req.outDir.empty()) throw Error("a study needs an output folder (--out)");
  const std::vector<StudyCell> cells = studyCells(a);
  if (cells.size() > 10000) throw Error("a study of more than 10000 cells is not run");
  ensureWritableFolder(req.outDir, "study folder");
  ensureWritableFolder((fs::path(req.outDir) / "cells").string(), "study folder");

  const nlohmann::json print = fingerprint(req);
  StudyOutcome out;
  nlohmann::json& table = out.table;
  std::map<std::string, nlohmann::json> done;
  if (fs::exists(fs::path(req.outDir) / "study.json")) {
    const nlohmann::json old = readStudy(req.outDir);
    if (old.value("study", nlohmann::json()) != print)
      throw Error(req.outDir +
                  " holds a study with other settings: choose another --out, or delete its "
                  "study.json to start over");
    // Finished cells are kept; skipped ones run again (their cause, e.g. a missing Gamma file,
    // may be fixed by now).
    for (const auto& row : old.value("cells", nlohmann::json::array()))
      if (row.value("status", std::string()) == "done") done[row.value("key", "")] = row;
  }
  table = {{"format", "sdm-study 1"}, {"study", print}, {"cells", nlohmann::json::array()}};
  for (const StudyCell& c : cells) {
    auto it = done.find(c.key());
    if (it != done.end()) {
      table["cells"].push_back(it->second);
      ++out.cellsReused;
    } else {
      nlohmann::json row = cellJson(c);
      row["status"] = "pending";
      table["cells"].push_back(row);
    }
  }
  writeTable(req.outDir, table);

  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const int pending = static_cast<int>(cells.size()) - out.cellsReused;
  for (const StudyCell& c : cells) {
    nlohmann::json& row = table["cells"][std::size_t(c.index)];
    if (row.value("status", std::string()) != "pending") continue;
    if (cancel.cancelled()) {
      out.cancelled = true;
      break;
    }
    EvalRequest e = req.base;
    e.anchor = "model";
    e.checkpoint = c.checkpoint;
    e.solver.kind = c.solver;
    e.solver.steps = c.steps;
    e.threshold = c.threshold;
    e.precision = c.precision;
    e.energy = true;
    e.gridOut = (fs::path(req.outDir) / "cells" / (c.key() + ".png")).string();
    e.outJson = "-";
    auto report = [&](const EvalProgress& p) {
      if (!onProgress) return;
      StudyProgress sp;
      sp.cell = c.index;
      sp.cells = static_cast<int>(cells.size());
      sp.label = c.label();
      sp.eval = p;
      sp.elapsedSeconds = seconds();
      if (out.cellsRun > 0)
        sp.etaSeconds = sp.elapsedSeconds / out.cellsRun * (pending - out.cellsRun);
      onProgress(sp);
    };
    try {
      const nlohmann::json result = evaluate(e, report, cancel);
      addScores(row, result, e.n);
      row["grid"] = (fs::path("cells") / (c.key() + ".png")).string();
      row["result"] = result;
      row["status"] = "done";
    } catch (const Cancelled&) {
      out.cancelled = true;
      break;
    } catch (const Error& err) {  // this cell cannot run (e.g. θ on an ANN); the others can
      row["status"] = "skipped";
      row["reason"] = err.what();
      spdlog::warn("study: {} skipped: {}", c.label(), err.what());
    }
    ++out.cellsRun;
    writeTable(req.outDir, table);
  }
  writeTable(req.outDir, table);
  return out;
}

std::string studyCsv(const nlohmann::json& table) {
  std::ostringstream o;
  o << "index,key,model,checkpoint,solver,steps,threshold,precision,status,nfe,fd_name,fd,kid,"
       "kid_std,is,class_entropy,seconds,seconds_per_image,energy_mj_per_image,"
       "ann_energy_mj_per_image,reason\n";
  auto quoted = [](const std::string& s) {
    std::string q = "\"";
    for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
  };
  o << std::setprecision(10);
  for (const auto& r : table.value("cells", nlohmann::json::array())) {
    auto num = [&](const char* k) {
      if (!r.contains(k)) return std::string();
      std::ostringstream v;
      v << std::setprecision(10) << r[k].get<double>();
      return v.str();
    };
    o << r.value("index", 0) << ',' << r.value("key", "") << ',' << r.value("model", 0) << ','
      << quoted(r.value("checkpoint", "")) << ',' << r.value("solver", "") << ','
      << r.value("steps", 0) << ',' << num("threshold") << ',' << r.value("precision", "") << ','
      << r.value("status", "") << ','
      << (r.contains("nfe") ? std::to_string(r["nfe"].get<int>()) : "") << ','
      << quoted(r.value("fd_name", "")) << ',' << num("fd") << ',' << num("kid") << ','
      << num("kid_std") << ',' << num("is") << ',' << num("class_entropy") << ',' << num("seconds")
      << ',' << num("seconds_per_image") << ',' << num("energy_mj_per_image") << ','
      << num("ann_energy_mj_per_image") << ',' << quoted(r.value("reason", "")) << '\n';
  }
  return o.str();
}

}  // namespace sdm
