#include "spikes_page.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
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
      m_sample(new QSpinBox(this)),
      m_neurons(new QComboBox(this)),
      m_channel(new QSpinBox(this)),
      m_slider(new QSlider(Qt::Horizontal, this)),
      m_stepLabel(new QLabel(this)),
      m_raster(new SpikeRasterView(this)),
      m_membrane(new MembraneView(this)),
      m_heatmap(new RateHeatmapView(this)),
      m_energy(new EnergyView(this)) {
  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("IF layer"), this));
  controls->addWidget(m_picker, 1);
  controls->addSpacing(8);
  controls->addWidget(new QLabel(tr("Sample"), this));
  controls->addWidget(m_sample);
  m_sample->setToolTip(tr("The image of the batch whose spikes the raster and traces follow"));
  controls->addSpacing(8);
  controls->addWidget(new QLabel(tr("Neurons"), this));
  controls->addWidget(m_neurons);
  controls->addWidget(m_channel);
  m_neurons->addItem(tr("random sample"), int(NeuronChoice::Random));
  m_neurons->addItem(tr("most active"), int(NeuronChoice::MostActive));
  m_neurons->addItem(tr("one channel"), int(NeuronChoice::Channel));
  m_neurons->setToolTip(
      tr("Which neurons of each layer the raster follows: 256 chosen at random (seeded, the same "
         "at every step), the 256 that fired most in the last run, or every neuron of one "
         "channel. A new choice records the last run again."));
  m_channel->setPrefix(tr("c "));
  m_channel->setToolTip(tr("The channel followed in every layer that has it"));
  m_channel->setEnabled(false);
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

  // The raster gets the full width (a run is long); heatmap, membrane traces and energy share
  // the row below, each at a readable minimum size.
  auto* bottom = new QSplitter(Qt::Horizontal, this);
  bottom->addWidget(m_heatmap);
  auto* energy = new QWidget(this);
  auto* energyLayout = new QVBoxLayout(energy);
  auto* costs = new QHBoxLayout;
  costs->addWidget(new QLabel(tr("Energy costs"), this));
  costs->addWidget(m_preset, 1);
  energyLayout->addLayout(costs);
  energyLayout->addWidget(m_energy);
  energyLayout->addStretch(1);
  // Membrane traces and energy share one place: beside the heatmap each keeps a readable width.
  auto* detail = new QTabWidget(this);
  detail->setDocumentMode(true);
  detail->addTab(m_membrane, tr("Membrane potential"));
  detail->addTab(energy, tr("Energy estimate"));
  bottom->addWidget(detail);
  bottom->setChildrenCollapsible(false);
  bottom->setStretchFactor(0, 1);
  bottom->setStretchFactor(1, 1);
  auto* all = new QSplitter(Qt::Vertical, this);
  all->addWidget(m_raster);
  all->addWidget(bottom);
  all->setChildrenCollapsible(false);
  all->setStretchFactor(0, 1);
  all->setStretchFactor(1, 1);
  m_raster->setMinimumHeight(200);
  m_heatmap->setMinimumSize(250, 200);
  m_membrane->setMinimumSize(250, 200);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addLayout(scrub);
  layout->addWidget(all, 1);

  connect(m_picker, &LayerPicker::layerChanged, this, [this] { refreshStep(); });
  connect(m_sample, &QSpinBox::valueChanged, this, [this] { refreshStep(); });
  connect(m_neurons, &QComboBox::currentIndexChanged, this, [this] {
    m_channel->setEnabled(neuronChoice() == NeuronChoice::Channel);
    Q_EMIT neuronChoiceChanged();
  });
  connect(m_channel, &QSpinBox::valueChanged, this, [this] {
    if (neuronChoice() == NeuronChoice::Channel) Q_EMIT neuronChoiceChanged();
  });
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
  int channels = 1;
  for (const auto& l : layers) channels = std::max(channels, l.channels);
  m_channel->setRange(0, channels - 1);
  m_lastRun.reset();
  beginRun(nullptr, 0, 0);
}

