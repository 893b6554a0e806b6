#error "LibTorch header <c10/util/Exception.h> in Qt code: widgets/ and app/studio/ use the core's Torch-free headers only (engine/engine.h, engine/jobs.h, ...); see docs/architecture.md"
