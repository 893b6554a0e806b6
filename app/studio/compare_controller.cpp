#include "compare_controller.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPushButton>

#include <cmath>

#include "compare_grid_view.h"
#include "compare_panel.h"
#include "engine_host.h"
#include "generate_controller.h"
#include "generate_settings.h"
#include "image_convert.h"
#include "job_list_model.h"
#include "model_controller.h"
#include "plot_style.h"
#include "request_text.h"

namespace sdm::studio {

using widgets::CompareCell;
using widgets::JobEntry;

namespace {

// Steps that make exactly `nfe` evaluations with these options, or 0 when none does.
int stepsForNfe(sdm::SolverOptions o, int nfe, int trainingTimesteps) {
  if (o.kind == sdm::SolverKind::Ddpm) return 0;
  for (int steps = std::max(1, nfe - 2); steps <= nfe + 3; ++steps) {
    o.steps = steps;
    try {
      if (sdm::Engine::evaluationsFor(o, trainingTimesteps) == nfe) return steps;
    } catch (const std::exception&) {
    }
  }
  return 0;
}

// The most steps whose evaluations stay within maxNfe, or 0 when even one step costs more.
int stepsWithinNfe(sdm::SolverOptions o, int maxNfe, int trainingTimesteps) {
  for (int steps = std::min(maxNfe, trainingTimesteps); steps >= 1; --steps) {
    o.steps = steps;
    try {
      if (sdm::Engine::evaluationsFor(o, trainingTimesteps) <= maxNfe) return steps;
    } catch (const std::exception&) {
    }
  }
  return 0;
}

QImage cellImage(const std::vector<sdm::io::Image8>& images) {
  const int cols = std::max(1, static_cast<int>(std::ceil(std::sqrt(double(images.size())))));
  return widgets::composeGrid(widgets::toQImages(images), cols, 1);
}

}  // namespace

CompareController::CompareController(EngineHost* host, ComparePanel* panel,
                                     GenerateController* generate,
                                     GenerateSettings* generateSettings, ModelController* model,
                                     widgets::JobListModel* jobs, QObject* parent)
    : QObject(parent),
      m_host(host),
      m_panel(panel),
      m_generate(generate),
      m_generateSettings(generateSettings),
      m_model(model),
      m_jobs(jobs) {
  connect(m_panel, &ComparePanel::runRequested, this, &CompareController::run);
  connect(m_panel, &ComparePanel::cancelRequested, this, &CompareController::cancel);
  connect(m_panel->grid(), &widgets::CompareGridView::cellChosen, this,
          &CompareController::chooseCell);
  connect(m_host, &EngineHost::compareCellFinished, this, &CompareController::onCellFinished);
  connect(m_host, &EngineHost::compareFinished, this, &CompareController::onFinished);
  connect(m_model, &ModelController::modelChanged, this, [this](const sdm::ModelInfo& info) {
    m_panel->setLoadedModelName(QFileInfo(QString::fromStdString(info.path)).fileName());
  });
  connect(m_host, &EngineHost::compareStarted, this, [this](quint64 id) {
    if (id != m_runId) return;
    if (const JobEntry* j = m_jobs->job(m_entryId)) {
      JobEntry job = *j;
      job.state = JobEntry::State::Running;
      m_jobs->update(job);
    }
  });
}

void CompareController::run() {
  if (!m_model->hasModel()) {
    m_panel->setStatus(tr("Open a checkpoint first."));
    return;
  }
  const auto solvers = m_panel->solvers();
  const bool equalNfe = m_panel->mode() == ComparePanel::Mode::EqualNfe;
  const bool equalEnergy = m_panel->mode() == ComparePanel::Mode::EqualEnergy;
  const auto values = m_panel->values();
  const auto budgets = m_panel->energyBudgets();  // mJ per image
  const std::size_t columns = equalEnergy ? budgets.size() : values.size();
  if (solvers.empty() || columns == 0) {
    m_panel->setStatus(tr("Choose at least one solver and one value."));
    return;
  }
  // The loaded model first (empty path), then the others; a file that is the loaded one is not
  // run twice.
  const QString loaded =
      QFileInfo(QString::fromStdString(m_model->info().path)).canonicalFilePath();
  QStringList models{QString()};
  for (const QString& p : m_panel->otherModels())
    if (QFileInfo(p).canonicalFilePath() != loaded && !models.contains(p)) models << p;
  if (equalEnergy && models.size() > 1) {
    m_panel->setStatus(
        tr("Equal energy uses the loaded model's measured energy per evaluation: compare other "
           "models by steps or NFE."));
    return;
  }
  const int timesteps = m_model->info().config.trainingTimesteps;
  sdm::GenerateParams base = m_generate->request();
  const double pjPerEvaluation = equalEnergy ? measuredEnergyPerEvaluation(base.threshold) : 0;
  if (equalEnergy && pjPerEvaluation <= 0) {
    m_panel->setStatus(
        tr("Equal energy needs this model's energy per network evaluation at this threshold: "
           "run Generate once (spike recording on), then compare."));
    return;
  }
  base.batch = m_panel->imagesPerCell();
  base.trajectoryImages = 0;  // cells keep their images and spike rates, not their trajectories
  base.recordSpikes = true;
  base.solver.skip = sdm::TimeGrid::Default;  // each solver's own default time grid

  m_rows.clear();
  m_columns.clear();
  for (const QString& m : models)
    for (auto k : solvers)
      m_rows << (models.size() == 1 ? solverLabel(k)
                                    : tr("%1 · %2").arg(m.isEmpty() ? QFileInfo(loaded).fileName()
                                                                    : QFileInfo(m).fileName(),
                                                        solverLabel(k)));
  if (equalEnergy)
    for (double b : budgets) m_columns << tr("%1 mJ").arg(b, 0, 'g', 4);
  else
    for (int v : values)
      m_columns << (equalNfe ? tr("NFE %1").arg(v) : tr("%n step(s)", nullptr, v));
  m_cells.clear();
  m_runOrder.clear();
  std::vector<CompareCellRequest> requests;
  for (std::size_t row = 0; row < solvers.size() * std::size_t(models.size()); ++row)
    for (std::size_t c = 0; c < columns; ++c) {
      const std::size_t r = row % solvers.size();
      Cell cell;
      cell.row = static_cast<int>(row);
      cell.column = static_cast<int>(c);
      cell.checkpoint = models[static_cast<int>(row / solvers.size())];
      cell.params = base;
      cell.params.solver.kind = solvers[r];
      cell.params.solver.steps = equalEnergy ? 1 : values[c];
      if (equalEnergy) {
        // Evaluations the budget pays for at the measured energy per evaluation.
        const int maxNfe =
            static_cast<int>(std::min(1e6, std::floor(budgets[c] * 1e9 / pjPerEvaluation + 1e-9)));
        const int steps = solvers[r] == sdm::SolverKind::Ddpm
                              ? (maxNfe >= timesteps ? timesteps : 0)
                              : stepsWithinNfe(cell.params.solver, maxNfe, timesteps);
        if (steps == 0) {
          cell.skipped = true;
          cell.error = tr("%1 mJ pays for %2 network evaluation(s) of %3")
                           .arg(budgets[c], 0, 'g', 4)
                           .arg(maxNfe)
                           .arg(widgets::formatEnergy(pjPerEvaluation));
        } else {
          cell.params.solver.steps = steps;
        }
      } else if (solvers[r] == sdm::SolverKind::Ddpm) {
        // DDPM always walks every training timestep: one cell is enough.
        cell.params.solver.steps = timesteps;
        if (c > 0 || equalNfe) {
          cell.skipped = true;
          cell.error = tr("DDPM always makes %1 network evaluations").arg(timesteps);
        }
      } else if (equalNfe) {
        const int steps = stepsForNfe(cell.params.solver, values[c], timesteps);
        if (steps == 0) {
          cell.skipped = true;
          cell.error = tr("no step count gives exactly %1 network evaluations").arg(values[c]);
        } else {
          cell.params.solver.steps = steps;
        }
      }
      if (!cell.skipped) {
        m_runOrder.push_back(static_cast<int>(m_cells.size()));
        requests.push_back({cell.params, cell.checkpoint.toStdString()});
      }
      m_cells.push_back(cell);
    }
  m_panel->grid()->setAxes(m_rows, m_columns);
  for (const Cell& c : m_cells) showCell(c);
  m_done = 0;
  m_running = !requests.empty();
  m_panel->setProgress(0, static_cast<int>(requests.size()));
  if (!m_running) {
    m_panel->setStatus(tr("Nothing to run."));
    return;
  }
  m_panel->setRunning(true);
  QString status =
      tr("Running %n cell(s) from seed %1…", nullptr, static_cast<int>(requests.size()))
          .arg(base.seed);
  if (equalEnergy)
    status +=
        QStringLiteral(" ") + tr("Energy per evaluation: %1 (measured by the last generation).")
                                  .arg(widgets::formatEnergy(pjPerEvaluation));
  m_panel->setStatus(status);
  m_runId = m_host->compare(std::move(requests));
  JobEntry job;
  job.kind = tr("compare");
  job.title = tr("%1 × %2 · seed %3")
                  .arg(m_rows.join(QStringLiteral(", ")), m_columns.join(QStringLiteral(", ")))
                  .arg(base.seed);
  job.started = QDateTime::currentDateTime();
  m_entryId = m_jobs->add(job);
}

double CompareController::measuredEnergyPerEvaluation(float threshold) const {
  const ResultPtr last = m_generate->lastResult();
  if (!last || !last->energy || last->cancelled) return 0;
  const auto& prov = last->provenance;
  // Firing rates, and so the energy, belong to one set of weights at one threshold.
  if (prov.value(nlohmann::json::json_pointer("/checkpoint/sha256"), std::string()) !=
          m_model->info().sha256 ||
      prov.value(nlohmann::json::json_pointer("/checkpoint/weights"), std::string()) !=
          m_model->info().weights ||
      std::abs(prov.value("threshold", 1.0) - double(threshold)) > 1e-6)
    return 0;
  return last->energy->picojoules;
}

void CompareController::cancel() {
  if (!m_running) return;
  m_host->cancelComparison();
  m_panel->setCancelling(tr("Cancelling…"));
}

CompareController::Cell* CompareController::cell(int row, int column) {
  for (auto& c : m_cells)
    if (c.row == row && c.column == column) return &c;
  return nullptr;
}

const CompareController::Cell* CompareController::cell(int row, int column) const {
  return const_cast<CompareController*>(this)->cell(row, column);
}

void CompareController::showCell(const Cell& c) {
  CompareCell view;
  if (c.skipped) {
    view.state = CompareCell::State::Skipped;
    view.caption = c.error;
  } else if (!c.error.isEmpty()) {
    view.state = CompareCell::State::Failed;
    view.caption = c.error.left(60) + (c.error.size() > 60 ? QStringLiteral("…") : QString());
    view.tooltip = c.error;
  } else if (c.result) {
    const sdm::GenerationResult& r = *c.result;
    view.state = CompareCell::State::Done;
    view.image = cellImage(r.images);
    QString energy = tr("no spike record");
    if (r.energy)
      energy = tr("%1 per image").arg(widgets::formatEnergy(r.energy->picojoules * r.evaluations));
    view.caption = tr("NFE %1 · %2 s\n%3").arg(r.evaluations).arg(r.seconds, 0, 'f', 2).arg(energy);
    view.tooltip = describeRequest(c.params) + QStringLiteral("\n") +
                   tr("Click to load these settings into Generate");
  }
  m_panel->grid()->setCell(c.row, c.column, view);
}

void CompareController::onCellFinished(quint64 id, int index, const ResultPtr& result,
                                       const QString& error) {
  if (id != m_runId || index < 0 || index >= static_cast<int>(m_runOrder.size())) return;
  Cell& c = m_cells[static_cast<std::size_t>(m_runOrder[static_cast<std::size_t>(index)])];
  c.result = result;
  c.error = error;
  if (result && result->cancelled) c.error = tr("cancelled");
  showCell(c);
  ++m_done;
  m_panel->setProgress(m_done, static_cast<int>(m_runOrder.size()));
  if (const JobEntry* j = m_jobs->job(m_entryId)) {
    JobEntry job = *j;
    job.progress = double(m_done) / double(m_runOrder.size());
    m_jobs->update(job);
  }
}

void CompareController::onFinished(quint64 id, bool cancelled) {
  if (id != m_runId) return;
  m_running = false;
  m_panel->setRunning(false);
  m_panel->setStatus(cancelled
                         ? tr("Cancelled: %1 of %2 cells done.").arg(m_done).arg(m_runOrder.size())
                         : tr("Done. Click a cell to load its settings into Generate."));
  if (const JobEntry* j = m_jobs->job(m_entryId)) {
    JobEntry job = *j;
    job.state = cancelled ? JobEntry::State::Cancelled : JobEntry::State::Done;
    job.detail = tr("%1 of %2 cells").arg(m_done).arg(m_runOrder.size());
    m_jobs->update(job);
  }
  Q_EMIT finished(cancelled);
}

void CompareController::chooseCell(int row, int column) {
  const Cell* c = cell(row, column);
  if (!c || !c->result || c->skipped) return;
  sdm::GenerateParams p = c->params;
  p.trajectoryImages = std::min(p.batch, 16);
  if (c->checkpoint.isEmpty()) {
    applyCell(p);
    return;
  }
  // Another model's cell: open that checkpoint, then load its settings.
  m_panel->setStatus(tr("Opening %1…").arg(QDir::toNativeSeparators(c->checkpoint)));
  m_model->openThen(c->checkpoint, this, [this, p] { applyCell(p); });
}

void CompareController::applyCell(const sdm::GenerateParams& p) {
  m_generateSettings->setParams(p);
  m_model->setThreshold(p.threshold);
  m_panel->setStatus(tr("Loaded into Generate: %1").arg(describeRequest(p)));
  Q_EMIT cellLoaded(p);
}

QString CompareController::cellCheckpoint(int row, int column) const {
  const Cell* c = cell(row, column);
  return c ? c->checkpoint : QString();
}

sdm::GenerateParams CompareController::cellParams(int row, int column) const {
  const Cell* c = cell(row, column);
  return c ? c->params : sdm::GenerateParams{};
}

bool CompareController::hasResults() const {
  for (const auto& c : m_cells)
    if (c.result) return true;
  return false;
}

widgets::LabelledGrid CompareController::labelledGrid() const {
  widgets::LabelledGrid g;
  const sdm::GenerateParams base = m_cells.empty() ? sdm::GenerateParams{} : m_cells.front().params;
  const bool models = std::any_of(m_cells.begin(), m_cells.end(),
                                  [](const Cell& c) { return !c.checkpoint.isEmpty(); });
  g.title =
      (models
           ? tr("Model comparison · seed %1 · θ %2 · %n image(s) per cell", nullptr, base.batch)
           : tr("Solver comparison · seed %1 · θ %2 · %n image(s) per cell", nullptr, base.batch))
          .arg(base.seed)
          .arg(thresholdText(base.threshold));
  g.rowLabels = m_rows;
  g.columnLabels = m_columns;
  g.cells.assign(static_cast<std::size_t>(m_rows.size()),
                 std::vector<QImage>(static_cast<std::size_t>(m_columns.size())));
  g.captions.assign(static_cast<std::size_t>(m_rows.size()),
                    std::vector<QString>(static_cast<std::size_t>(m_columns.size())));
  for (const auto& c : m_cells) {
    const auto r = static_cast<std::size_t>(c.row), col = static_cast<std::size_t>(c.column);
    if (c.result) {
      g.cells[r][col] = cellImage(c.result->images);
      QString caption =
          tr("NFE %1 · %2 s").arg(c.result->evaluations).arg(c.result->seconds, 0, 'f', 2);
      if (c.result->energy)
        caption +=
            QStringLiteral("\n") +
            tr("%1 per image")
                .arg(widgets::formatEnergy(c.result->energy->picojoules * c.result->evaluations));
      g.captions[r][col] = caption;
    } else {
      g.captions[r][col] = c.error;
    }
  }
  return g;
}

nlohmann::json CompareController::provenance() const {
  nlohmann::json j;
  j["comparison"]["rows"] = nlohmann::json::array();
  for (const auto& r : m_rows) j["comparison"]["rows"].push_back(r.toStdString());
  for (const auto& c : m_columns) j["comparison"]["columns"].push_back(c.toStdString());
  j["cells"] = nlohmann::json::array();
  for (const auto& c : m_cells) {
    nlohmann::json cell = {{"row", c.row}, {"column", c.column}};
    if (c.result) cell["provenance"] = c.result->provenance;
    if (!c.error.isEmpty()) cell["note"] = c.error.toStdString();
    j["cells"].push_back(cell);
  }
  return j;
}

}  // namespace sdm::studio
