#pragma once
// The Spikes view: a layer picker grouped by U-Net position, the sample and the neurons followed,
// and a diffusion-step scrubber that drive the whole-run raster, the membrane traces and the
// energy readout; the firing-rate heatmap of all layers x all steps (a click on it also
// chooses). Takes plain records from the core, live or after the run.
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

#include "model/config.h"
#include "model/topology.h"
#include "probe/energy.h"
#include "probe/spike_record.h"

class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace sdm::widgets {

class EnergyView;
class LayerPicker;
class MembraneView;
class RateHeatmapView;
class SpikeRasterView;

class SpikesPage : public QWidget {
  Q_OBJECT
 public:
  explicit SpikesPage(QWidget* parent = nullptr);

  void setModel(const ModelConfig& config, const std::vector<NeuronLayer>& layers);
  void clearModel();
  // A new run: the record layout (which neurons the raster and traces follow), its images and NFE.
  void beginRun(std::shared_ptr<const RecordLayout> layout, int images, int totalSteps);
  void appendEvaluations(const std::vector<std::shared_ptr<const EvalRecord>>& evaluations,
                         const std::vector<double>& modelTimes);
  // The finished run replaces what arrived live (the same records; a cancelled run has fewer).
  void finishRun(const std::shared_ptr<const SpikeRun>& run, const std::vector<double>& modelTimes);
  // Energy costs preset: fp32, fp16, int8 (the estimate is recomputed from the recorded rates).
  void setEnergyPreset(const QString& preset);
  QString energyPreset() const;

  int evaluationCount() const { return static_cast<int>(m_evals.size()); }
  const EvalRecord* evaluation(int step) const;
  int currentStep() const { return m_step; }
  int currentLayer() const;
  void setCurrentLayer(int layer);
  const std::vector<std::vector<double>>& rates() const { return m_rates; }

  // Which neurons the rasters follow, chosen by the user: a seeded random sample, the most active
  // of the last finished run, or one channel. Applies to the next recording.
  enum class NeuronChoice { Random, MostActive, Channel };
  void setNeuronChoice(NeuronChoice choice, int channel = 0);
  NeuronChoice neuronChoice() const;
  // Per layer, the neurons to record (RecordOptions::neurons); empty: the seeded sample.
  std::vector<std::vector<int64_t>> chosenNeurons() const;
  // The image of the batch the raster and traces follow (0 = the first).
  void setCurrentSample(int image);
  int currentSample() const;

  SpikeRasterView* raster() const { return m_raster; }
  RateHeatmapView* heatmap() const { return m_heatmap; }
  MembraneView* membrane() const { return m_membrane; }
  EnergyView* energy() const { return m_energy; }
  LayerPicker* layerPicker() const { return m_picker; }
  QSlider* stepSlider() const { return m_slider; }

 public Q_SLOTS:
  void setCurrentStep(int step);

 Q_SIGNALS:
  void currentStepChanged(int step);  // by the user (slider or heatmap click)
  void neuronChoiceChanged();         // record again to follow the new neurons

 private:
  void refreshHeatmap();
  void refreshStep();
  std::optional<EnergyEstimate> runEnergy() const;
  void refreshRaster();
  QString followedText() const;

  ModelConfig m_config;
  bool m_hasModel = false;
  std::vector<NeuronLayer> m_layers;
  std::shared_ptr<const RecordLayout> m_layout;
  std::vector<std::shared_ptr<const EvalRecord>> m_evals;
  std::vector<double> m_times;
  std::vector<std::vector<double>> m_rates;  // [layer][evaluation]
  EnergyCosts m_costs;
  int m_images = 0, m_total = 0, m_step = -1;
  std::shared_ptr<const SpikeRun> m_lastRun;  // the last finished run (most-active choice)
  quint64 m_serial = 0;                       // changes whenever the records are replaced

  LayerPicker* m_picker;
  QComboBox* m_preset;
  QSpinBox* m_sample;
  QComboBox* m_neurons;
  QSpinBox* m_channel;
  QSlider* m_slider;
  QLabel* m_stepLabel;
  SpikeRasterView* m_raster;
  MembraneView* m_membrane;
  RateHeatmapView* m_heatmap;
  EnergyView* m_energy;
};

}  // namespace sdm::widgets
