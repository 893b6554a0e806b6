#pragma once
// The bundled demo checkpoint (trained by the training job), when there is one: installed under
// <prefix>/share/sdm-studio/models/demo.pt, or in the source tree's resources/models/.
#include <QString>

namespace sdm::studio {

QString findDemoModel();  // empty when none exists

}  // namespace sdm::studio
