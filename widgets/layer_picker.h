#pragma once
// Chooses an IF layer, grouped by its place in the U-Net (stem, down path per resolution,
// middle, up path per resolution); group headers cannot be selected.
#include <QComboBox>

#include <vector>

#include "model/topology.h"

namespace sdm::widgets {

class LayerPicker : public QComboBox {
  Q_OBJECT
 public:
  explicit LayerPicker(QWidget* parent = nullptr);

  void setLayers(const std::vector<NeuronLayer>& layers);
  int layerCount() const { return static_cast<int>(m_layers.size()); }
  int currentLayer() const;  // index into the layers, -1 when none
  void setCurrentLayer(int layer);
  QStringList groupTitles() const;
  static QString groupTitle(const NeuronLayer& layer);

 Q_SIGNALS:
  void layerChanged(int layer);

 private:
  std::vector<NeuronLayer> m_layers;
};

}  // namespace sdm::widgets
