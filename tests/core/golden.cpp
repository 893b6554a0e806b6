#include "core/golden.h"

#include <sstream>

#include "io/torch_file.h"

namespace sdmtest {

at::Tensor loadTensor(const std::string& file) { return sdm::io::readTensorFile(file); }

Verdict judgeForward(const at::Tensor& cand, const at::Tensor& gold, double firstLayerMismatch) {
  Verdict v;
  at::Tensor d = (cand.to(at::kDouble) - gold.to(at::kDouble)).abs();
  at::Tensor perSample = d.reshape({d.size(0), -1}).amax(1);
  v.maxAbs = d.max().item<double>();
  v.exactFraction = (perSample <= 1e-4).to(at::kDouble).mean().item<double>();
  v.relL2 = ((cand.to(at::kDouble) - gold.to(at::kDouble)).norm() / gold.to(at::kDouble).norm()).item<double>();
  v.exact = v.exactFraction == 1.0;
  const bool spikesOk = firstLayerMismatch < 0 || firstLayerMismatch <= 1e-4;
  v.pass = v.exact || (v.exactFraction >= 0.25 && v.relL2 <= 0.5 && spikesOk);
  std::ostringstream os;
  os << (v.exact ? "EXACT" : v.pass ? "STATISTICAL PASS" : "FAIL") << " exact fraction " << v.exactFraction
     << ", rel L2 " << v.relL2 << ", max |diff| " << v.maxAbs;
  v.text = os.str();
  return v;
}

Verdict judgeSample(const at::Tensor& cand, const at::Tensor& gold, bool teacherForcedPass) {
  Verdict v;
  v.maxAbs = (cand - gold).abs().max().item<double>();
  v.exact = v.maxAbs <= 1e-3;
  const bool sane = cand.sizes().equals(gold.sizes()) && at::isfinite(cand).all().item<bool>() &&
                    cand.abs().max().item<double>() <= 1.5;
  v.pass = v.exact || (sane && teacherForcedPass);
  std::ostringstream os;
  os << (v.exact ? "EXACT" : v.pass ? "DIVERGED (accepted: sane, teacher-forced items pass)" : "FAIL")
     << ", max |diff| " << v.maxAbs;
  v.text = os.str();
  return v;
}

at::Tensor unpackBits(const at::Tensor& packed, at::IntArrayRef shape) {
  at::Tensor p = packed.to(at::kByte).flatten().contiguous();
  at::Tensor bits = at::empty({p.numel(), 8}, at::kByte);
  for (int b = 0; b < 8; ++b) bits.select(1, b).copy_(p.bitwise_right_shift(7 - b).bitwise_and(1));
  int64_t n = 1;
  for (auto s : shape) n *= s;
  return bits.flatten().slice(0, 0, n).reshape(shape);
}

}  // namespace sdmtest
