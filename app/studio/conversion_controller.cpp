#include "conversion_controller.h"

#include <QAction>
#include <QFileInfo>

#include "conversion_view.h"
#include "engine/jobs.h"
#include "job_queue.h"
#include "jobs_controller.h"
#include "model_controller.h"

namespace sdm::studio {
namespace {

QString absolute(const std::string& path) {
  return path.empty() ? QString() : QFileInfo(QString::fromStdString(path)).absoluteFilePath();
}

// The newest finished job of kind Job for which `matches` holds.
template <typename Job, typename Match>
const Job* newestDone(const JobQueue& queue, const JobRecord** record, Match matches) {
  const Job* found = nullptr;
  for (quint64 id : queue.ids()) {
    const JobRecord* r = queue.job(id);
    const Job* job = r ? std::get_if<Job>(&r->spec) : nullptr;
    if (job && r->state == JobRecord::State::Done && matches(*job, *r)) {
      found = job;
      if (record) *record = r;
    }
  }
  return found;
}

widgets::ConversionStage stageOf(const QString& name, const QString& path, const QString& detail) {
  widgets::ConversionStage s;
  s.name = name;
  s.path = path;
  s.detail = detail;
  if (path.isEmpty()) return s;
  const auto e = sdm::latestEvaluation(path.toStdString());
  if (!e) return s;
  s.scored = true;
  s.fdName = QString::fromStdString(e->fdName);
  s.fd = e->fd;
  s.n = e->n;
  if (e->kid) s.kid = e->kid->mean;
  if (e->classifier) {
    s.isAnalogue = e->classifier->isMean;
    s.confident = e->classifier->confident;
    s.classEntropy = e->classifier->classEntropy;
  }
  s.settings = QStringLiteral("%1 · seed %2 · %3")
                   .arg(QString::fromStdString(e->sampler))
                   .arg(e->seed)
                   .arg(e->ema ? ConversionController::tr("EMA") : ConversionController::tr("raw"));
  return s;
}

}  // namespace

ConversionController::ConversionController(JobsController* jobs, ModelController* model,
                                           widgets::ConversionView* view, QObject* parent)
    : QObject(parent), m_jobs(jobs), m_model(model), m_view(view) {
  connect(m_model, &ModelController::modelChanged, this, &ConversionController::follow);
  connect(m_jobs->queue(), &JobQueue::jobFinished, this, [this] { refresh(); });
  connect(m_view, &widgets::ConversionView::convertRequested, this, [this] {
    if (m_model->hasModel() && m_model->info().convertible) m_jobs->convertAction()->trigger();
  });
  connect(m_view, &widgets::ConversionView::finetuneRequested, this, [this] {
    sdm::SnnFinetuneJob job = m_jobs->snnFinetuneDefaults();
    if (!m_pipeline.snn.isEmpty()) job.config.snnCheckpoint = m_pipeline.snn.toStdString();
    if (!m_pipeline.ann.isEmpty()) job.config.annCheckpoint = m_pipeline.ann.toStdString();
    m_jobs->askSnnFinetune(job);
  });
  auto pathOf = [this](int stage) {
    return stage == 0 ? m_pipeline.ann : stage == 1 ? m_pipeline.snn : m_pipeline.tuned;
  };
  connect(m_view, &widgets::ConversionView::evaluateRequested, this, [this, pathOf](int stage) {
    if (const QString path = pathOf(stage); !path.isEmpty()) m_jobs->evaluateFile(path);
  });
  connect(m_view, &widgets::ConversionView::openRequested, this, [this, pathOf](int stage) {
    if (const QString path = pathOf(stage); !path.isEmpty()) m_model->open(path);
  });
  refresh();
}

void ConversionController::follow(const sdm::ModelInfo& info) {
  if (!info.convertible && !info.converted) return;  // another model: the pipeline stays shown
  const QString path = absolute(info.path);
  Pipeline p;
  p.bits = info.bits;
  if (info.convertible) {
    p.ann = path;
  } else if (!info.convertedSource.empty()) {  // a fine-tuned SNN names its converted one
    p.tuned = path;
    p.snn = absolute(info.convertedSource);
    p.ann = absolute(info.annSource);
  } else {
    p.snn = path;
    p.ann = m_jobs->annOf(info);
  }
  // Keep what is known of the same pipeline (a fine-tuned file opened after its ANN).
  if (p.ann.isEmpty() && p.snn == m_pipeline.snn) p.ann = m_pipeline.ann;
  if (p.tuned.isEmpty() && p.snn == m_pipeline.snn && !p.snn.isEmpty()) p.tuned = m_pipeline.tuned;
  m_pipeline = p;
  refresh();
}

void ConversionController::completeFromJobs() {
  const JobQueue& queue = *m_jobs->queue();
  Pipeline& p = m_pipeline;
  auto convertsAnn = [&](const sdm::ConvertJob& j, const JobRecord&) {
    return absolute(j.annCheckpoint) == p.ann;
  };
  if (p.snn.isEmpty() && !p.ann.isEmpty())
    if (const auto* convert = newestDone<sdm::ConvertJob>(queue, nullptr, convertsAnn))
      p.snn = absolute(convert->out);
  auto tunesSnn = [&](const sdm::SnnFinetuneJob& j, const JobRecord&) {
    return absolute(j.config.snnCheckpoint) == p.snn;
  };
  const JobRecord* tuning = nullptr;
  if (!p.snn.isEmpty() && newestDone<sdm::SnnFinetuneJob>(queue, &tuning, tunesSnn))
    p.tuned = absolute(tuning->result.value("snn", std::string()));
}

QString ConversionController::convertCheck() const {
  const JobRecord* record = nullptr;
  newestDone<sdm::ConvertJob>(*m_jobs->queue(), &record,
                              [&](const sdm::ConvertJob& j, const JobRecord&) {
                                return absolute(j.out) == m_pipeline.snn;
                              });
  if (!record || !record->result.contains("check")) return {};
  const auto& check = record->result["check"];
  QStringList eps;
  for (const auto& row : check.value("eps", nlohmann::json::array()))
    eps << tr("%1 at t = %2")
               .arg(row.value("eps_relative_error", 0.0), 0, 'g', 3)
               .arg(row.value("t", 0));
  return tr("conversion check: ε relative error %1").arg(eps.join(QStringLiteral(", ")));
}

QString ConversionController::finetuneDetail() const {
  const JobRecord* record = nullptr;
  const auto* job = newestDone<sdm::SnnFinetuneJob>(
      *m_jobs->queue(), &record, [&](const sdm::SnnFinetuneJob&, const JobRecord& r) {
        return absolute(r.result.value("snn", std::string())) == m_pipeline.tuned;
      });
  if (!job) return tr("block-wise fine-tuning of the converted SNN");
  return tr("%1 steps per block, %2 steps in all, lr %3")
      .arg(job->config.stepsPerBlock)
      .arg(record->last.total)
      .arg(job->config.lr);
}

void ConversionController::refresh() {
  completeFromJobs();
  const Pipeline& p = m_pipeline;
  const int t = p.bits > 0 && p.bits < 32 ? (1 << p.bits) - 1 : 0;
  if (p.ann.isEmpty() && p.snn.isEmpty())
    m_view->setHeadline(
        tr("Open a quantized ANN (Run ▸ New ANN training for conversion…) or a "
           "converted SNN to follow its conversion here."));
  else
    m_view->setHeadline(t > 0 ? tr("<b>%1-bit ANN → S_UNet with T = %2</b> (2^bit − 1 time steps; "
                                   "IF thresholds are the ANN's learnt clipping values)")
                                    .arg(p.bits)
                                    .arg(t)
                              : tr("<b>ANN → S_UNet</b>"));
  QVector<widgets::ConversionStage> stages;
  stages << stageOf(tr("Quantized ANN"), p.ann,
                    p.bits > 0 ? tr("%1 bits → T = %2").arg(p.bits).arg(t) : QString());
  QString check = convertCheck();
  stages << stageOf(tr("Converted SNN"), p.snn,
                    check.isEmpty() ? tr("IF neurons, T = %1").arg(t) : check);
  stages << stageOf(tr("Fine-tuned SNN"), p.tuned, finetuneDetail());
  m_view->setStages(stages);
  const bool annLoaded = m_model->hasModel() && m_model->info().convertible;
  m_view->setActions(annLoaded, !p.snn.isEmpty());
}

}  // namespace sdm::studio
