#include "job_presenters/job_presenter.h"

#include "job_presenters/presenters.h"

namespace sdm::studio {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

const JobPresenter& presenterFor(const sdm::JobSpec& spec) {
  return std::visit(
      Overloaded{
          [](const sdm::TrainingJob&) -> const JobPresenter& { return trainingPresenter(); },
          [](const sdm::SnnFinetuneJob&) -> const JobPresenter& { return snnFinetunePresenter(); },
          [](const sdm::EvalJob&) -> const JobPresenter& { return evalPresenter(); },
          [](const sdm::GammaFileJob&) -> const JobPresenter& { return gammaPresenter(); },
          [](const sdm::ConvertJob&) -> const JobPresenter& { return convertPresenter(); },
          [](const sdm::StudyJob&) -> const JobPresenter& { return studyPresenter(); }},
      spec);
}

QString clockText(double s) {
  if (s < 0) return QStringLiteral("?");
  const auto t = static_cast<qint64>(s + 0.5);
  if (t >= 3600)
    return QStringLiteral("%1:%2:%3")
        .arg(t / 3600)
        .arg(t / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(t % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(t / 60).arg(t % 60, 2, 10, QLatin1Char('0'));
}

QString etaSuffix(const JobRecord& r) {
  if (r.state != JobRecord::State::Running) return {};
  return JobPresenter::tr(" · ETA %1").arg(clockText(r.last.etaSeconds));
}

}  // namespace sdm::studio
