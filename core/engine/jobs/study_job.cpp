// A study (models × solvers × steps × thresholds × precisions) as a studio job.
#include <algorithm>
#include <sstream>

#include "engine/jobs.h"
#include "engine/jobs/job_text.h"

namespace sdm {

std::string StudyJob::title() const {
  const StudyAxes& a = request.axes;
  std::ostringstream o;
  o << "study ";
  if (a.checkpoints.size() > 1)
    o << jobs::countOf(a.checkpoints.size(), "model", "models") << " × ";
  o << jobs::countOf(a.solvers.size(), "solver", "solvers") << " × "
    << jobs::countOf(a.steps.size(), "step count", "steps") << " × " << a.thresholds.size() << " θ";
  if (a.precisions.size() > 1) o << " × " << a.precisions.size() << " precisions";
  o << " · N " << request.base.n;
  return o.str();
}

// Progress in cells; a Sample event whenever a cell has ended (study.json was rewritten), so that
// a view of the table can re-read it.
JobOutcome StudyJob::run(const JobEmit& emit, const CancelToken& cancel) const {
  int lastCell = -1;
  const StudyOutcome r = runStudy(
      request,
      [&](const StudyProgress& p) {
        auto q = jobs::counted<JobProgress>(p.cell, p.cells, p.elapsedSeconds, p.etaSeconds);
        q.path = request.outDir;
        if (p.cell != lastCell && lastCell >= 0) {
          q.event = JobProgress::Event::Sample;
          emit(q);
        }
        lastCell = p.cell;
        q.event = JobProgress::Event::Step;
        std::ostringstream stage;
        stage << p.label << " · " << toString(p.eval.stage);
        if (p.eval.stage == EvalProgress::Stage::Sampling && p.eval.total > 0)
          stage << " " << p.eval.done << "/" << p.eval.total;
        q.label = stage.str();
        emit(q);
      },
      cancel);
  const int cells = static_cast<int>(r.table.value("cells", nlohmann::json::array()).size());
  JobProgress last;
  last.event = JobProgress::Event::Sample;
  last.step = r.cancelled ? std::max(lastCell, 0) : cells;
  last.total = cells;
  last.path = request.outDir;
  emit(last);
  JobOutcome out;
  out.cancelled = r.cancelled;
  out.step = last.step;
  out.result = {{"out", request.outDir},
                {"cells", cells},
                {"cells_run", r.cellsRun},
                {"cells_reused", r.cellsReused}};
  return out;
}

void to_json(nlohmann::json& j, const StudyJob& s) {
  j = {{"kind", s.kindName()}, {"study", s.request}};
}

void from_json(const nlohmann::json& j, StudyJob& s) { from_json(j.at("study"), s.request); }

}  // namespace sdm
