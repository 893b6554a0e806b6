#pragma once
// absl/pytorch-ddpm style flag files (`--timestep=4` per line), as written beside SDDPM runs.
#include <map>
#include <optional>
#include <string>

namespace sdm::io {

std::map<std::string, std::string> readFlagfile(const std::string& path);  // {} when absent
// The flagfile.txt in the folder of `checkpointPath`, if there is one.
std::optional<std::string> flagfileBeside(const std::string& checkpointPath);

}  // namespace sdm::io
