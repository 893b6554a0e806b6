// ANN→SNN conversion as a studio job (seconds): the result holds the conversion check.
#include <sstream>

#include "engine/jobs.h"
#include "engine/jobs/job_text.h"
#include "model/quant_convert.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace sdm {

std::string ConvertJob::title() const {
  return "convert " + jobs::fileName(annCheckpoint) + " to an SNN · " + jobs::fileName(out);
}

JobOutcome ConvertJob::run(const JobEmit& emit, const CancelToken&) const {
  if (out.empty()) throw Error("a conversion needs the file to write");
  ensureWritableFolder(jobs::parentFolder(out), "output folder");
  JobProgress p;
  p.stage = JobProgress::Stage::Converting;
  p.path = out;
  emit(p);
  ConvertOptions o;
  o.load.weights = parseWeightsChoice(annWeights);
  o.spikeTime = spikeTime;
  JobOutcome r;
  r.result = convertAnnToSnn(annCheckpoint, out, o);
  r.checkpoint = out;
  return r;
}

// The keys of the queue's first convert jobs, kept.
void to_json(nlohmann::json& j, const ConvertJob& s) {
  j = {{"kind", s.kindName()},
       {"source_checkpoint", s.annCheckpoint},
       {"source_weights", s.annWeights},
       {"convert_out", s.out},
       {"convert_spike_time", s.spikeTime}};
}

void from_json(const nlohmann::json& j, ConvertJob& s) {
  const ConvertJob d;
  s.annCheckpoint = j.value("source_checkpoint", d.annCheckpoint);
  s.annWeights = j.value("source_weights", d.annWeights);
  s.out = j.value("convert_out", d.out);
  s.spikeTime = j.value("convert_spike_time", d.spikeTime);
}

}  // namespace sdm
