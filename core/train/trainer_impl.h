#pragma once
// Private to core/train: the state of one training job (see trainer.h for the public face).
#include <ATen/core/Tensor.h>
#include <spdlog/fmt/fmt.h>
#include <spdlog/logger.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diffusion/schedule.h"
#include "train/adam.h"
#include "train/dataset.h"
#include "train/distributed.h"
#include "train/run_folder.h"
#include "train/train_net.h"
#include "train/train_ops.h"
#include "train/trainer.h"

namespace sdm::train {

class Trainer {
 public:
  Trainer(const TrainConfig& config, const TrainRuntime& runtime);
  TrainResult run();

 private:
  struct StepStats {
    double loss = 0, gradNorm = 0, firingRate = 0, lr = 0, seconds = 0;
    bool stopRequested = false;  // by any process
  };

  // trainer_setup.cpp
  void agreeOnConfig();
  void prepare(bool resumed);
  void openLog();
  void buildModels();
  void initialiseFresh();
  void initialiseFromPreviousStage();  // train-ann with a previous stage (progressive bits)
  void restoreFrom(const std::string& checkpoint);
  void synchroniseFromRoot();
  void prepareRunFolder(bool resumed);
  void writeGroundTruth();
  // trainer.cpp
  StepStats trainStep(int64_t step);
  void allReduceGradients(StepStats& stats, at::Tensor& statsSum);
  std::string saveCheckpoint();
  std::string writeSampleGrid();
  void report(const StepStats& stats, double wallSeconds);
  void emit(TrainProgress::Event event, const std::string& path);

  bool isRoot() const { return m_rank == 0; }
  // train.log always gets the message; the process log (stderr, the studio's Log dock) when
  // its level lets it through.
  template <typename... Args>
  void note(spdlog::level::level_enum level, fmt::format_string<Args...> f, Args&&... args) {
    const std::string msg = fmt::format(f, std::forward<Args>(args)...);
    if (m_fileLog) m_fileLog->log(level, msg);
    spdlog::log(level, msg);
  }
  std::string runPath(const std::string& name) const;

  TrainConfig m_cfg;
  const TrainRuntime& m_rt;
  Communicator* m_comm = nullptr;
  int m_rank = 0, m_world = 1;
  std::shared_ptr<spdlog::logger> m_fileLog;  // train.log in the run folder (rank 0)

  std::optional<ImageDataset> m_data;
  Schedule m_schedule;
  std::shared_ptr<TrainNet> m_net, m_ema;
  StateDict m_netState, m_emaState;     // aliases of the models' tensors, in key order, for the EMA
  std::vector<at::Tensor> m_trainable;  // parameters with requires_grad, in PyTorch order
  std::unique_ptr<Adam> m_adam;
  std::unique_ptr<MetricsLog> m_metrics;
  FiringRateProbe m_probe;
  at::Tensor m_xT;
  at::Tensor m_order;  // data order of the current epoch
  int64_t m_orderEpoch = -1;

  int64_t m_step = 0, m_lastSaved = -1;
  std::string m_lastCheckpoint;
  TrainProgress m_progress;
  std::chrono::steady_clock::time_point m_start, m_lastTick, m_lastLogLine, m_lastSaveTime;
  double m_secondsPerStep = 0;  // smoothed wall time per step, overheads included
};

}  // namespace sdm::train
