#include "export_controller.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include "compare_controller.h"
#include "generate_controller.h"
#include "image_convert.h"
#include "membrane_view.h"
#include "plot_style.h"
#include "rate_heatmap_view.h"
#include "spike_raster_view.h"
#include "spikes_page.h"
#include "util/log.h"

namespace sdm::studio {

namespace {

template <typename F>
QString attempt(F&& f) {
  try {
    f();
    return {};
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
}

}  // namespace

ExportController::ExportController(GenerateController* generate, CompareController* compare,
                                   widgets::SpikesPage* spikes, QSettings& settings,
                                   QWidget* dialogParent, QObject* parent)
    : QObject(parent),
      m_generate(generate),
      m_compare(compare),
      m_spikes(spikes),
      m_settings(settings),
      m_dialogParent(dialogParent) {
  const QString png = tr("PNG images (*.png)");
  const QString plot = tr("PNG image (*.png);;PDF document (*.pdf)");
  m_grid = addAction(tr("Image grid (PNG, torchvision layout)…"),
                     tr("All images of the last run, 8 per row, parameters inside"), [=, this] {
                       const QString path =
                           askPath(tr("Export image grid"), QStringLiteral("grid.png"), png);
                       if (!path.isEmpty()) report(exportGridTo(path), path);
                     });
  m_trajectory = addAction(
      tr("Trajectory strips (x_t and x_0, PNG)…"),
      tr("One row per image, one column per diffusion step"), [=, this] {
        const QString path =
            askPath(tr("Export trajectory strips"), QStringLiteral("trajectory.png"), png);
        if (path.isEmpty()) return;
        const QString base =
            path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive) ? path.chopped(4) : path;
        report(
            exportTrajectoryTo(base + QStringLiteral("_xt.png"), base + QStringLiteral("_x0.png")),
            base + QStringLiteral("_xt.png"));
      });
  m_comparison =
      addAction(tr("Labelled comparison grid (PNG)…"),
                tr("The Compare grid with a legend, every cell's parameters inside"), [=, this] {
                  const QString path =
                      askPath(tr("Export comparison grid"), QStringLiteral("comparison.png"), png);
                  if (!path.isEmpty()) report(exportComparisonTo(path), path);
                });
  m_spikesJson =
      addAction(tr("Spike record (JSON)…"),
                tr("Per layer and step: spike counts, rasters, membrane traces"), [=, this] {
                  const QString path = askPath(tr("Export spike record"),
                                               QStringLiteral("spikes.json"), tr("JSON (*.json)"));
                  if (!path.isEmpty()) report(exportSpikesJsonTo(path), path);
                });
  m_spikesCsv =
      addAction(tr("Firing rates (CSV)…"), tr("One row per diffusion step and layer"), [=, this] {
        const QString path =
            askPath(tr("Export firing rates"), QStringLiteral("rates.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty()) report(exportSpikesCsvTo(path), path);
      });
  m_raster = addAction(tr("Raster plot (PNG/PDF)…"), {}, [=, this] {
    const QString path = askPath(tr("Export raster plot"), QStringLiteral("raster.pdf"), plot);
    if (!path.isEmpty()) report(exportPlotTo(Plot::Raster, path), path);
  });
  m_heatmap = addAction(tr("Firing-rate heatmap (PNG/PDF)…"), {}, [=, this] {
    const QString path = askPath(tr("Export heatmap"), QStringLiteral("heatmap.pdf"), plot);
    if (!path.isEmpty()) report(exportPlotTo(Plot::Heatmap, path), path);
  });
  m_membrane = addAction(tr("Membrane trace (PNG/PDF)…"), {}, [=, this] {
    const QString path = askPath(tr("Export membrane trace"), QStringLiteral("membrane.pdf"), plot);
    if (!path.isEmpty()) report(exportPlotTo(Plot::Membrane, path), path);
  });
  connect(m_generate, &GenerateController::runFinished, this, &ExportController::updateActions);
  connect(m_compare, &CompareController::finished, this, &ExportController::updateActions);
  updateActions();
}

QAction* ExportController::addAction(const QString& text, const QString& tip,
                                     const std::function<void()>& run) {
  auto* a = new QAction(text, this);
  a->setToolTip(tip.isEmpty() ? text : tip);
  a->setStatusTip(a->toolTip());
  connect(a, &QAction::triggered, this, run);
  m_actions << a;
  return a;
}

void ExportController::updateActions() {
  const auto r = m_generate->lastResult();
  m_grid->setEnabled(r != nullptr);
  m_trajectory->setEnabled(r && !r->frames.empty() && !r->frames.front().xt.empty());
  m_comparison->setEnabled(m_compare->hasResults());
  const bool spikes = r && r->spikes && !r->spikes->evaluations.empty();
  for (auto* a : {m_spikesJson, m_spikesCsv, m_raster, m_heatmap, m_membrane})
    a->setEnabled(spikes);
}

QString ExportController::askPath(const QString& title, const QString& defaultName,
                                  const QString& filter) {
  const QString dir =
      m_settings.value(QStringLiteral("export/lastDir"), QDir::homePath()).toString();
  const QString path =
      QFileDialog::getSaveFileName(m_dialogParent, title, QDir(dir).filePath(defaultName), filter);
  if (!path.isEmpty())
    m_settings.setValue(QStringLiteral("export/lastDir"), QFileInfo(path).absolutePath());
  return path;
}

void ExportController::report(const QString& error, const QString& path) {
  if (!error.isEmpty()) {
    QMessageBox::warning(m_dialogParent, tr("Export failed"), error);
    return;
  }
  spdlog::info("exported {}", path.toStdString());
  Q_EMIT exported(path);
}

QString ExportController::exportGridTo(const QString& path) const {
  const auto r = m_generate->lastResult();
  if (!r) return tr("Nothing to export yet: generate first.");
  return attempt([&] { sdm::Engine::writeGrid(*r, path.toStdString(), 8, true); });
}

QString ExportController::exportTrajectoryTo(const QString& xtPath, const QString& x0Path) const {
  const auto r = m_generate->lastResult();
  if (!r || r->frames.empty()) return tr("Nothing to export yet: generate first.");
  return attempt([&] {
    sdm::Engine::writeTrajectoryStrip(*r, xtPath.toStdString(), false, 1000);
    sdm::Engine::writeTrajectoryStrip(*r, x0Path.toStdString(), true, 1000);
  });
}

QString ExportController::exportComparisonTo(const QString& path) const {
  if (!m_compare->hasResults()) return tr("Nothing to export yet: run a comparison first.");
  const QImage image = widgets::renderLabelledGrid(m_compare->labelledGrid(), 3);
  return attempt([&] {
    sdm::Engine::writeImage(widgets::toImage8(image), path.toStdString(), m_compare->provenance());
  });
}

QString ExportController::exportSpikesJsonTo(const QString& path) const {
  const auto r = m_generate->lastResult();
  if (!r || !r->spikes) return tr("Nothing to export yet: generate with spike recording first.");
  return attempt([&] {
    nlohmann::json provenance = r->provenance;
    if (r->energy) provenance["energy"] = sdm::energyToJson(*r->energy, r->evaluations);
    sdm::writeSpikeJson(path.toStdString(), *r->spikes, provenance);
  });
}

QString ExportController::exportSpikesCsvTo(const QString& path) const {
  const auto r = m_generate->lastResult();
  if (!r || !r->spikes) return tr("Nothing to export yet: generate with spike recording first.");
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return f.errorString();
  const std::string csv = sdm::spikeRunToCsv(*r->spikes);
  if (f.write(csv.data(), static_cast<qint64>(csv.size())) != static_cast<qint64>(csv.size()))
    return f.errorString();
  return {};
}

QString ExportController::exportPlotTo(Plot plot, const QString& path) const {
  QCustomPlot* p = plot == Plot::Raster    ? m_spikes->raster()->plot()
                   : plot == Plot::Heatmap ? m_spikes->heatmap()->plot()
                                           : m_spikes->membrane()->plot();
  return widgets::savePlot(p, path, 900, 600) ? QString() : tr("Could not write %1").arg(path);
}

QWidget* ExportController::createPanel(QWidget* parent) {
  auto* panel = new QWidget(parent);
  auto* layout = new QVBoxLayout(panel);
  auto* note =
      new QLabel(tr("Every PNG carries the generation parameters (checkpoint hash, solver, seeds, "
                    "threshold) as PNG text, so an image can always be reproduced."),
                 panel);
  note->setWordWrap(true);
  layout->addWidget(note);
  auto* buttons = new QGridLayout;
  for (int i = 0; i < m_actions.size(); ++i) {
    auto* b = new QToolButton(panel);
    b->setDefaultAction(m_actions[i]);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    buttons->addWidget(b, i / 3, i % 3);
  }
  layout->addLayout(buttons);
  layout->addStretch(1);
  return panel;
}

}  // namespace sdm::studio
