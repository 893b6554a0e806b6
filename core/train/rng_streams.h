#pragma once
// Every random number a training run draws comes from a CPU generator seeded from (run seed,
// stream, index): the data order of epoch e, the timesteps / noise / flips of step s, the fixed
// x_T. Nothing is carried from step to step, so a resumed run (on any number of processes)
// draws exactly what an uninterrupted one would, and no generator state needs saving.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/Generator.h>

#include <cstdint>

namespace sdm::train {

// Dropout: the ANN's dropout masks draw from LibTorch's global generator, reseeded every step.
enum class RngStream : uint64_t { EpochOrder = 1, Step = 2, FixedNoise = 3, Eval = 4, Dropout = 5 };

inline uint64_t splitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// mt19937 keeps only 32 bits of its seed: a per-stream base plus the index keeps the seeds of one
// stream distinct for 2^32 steps (a hash of the pair would collide after ~65k steps).
inline uint64_t streamSeed(uint64_t seed, RngStream stream, uint64_t index) {
  const uint64_t base = splitMix64(seed ^ splitMix64(static_cast<uint64_t>(stream)));
  return (base + index) & 0xFFFFFFFFull;
}

inline at::Generator streamGenerator(uint64_t seed, RngStream stream, uint64_t index) {
  return at::detail::createCPUGenerator(streamSeed(seed, stream, index));
}

}  // namespace sdm::train
