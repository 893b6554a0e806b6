#pragma once
// How much memory the machine has, and a refusal with one line for any claim above it: files
// from strangers (checkpoints, datasets) announce sizes that are checked here before allocating.
#include <cstdint>
#include <string>

namespace sdm {

uint64_t physicalMemoryBytes();             // 0 where the system does not say
std::string gigabytesText(uint64_t bytes);  // "3.2 GB"
// Throws sdm::Error "<what> needs X GB, more than this machine's Y GB" when bytes exceed RAM.
void requireFitsInMemory(uint64_t bytes, const std::string& what);

}  // namespace sdm
