// Block-wise SNN fine-tuning: the block being tuned, its step, the loss; the loss curve of the
// whole run (one line per step in metrics.jsonl).
#include <QDir>
#include <QFileInfo>

#include <algorithm>

#include "job_presenters/job_presenter.h"
#include "job_presenters/presenters.h"

namespace sdm::studio {
namespace {

// 1-based; the report that the run finished names the block after the last.
int shownBlock(const sdm::JobProgress& p) { return std::min(p.part + 1, p.parts); }

class SnnFinetunePresenter final : public JobPresenter {
 public:
  QString status(const JobRecord& r) const override {
    const sdm::JobProgress& p = r.last;
    QString text;
    if (p.parts > 0)
      text = tr("block %1 / %2 (%3) · step %4 / %5 · loss %6 · elapsed %7")
                 .arg(shownBlock(p))
                 .arg(p.parts)
                 .arg(QString::fromStdString(p.label))
                 .arg(p.step)
                 .arg(p.total)
                 .arg(p.loss, 0, 'g', 4)
                 .arg(clockText(p.elapsedSeconds)) +
             etaSuffix(r);
    else if (r.state == JobRecord::State::Running)
      text = tr("loading the ANN, the SNN and the training images");
    if (r.state == JobRecord::State::Paused)
      return tr("Paused — resume to continue from the run's ckpt.pt. %1").arg(text);
    if (r.state == JobRecord::State::Cancelled)
      return tr("Cancelled at step %1; Resume continues from %2. %3")
          .arg(p.step)
          .arg(r.checkpoint.isEmpty() ? tr("the run's ckpt.pt") : r.checkpoint, text);
    if (r.state == JobRecord::State::Done)
      return tr("All %1 blocks tuned in %2").arg(p.parts).arg(clockText(p.elapsedSeconds));
    return text;
  }
  QString detail(const JobRecord& r) const override {
    const sdm::JobProgress& p = r.last;
    if (p.parts <= 0) return {};
    return tr("block %1 / %2 · loss %3").arg(shownBlock(p)).arg(p.parts).arg(p.loss, 0, 'g', 4);
  }
  QString resultHtml(const JobRecord& r) const override {
    if (r.state != JobRecord::State::Done || !r.result.is_object()) return {};
    const QString snn = QString::fromStdString(r.result.value("snn", std::string()));
    return tr("Fine-tuned SNN: %1 — open it to generate, compare it with the converted model, or "
              "evaluate it. Each block's model is in %2.")
        .arg(snn.toHtmlEscaped(),
             QFileInfo(snn).dir().filePath(QStringLiteral("blocks")).toHtmlEscaped());
  }
  bool showsRunFolder() const override { return true; }
  bool makesSampleGrids() const override { return false; }
};

}  // namespace

const JobPresenter& snnFinetunePresenter() {
  static const SnnFinetunePresenter p;
  return p;
}

}  // namespace sdm::studio
