#pragma once
// The Jobs dock: the job list (sampling and comparison runs of this session, and the queue of
// training, TSM finetuning, evaluation and Gamma file jobs) beside the selected job's details:
// progress and ETA, the live loss curve, the sample grids with a timeline, the evaluation result,
// and the Cancel / Resume / Open run folder / Remove from list actions. It draws what a controller
// gives it and asks for actions through signals; it never runs anything itself.
#include <QPair>
#include <QString>
#include <QVector>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QTreeView;

namespace sdm::widgets {

class JobListModel;
class LossPlot;

class JobsView : public QWidget {
  Q_OBJECT
 public:
  explicit JobsView(JobListModel* model, QWidget* parent = nullptr);
  QTreeView* list() const { return m_list; }
  LossPlot* lossPlot() const { return m_loss; }
  QProgressBar* progressBar() const { return m_progress; }
  QLabel* statusLabel() const { return m_status; }
  QLabel* sampleLabel() const { return m_sample; }
  QSlider* sampleSlider() const { return m_timeline; }
  QLabel* resultLabel() const { return m_result; }
  QPushButton* cancelButton() const { return m_cancel; }
  QPushButton* resumeButton() const { return m_resume; }
  QPushButton* openFolderButton() const { return m_openFolder; }
  QPushButton* removeButton() const { return m_remove; }
  QPushButton* evaluateButton() const { return m_evaluate; }
  QPushButton* makeGammaButton() const { return m_makeGamma; }

  quint64 currentJob() const { return m_current; }
  void selectJob(quint64 id);

  // The selected job's details (the controller calls these for currentJob()).
  void setTitle(const QString& title);
  void setProgress(double fraction, const QString& status);  // fraction < 0: unknown
  // canRemove: the job is not running (its entry may leave the list; its files stay).
  void setActions(bool canCancel, bool canResume, bool hasFolder, bool canRemove);
  void setSampleGrids(const QVector<QPair<qint64, QString>>& grids);  // by step; shows the last
  int sampleGridCount() const { return m_grids.size(); }
  qint64 shownSampleStep() const;
  void setResultText(const QString& html);  // evaluation result; empty hides it
  void setTrainingDetailsVisible(bool visible);
  void setSampleGridsVisible(bool visible);  // beside the loss curve; runs without grids hide it
  // Evaluate and Make Gamma file act on the loaded model: offered once there is one.
  void setModelActionsEnabled(bool enabled);

 Q_SIGNALS:
  void currentJobChanged(quint64 id);
  void newTrainingRequested();
  void newFinetuneRequested();
  void evaluateRequested();
  void makeGammaRequested();
  void cancelRequested(quint64 id);
  void resumeRequested(quint64 id);
  void openFolderRequested(quint64 id);
  void removeRequested(quint64 id);

 private:
  void showSample(int index);

  JobListModel* m_model;
  QTreeView* m_list;
  QLabel* m_title;
  QProgressBar* m_progress;
  QLabel* m_status;
  LossPlot* m_loss;
  QLabel* m_sample;
  QSlider* m_timeline;
  QLabel* m_sampleStep;
  QLabel* m_result;
  QWidget* m_trainingBox;
  QWidget* m_sampleBox;
  QPushButton* m_cancel;
  QPushButton* m_resume;
  QPushButton* m_openFolder;
  QPushButton* m_remove;
  QPushButton* m_evaluate;
  QPushButton* m_makeGamma;
  QVector<QPair<qint64, QString>> m_grids;
  quint64 m_current = 0;
};

}  // namespace sdm::widgets
