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

class GenerateSettings;

class GeneratePanel : public QWidget {
  Q_OBJECT
 public:
  // Shows `settings` and writes every edit into it.
  explicit GeneratePanel(GenerateSettings* settings, QWidget* parent = nullptr);

  void setModelLoaded(bool loaded);
  void setRunning(bool running);
  void setCancelling(const QString& status);  // asked to stop: Cancel is spent, the status says so
  void setProgress(int done, int total, double elapsedSeconds);
  void setStatus(const QString& text);
  QString status() const;

  // The widgets, for tests and the screenshot tour that drive the panel as a user does;
  // controllers go through GenerateSettings and the calls above.
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
  QPushButton* generateButton() const { return m_generate; }
  QPushButton* cancelButton() const { return m_cancel; }
  QProgressBar* progressBar() const { return m_progress; }

 Q_SIGNALS:
  void generateRequested();
  void cancelRequested();
  void makeGammaRequested();  // "Make…" beside the Gamma file

 private:
  sdm::SolverKind solverKind() const;
  void updateSolverFields();
  void updateNfe();
  void addPrecisionItems();
  sdm::GenerateParams choicesFromWidgets() const;
  void writeChoices();    // an edit: the widgets into the settings
  void showChoices();     // the settings into the widgets
  void showOptions();     // seed mode, re-generation
  void showModelFacts();  // training timesteps, whether the precision applies

  GenerateSettings* m_settings;
  bool m_writing = false;
  bool m_running = false;
  bool m_modelLoaded = false;
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
