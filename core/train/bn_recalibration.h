#pragma once
// BatchNorm recalibration: recompute every BatchNorm's running statistics for the weights a
// model has now, as the exact average of the batch statistics of many train-mode forwards on
// noised training images (t ~ U{0..T-1}, as in training). PyTorch's momentum=None.
//
// Why: the running statistics of a training run lag its weights (momentum 0.1 over the last few
// batches), and pytorch-ddpm's EMA averages them together with the weights, which gives the EMA
// copy statistics that belong to no network. The IF thresholds of a spiking U-Net make it
// sensitive to that mismatch (biased noise predictions, drifting samples); a few hundred
// forwards without gradients fix it.
#include <cstdint>
#include <functional>
#include <vector>

#include <ATen/core/Tensor.h>

namespace sdm {
class SpkUNet;
}

namespace sdm::train {

class ImageDataset;

struct BnRecalibration {
  int batches = 200;   // forwards averaged
  int batchSize = 64;  // images per forward (the training batch is what the stats must match)
  uint64_t seed = 0;   // images, timesteps and noise
};

// Leaves the model in eval mode with the new statistics (num_batches_tracked = batches).
// `progress(done, total)` returning false stops early; the statistics then average the
// forwards done so far. Returns the number of forwards averaged.
int recalibrateBatchNorm(SpkUNet& model, const ImageDataset& data, const BnRecalibration& opt,
                         const std::function<bool(int, int)>& progress = {});

// Keeps a copy of every BatchNorm's running statistics (mean, var, num_batches_tracked) and puts
// it back when the scope ends: a recalibration for a preview that must not reach the checkpoint.
class BatchNormStatsBackup {
 public:
  explicit BatchNormStatsBackup(SpkUNet& model);
  ~BatchNormStatsBackup();
  BatchNormStatsBackup(const BatchNormStatsBackup&) = delete;
  BatchNormStatsBackup& operator=(const BatchNormStatsBackup&) = delete;

 private:
  std::vector<at::Tensor> m_live, m_saved;
};

}  // namespace sdm::train
