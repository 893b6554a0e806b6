#pragma once
// Connects the job queue to the Jobs view: mirrors the queue into the job list, fills the
// selected job's details through its kind's presenter (job_presenters/: progress, ETA, result)
// with the loss curve from metrics.jsonl plus live steps and the sample grids of run folders, and
// launches jobs: New training / ANN training / TSM finetune (defaults from the loaded model),
// Fine-tune the converted SNN, Evaluate (the loaded model with the Generate panel's solver,
// steps, seed), Make Gamma file (its steps and grid) and Convert.
#include <QHash>
#include <QObject>
#include <QPointF>
#include <QVector>

#include "engine/jobs.h"
#include "engine/model_info.h"

class QAction;
class QWidget;

namespace sdm::widgets {
class JobListModel;
class JobsView;
}  // namespace sdm::widgets

namespace sdm::studio {

class GenerateSettings;
class JobQueue;
struct JobRecord;
class ModelController;

class JobsController : public QObject {
  Q_OBJECT
 public:
  // model and generate may be null (then Evaluate and New TSM finetune are unavailable).
  JobsController(JobQueue* queue, widgets::JobsView* view, widgets::JobListModel* list,
                 ModelController* model, GenerateSettings* generate, QWidget* dialogParent,
                 QObject* parent = nullptr);

  JobQueue* queue() const { return m_queue; }
  QAction* evaluateAction() const { return m_evaluate; }
  QAction* makeGammaAction() const { return m_makeGamma; }
  QAction* convertAction() const { return m_convert; }  // enabled for a loaded quantized ANN

  quint64 launch(const sdm::JobSpec& spec);  // queued and selected; returns the queue's id
  // The Jobs view lists rows of the activity list; these map the queue's jobs to them.
  quint64 currentJob() const;     // the queue job selected in the view, 0 for none or a run
  void selectJob(quint64 jobId);  // selects the queue job's row
  quint64 entryOf(quint64 jobId) const { return m_entryOfJob.value(jobId); }
  quint64 jobOf(quint64 entryId) const { return m_jobOfEntry.value(entryId); }
  // The loaded model with the Generate panel's settings; n <= 0 asks for N in a dialog.
  // Returns the job id, 0 when nothing was started.
  quint64 evaluateLoaded(int n = 0);
  // Any checkpoint (its own weights choice and T) with the Generate panel's solver, steps and
  // seed; n <= 0 asks. For the conversion view's ANN / converted / fine-tuned files.
  quint64 evaluateFile(const QString& checkpoint, int n = 0);
  // Analytic-DPM's Gamma file for the loaded model and the Generate panel's steps and grid. An
  // empty path or samples <= 0 asks in a dialog (default path: defaultGammaPath()). When the job
  // is done, the Generate panel's Gamma file is set to it. Returns the job id, 0 when none.
  quint64 makeGamma(const QString& outPath = {}, int samples = 0);
  static QString defaultGammaPath(const QString& checkpoint, int steps, const QString& skip);
  void newTraining();
  void newFinetune();
  void newAnnTraining();  // SDM's quantized ANN, to convert into an SNN
  // Block-wise fine-tuning of a converted SNN, asked in a dialog prefilled by snnFinetuneDefaults.
  void newSnnFinetune();
  quint64 askSnnFinetune(const sdm::SnnFinetuneJob& defaults);  // 0: the dialog was cancelled
  // The quantized ANN a converted SNN came from: its own metadata, else the conversion job of the
  // queue that wrote it (files converted before the metadata); empty when neither says.
  QString annOf(const sdm::ModelInfo& snn) const;
  // From the loaded model: its ANN or SNN, and the other one when a conversion in the queue made
  // the pair; the dataset of its channels; a new run folder.
  sdm::SnnFinetuneJob snnFinetuneDefaults() const;
  // Converts the loaded quantized ANN into `out` as a job; the SNN opens when it is done.
  quint64 convertLoaded(const QString& out);

  QString defaultRunDir(const QString& stem) const;

 Q_SIGNALS:
  void evaluationFinished(quint64 id, const QString& summary);
  void gammaFinished(quint64 id, const QString& path);

 private:
  void startTraining(sdm::train::RunKind kind);
  int askImageCount() const;  // 0: cancelled
  quint64 evaluate(const std::string& checkpoint, const sdm::LoadOptions& load, bool spkUnet,
                   int n);
  void whenDone(quint64 id, const JobRecord& r);  // a kind's follow-up (open the SNN, ...)
  void syncEntry(quint64 id);
  void showEntry(quint64 entryId);
  void showJob(quint64 id);
  void refreshDetails(quint64 id);
  void onProgress(quint64 id, const sdm::JobProgress& p, const QVector<QPointF>& newLoss);
  void refreshSamples(quint64 id);
  // Where each fine-tuning block begins on the curve (sdm::LossHistory::blocks).
  void showLossBlocks(const std::vector<std::pair<int64_t, std::string>>& blocks);
  void openFolder(quint64 id);
  void removeEntry(quint64 entryId);
  bool sessionRunRemovable(quint64 entryId) const;

  JobQueue* m_queue;
  widgets::JobsView* m_view;
  widgets::JobListModel* m_list;
  ModelController* m_model;
  GenerateSettings* m_generate;  // what the Generate panel shows
  QWidget* m_dialogParent;
  QAction* m_evaluate;
  QAction* m_makeGamma;
  QAction* m_convert;
  QHash<quint64, quint64> m_entryOfJob, m_jobOfEntry;  // queue id <-> activity list id
};

}  // namespace sdm::studio
