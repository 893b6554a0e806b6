#pragma once
// Feeds the Conversion view: follows the ANN→SNN pipeline of the loaded model — the quantized
// ANN, its converted SNN and the fine-tuned SNN, found from the files' own metadata and from the
// conversion and fine-tuning jobs of the queue — with bits → T, the conversion check, the
// fine-tuning run and each model's newest scores (<checkpoint>.eval.jsonl). Its buttons start
// the next job (Convert, Fine-tune, Evaluate) or open a model.
#include <QObject>
#include <QString>

#include "engine/model_info.h"

namespace sdm::widgets {
class ConversionView;
}

namespace sdm::studio {

class JobsController;
class ModelController;

class ConversionController : public QObject {
  Q_OBJECT
 public:
  struct Pipeline {
    QString ann, snn, tuned;  // absolute paths; empty: not known (yet)
    int bits = 0;             // 0: not known
  };

  ConversionController(JobsController* jobs, ModelController* model, widgets::ConversionView* view,
                       QObject* parent = nullptr);
  const Pipeline& pipeline() const { return m_pipeline; }
  void refresh();  // re-reads the jobs and the scores

 private:
  void follow(const sdm::ModelInfo& info);  // a loaded ANN2SNN model: the pipeline it belongs to
  void completeFromJobs();                  // the conversion / fine-tuning the queue made
  QString convertCheck() const;             // the conversion job's check, when the queue has it
  QString finetuneDetail() const;

  JobsController* m_jobs;
  ModelController* m_model;
  widgets::ConversionView* m_view;
  Pipeline m_pipeline;
};

}  // namespace sdm::studio
