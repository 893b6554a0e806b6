#pragma once
// The Study mode: launches studies as jobs (Run ▸ Study…, the Compare panel's button), shows a
// study folder in the Study view (File ▸ Open study…, or the study job that runs, re-read each
// time a cell ends), loads a cell's settings into Generate, and exports the table, the plots and
// a one-page report.
#include <QObject>
#include <QString>

#include "engine/study.h"

class QAction;
class QWidget;

namespace sdm::widgets {
class StudyView;
}

namespace sdm::studio {

class GenerateSettings;
class JobsController;
class ModelController;
class ModelPanel;

class StudyController : public QObject {
  Q_OBJECT
 public:
  // model, modelPanel and generate may be null (then the dialog starts empty and Load is refused).
  StudyController(JobsController* jobs, widgets::StudyView* view, ModelController* model,
                  ModelPanel* modelPanel, GenerateSettings* generate, QWidget* dialogParent,
                  QObject* parent = nullptr);

  QAction* studyAction() const { return m_study; }
  QAction* openStudyAction() const { return m_open; }
  widgets::StudyView* view() const { return m_view; }

  // The dialog's defaults: the loaded model, the Generate panel's solver, steps, seed and solver
  // extras, a new folder under the app data folder.
  sdm::StudyRequest defaultRequest() const;
  void newStudy();                               // the dialog, then the job
  quint64 launch(const sdm::StudyRequest& req);  // the job, shown in the Study view
  QString openStudy(const QString& folder);      // empty on success, else why not
  void reload();                                 // re-reads the shown folder's study.json
  // Sets the Generate panel (and the Model panel's θ) to a cell; opens its checkpoint first when
  // another model is loaded. False when the cell cannot be loaded.
  bool loadSettings(int cell);

  // Each returns an empty string on success, else what went wrong; files are written atomically.
  QString exportTableTo(const QString& path) const;
  QString exportPlotTo(int plot, const QString& path) const;  // a StudyView::Plot
  QString exportReportTo(const QString& path) const;

 Q_SIGNALS:
  void studyShown(const QString& folder);
  void showRequested();  // a study was launched or opened by hand: bring the Study view forward
  void settingsLoaded(int cell);

 private:
  void applyCell(const nlohmann::json& cell);
  QString askPath(const QString& title, const QString& name, const QString& filter) const;
  void report(const QString& error) const;

  JobsController* m_jobs;
  widgets::StudyView* m_view;
  ModelController* m_model;
  ModelPanel* m_modelPanel;
  GenerateSettings* m_generate;  // what the Generate panel shows
  QWidget* m_dialogParent;
  QAction* m_study;
  QAction* m_open;
  quint64 m_shownJob = 0;  // the study job whose folder the view shows (0: none)
};

}  // namespace sdm::studio
