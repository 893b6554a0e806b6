#pragma once
// What the loaded checkpoint is: inferred architecture, which weights the file has and which are
// loaded, sizes, SNN time steps T (and where T came from), training timesteps, dense cost.
#include <QWidget>

#include "engine/model_info.h"

class QFormLayout;
class QLabel;

namespace sdm::widgets {

class ModelInfoView : public QWidget {
  Q_OBJECT
 public:
  explicit ModelInfoView(QWidget* parent = nullptr);

  void setInfo(const ModelInfo& info);
  void clear();
  // The value shown for a row ("architecture", "weights", "parameters", "snn", "gflops", ...).
  QString value(const QString& key) const;

 private:
  void setRow(const QString& key, const QString& value);

  QLabel* m_empty;
  QWidget* m_form;
  QFormLayout* m_layout;
  QHash<QString, QLabel*> m_values;
};

}  // namespace sdm::widgets
