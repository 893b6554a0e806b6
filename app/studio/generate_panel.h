#pragma once
// The Generate form: solver and its options, diffusion steps (NFE), seed with what happens to it
// after a run, batch, Generate / Cancel, progress with ETA. It only builds requests and shows
// state; GenerateController runs them.
#include <QWidget>

#include "engine/engine.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSlider;
class QSpinBox;
class QToolButton;

namespace sdm::studio {

class GeneratePanel : public QWidget {
  Q_OBJECT
 public:
  enum class SeedMode { Fixed, Increment, Random };  // ComfyUI's "control after generate"

  explicit GeneratePanel(QWidget* parent = nullptr);

  // The request without the model's threshold (the Model panel owns that).
  sdm::GenerateParams params() const;
  void setParams(const sdm::GenerateParams& params);
  void setTrainingTimesteps(int timesteps);
  void setModelLoaded(bool loaded);
  // ANN2SNN models run exact only: the precision choice is kept but greyed out and not applied.
  void setPrecisionApplies(bool applies);
  void setRunning(bool running);
  void setCancelling(const QString& status);  // asked to stop: Cancel is spent, the status says so
  void setProgress(int done, int total, double elapsedSeconds);
  void setStatus(const QString& text);
  QString status() const;
  void applySeedMode();  // after a run: keep, advance by the batch, or draw a new seed
  SeedMode seedMode() const;
  void setSeedMode(SeedMode mode);
  bool autoRegenerate() const;
  void setGammaPath(const QString& path);
  void requestMakeGamma() { Q_EMIT makeGammaRequested(); }
  void saveSettings(QSettings& settings) const;
  void restoreSettings(const QSettings& settings);

  QComboBox* solverCombo() const { return m_solver; }
  QSlider* stepsSlider() const { return m_stepsSlider; }
  QSpinBox* stepsSpin() const { return m_steps; }
  QDoubleSpinBox* etaSpin() const { return m_eta; }
  QCheckBox* rederiveEpsCheck() const { return m_rederiveEps; }
  QSpinBox* orderSpin() const { return m_order; }
  QComboBox* methodCombo() const { return m_method; }
  QComboBox* gridCombo() const { return m_skip; }
  QSpinBox* seedSpin() const { return m_seed; }
  QComboBox* seedModeCombo() const { return m_seedMode; }
  QSpinBox* batchSpin() const { return m_batch; }
  QSpinBox* microBatchSpin() const { return m_microBatch; }
  QComboBox* precisionCombo() const { return m_precision; }
  QCheckBox* autoCheck() const { return m_auto; }
  QToolButton* makeGammaButton() const { return m_makeGamma; }
  QString gammaPath() const;
  QPushButton* generateButton() const { return m_generate; }
  QPushButton* cancelButton() const { return m_cancel; }
  QProgressBar* progressBar() const { return m_progress; }

 Q_SIGNALS:
  void generateRequested();
  void cancelRequested();
  void paramsChanged();       // any field that changes the request
  void makeGammaRequested();  // "Make…" beside the Gamma file

 private:
  sdm::SolverKind solverKind() const;
  void updateSolverFields();
  void updateNfe();
  void addPrecisionItems();
  void setPrecision(const QString& name);  // ignores modes this CPU cannot run

  int m_trainingTimesteps = 1000;
  bool m_running = false;
  bool m_modelLoaded = false;
  bool m_precisionApplies = true;
  QFormLayout* m_form;
  QComboBox* m_solver;
  QSlider* m_stepsSlider;
  QSpinBox* m_steps;
  QLabel* m_nfe;
  QDoubleSpinBox* m_eta;
  QCheckBox* m_rederiveEps;
  QSpinBox* m_order;
  QComboBox* m_method;
  QComboBox* m_skip;
  QLineEdit* m_gamma;
  QWidget* m_gammaRow;
  QToolButton* m_makeGamma;
  QSpinBox* m_seed;
  QComboBox* m_seedMode;
  QSpinBox* m_batch;
  QSpinBox* m_microBatch;
  QComboBox* m_precision;
  QCheckBox* m_auto;
  QPushButton* m_generate;
  QPushButton* m_cancel;
  QProgressBar* m_progress;
  QLabel* m_timeLeft;
  QLabel* m_status;
};

}  // namespace sdm::studio
