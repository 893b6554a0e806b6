#include "generate_settings.h"

#include <QRandomGenerator>
#include <QSettings>

#include <algorithm>
#include <climits>

namespace sdm::studio {

namespace {

// Seeds the panel's spin box can show.
constexpr uint64_t kMaxSeed = INT_MAX;

sdm::GenerateParams freshChoices() {
  sdm::GenerateParams p;
  p.solver.steps = 20;
  p.solver.skip = p.solver.grid();
  p.batch = 4;
  p.microBatch = 1;
  p.precision = GenerateSettings::defaultPrecision();
  return p;
}

}  // namespace

GenerateSettings::GenerateSettings(QObject* parent) : QObject(parent), m_choices(freshChoices()) {}

// A fresh studio generates in the fastest mode whose quality cost on the demo model stayed within
// the bounds of docs/performance.md (int8: FD +10 %, fast and bf16: +5 %).
sdm::Precision GenerateSettings::defaultPrecision() {
  for (sdm::Precision p : {sdm::Precision::Int8, sdm::Precision::Fast})
    if (sdm::precisionAvailable(p)) return p;
  return sdm::Precision::Exact;
}

sdm::GenerateParams GenerateSettings::params() const {
  sdm::GenerateParams p = m_choices;
  const sdm::SolverKind k = p.solver.kind;
  if (k == sdm::SolverKind::Ddpm) {
    p.solver.steps = m_trainingTimesteps;
    p.solver.skip = sdm::TimeGrid::Default;
  }
  p.solver.rederiveEps = k == sdm::SolverKind::Ddim && p.solver.rederiveEps;
  if (k != sdm::SolverKind::AnalyticDpm) p.gammaPath.clear();
  if (!m_precisionApplies) p.precision = sdm::Precision::Exact;
  p.trajectoryImages = std::min(p.batch, 16);
  return p;
}

void GenerateSettings::setParams(const sdm::GenerateParams& p) {
  sdm::GenerateParams c = m_choices;
  c.solver = p.solver;
  c.solver.gamma.reset();  // a table is loaded per run from gammaPath
  if (p.solver.kind == sdm::SolverKind::Ddpm) {
    c.solver.steps = m_choices.solver.steps;
    c.solver.skip = m_choices.solver.skip;
  } else if (c.solver.skip == sdm::TimeGrid::Default) {
    c.solver.skip = c.solver.grid();
  }
  // A request of another solver says nothing of the Gamma file: the one chosen stays.
  if (p.solver.kind == sdm::SolverKind::AnalyticDpm || !p.gammaPath.empty())
    c.gammaPath = p.gammaPath;
  c.seed = std::min(p.seed, kMaxSeed);
  c.batch = p.batch;
  c.microBatch = p.microBatch;
  if (sdm::precisionAvailable(p.precision)) c.precision = p.precision;
  m_choices = c;
  Q_EMIT changed();
}

void GenerateSettings::setGammaPath(const std::string& path) {
  m_choices.gammaPath = path;
  Q_EMIT changed();
}

void GenerateSettings::setSeedMode(SeedMode mode) {
  m_seedMode = mode;
  Q_EMIT optionsChanged();
}

void GenerateSettings::setAutoRegenerate(bool on) {
  m_autoRegenerate = on;
  Q_EMIT optionsChanged();
}

void GenerateSettings::advanceSeed() {
  switch (m_seedMode) {
    case SeedMode::Fixed:
      return;
    case SeedMode::Increment:
      m_choices.seed = std::min<uint64_t>(m_choices.seed + uint64_t(m_choices.batch), kMaxSeed);
      break;
    case SeedMode::Random:
      m_choices.seed = QRandomGenerator::global()->bounded(INT_MAX);
      break;
  }
  Q_EMIT seedAdvanced();
}

void GenerateSettings::setModelFacts(int trainingTimesteps, bool precisionApplies) {
  m_trainingTimesteps = trainingTimesteps;
  m_precisionApplies = precisionApplies;
  Q_EMIT modelFactsChanged();
}

void GenerateSettings::save(QSettings& s) const {
  const sdm::SolverOptions& o = m_choices.solver;
  s.beginGroup(QStringLiteral("generate"));
  s.setValue("solver", QString::fromLatin1(sdm::toString(o.kind)));
  s.setValue("steps", o.steps);
  s.setValue("eta", o.eta);
  s.setValue("rederiveEps", o.rederiveEps);
  s.setValue("order", o.order);
  s.setValue("method", QString::fromLatin1(sdm::toString(o.method)));
  s.setValue("grid", QString::fromLatin1(sdm::toString(o.skip)));
  s.setValue("gamma", QString::fromStdString(m_choices.gammaPath));
  s.setValue("seed", static_cast<qulonglong>(m_choices.seed));
  s.setValue("seedMode", static_cast<int>(m_seedMode));
  s.setValue("batch", m_choices.batch);
  s.setValue("microBatch", m_choices.microBatch);
  s.setValue("precision", QString::fromLatin1(sdm::toString(m_choices.precision)));
  s.setValue("auto", m_autoRegenerate);
  s.endGroup();
}

void GenerateSettings::restore(const QSettings& s) {
  auto get = [&](const char* key) { return s.value(QStringLiteral("generate/") + key); };
  // A value from another version or edited by hand that does not parse keeps the default.
  auto text = [&](const char* key, auto parse, auto& field) {
    const QVariant v = get(key);
    if (!v.isValid()) return;
    try {
      field = parse(v.toString().toStdString());
    } catch (const std::exception&) {
    }
  };
  sdm::GenerateParams p = freshChoices();
  sdm::SolverOptions& o = p.solver;
  text("solver", sdm::parseSolverKind, o.kind);
  text("method", sdm::parseDpmMethod, o.method);
  text("grid", sdm::parseTimeGrid, o.skip);
  text("precision", sdm::parsePrecision, p.precision);
  o.steps = std::clamp(get("steps").toInt() > 0 ? get("steps").toInt() : o.steps, 1, 100000);
  o.eta = std::clamp(get("eta").isValid() ? get("eta").toDouble() : o.eta, 0.0, 1.0);
  o.rederiveEps = get("rederiveEps").toBool();
  o.order = std::clamp(get("order").isValid() ? get("order").toInt() : o.order, 1, 3);
  const std::vector<sdm::TimeGrid> grids = sdm::timeGridsFor(o.kind);
  if (o.kind != sdm::SolverKind::Ddpm &&
      std::find(grids.begin(), grids.end(), o.skip) == grids.end())
    o.skip = grids.front();
  p.gammaPath = get("gamma").toString().toStdString();
  p.seed = std::min<uint64_t>(get("seed").toULongLong(), kMaxSeed);
  p.batch = std::clamp(get("batch").isValid() ? get("batch").toInt() : p.batch, 1, 256);
  p.microBatch =
      std::clamp(get("microBatch").isValid() ? get("microBatch").toInt() : p.microBatch, 0, 256);
  const int mode = get("seedMode").toInt();
  m_seedMode = mode >= 0 && mode <= 2 ? static_cast<SeedMode>(mode) : SeedMode::Fixed;
  m_autoRegenerate = get("auto").toBool();
  if (!sdm::precisionAvailable(p.precision)) p.precision = defaultPrecision();
  m_choices = p;
  Q_EMIT changed();
  Q_EMIT optionsChanged();
}

}  // namespace sdm::studio
