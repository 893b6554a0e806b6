#pragma once
// Where the studio keeps its preferences: the user's QSettings, or a throw-away file for
// screenshot runs and tests (reproducible, and they must not change the user's layout).
#include <QSettings>
#include <QTemporaryDir>

#include <memory>

namespace sdm::studio {

class StudioSettings {
 public:
  explicit StudioSettings(bool persistent);
  QSettings& store() { return *m_settings; }
  bool persistent() const { return !m_scratch; }

 private:
  std::unique_ptr<QTemporaryDir> m_scratch;
  std::unique_ptr<QSettings> m_settings;
};

}  // namespace sdm::studio
