#pragma once
// Exports, each with the generation parameters inside: the image grid (torchvision layout), the
// labelled comparison grid, trajectory strips (PNG text = provenance JSON, via the engine's
// writers), the spike record as JSON or CSV, and the spike plots as PNG or PDF. The export*To
// functions do the work without dialogs (tests, scripts); the actions ask for a file first.
#include <QObject>
#include <QString>

#include <functional>

class QAction;
class QSettings;
class QWidget;

namespace sdm::widgets {
class SpikesPage;
}

namespace sdm::studio {

class CompareController;
class GenerateController;

class ExportController : public QObject {
  Q_OBJECT
 public:
  enum class Plot { Raster, Heatmap, Membrane };

  ExportController(GenerateController* generate, CompareController* compare,
                   widgets::SpikesPage* spikes, QSettings& settings, QWidget* dialogParent,
                   QObject* parent = nullptr);

  // Each returns an empty string on success, else what went wrong.
  QString exportGridTo(const QString& path) const;
  QString exportTrajectoryTo(const QString& xtPath, const QString& x0Path) const;
  QString exportComparisonTo(const QString& path) const;
  QString exportSpikesJsonTo(const QString& path) const;
  QString exportSpikesCsvTo(const QString& path) const;
  QString exportPlotTo(Plot plot, const QString& path) const;

  QList<QAction*> actions() const { return m_actions; }
  QAction* rasterAction() const { return m_raster; }
  QWidget* createPanel(QWidget* parent);  // the Export dock: one button per action

 Q_SIGNALS:
  void exported(const QString& path);

 public Q_SLOTS:
  void updateActions();

 private:
  QAction* addAction(const QString& text, const QString& tip, const std::function<void()>& run);
  QString askPath(const QString& title, const QString& defaultName, const QString& filter);
  void report(const QString& error, const QString& path);

  GenerateController* m_generate;
  CompareController* m_compare;
  widgets::SpikesPage* m_spikes;
  QSettings& m_settings;
  QWidget* m_dialogParent;
  QList<QAction*> m_actions;
  QAction* m_grid = nullptr;
  QAction* m_trajectory = nullptr;
  QAction* m_comparison = nullptr;
  QAction* m_spikesJson = nullptr;
  QAction* m_spikesCsv = nullptr;
  QAction* m_raster = nullptr;
  QAction* m_heatmap = nullptr;
  QAction* m_membrane = nullptr;
};

}  // namespace sdm::studio
