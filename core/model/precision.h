#pragma once
// How a spiking network evaluation is computed. Torch-free: the CLI, the studio's panels and
// every provenance record name the mode with these strings.
//   exact  the original code's arithmetic (NCHW fp32, same ATen calls): golden parity bit-for-bit
//   fast   fp32, channels-last, BatchNorm folded into the convs, fused IF over all SNN steps
//   bf16   as fast, spike-input convs in bf16 (spikes are exact in bf16; weights are rounded)
//   int8   as fast, spike-input convs as uint8 spikes x int8 weights (per-channel scales)
// Analog-input layers (stem conv, 1x1 shortcuts, time embedding, tail) stay fp32 in every mode.
#include <string>
#include <vector>

namespace sdm {

enum class Precision { Exact, Fast, Bf16, Int8 };

const char* toString(Precision p);
Precision parsePrecision(const std::string& s);  // throws sdm::Error naming the choices
std::vector<std::string> precisionNames();

// Whether this CPU and the linked oneDNN run the mode's convolutions natively (bf16 needs
// AVX-512; the others run everywhere). `why` says what is missing when not.
bool precisionAvailable(Precision p, std::string* why = nullptr);

}  // namespace sdm
