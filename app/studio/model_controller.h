#pragma once
// Opening checkpoints: file dialog, recent files, drag-and-drop, command line; reloads when the
// weights or the SNN time steps change. A file that fails to load shows the engine's one-line
// reason in a dialog and leaves the previous model loaded (the engine changes nothing then).
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <optional>

#include "engine/engine.h"

class QMenu;
class QMessageBox;
class QMimeData;
class QSettings;
class QWidget;

namespace sdm::studio {

class EngineHost;
class ModelPanel;

class ModelController : public QObject {
  Q_OBJECT
 public:
  ModelController(EngineHost* host, ModelPanel* panel, QMenu* recentMenu, QSettings& settings,
                  QWidget* dialogParent, QObject* parent = nullptr);

  void open(const QString& path, int snnSteps = 0);  // snnSteps 0: the file's own T
  // Opens `path` and calls `then` once it is loaded (opening a model resets the panels it
  // drives, so settings meant for it go in afterwards); nothing is called when the load fails or
  // `context` is gone.
  void openThen(const QString& path, QObject* context, std::function<void()> then);
  void openWithDialog();
  bool hasModel() const { return m_info.has_value(); }
  const sdm::ModelInfo& info() const { return *m_info; }
  float threshold() const;
  void setThreshold(float threshold);  // the model panel's threshold-guidance control
  bool isLoading() const { return m_pending != 0; }
  QStringList recentFiles() const { return m_recent; }
  QMessageBox* errorDialog() const;  // while open
  QString lastError() const { return m_lastError; }

  static bool canOpen(const QMimeData* mime);
  static QString pathFrom(const QMimeData* mime);

 Q_SIGNALS:
  void modelChanged(const sdm::ModelInfo& info);
  void loadFailed(const QString& path, const QString& message);
  void thresholdChanged(float threshold);

 private:
  void load(const QString& path);
  void onLoaded(quint64 id, const sdm::ModelInfo& info);
  void onFailed(quint64 id, const QString& path, const QString& message);
  void addRecent(const QString& path);
  void rebuildRecentMenu();

  EngineHost* m_host;
  ModelPanel* m_panel;
  QMenu* m_recentMenu;
  QSettings& m_settings;
  QWidget* m_dialogParent;
  std::optional<sdm::ModelInfo> m_info;
  quint64 m_pending = 0;
  QStringList m_recent;
  QPointer<QMessageBox> m_errorBox;
  QString m_lastError;
  QTimer m_reload;  // debounces SNN-steps edits
};

}  // namespace sdm::studio
