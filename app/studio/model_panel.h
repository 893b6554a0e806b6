#pragma once
// The Model dock: open / recent, which weights (net or EMA), SNN time steps T where the model
// leaves them free, the threshold-guidance slider, and what the loaded checkpoint is.
#include <QWidget>

#include "engine/engine.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QMenu;
class QPushButton;
class QSlider;
class QSpinBox;
class QToolButton;

namespace sdm::widgets {
class ModelInfoView;
}

namespace sdm::studio {

class ModelPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ModelPanel(QMenu* recentMenu, QWidget* parent = nullptr);

  void setInfo(const sdm::ModelInfo& info);
  void setLoading(const QString& path);
  void setIdle();
  // SNN time steps are 0 (the file's own, flagfile.txt or 4) unless chosen since the last open.
  sdm::LoadOptions loadOptions() const;
  void forgetSnnSteps();           // a new file starts from its own T
  void chooseSnnSteps(int steps);  // as if the user had set it, without asking for a reload
  float threshold() const;
  void setThreshold(float threshold);

  widgets::ModelInfoView* infoView() const { return m_info; }
  QComboBox* weightsCombo() const { return m_weights; }
  QSpinBox* snnStepsSpin() const { return m_snnSteps; }
  QSlider* thresholdSlider() const { return m_thresholdSlider; }
  QPushButton* openButton() const { return m_open; }

 Q_SIGNALS:
  void openRequested();
  void loadOptionsChanged();  // weights or SNN time steps: the model must be reloaded
  void thresholdChanged(float threshold);

 private:
  bool m_snnStepsChosen = false;
  QPushButton* m_open;
  QToolButton* m_recent;
  QLabel* m_state;
  QComboBox* m_weights;
  QSpinBox* m_snnSteps;
  QSlider* m_thresholdSlider;
  QDoubleSpinBox* m_threshold;
  widgets::ModelInfoView* m_info;
};

}  // namespace sdm::studio
