#include "demo_model.h"

#include "util/resources.h"

namespace sdm::studio {

QString findDemoModel() {
  const auto path = sdm::findResource("models/demo.pt");
  return path ? QString::fromStdString(*path) : QString();
}

}  // namespace sdm::studio
