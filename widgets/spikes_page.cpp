#include "spikes_page.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

#include "energy_view.h"
#include "layer_picker.h"
#include "membrane_view.h"
#include "rate_heatmap_view.h"
#include "spike_raster_view.h"

namespace sdm::widgets {

SpikesPage::SpikesPage(QWidget* parent)
    : QWidget(parent),
      m_picker(new LayerPicker(this)),
      m_preset(new QComboBox(this)),
      m_slider(new QSlider(Qt::Horizontal, this)),
      m_stepLabel(new QLabel(this)),
      m_raster(new SpikeRasterView(this)),
      m_membrane(new MembraneView(this)),
      m_heatmap(new RateHeatmapView(this)),
      m_energy(new EnergyView(this)) {
  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("IF layer"), this));
  controls->addWidget(m_picker, 1);
  controls->addSpacing(16);
  controls->addWidget(new QLabel(tr("Energy costs"), this));
  controls->addWidget(m_preset);
  m_preset->addItem(tr("45 nm FP32"), QStringLiteral("fp32"));
  m_preset->addItem(tr("45 nm FP16"), QStringLiteral("fp16"));
  m_preset->addItem(tr("45 nm INT8"), QStringLiteral("int8"));
  connect(m_preset, &QComboBox::currentIndexChanged, this, [this] {
    m_costs = EnergyCosts::byName(energyPreset().toStdString());
    refreshStep();
  });
  auto* scrub = new QHBoxLayout;
  scrub->addWidget(new QLabel(tr("Diffusion step"), this));
  scrub->addWidget(m_slider, 1);
  scrub->addWidget(m_stepLabel);
  m_slider->setToolTip(tr("Scrub the diffusion steps: raster, membrane traces and energy follow"));

  auto* right = new QWidget(this);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  rightLayout->addWidget(m_membrane, 1);
  rightLayout->addWidget(m_energy);
  auto* top = new QSplitter(Qt::Horizontal, this);
  top->addWidget(m_raster);
  top->addWidget(right);
  auto* all = new QSplitter(Qt::Vertical, this);
  all->addWidget(top);
  all->addWidget(m_heatmap);
  all->setStretchFactor(0, 1);
  all->setStretchFactor(1, 1);
  all->setSizes({500, 400});
  top->setSizes({500, 400});

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addLayout(scrub);
  layout->addWidget(all, 1);

  connect(m_picker, &LayerPicker::layerChanged, this, [this] { refreshStep(); });
  connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
    if (v == m_step) return;
    setCurrentStep(v);
    Q_EMIT currentStepChanged(v);
  });
  connect(m_heatmap, &RateHeatmapView::cellClicked, this, [this](int step, int layer) {
    m_picker->setCurrentLayer(layer);
    setCurrentStep(step);
    Q_EMIT currentStepChanged(step);
  });
  clearModel();
}

void SpikesPage::setModel(const ModelConfig& config, const std::vector<NeuronLayer>& layers) {
  m_config = config;
  m_hasModel = true;
  m_layers = layers;
  m_picker->setLayers(layers);
  QStringList names;
  for (const auto& l : layers) names << QString::fromStdString(l.name);
  m_heatmap->setLayers(names);
  beginRun(nullptr, 0, 0);
}

void SpikesPage::clearModel() {
  m_hasModel = false;
  m_layers.clear();
  m_picker->setLayers({});
  m_heatmap->setLayers({});
  beginRun(nullptr, 0, 0);
}

void SpikesPage::beginRun(std::shared_ptr<const RecordLayout> layout, int images, int totalSteps) {
  m_layout = std::move(layout);
  m_images = images;
  m_total = totalSteps;
  m_evals.clear();
  m_times.clear();
  m_rates.assign(m_layers.size(), {});
  m_step = -1;
  refreshHeatmap();
  refreshStep();
}

void SpikesPage::appendEvaluations(
    const std::vector<std::shared_ptr<const EvalRecord>>& evaluations,
    const std::vector<double>& modelTimes) {
  for (std::size_t i = 0; i < evaluations.size(); ++i) {
    const auto& e = evaluations[i];
    if (!e) continue;
    m_evals.push_back(e);
    m_times.push_back(i < modelTimes.size() ? modelTimes[i] : 0.0);
    for (std::size_t l = 0; l < m_rates.size(); ++l)
      m_rates[l].push_back(l < e->layers.size() ? e->layers[l].rate() : 0.0);
  }
  refreshHeatmap();
}