void SpikesPage::clearModel() {
  m_hasModel = false;
  m_layers.clear();
  m_picker->setLayers({});
  m_heatmap->setLayers({});
  m_lastRun.reset();
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
  ++m_serial;
  const int recorded = m_layout ? std::min(images, std::max(1, m_layout->options.images)) : 1;
  {
    const QSignalBlocker block(m_sample);
    m_sample->setRange(0, std::max(0, recorded - 1));
  }
  m_sample->setEnabled(recorded > 1);
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
    m_lastRun = run;
    ++m_serial;
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
  refreshRaster();
  m_raster->setCurrentStep(m_step);
  QStringList labels;
  for (int64_t flat : m_layout->tracedNeurons[static_cast<std::size_t>(layer)]) {
    const int64_t hw = int64_t(nl.height) * nl.width;
    labels << tr("c%1 y%2 x%3").arg(flat / hw).arg((flat % hw) / nl.width).arg(flat % nl.width);
  }
  m_membrane->setTraces(le.trace(std::size_t(currentSample())).membrane,
                        m_layout->options.threshold, labels);
  std::vector<double> stepRates;
  for (const auto& l : e->layers) stepRates.push_back(l.rate());
  m_energy->setEstimates(estimateEnergy(m_config, stepRates, m_costs), runEnergy(), total,
                         m_images);
}

void SpikesPage::refreshRaster() {
  const int layer = currentLayer();
  const auto l = static_cast<std::size_t>(layer);
  const std::size_t sample = std::size_t(currentSample());
  SpikeRasterView::StepRasters steps;
  for (const auto& e : m_evals)
    steps.push_back(l < e->layers.size() && sample < e->layers[l].traces.size()
                        ? &e->layers[l].traces[sample].raster
                        : nullptr);
  const quint64 key = (m_serial << 32) ^ (quint64(layer) << 16) ^ quint64(sample);
  const NeuronLayer& nl = m_layers[l];
  m_raster->setRun(key, steps, m_layout->snnSteps, int(m_layout->rasterNeurons[l].size()),
                   nl.neurons(),
                   tr("%1 · image %2 · %3")
                       .arg(QString::fromStdString(nl.name))
                       .arg(m_layout->options.image + int(sample))
                       .arg(followedText()));
}

// How the shown neurons were chosen, from the layout of the run on screen.
QString SpikesPage::followedText() const {
  const auto l = static_cast<std::size_t>(currentLayer());
  if (!m_layout || l >= m_layout->rasterNeurons.size()) return {};
  const bool own = l < m_layout->options.neurons.size() && !m_layout->options.neurons[l].empty();
  if (!own) return tr("seeded random");
  const auto& n = m_layout->rasterNeurons[l];
  const NeuronLayer& nl = m_layers[l];
  const int64_t hw = int64_t(nl.height) * nl.width;
  if (int64_t(n.size()) == hw && n.front() % hw == 0 && n.back() == n.front() + hw - 1)
    return tr("channel %1").arg(n.front() / hw);
  return tr("most active");
}

void SpikesPage::setNeuronChoice(NeuronChoice choice, int channel) {
  const QSignalBlocker blockChannel(m_channel);
  m_channel->setValue(channel);
  m_neurons->setCurrentIndex(m_neurons->findData(int(choice)));
  m_channel->setEnabled(choice == NeuronChoice::Channel);
}

SpikesPage::NeuronChoice SpikesPage::neuronChoice() const {
  return NeuronChoice(m_neurons->currentData().toInt());
}

std::vector<std::vector<int64_t>> SpikesPage::chosenNeurons() const {
  std::vector<std::vector<int64_t>> out(m_layers.size());
  const RecordOptions defaults;
  for (std::size_t l = 0; l < m_layers.size(); ++l) {
    if (neuronChoice() == NeuronChoice::Channel)
      out[l] = channelNeurons(m_layers[l], m_channel->value());
    else if (neuronChoice() == NeuronChoice::MostActive && m_lastRun)
      out[l] = mostActiveNeurons(*m_lastRun, int(l), defaults.rasterNeurons);
  }
  return out;
}

void SpikesPage::setCurrentSample(int image) { m_sample->setValue(image); }

int SpikesPage::currentSample() const { return m_sample->value(); }

}  // namespace sdm::widgets
