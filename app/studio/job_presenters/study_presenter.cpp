// Studies: the cell running and its stage; the table is in the Study tab.
#include <algorithm>

#include "job_presenters/job_presenter.h"
#include "job_presenters/presenters.h"

namespace sdm::studio {
namespace {

class StudyPresenter final : public JobPresenter {
 public:
  QString status(const JobRecord& r) const override {
    const sdm::JobProgress& p = r.last;
    if (r.state == JobRecord::State::Cancelled || r.state == JobRecord::State::Paused)
      return tr("Stopped after %1 of %2 cells; the table keeps them and Resume runs the rest.")
          .arg(p.step)
          .arg(p.total);
    if (r.state == JobRecord::State::Done) return tr("%1 cells scored").arg(p.total);
    if (p.total <= 0) return {};
    // The stage names the running cell; a report that a cell ended has none.
    const QString text = p.label.empty() ? tr("cell %1 / %2 · elapsed %3")
                                               .arg(std::min(p.step + 1, p.total))
                                               .arg(p.total)
                                               .arg(clockText(p.elapsedSeconds))
                                         : tr("cell %1 / %2 · %3 · elapsed %4")
                                               .arg(std::min(p.step + 1, p.total))
                                               .arg(p.total)
                                               .arg(QString::fromStdString(p.label))
                                               .arg(clockText(p.elapsedSeconds));
    return text + etaSuffix(r);
  }
  QString detail(const JobRecord& r) const override {
    return r.last.total > 0 ? tr("%1 / %2 cells").arg(r.last.step).arg(r.last.total) : QString();
  }
  QString resultHtml(const JobRecord& r) const override {
    if (r.state != JobRecord::State::Done) return {};
    return tr("Study table %1/study.json — shown in the Study tab.")
        .arg(QString::fromStdString(sdm::jobOutputPath(r.spec)).toHtmlEscaped());
  }
  bool pathIsFolder() const override { return true; }
};

}  // namespace

const JobPresenter& studyPresenter() {
  static const StudyPresenter p;
  return p;
}

}  // namespace sdm::studio