void SpikesPage::finishRun(const std::shared_ptr<const SpikeRun>& run,
                           const std::vector<double>& modelTimes) {
  const int step = m_step;
  if (run) {
    if (run->layout) m_layout = run->layout;
    m_evals.clear();
    m_times.clear();
    m_rates.assign(m_layers.size(), {});
    appendEvaluations(run->evaluations, modelTimes);
  }
  m_total = evaluationCount();
  refreshHeatmap();
  setCurrentStep(step < 0 ? evaluationCount() - 1 : step);
}

const EvalRecord* SpikesPage::evaluation(int step) const {
  return step >= 0 && step < evaluationCount() ? m_evals[static_cast<std::size_t>(step)].get()
                                               : nullptr;
}

int SpikesPage::currentLayer() const { return m_picker->currentLayer(); }

void SpikesPage::setCurrentLayer(int layer) { m_picker->setCurrentLayer(layer); }

void SpikesPage::setCurrentStep(int step) {
  m_step = m_evals.empty() ? -1 : std::clamp(step, 0, evaluationCount() - 1);
  refreshStep();
}

void SpikesPage::refreshHeatmap() {
  if (m_evals.empty()) {
    m_heatmap->clear();
  } else {
    m_heatmap->setRates(m_rates, m_total);
  }
}

void SpikesPage::setEnergyPreset(const QString& preset) {
  const int i = m_preset->findData(preset);
  if (i >= 0) m_preset->setCurrentIndex(i);
}

QString SpikesPage::energyPreset() const { return m_preset->currentData().toString(); }

// From the run's mean layer rates, as the engine's own estimate (SpikeRun::meanLayerRates).
std::optional<EnergyEstimate> SpikesPage::runEnergy() const {
  if (m_evals.empty() || !m_hasModel) return std::nullopt;
  std::vector<double> mean;
  for (const auto& row : m_rates) {
    double s = 0;
    for (double v : row) s += v;
    mean.push_back(row.empty() ? 0.0 : s / double(row.size()));
  }
  return estimateEnergy(m_config, mean, m_costs);
}

void SpikesPage::refreshStep() {
  {
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, std::max(0, evaluationCount() - 1));
    m_slider->setEnabled(evaluationCount() > 1);
    if (m_step >= 0) m_slider->setValue(m_step);
  }
  const int layer = currentLayer();
  const EvalRecord* e = evaluation(m_step);
  const int total = std::max(m_total, evaluationCount());
  m_stepLabel->setText(e ? tr("%1 of %2 · t = %3")
                               .arg(m_step + 1)
                               .arg(total)
                               .arg(m_times[static_cast<std::size_t>(m_step)], 0, 'f', 0)
                         : tr("no run yet"));
  m_heatmap->setMarker(m_step, layer);
  if (!m_hasModel) {
    m_raster->clear(tr("Spike raster — open a checkpoint and generate"));
    m_membrane->clear();
    m_energy->clear();
    return;
  }
  if (!e || layer < 0 || layer >= static_cast<int>(e->layers.size()) || !m_layout) {
    m_raster->clear();
    m_membrane->clear();
    m_energy->clear();
    return;
  }
  const LayerEval& le = e->layers[static_cast<std::size_t>(layer)];
  const NeuronLayer& nl = m_layers[static_cast<std::size_t>(layer)];
  const auto& sample = m_layout->rasterNeurons[static_cast<std::size_t>(layer)];
  m_raster->setRaster(le.raster, m_layout->snnSteps, static_cast<int>(sample.size()), nl.neurons(),
                      QString::fromStdString(nl.name));
  QStringList labels;
  for (int64_t flat : m_layout->tracedNeurons[static_cast<std::size_t>(layer)]) {
    const int64_t hw = int64_t(nl.height) * nl.width;
    labels << tr("c%1 y%2 x%3").arg(flat / hw).arg((flat % hw) / nl.width).arg(flat % nl.width);
  }
  m_membrane->setTraces(le.membrane, m_layout->options.threshold, labels);
  std::vector<double> stepRates;
  for (const auto& l : e->layers) stepRates.push_back(l.rate());
  m_energy->setEstimates(estimateEnergy(m_config, stepRates, m_costs), runEnergy(), total,
                         m_images);
}

}  // namespace sdm::widgets
