#include "studio_settings.h"

namespace sdm::studio {

StudioSettings::StudioSettings(bool persistent) {
  if (persistent) {
    m_settings = std::make_unique<QSettings>();
    return;
  }
  m_scratch = std::make_unique<QTemporaryDir>();
  m_settings = std::make_unique<QSettings>(m_scratch->filePath(QStringLiteral("studio.ini")),
                                           QSettings::IniFormat);
}

}  // namespace sdm::studio
