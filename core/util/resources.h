#pragma once
// Bundled files (demo models, the classifier, reference statistics): looked up in $SDM_RESOURCES,
// beside the installed binary (<prefix>/share/spiking-diffusion-studio) and in the source tree
// (unless SDM_NO_SOURCE_RESOURCES=1).
#include <optional>
#include <string>

namespace sdm {

std::optional<std::string> findResource(const std::string& relative);  // e.g. "models/demo.pt"

}  // namespace sdm
