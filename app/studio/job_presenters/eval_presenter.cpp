// Evaluations: loading, sampling (network evaluations, ETA), scoring; the scores once done.
#include <cmath>

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
    if (!r.result.is_object() || !r.result.contains("scores")) return {};
    return QStringLiteral("%1 = %2")
        .arg(QString::fromStdString(r.result["scores"].value("fd_name", std::string("FD"))))
        .arg(r.result["scores"].value("fd", 0.0), 0, 'f', 4);
  }
  QString resultHtml(const JobRecord& r) const override { return scoresHtml(r.result); }

 private:
  static QString scoresHtml(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("scores")) return {};
    const nlohmann::json& s = j["scores"];
    QString html =
        QStringLiteral("<b>%1 = %2</b> (N = %3, %4")
            .arg(QString::fromStdString(s.value("fd_name", std::string("FD"))).toHtmlEscaped())
            .arg(s.value("fd", 0.0), 0, 'f', 4)
            .arg(s.value("n", 0))
            .arg(tr("extractor: %1")
                     .arg(QString::fromStdString(s.value("extractor", std::string()))
                              .toHtmlEscaped()));
    if (j.contains("sampler"))
      html += QStringLiteral(", %1, %2, %3")
                  .arg(j.value("ema", false) ? tr("EMA weights") : tr("raw weights"))
                  .arg(QString::fromStdString(j["sampler"].value("summary", std::string()))
                           .toHtmlEscaped())
                  .arg(tr("seed %1").arg(j.value("seed", uint64_t{0})));
    if (const double th = j.value("threshold", 1.0); th != 1.0)
      html +=
          QStringLiteral(", ") + tr("IF threshold %1").arg(thresholdText(static_cast<float>(th)));
    html += QStringLiteral(")");
    if (s.contains("kid"))
      html += QStringLiteral("<br>") + tr("KID = %1 ± %2")
                                           .arg(s["kid"].value("mean", 0.0), 0, 'f', 5)
                                           .arg(s["kid"].value("std", 0.0), 0, 'f', 5);
    if (s.contains("classifier")) {
      const nlohmann::json& c = s["classifier"];
      html += QStringLiteral("<br>") +
              tr("IS analogue = %1 ± %2 · confident (p ≥ 0.5) %3 % · class entropy %4 / %5")
                  .arg(c.value("is_analogue_mean", 0.0), 0, 'f', 3)
                  .arg(c.value("is_analogue_std", 0.0), 0, 'f', 3)
                  .arg(100 * c.value("confident_fraction", 0.0), 0, 'f', 1)
                  .arg(c.value("class_entropy", 0.0), 0, 'f', 3)
                  .arg(c.value("class_entropy_max", std::log(10.0)), 0, 'f', 3);
    }
    if (j.contains("checkpoint"))
      html += QStringLiteral("<br>") +
              tr("Appended to %1")
                  .arg(QString::fromStdString(j["checkpoint"].get<std::string>() + ".eval.jsonl")
                           .toHtmlEscaped());
    return html;
  }
};

}  // namespace

const JobPresenter& evalPresenter() {
  static const EvalPresenter p;
  return p;
}

}  // namespace sdm::studio
