// Training, ANN training and TSM finetuning runs: steps, loss, speed; a loss curve and grids.
#include "job_presenters/job_presenter.h"
#include "job_presenters/presenters.h"

namespace sdm::studio {
namespace {

class TrainingPresenter final : public JobPresenter {
 public:
  QString status(const JobRecord& r) const override {
    const sdm::JobProgress& p = r.last;
    QString text;
    if (p.total > 0)
      text = tr("step %1 / %2 · loss %3 · %4 img/s · elapsed %5")
                 .arg(p.step)
                 .arg(p.total)
                 .arg(p.loss, 0, 'f', 5)
                 .arg(p.imagesPerSecond, 0, 'f', 1)
                 .arg(clockText(p.elapsedSeconds)) +
             etaSuffix(r);
    if (r.state == JobRecord::State::Paused)
      return tr("Paused — resume to continue from the newest checkpoint. %1").arg(text);
    if (r.state == JobRecord::State::Cancelled)
      return tr("Cancelled at step %1 (checkpoint %2). %3").arg(p.step).arg(r.checkpoint, text);
    return text;
  }
  QString detail(const JobRecord& r) const override {
    if (r.last.step <= 0) return {};
    return tr("loss %1 at step %2").arg(r.last.loss, 0, 'f', 5).arg(r.last.step);
  }
  bool showsRunFolder() const override { return true; }
};

}  // namespace

const JobPresenter& trainingPresenter() {
  static const TrainingPresenter p;
  return p;
}

}  // namespace sdm::studio
