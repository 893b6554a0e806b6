#error "LibTorch header <torch/script.h> in Qt code: widgets/ and app/studio/ use the core's Torch-free headers only (engine/engine.h, engine/jobs.h, ...); see docs/architecture.md"
