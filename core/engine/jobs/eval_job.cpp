// An offline evaluation (FD, KID, IS analogue) as a studio job.
#include <sstream>

#include "engine/jobs.h"
#include "engine/jobs/job_text.h"
#include "util/error.h"

namespace sdm {

std::string EvalJob::title() const {
  std::ostringstream o;
  o << "eval " << jobs::fileName(request.checkpoint) << " · " << toString(request.solver.kind)
    << " " << request.solver.steps << " steps · N " << request.n;
  return o.str();
}

JobOutcome EvalJob::run(const JobEmit& emit, const CancelToken& cancel) const {
  JobOutcome out;
  try {
    out.result = evaluate(
        request,
        [&](const EvalProgress& p) {
          const double eta =
              p.done > 0 && p.total > 0 ? p.elapsedSeconds / p.done * (p.total - p.done) : -1;
          auto q = jobs::counted<JobProgress>(p.done, p.total, p.elapsedSeconds, eta);
          using S = EvalProgress::Stage;
          q.stage = p.stage == S::Loading    ? JobProgress::Stage::Loading
                    : p.stage == S::Sampling ? JobProgress::Stage::Sampling
                    : p.stage == S::Scoring  ? JobProgress::Stage::Scoring
                                             : JobProgress::Stage::Running;
          emit(q);
        },
        cancel);
  } catch (const Cancelled&) {
    out.cancelled = true;
  }
  return out;
}

void to_json(nlohmann::json& j, const EvalJob& s) {
  j = {{"kind", s.kindName()}, {"eval", s.request}};
}

void from_json(const nlohmann::json& j, EvalJob& s) { from_json(j.at("eval"), s.request); }

}  // namespace sdm
