#pragma once
// Core types that cross the worker thread in queued signals.
#include <QMetaType>

#include <memory>
#include <string>

#include "engine/engine.h"

namespace sdm::studio {
using ResultPtr = std::shared_ptr<const GenerationResult>;
using FramePtr = std::shared_ptr<const GenerationFrame>;

// One cell of a comparison: its settings and the checkpoint that runs it (empty: the model that
// is loaded; another file is loaded beside it for this cell only, with the file's own defaults).
struct CompareCellRequest {
  GenerateParams params;
  std::string checkpoint;
};
}  // namespace sdm::studio

Q_DECLARE_METATYPE(sdm::ModelInfo)
Q_DECLARE_METATYPE(sdm::studio::ResultPtr)
