#include "layer_picker.h"

#include <QStandardItemModel>

namespace sdm::widgets {

namespace {
constexpr int kLayerRole = Qt::UserRole + 1;
}

LayerPicker::LayerPicker(QWidget* parent) : QComboBox(parent) {
  setModel(new QStandardItemModel(this));
  setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  setMinimumContentsLength(24);
  connect(this, &QComboBox::currentIndexChanged, this,
          [this] { Q_EMIT layerChanged(currentLayer()); });
}

QString LayerPicker::groupTitle(const NeuronLayer& l) {
  const QString res = QStringLiteral("%1×%2").arg(l.height).arg(l.width);
  switch (l.part) {
    case UNetPart::Stem:
      return tr("Stem · %1").arg(res);
    case UNetPart::Down:
      return tr("Down path · %1").arg(res);
    case UNetPart::Middle:
      return tr("Middle · %1").arg(res);
    case UNetPart::Up:
      return tr("Up path · %1").arg(res);
    case UNetPart::Tail:
      return tr("Tail · %1").arg(res);
  }
  return {};
}

void LayerPicker::setLayers(const std::vector<NeuronLayer>& layers) {
  const QSignalBlocker block(this);
  m_layers = layers;
  auto* model = static_cast<QStandardItemModel*>(this->model());
  model->clear();
  QString group;
  int firstSelectable = -1;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const NeuronLayer& l = layers[i];
    const QString title = groupTitle(l);
    if (title != group) {
      group = title;
      auto* header = new QStandardItem(title);
      header->setFlags(Qt::NoItemFlags);
      QFont f = font();
      f.setBold(true);
      header->setFont(f);
      header->setData(-1, kLayerRole);
      model->appendRow(header);
    }
    auto* item = new QStandardItem(QStringLiteral("    %1  (%2×%3×%4)")
                                       .arg(QString::fromStdString(l.name))
                                       .arg(l.channels)
                                       .arg(l.height)
                                       .arg(l.width));
    item->setData(static_cast<int>(i), kLayerRole);
    model->appendRow(item);
    if (firstSelectable < 0) firstSelectable = model->rowCount() - 1;
  }
  setCurrentIndex(firstSelectable);
}

int LayerPicker::currentLayer() const {
  const QVariant v = currentData(kLayerRole);
  return v.isValid() ? v.toInt() : -1;
}

void LayerPicker::setCurrentLayer(int layer) {
  const int row = findData(layer, kLayerRole);
  if (row >= 0 && layer >= 0) setCurrentIndex(row);
}

QStringList LayerPicker::groupTitles() const {
  QStringList out;
  for (int i = 0; i < count(); ++i)
    if (itemData(i, kLayerRole).toInt() < 0) out << itemText(i);
  return out;
}

}  // namespace sdm::widgets
