#include "model/precision.h"

#include "model/dnnl_conv.h"
#include "util/error.h"

namespace sdm {

const char* toString(Precision p) {
  switch (p) {
    case Precision::Fast:
      return "fast";
    case Precision::Bf16:
      return "bf16";
    case Precision::Int8:
      return "int8";
    default:
      return "exact";
  }
}

std::vector<std::string> precisionNames() { return {"exact", "fast", "bf16", "int8"}; }

Precision parsePrecision(const std::string& s) {
  for (Precision p : {Precision::Exact, Precision::Fast, Precision::Bf16, Precision::Int8})
    if (s == toString(p)) return p;
  throw Error("unknown precision '" + s + "' (use exact, fast, bf16 or int8)");
}

bool precisionAvailable(Precision p, std::string* why) {
  if (p == Precision::Exact) return true;
  const SpikeType t = spikeTypeOf(p);
  if (dnnlConvSupported(t)) return true;
  if (p != Precision::Bf16) {
    if (why)
      *why = std::string(toString(p)) + ": oneDNN " + dnnlVersion() + " has no native kernel for " +
             dnnlIsa();
    return false;
  }
  if (why)
    *why = "bf16 convolutions need a CPU with AVX-512 (oneDNN " + dnnlVersion() +
           " has no bf16 kernel for " + dnnlIsa() + ")";
  return false;
}

}  // namespace sdm
