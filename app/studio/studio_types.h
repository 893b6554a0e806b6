#pragma once
// Core types that cross the worker thread in queued signals.
#include <QMetaType>

#include <memory>

#include "engine/engine.h"

namespace sdm::studio {
using ResultPtr = std::shared_ptr<const GenerationResult>;
using FramePtr = std::shared_ptr<const GenerationFrame>;
}  // namespace sdm::studio

Q_DECLARE_METATYPE(sdm::ModelInfo)
Q_DECLARE_METATYPE(sdm::studio::ResultPtr)
