// Analytic-DPM's Gamma file as a studio job; a cancelled one keeps its finished timesteps.
#include <sstream>

#include "engine/jobs.h"
#include "engine/jobs/job_text.h"
#include "util/atomic_file.h"

namespace sdm {

std::string GammaFileJob::title() const {
  std::ostringstream o;
  o << "Gamma of " << jobs::fileName(request.checkpoint) << " · ";
  if (request.allTimesteps)
    o << "all timesteps";
  else
    o << request.steps << " steps";
  o << " · " << request.samplesPerTimestep << " samples per timestep";
  return o.str();
}

JobOutcome GammaFileJob::run(const JobEmit& emit, const CancelToken& cancel) const {
  if (!request.outPath.empty())
    ensureWritableFolder(jobs::parentFolder(request.outPath), "output folder");
  const GammaOutcome r = makeGammaFile(
      request,
      [&](const GammaProgress& p) {
        auto q = jobs::counted<JobProgress>(p.done, p.total, p.elapsedSeconds, p.etaSeconds);
        q.path = request.outPath;
        q.stage = p.stage == GammaProgress::Stage::Loading ? JobProgress::Stage::Loading
                                                           : JobProgress::Stage::Estimating;
        emit(q);
      },
      cancel);
  JobOutcome out;
  out.cancelled = !r.complete;
  out.step = r.done;
  out.result = {{"gamma", request.outPath}, {"timesteps", r.total}, {"done", r.done}};
  return out;
}

void to_json(nlohmann::json& j, const GammaFileJob& s) {
  const GammaRequest& r = s.request;
  j = {{"kind", s.kindName()},
       {"gamma",
        {{"checkpoint", r.checkpoint},
         {"weights", toString(r.load.weights)},
         {"snn_steps", r.load.snnSteps},
         {"img_size", r.load.imgSize},
         {"out", r.outPath},
         {"steps", r.steps},
         {"skip", toString(r.skip)},
         {"all_timesteps", r.allTimesteps},
         {"samples", r.samplesPerTimestep},
         {"batch", r.batch},
         {"seed", r.seed},
         {"threshold", r.threshold},
         {"dataset", r.dataset},
         {"data_dir", r.dataDir}}}};
}

void from_json(const nlohmann::json& all, GammaFileJob& s) {
  const nlohmann::json& j = all.at("gamma");
  GammaRequest& r = s.request;
  const GammaRequest d;
  r.checkpoint = j.value("checkpoint", d.checkpoint);
  r.load.weights = parseWeightsChoice(j.value("weights", std::string("auto")));
  r.load.snnSteps = j.value("snn_steps", 0);
  r.load.imgSize = j.value("img_size", 0);
  r.outPath = j.value("out", d.outPath);
  r.steps = j.value("steps", d.steps);
  r.skip = parseTimeGrid(j.value("skip", std::string()));
  r.allTimesteps = j.value("all_timesteps", d.allTimesteps);
  r.samplesPerTimestep = j.value("samples", d.samplesPerTimestep);
  r.batch = j.value("batch", d.batch);
  r.seed = j.value("seed", d.seed);
  r.threshold = j.value("threshold", d.threshold);
  r.dataset = j.value("dataset", d.dataset);
  r.dataDir = j.value("data_dir", d.dataDir);
}

}  // namespace sdm
