#pragma once
// The Spikes view: a layer picker grouped by U-Net position and a diffusion-step scrubber that
// drive the raster, the membrane traces and the energy readout; the firing-rate heatmap of all
// layers x all steps (a click on it also chooses). Takes plain records from the core, live or
// after the run.
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

 private:
  void refreshHeatmap();
  void refreshStep();
  std::optional<EnergyEstimate> runEnergy() const;

  ModelConfig m_config;
  bool m_hasModel = false;
  std::vector<NeuronLayer> m_layers;
  std::shared_ptr<const RecordLayout> m_layout;
  std::vector<std::shared_ptr<const EvalRecord>> m_evals;
  std::vector<double> m_times;
  std::vector<std::vector<double>> m_rates;  // [layer][evaluation]
  EnergyCosts m_costs;
  int m_images = 0, m_total = 0, m_step = -1;

  LayerPicker* m_picker;
  QComboBox* m_preset;
  QSlider* m_slider;
  QLabel* m_stepLabel;
  SpikeRasterView* m_raster;
  MembraneView* m_membrane;
  RateHeatmapView* m_heatmap;
  EnergyView* m_energy;
};

}  // namespace sdm::widgets
