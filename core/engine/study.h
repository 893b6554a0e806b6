#pragma once
// A solver / model study: every combination of models x solvers x step counts x IF thresholds x
// precisions, each cell scored by the offline evaluation on the same N images from the same
// seeds -- the shape of the SDM paper's Tables 3, 5 and 6. The table is rewritten atomically
// after every cell (study.json + study.csv in the output folder, plus one image grid per cell),
// so a killed study resumes where it stopped and ends with the same table. Torch-free.
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "diffusion/options.h"
#include "metrics/evaluate.h"
#include "model/precision.h"
#include "util/cancel.h"

namespace sdm {

struct StudyAxes {
  std::vector<std::string> checkpoints;
  std::vector<SolverKind> solvers{SolverKind::Ddim};
  std::vector<int> steps{50};
  std::vector<double> thresholds{1.0};
  std::vector<Precision> precisions{Precision::Exact};
};

struct StudyRequest {
  StudyAxes axes;
  // Everything a cell shares: n, seed, noise mode, weights, solver extras (eta, order, grid),
  // Gamma file, classifier, KID, energy costs. Its checkpoint, solver kind, steps, threshold,
  // precision and output paths are set per cell.
  EvalRequest base;
  std::string outDir;
};

struct StudyCell {
  int index = 0;
  int model = 0;  // index into axes.checkpoints
  std::string checkpoint;
  SolverKind solver = SolverKind::Ddim;
  int steps = 50;
  double threshold = 1.0;
  Precision precision = Precision::Exact;
  std::string key() const;    // file-name stem, unique in a study: "m0-ddim-50-th1-exact"
  std::string label() const;  // "model 0 · ddim · 50 steps · θ 1 · exact"
};

// The request as JSON (the studio's persisted job queue): axes, the shared EvalRequest, outDir.
void to_json(nlohmann::json& j, const StudyRequest& r);
void from_json(const nlohmann::json& j, StudyRequest& r);

// The cells in table order: model, then solver, steps, threshold, precision.
std::vector<StudyCell> studyCells(const StudyAxes& axes);

struct StudyProgress {
  int cell = 0, cells = 0;  // the cell being run (0-based) of all
  std::string label;
  EvalProgress eval;  // inside the cell
  double elapsedSeconds = 0;
  double etaSeconds = -1;  // from the cells run so far; -1 before the first one ends
};

struct StudyOutcome {
  nlohmann::json table;  // the content of study.json
  bool cancelled = false;
  int cellsRun = 0, cellsReused = 0;
};

// Throws sdm::Error on bad input (missing checkpoint, an output folder that holds another
// study); a cell that cannot run (e.g. threshold guidance on an ANN) is recorded with its reason
// and the study goes on. Cancelled: the cells done so far stay in the table.
StudyOutcome runStudy(const StudyRequest& request,
                      const std::function<void(const StudyProgress&)>& onProgress,
                      const CancelToken& cancel);

// Reads study.json of an output folder (throws sdm::Error when it is missing or unreadable).
nlohmann::json readStudy(const std::string& outDir);
// One CSV line per cell: the axes, status, NFE, the scores, seconds and energy per image.
std::string studyCsv(const nlohmann::json& table);

}  // namespace sdm
