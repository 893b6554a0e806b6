#pragma once
// The comparison rules of shared/golden/README.md, for the C++ tests.
#include <ATen/ATen.h>

#include <string>

namespace sdmtest {

struct Verdict {
  bool pass = false;
  bool exact = false;
  double exactFraction = 0, relL2 = 0, maxAbs = 0;
  std::string text;
};

// Forward items: a sample is exact when max |diff| <= 1e-4; PASS if every sample is exact, or
// >= 25 % exact with rel. L2 <= 0.5 and first-layer spike mismatch <= 1e-4 (pass -1 if unknown).
Verdict judgeForward(const at::Tensor& cand, const at::Tensor& gold, double firstLayerMismatch = -1);
// Sampling items: exact when max |diff| <= 1e-3, else acceptable when finite, same shape, within
// +-1.5 and the teacher-forced items of the config pass (the caller checks those).
Verdict judgeSample(const at::Tensor& cand, const at::Tensor& gold, bool teacherForcedPass);

// numpy.packbits (big-endian bit order) back to a 0/1 uint8 tensor of `shape`.
at::Tensor unpackBits(const at::Tensor& packed, at::IntArrayRef shape);

at::Tensor loadTensor(const std::string& file);

}  // namespace sdmtest
