#include "train/adam.h"

#include <ATen/ATen.h>

#include <cmath>

#include "util/error.h"

namespace sdm::train {

Adam::Adam(std::vector<AdamGroup> groups, double beta1, double beta2, double eps)
    : m_groups(std::move(groups)), m_beta1(beta1), m_beta2(beta2), m_eps(eps) {
  // State is allocated up front (zeros, step 0): the same numbers as PyTorch's lazy creation,
  // and every process of a distributed run has the same tensors to receive a broadcast into.
  for (const auto& g : m_groups) {
    std::vector<ParamState> states;
    for (const auto& p : g.params) {
      ParamState s;
      if (p.requires_grad()) {
        s.expAvg = at::zeros_like(p, at::MemoryFormat::Preserve);
        s.expAvgSq = at::zeros_like(p, at::MemoryFormat::Preserve);
      }
      states.push_back(std::move(s));
    }
    m_state.push_back(std::move(states));
  }
}

void Adam::step() {
  at::NoGradGuard noGrad;
  for (std::size_t gi = 0; gi < m_groups.size(); ++gi) {
    const double lr = m_groups[gi].lr;
    for (std::size_t pi = 0; pi < m_groups[gi].params.size(); ++pi) {
      at::Tensor p = m_groups[gi].params[pi];
      const at::Tensor& grad = p.grad();
      if (!grad.defined() || !p.requires_grad()) continue;
      ParamState& s = m_state[gi][pi];
      s.step += 1;
      s.expAvg.mul_(m_beta1).add_(grad, 1 - m_beta1);
      s.expAvgSq.mul_(m_beta2).addcmul_(grad, grad, 1 - m_beta2);
      // PyTorch keeps `step` as a float32 tensor and reads it back as a Python float.
      const double stepValue = static_cast<double>(static_cast<float>(s.step));
      const double biasCorrection1 = 1 - std::pow(m_beta1, stepValue);
      const double biasCorrection2 = 1 - std::pow(m_beta2, stepValue);
      const double stepSize = lr / biasCorrection1;
      at::Tensor denom = (s.expAvgSq.sqrt() / std::sqrt(biasCorrection2)).add_(m_eps);
      p.addcdiv_(s.expAvg, denom, -stepSize);
    }
  }
}

c10::IValue Adam::stateDict() const {
  c10::impl::GenericDict state(c10::IntType::get(), c10::AnyType::get());
  c10::impl::GenericList groups(c10::AnyType::get());
  int64_t index = 0;
  for (std::size_t gi = 0; gi < m_groups.size(); ++gi) {
    c10::impl::GenericList params(c10::IntType::get());
    for (std::size_t pi = 0; pi < m_groups[gi].params.size(); ++pi, ++index) {
      params.push_back(index);
      const ParamState& s = m_state[gi][pi];
      if (s.step == 0) continue;  // PyTorch has no entry for parameters never updated
      c10::impl::GenericDict entry(c10::StringType::get(), c10::AnyType::get());
      entry.insert("step", at::scalar_tensor(static_cast<double>(s.step), at::kFloat));
      entry.insert("exp_avg", s.expAvg.detach().clone());
      entry.insert("exp_avg_sq", s.expAvgSq.detach().clone());
      state.insert(index, entry);
    }
    // The keys torch 1.13's Adam writes, plus LambdaLR's initial_lr (pytorch-ddpm's warmup).
    c10::impl::GenericDict g(c10::StringType::get(), c10::AnyType::get());
    g.insert("lr", m_groups[gi].lr);
    g.insert("betas", c10::ivalue::Tuple::create({c10::IValue(m_beta1), c10::IValue(m_beta2)}));
    g.insert("eps", m_eps);
    g.insert("weight_decay", int64_t(0));
    g.insert("amsgrad", false);
    g.insert("maximize", false);
    g.insert("foreach", c10::IValue());
    g.insert("capturable", false);
    g.insert("differentiable", false);
    g.insert("fused", false);
    g.insert("initial_lr", m_groups[gi].initialLr);
    g.insert("params", params);
    groups.push_back(g);
  }
  c10::impl::GenericDict out(c10::StringType::get(), c10::AnyType::get());
  out.insert("state", state);
  out.insert("param_groups", groups);
  return out;
}

void Adam::loadStateDict(const io::PyValue& optim) {
  const io::PyValue* state = optim.find("state");
  const io::PyValue* groups = optim.find("param_groups");
  if (!state || !groups || !state->isDict() || !groups->isSequence())
    throw Error("optimizer state is not a PyTorch optimizer state_dict (state, param_groups)");
  if (groups->items().size() != m_groups.size())
    throw Error("optimizer state has " + std::to_string(groups->items().size()) +
                " parameter groups, this run has " + std::to_string(m_groups.size()));
  for (std::size_t gi = 0; gi < m_groups.size(); ++gi) {
    const io::PyValue& g = groups->items()[gi];
    const io::PyValue* params = g.find("params");
    if (!params || !params->isSequence() || params->items().size() != m_groups[gi].params.size())
      throw Error("optimizer group " + std::to_string(gi) + " has " +
                  std::to_string(params && params->isSequence() ? params->items().size() : 0) +
                  " parameters, the model has " + std::to_string(m_groups[gi].params.size()));
    if (const io::PyValue* lr = g.find("lr")) m_groups[gi].lr = lr->toDouble();
    if (const io::PyValue* lr0 = g.find("initial_lr")) m_groups[gi].initialLr = lr0->toDouble();
    at::NoGradGuard noGrad;
    for (std::size_t pi = 0; pi < m_groups[gi].params.size(); ++pi) {
      ParamState& s = m_state[gi][pi];
      const int64_t index = params->items()[pi].toInt();
      const io::PyValue* entry = state->find(index);
      if (!entry) {
        s.step = 0;
        if (s.expAvg.defined()) s.expAvg.zero_(), s.expAvgSq.zero_();
        continue;
      }
      if (!s.expAvg.defined())
        throw Error("optimizer state has an entry for frozen parameter " + std::to_string(index));
      const io::PyValue* step = entry->find("step");
      const io::PyValue* m = entry->find("exp_avg");
      const io::PyValue* v = entry->find("exp_avg_sq");
      if (!step || !m || !v || !m->isTensor() || !v->isTensor())
        throw Error("optimizer state of parameter " + std::to_string(index) + " is incomplete");
      s.step = step->isTensor() ? static_cast<int64_t>(step->toTensor().item<double>())
                                : static_cast<int64_t>(step->toDouble());
      if (!m->toTensor().sizes().equals(s.expAvg.sizes()) ||
          !v->toTensor().sizes().equals(s.expAvgSq.sizes()))
        throw Error("optimizer state of parameter " + std::to_string(index) +
                    " does not match the model's shape");
      s.expAvg.copy_(m->toTensor());
      s.expAvgSq.copy_(v->toTensor());
    }
  }
}

std::vector<at::Tensor> Adam::stateTensors() {
  std::vector<int64_t> steps;
  std::vector<at::Tensor> out{at::Tensor()};
  for (auto& group : m_state)
    for (auto& s : group) {
      steps.push_back(s.step);
      if (s.expAvg.defined()) out.push_back(s.expAvg), out.push_back(s.expAvgSq);
    }
  m_stepCounts = at::tensor(steps, at::kLong);
  out[0] = m_stepCounts;
  return out;
}

void Adam::setStepCounts(const at::Tensor& steps) {
  const at::Tensor s = steps.to(at::kLong).contiguous();
  std::size_t k = 0;
  for (auto& group : m_state)
    for (auto& st : group) st.step = s[static_cast<int64_t>(k++)].item<int64_t>();
}

}  // namespace sdm::train
