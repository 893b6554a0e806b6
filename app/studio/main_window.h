#pragma once
// Assembles the studio: views as tabs and docks, the controllers that connect them to the
// engine, menus, and the saved layout. No behaviour of its own beyond that.
#include <QMainWindow>

#include <memory>

#include "command_line.h"

class QDockWidget;
class QTabWidget;

namespace sdm::widgets {
class ImagesPage;
class JobListModel;
class JobsView;
class LogView;
class SpikesPage;
class StudyView;
class ConversionView;
}  // namespace sdm::widgets

namespace sdm::studio {

class CompareController;
class ConversionController;
class ComparePanel;
class EngineHost;
class ExportController;
class GenerateController;
class GeneratePanel;
class GenerateSettings;
class JobQueue;
class JobsController;
class LogBridge;
class ModelController;
class ModelPanel;
class StudioSettings;
class StudyController;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(const StudioOptions& options, QWidget* parent = nullptr);
  ~MainWindow() override;

  void showView(const QString& name);
  QWidget* viewWidget(const QString& name) const;  // the dock or tab that holds a view

  // The window's parts, for the screenshot tour and the tests that drive them as a user does;
  // the controllers are wired here and reach each other through their own calls.
  ModelController* modelController() const { return m_model; }
  GenerateController* generateController() const { return m_generate; }
  CompareController* compareController() const { return m_compare; }
  ExportController* exportController() const { return m_export; }
  ModelPanel* modelPanel() const { return m_modelPanel; }
  GeneratePanel* generatePanel() const { return m_generatePanel; }
  GenerateSettings* generateSettings() const { return m_generateSettings; }
  ComparePanel* comparePanel() const { return m_comparePanel; }
  widgets::ImagesPage* imagesPage() const { return m_images; }
  widgets::SpikesPage* spikesPage() const { return m_spikes; }
  widgets::LogView* logView() const { return m_log; }
  widgets::JobListModel* jobs() const { return m_jobs; }
  widgets::JobsView* jobsView() const { return m_jobsView; }
  JobsController* jobsController() const { return m_jobsController; }
  StudyController* studyController() const { return m_study; }
  widgets::StudyView* studyView() const { return m_studyView; }
  widgets::ConversionView* conversionView() const { return m_conversionView; }
  ConversionController* conversionController() const { return m_conversion; }
  QTabWidget* tabs() const { return m_tabs; }

 protected:
  void showEvent(QShowEvent* event) override;
  void setVisible(bool visible) override;
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  QWidget* scrollable(QWidget* panel);
  QDockWidget* addDock(QWidget* content, const QString& title, const QString& name,
                       Qt::DockWidgetArea area);
  void createMenus();
  void restoreLayout();
  void saveLayout();
  void chooseLanguage(const QString& code);

  StudioOptions m_options;
  std::unique_ptr<StudioSettings> m_settings;
  EngineHost* m_host;
  LogBridge* m_logBridge;
  widgets::JobListModel* m_jobs;
  QTabWidget* m_tabs;
  widgets::ImagesPage* m_images;
  widgets::SpikesPage* m_spikes;
  ComparePanel* m_comparePanel;
  ModelPanel* m_modelPanel;
  GenerateSettings* m_generateSettings;
  GeneratePanel* m_generatePanel;
  widgets::LogView* m_log;
  ModelController* m_model;
  GenerateController* m_generate;
  CompareController* m_compare;
  ExportController* m_export;
  widgets::JobsView* m_jobsView;
  JobQueue* m_jobQueue;
  JobsController* m_jobsController;
  widgets::StudyView* m_studyView;
  widgets::ConversionView* m_conversionView;
  ConversionController* m_conversion = nullptr;
  StudyController* m_study;
  QDockWidget* m_modelDock = nullptr;
  QDockWidget* m_generateDock = nullptr;
  QDockWidget* m_jobsDock = nullptr;
  QDockWidget* m_logDock = nullptr;
  QDockWidget* m_exportDock = nullptr;
  QMenu* m_recentMenu;
  QByteArray m_defaultState;  // the layout "Reset layout" returns to
  QByteArray m_savedState;    // the user's, restored once the window is shown
  bool m_shown = false;
};

}  // namespace sdm::studio
