#pragma once
// Block-wise fine-tuning of a converted SNN (SDM's ANN2SNN SNN_ft.py, after Fast-SNN): the
// blocks are tuned one after another in the original order (time embedding, head, every down,
// middle and up block; the tail never). For a block, the SNN runs up to the previous block, the
// block's output averaged over the T SNN steps is matched by MSE to the quantized ANN's
// activation map there, and the gradient reaches the block's weights through its ANN form (a
// straight-through copy: forward value of the SNN, backward of the ANN). A resumable job, like
// training: kill it at any moment, resume, and it ends with the same weights.
//
// Run folder: config.json, train.log, metrics.jsonl (one line per step), ckpt.pt (the SNN so
// far plus the optimizer of the block being tuned: it loads as any S_UNet checkpoint),
// blocks/NN_<block>.pt after each block, and finetuned_snn.pt at the end.
#include <ATen/core/Tensor.h>
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "train/dataset.h"
#include "train/snn_finetune_config.h"
#include "util/cancel.h"

namespace sdm::train {

struct SnnFinetuneProgress {
  enum class Event { Step, BlockDone, Checkpoint, Finished, Cancelled } event = Event::Step;
  int block = 0;  // index into the block list (0: time embedding)
  int blockCount = 0;
  std::string blockName;    // "time_embedding.timembedding", "head", "downblocks.3", ...
  int64_t stepInBlock = 0;  // steps done in this block
  int64_t blockSteps = 0;
  int64_t step = 0;  // steps done in the whole run
  int64_t totalSteps = 0;
  double loss = 0;       // of the last step
  double blockLoss = 0;  // BlockDone: mean loss of the block's last steps
  double elapsedSeconds = 0;
  double etaSeconds = -1;
  std::string path;  // the checkpoint of this event
};

struct SnnFinetuneRuntime {
  std::string resumeFrom;  // a run folder (its ckpt.pt) or one of its checkpoints
  CancelToken cancel;
  std::function<void(const SnnFinetuneProgress&)> onProgress;
  int64_t stopAfterSteps = 0;  // > 0: behave as if cancelled after this many steps (tests)
  // Tests: (x, t) of step s instead of drawing them (x as fed to the networks).
  std::function<std::pair<at::Tensor, at::Tensor>(int64_t)> batchSource;
};

struct SnnFinetuneResult {
  bool cancelled = false;
  int64_t step = 0;
  std::string checkpoint;        // ckpt.pt, or finetuned_snn.pt when finished
  std::vector<double> stepLoss;  // every step run by this call, in order
};

SnnFinetuneResult runSnnFinetune(const SnnFinetuneConfig& config,
                                 const SnnFinetuneRuntime& runtime);

}  // namespace sdm::train
