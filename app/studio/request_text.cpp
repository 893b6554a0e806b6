#include "request_text.h"

#include <QCoreApplication>

namespace sdm::studio {

namespace {
struct RequestText {
  Q_DECLARE_TR_FUNCTIONS(RequestText)
};
}  // namespace

QString solverLabel(sdm::SolverKind kind) {
  switch (kind) {
    case sdm::SolverKind::Ddpm:
      return QStringLiteral("DDPM");
    case sdm::SolverKind::DdpmStrided:
      return RequestText::tr("DDPM strided");
    case sdm::SolverKind::Ddim:
      return QStringLiteral("DDIM");
    case sdm::SolverKind::AnalyticDpm:
      return QStringLiteral("Analytic-DPM");
    case sdm::SolverKind::DpmSolver:
      return QStringLiteral("DPM-Solver");
    case sdm::SolverKind::DpmSolverPP:
      return QStringLiteral("DPM-Solver++");
  }
  return {};
}

QString describeSolver(const sdm::SolverOptions& o) {
  QString s =
      solverLabel(o.kind) + QStringLiteral(" · ") + RequestText::tr("%n step(s)", nullptr, o.steps);
  if (o.kind == sdm::SolverKind::Ddim && o.eta > 0)
    s += QStringLiteral(" · η %1").arg(o.eta, 0, 'g', 3);
  if (o.rederivesEps()) s += QStringLiteral(" · ") + RequestText::tr("ε re-derived");
  if (sdm::isDpmSolver(o.kind))
    s += QStringLiteral(" · ") +
         RequestText::tr("order %1, %2").arg(o.order).arg(QLatin1String(sdm::toString(o.method)));
  return s;
}

QString describeRequest(const sdm::GenerateParams& p) {
  return describeSolver(p.solver) + QStringLiteral(" · ") + RequestText::tr("seed %1").arg(p.seed) +
         QStringLiteral(" · ") + RequestText::tr("%n image(s)", nullptr, p.batch) +
         QStringLiteral(" · θ ") + thresholdText(p.threshold) +
         (p.precision == sdm::Precision::Exact
              ? QString()
              : QStringLiteral(" · ") + QString::fromUtf8(sdm::toString(p.precision)));
}

QString thresholdText(float threshold) { return QString::number(double(threshold), 'f', 3); }

}  // namespace sdm::studio
