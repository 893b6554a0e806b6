// Evaluations: loading, sampling (network evaluations, ETA), scoring; the scores once done.
#include <optional>

#include "job_presenters/job_presenter.h"
#include "job_presenters/presenters.h"
#include "request_text.h"

namespace sdm::studio {
namespace {

class EvalPresenter final : public JobPresenter {
 public:
  QString status(const JobRecord& r) const override {
    const sdm::JobProgress& p = r.last;
    QString text;
    if (p.stage == sdm::JobProgress::Stage::Loading)
      text = tr("loading the model and the classifier");
    else if (p.stage == sdm::JobProgress::Stage::Scoring)
      text = tr("scoring %1 images").arg(std::get<sdm::EvalJob>(r.spec).request.n);
    else if (p.total > 0)
      text = tr("sampling: evaluation %1 / %2 · ETA %3")
                 .arg(p.step)
                 .arg(p.total)
                 .arg(clockText(p.etaSeconds));
    if (r.state == JobRecord::State::Paused)
      return tr("Paused — Resume evaluates from the start. %1").arg(text);
    return text;
  }
  QString detail(const JobRecord& r) const override {
    const auto e = summaryOf(r);
    if (!e) return {};
    return QStringLiteral("%1 = %2").arg(QString::fromStdString(e->fdName)).arg(e->fd, 0, 'f', 4);
  }
  QString resultHtml(const JobRecord& r) const override {
    const auto e = summaryOf(r);
    return e ? scoresHtml(*e) : QString();
  }

 private:
  static std::optional<sdm::EvalSummary> summaryOf(const JobRecord& r) {
    try {
      return sdm::evalSummaryOf(r.result);
    } catch (const std::exception&) {
      return std::nullopt;  // not done (or cancelled): no scores yet
    }
  }
  static QString scoresHtml(const sdm::EvalSummary& e) {
    QString html =
        QStringLiteral("<b>%1 = %2</b> (N = %3, %4")
            .arg(QString::fromStdString(e.fdName).toHtmlEscaped())
            .arg(e.fd, 0, 'f', 4)
            .arg(e.n)
            .arg(tr("extractor: %1").arg(QString::fromStdString(e.extractor).toHtmlEscaped()));
    if (!e.sampler.empty())
      html += QStringLiteral(", %1, %2, %3")
                  .arg(e.ema ? tr("EMA weights") : tr("raw weights"))
                  .arg(QString::fromStdString(e.sampler).toHtmlEscaped())
                  .arg(tr("seed %1").arg(e.seed));
    if (e.threshold != 1.0)
      html += QStringLiteral(", ") +
              tr("IF threshold %1").arg(thresholdText(static_cast<float>(e.threshold)));
    html += QStringLiteral(")");
    if (e.kid)
      html += QStringLiteral("<br>") +
              tr("KID = %1 ± %2").arg(e.kid->mean, 0, 'f', 5).arg(e.kid->std, 0, 'f', 5);
    if (const auto& c = e.classifier)
      html += QStringLiteral("<br>") +
              tr("IS analogue = %1 ± %2 · confident (p ≥ 0.5) %3 % · class entropy %4 / %5")
                  .arg(c->isMean, 0, 'f', 3)
                  .arg(c->isStd, 0, 'f', 3)
                  .arg(100 * c->confident, 0, 'f', 1)
                  .arg(c->classEntropy, 0, 'f', 3)
                  .arg(c->classEntropyMax, 0, 'f', 3);
    if (!e.checkpoint.empty())
      html += QStringLiteral("<br>") +
              tr("Appended to %1")
                  .arg(QString::fromStdString(e.checkpoint + ".eval.jsonl").toHtmlEscaped());
    return html;
  }
};

}  // namespace

const JobPresenter& evalPresenter() {
  static const EvalPresenter p;
  return p;
}

}  // namespace sdm::studio
