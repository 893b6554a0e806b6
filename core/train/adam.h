#pragma once
// Adam with PyTorch's arithmetic (torch.optim.Adam, single-tensor path, no weight decay) and
// its state_dict layout, so `optim` in a studio checkpoint is what Python's
// optimizer.load_state_dict expects: state {index: {step, exp_avg, exp_avg_sq}} plus
// param_groups with `params` as running indices over all groups, in model.parameters() order.
#include <ATen/core/Tensor.h>
#include <ATen/core/ivalue.h>

#include <string>
#include <vector>

#include "io/py_value.h"

namespace sdm::train {

struct AdamGroup {
  std::vector<at::Tensor> params;  // parameters without requires_grad never get state
  double lr = 2e-4;                // current learning rate (after warmup scaling)
  double initialLr = 2e-4;         // the base rate (LambdaLR's `initial_lr`)
};

class Adam {
 public:
  explicit Adam(std::vector<AdamGroup> groups, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8);

  std::size_t groupCount() const { return m_groups.size(); }
  AdamGroup& group(std::size_t i) { return m_groups.at(i); }

  // One update of every parameter with a defined gradient.
  void step();

  c10::IValue stateDict() const;
  // Accepts what stateDict() writes and what Python's Adam writes (step as tensor or int).
  // Throws sdm::Error when groups or shapes do not match this optimizer.
  void loadStateDict(const io::PyValue& optim);

  // Every state tensor in a fixed order (step counts as one int64 tensor first), to broadcast
  // from rank 0 so that all processes continue with the same optimizer state.
  std::vector<at::Tensor> stateTensors();
  void setStepCounts(const at::Tensor& steps);  // after broadcasting stateTensors()[0]

 private:
  struct ParamState {
    int64_t step = 0;
    at::Tensor expAvg, expAvgSq;
  };
  std::vector<AdamGroup> m_groups;
  std::vector<std::vector<ParamState>> m_state;
  double m_beta1, m_beta2, m_eps;
  at::Tensor m_stepCounts;  // view for broadcasting
};

}  // namespace sdm::train
