#pragma once
// ModelInfo from a loaded model: what the file says of itself (shared by every kind), then what
// the model kind adds. The engine's one place that fills ModelInfo.
#include <string>

#include "engine/model_info.h"

namespace sdm {

struct LoadedModel;
struct LoadedQuantModel;

ModelInfo modelInfoOf(const std::string& path, const LoadedModel& spkUnet);
ModelInfo modelInfoOf(const std::string& path, const LoadedQuantModel& ann2snn);

}  // namespace sdm
