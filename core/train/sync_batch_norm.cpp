#include "train/sync_batch_norm.h"

#include <ATen/ATen.h>
#include <torch/autograd.h>
#include <torch/library.h>

#include "train/distributed.h"

namespace sdm::train {
namespace {

// The key has no other user in LibTorch; it sits above Autograd, so the kernel below runs first
// and the ops it calls are recorded by autograd as usual.
constexpr c10::DispatchKey kModeKey = c10::DispatchKey::TESTING_ONLY_GenericMode;

thread_local Communicator* t_comm = nullptr;

// y = sum over processes of x; its gradient is the sum over processes of the output gradients.
struct AllReduceSum : public torch::autograd::Function<AllReduceSum> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x,
                            int64_t commAddress) {
    ctx->saved_data["comm"] = commAddress;
    at::Tensor y = x.detach().clone().contiguous();
    reinterpret_cast<Communicator*>(commAddress)->allReduceSum(y);
    return y;
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad) {
    auto* comm = reinterpret_cast<Communicator*>(ctx->saved_data["comm"].toInt());
    at::Tensor g = grad[0].contiguous().clone();
    comm->allReduceSum(g);
    return {g, at::Tensor()};
  }
};

at::Tensor syncBatchNorm(const at::Tensor& input, const c10::optional<at::Tensor>& weight,
                         const c10::optional<at::Tensor>& bias,
                         const c10::optional<at::Tensor>& runningMean,
                         const c10::optional<at::Tensor>& runningVar, bool training,
                         double momentum, double eps, bool cudnnEnabled) {
  c10::impl::ExcludeDispatchKeyGuard noMode(kModeKey);
  Communicator* comm = t_comm;
  if (!training || !comm || comm->worldSize() == 1 || input.dim() < 2)
    return at::batch_norm(input, weight, bias, runningMean, runningVar, training, momentum, eps,
                          cudnnEnabled);
  // bf16 autocast: the statistics and the normalisation in fp32, as ATen's own CPU kernel does.
  if (input.scalar_type() == at::kBFloat16)
    return syncBatchNorm(input.to(at::kFloat), weight, bias, runningMean, runningVar, training,
                         momentum, eps, cudnnEnabled);
  const auto address = reinterpret_cast<int64_t>(comm);
  std::vector<int64_t> dims{0}, shape(static_cast<std::size_t>(input.dim()), 1);
  for (int64_t d = 2; d < input.dim(); ++d) dims.push_back(d);
  shape[1] = input.size(1);
  // Every process holds the same number of samples, so the global count is local * world.
  const double count = static_cast<double>(input.numel() / input.size(1)) * comm->worldSize();
  // Two passes (mean, then centred squares) as PyTorch's CPU kernel, for its precision.
  const at::Tensor mean = AllReduceSum::apply(input.sum(dims), address) / count;
  const at::Tensor centred = input - mean.view(shape);
  const at::Tensor var = AllReduceSum::apply((centred * centred).sum(dims), address) / count;
  at::Tensor out = centred * at::rsqrt(var + eps).view(shape);
  if (weight && weight->defined()) out = out * weight->view(shape);
  if (bias && bias->defined()) out = out + bias->view(shape);
  if (runningMean && runningMean->defined()) {
    at::NoGradGuard noGrad;
    runningMean->mul_(1 - momentum).add_(mean.detach() * momentum);
    runningVar->mul_(1 - momentum).add_(var.detach() * (count / (count - 1)) * momentum);
  }
  return out;
}

}  // namespace

TORCH_LIBRARY_IMPL(_, TESTING_ONLY_GenericMode, m) {
  m.fallback(torch::CppFunction::makeFallthrough());
}

TORCH_LIBRARY_IMPL(aten, TESTING_ONLY_GenericMode, m) {
  m.impl("batch_norm", TORCH_FN(syncBatchNorm));
}

SyncBatchNormScope::SyncBatchNormScope(Communicator* comm)
    : m_include(kModeKey), m_previous(t_comm) {
  t_comm = comm;
}

SyncBatchNormScope::~SyncBatchNormScope() { t_comm = m_previous; }

}  // namespace sdm::train
