// Gamma files: timesteps estimated; a cancelled file keeps them and Resume completes it.
#include <QFileInfo>

#include "job_presenters/job_presenter.h"
#include "job_presenters/presenters.h"

namespace sdm::studio {
namespace {

class GammaPresenter final : public JobPresenter {
 public:
  QString status(const JobRecord& r) const override {
    const sdm::JobProgress& p = r.last;
    QString text;
    if (p.stage == sdm::JobProgress::Stage::Loading)
      text = tr("loading the model and the training images");
    else if (p.total > 0)
      text = tr("timestep %1 / %2 · elapsed %3")
                 .arg(p.step)
                 .arg(p.total)
                 .arg(clockText(p.elapsedSeconds)) +
             etaSuffix(r);
    if (r.state == JobRecord::State::Paused)
      return tr("Paused — resume to complete the Gamma file. %1").arg(text);
    if (r.state == JobRecord::State::Cancelled)
      return tr("Cancelled after %1 of %2 timesteps; the file keeps them and Resume completes it.")
          .arg(p.step)
          .arg(p.total);
    return text;
  }
  QString detail(const JobRecord& r) const override {
    if (r.state == JobRecord::State::Done)
      return QFileInfo(QString::fromStdString(sdm::jobOutputPath(r.spec))).fileName();
    if (r.last.total > 0) return tr("%1 / %2 timesteps").arg(r.last.step).arg(r.last.total);
    return {};
  }
  QString resultHtml(const JobRecord& r) const override {
    if (r.state != JobRecord::State::Done) return {};
    return tr("Gamma file %1 — set as the Generate panel's Gamma file for analytic-dpm.")
        .arg(QString::fromStdString(sdm::jobOutputPath(r.spec)).toHtmlEscaped());
  }
};

}  // namespace

const JobPresenter& gammaPresenter() {
  static const GammaPresenter p;
  return p;
}

}  // namespace sdm::studio
