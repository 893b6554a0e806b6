#include "model_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

#include "model_info_view.h"

namespace sdm::studio {

namespace {
// Slider units per threshold unit: SDM's threshold guidance moves θ by 0.001 (0.997 … 1.003).
constexpr double kThresholdScale = 1000.0;
}  // namespace

ModelPanel::ModelPanel(QMenu* recentMenu, QWidget* parent)
    : QWidget(parent),
      m_open(new QPushButton(tr("Open checkpoint…"), this)),
      m_recent(new QToolButton(this)),
      m_state(new QLabel(this)),
      m_weights(new QComboBox(this)),
      m_snnSteps(new QSpinBox(this)),
      m_thresholdSlider(new QSlider(Qt::Horizontal, this)),
      m_threshold(new QDoubleSpinBox(this)),
      m_info(new widgets::ModelInfoView(this)) {
  m_recent->setText(tr("Recent"));
  m_recent->setMenu(recentMenu);
  m_recent->setPopupMode(QToolButton::InstantPopup);
  m_state->setWordWrap(true);

  m_weights->addItem(tr("EMA when present, else net"), static_cast<int>(sdm::WeightsChoice::Auto));
  m_weights->addItem(tr("net_model (raw weights)"), static_cast<int>(sdm::WeightsChoice::Net));
  m_weights->addItem(tr("ema_model (EMA weights)"), static_cast<int>(sdm::WeightsChoice::Ema));
  m_weights->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_weights->setMinimumContentsLength(12);
  m_snnSteps->setRange(1, 64);
  m_snnSteps->setValue(4);
  m_snnSteps->setToolTip(
      tr("SNN time steps T: how often the spiking network is run per network evaluation. "
         "A plain Spk_UNet can run at any T; a TSM model is tied to the T it was trained with."));
  m_thresholdSlider->setRange(500, 2000);  // 0.500 .. 2.000
  m_thresholdSlider->setValue(1000);
  m_thresholdSlider->setPageStep(10);
  m_threshold->setRange(0.5, 2.0);
  m_threshold->setSingleStep(0.001);
  m_threshold->setDecimals(3);
  m_threshold->setValue(1.0);
  const QString thresholdTip =
      tr("IF firing threshold of every layer (threshold guidance); the models are trained at 1.0");
  m_thresholdSlider->setToolTip(thresholdTip);
  m_threshold->setToolTip(thresholdTip);

  auto* top = new QHBoxLayout;
  top->addWidget(m_open, 1);
  top->addWidget(m_recent);
  auto* thresholdRow = new QHBoxLayout;
  thresholdRow->addWidget(m_thresholdSlider, 1);
  thresholdRow->addWidget(m_threshold);
  auto* form = new QFormLayout;
  form->addRow(tr("Weights"), m_weights);
  form->addRow(tr("SNN time steps T"), m_snnSteps);
  form->addRow(tr("Threshold θ"), thresholdRow);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(m_state);
  layout->addLayout(form);
  layout->addWidget(m_info, 1);

  connect(m_open, &QPushButton::clicked, this, &ModelPanel::openRequested);
  connect(m_weights, &QComboBox::currentIndexChanged, this, &ModelPanel::loadOptionsChanged);
  connect(m_snnSteps, &QSpinBox::valueChanged, this, [this] {
    m_snnStepsChosen = true;
    Q_EMIT loadOptionsChanged();
  });
  connect(m_thresholdSlider, &QSlider::valueChanged, this, [this](int v) {
    const QSignalBlocker block(m_threshold);
    m_threshold->setValue(v / kThresholdScale);
    Q_EMIT thresholdChanged(threshold());
  });
  connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    const QSignalBlocker block(m_thresholdSlider);
    m_thresholdSlider->setValue(static_cast<int>(std::lround(v * kThresholdScale)));
    Q_EMIT thresholdChanged(threshold());
  });
  setIdle();
}

void ModelPanel::setInfo(const sdm::ModelInfo& info) {
  m_info->setInfo(info);
  {
    // Reflect what was loaded without asking for another reload.
    const QSignalBlocker b1(m_snnSteps);
    const QSignalBlocker b2(m_weights);
    m_snnSteps->setValue(info.config.snnSteps);
    m_snnSteps->setEnabled(info.snnStepsFree);
  }
  // ANN2SNN models fire at their learnt act_alpha: no run-time threshold to guide.
  if (!info.thresholdGuidance) setThreshold(1.0f);
  for (QWidget* w :
       {static_cast<QWidget*>(m_threshold), static_cast<QWidget*>(m_thresholdSlider)}) {
    w->setEnabled(info.thresholdGuidance);
    w->setToolTip(
        info.thresholdGuidance
            ? QString()
            : tr("This model's IF thresholds are its learnt clipping values (act_alpha)"));
  }
  m_weights->setEnabled(info.hasNet && info.hasEma);
  m_weights->setToolTip(
      info.hasNet && info.hasEma
          ? QString()
          : tr("This checkpoint holds only %1").arg(QString::fromStdString(info.weights)));
  setIdle();
}

void ModelPanel::setLoading(const QString& path) {
  m_state->setText(tr("Loading %1…").arg(QFileInfo(path).fileName()));
  m_state->show();
}

void ModelPanel::setIdle() {
  m_state->clear();
  m_state->hide();
}

sdm::LoadOptions ModelPanel::loadOptions() const {
  sdm::LoadOptions o;
  o.weights = static_cast<sdm::WeightsChoice>(m_weights->currentData().toInt());
  o.snnSteps = m_snnStepsChosen && m_snnSteps->isEnabled() ? m_snnSteps->value() : 0;
  return o;
}

void ModelPanel::forgetSnnSteps() { m_snnStepsChosen = false; }

void ModelPanel::chooseSnnSteps(int steps) {
  const QSignalBlocker block(m_snnSteps);
  m_snnSteps->setEnabled(true);
  m_snnSteps->setValue(steps);
  m_snnStepsChosen = true;
}

float ModelPanel::threshold() const { return static_cast<float>(m_threshold->value()); }

void ModelPanel::setThreshold(float threshold) { m_threshold->setValue(threshold); }

}  // namespace sdm::studio
