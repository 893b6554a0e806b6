#pragma once
// Short human-readable names for requests, shared by captions, the job list and exports.
#include <QString>

#include "engine/engine.h"

namespace sdm::studio {

QString solverLabel(sdm::SolverKind kind);                  // "DDIM", "DPM-Solver++", ...
QString describeSolver(const sdm::SolverOptions& options);  // "DDIM · 20 steps"
QString describeRequest(
    const sdm::GenerateParams& params);  // "DDIM · 20 steps · seed 0 · 4 images · θ 1.000"
QString thresholdText(float threshold);  // "0.997": the step of SDM's threshold guidance

}  // namespace sdm::studio
