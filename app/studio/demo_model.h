#pragma once
// The bundled demo checkpoint (trained by the training job), when there is one: found like every
// bundled file by sdm::findResource ($SDM_RESOURCES, <prefix>/share/spiking-diffusion-studio,
// the source tree's resources/).
#include <QString>

namespace sdm::studio {

QString findDemoModel();  // empty when none exists

}  // namespace sdm::studio
