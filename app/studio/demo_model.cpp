#include "demo_model.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace sdm::studio {

QString findDemoModel() {
  const QString bin = QCoreApplication::applicationDirPath();
  const QStringList candidates = {
      QDir(bin).filePath(QStringLiteral("../share/sdm-studio/models/demo.pt")),
      QStringLiteral(SDM_INSTALL_DATADIR "/models/demo.pt"),
      QStringLiteral(SDM_SOURCE_DIR "/resources/models/demo.pt"),
  };
  for (const QString& c : candidates)
    if (QFileInfo(c).isFile()) return QFileInfo(c).canonicalFilePath();
  return {};
}

}  // namespace sdm::studio
