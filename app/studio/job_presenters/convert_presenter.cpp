// ANN→SNN conversions: the file written, its neurons and the conversion check.
#include <QStringList>

#include "job_presenters/job_presenter.h"
#include "job_presenters/presenters.h"

namespace sdm::studio {
namespace {

class ConvertPresenter final : public JobPresenter {
 public:
  QString status(const JobRecord& r) const override {
    if (r.state == JobRecord::State::Running) return tr("converting");
    if (r.state == JobRecord::State::Paused) return tr("Paused — Resume converts again.");
    return {};
  }
  QString detail(const JobRecord& r) const override {
    if (r.state != JobRecord::State::Done || !r.result.contains("check")) return {};
    return tr("ε relative error %1 at t = %2")
        .arg(r.result["check"]["eps"][0].value("eps_relative_error", 0.0), 0, 'g', 3)
        .arg(r.result["check"]["eps"][0].value("t", 0));
  }
  QString resultHtml(const JobRecord& r) const override {
    if (r.state != JobRecord::State::Done) return {};
    const nlohmann::json& j = r.result;
    QString html =
        tr("Wrote %1<br>%2: %3")
            .arg(QString::fromStdString(j.value("out", std::string())).toHtmlEscaped(),
                 QString::fromStdString(j.value("to", std::string())).toHtmlEscaped(),
                 QString::fromStdString(j.value("neurons", std::string())).toHtmlEscaped());
    if (j.contains("check")) {
      const auto& c = j["check"];
      QStringList eps;
      for (const auto& row : c["eps"])
        eps << tr("t = %1: %2")
                   .arg(row.value("t", 0))
                   .arg(row.value("eps_relative_error", 0.0), 0, 'g', 3);
      html += tr("<br>Conversion check on %1 N(0,1) inputs: time embedding (the first spiking "
                 "layer) relative error %2; ε relative error %3")
                  .arg(c.value("images", 0))
                  .arg(c.value("time_embedding_relative_error", 0.0), 0, 'g', 3)
                  .arg(eps.join(QStringLiteral(", ")));
    }
    return html;
  }
};

}  // namespace

const JobPresenter& convertPresenter() {
  static const ConvertPresenter p;
  return p;
}

}  // namespace sdm::studio
