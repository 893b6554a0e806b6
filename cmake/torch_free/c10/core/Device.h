#error "LibTorch header <c10/core/Device.h> in Qt code: widgets/ and app/studio/ use the core's Torch-free headers only (engine/engine.h, engine/jobs.h, ...); see docs/architecture.md"
