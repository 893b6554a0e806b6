#pragma once
// Asks where Analytic-DPM's Gamma file goes and how many training images per timestep estimate
// it, beside the other job dialogs.
#include <QDialog>

class QLineEdit;
class QSpinBox;

namespace sdm::studio {

class GammaDialog : public QDialog {
  Q_OBJECT
 public:
  // steps: the timesteps of the Generate panel's grid, named in the introduction.
  GammaDialog(int steps, const QString& path, int samples, QWidget* parent = nullptr);
  QString path() const;  // trimmed; empty when none was given
  int samples() const;

 private:
  QLineEdit* m_path;
  QSpinBox* m_samples;
};

}  // namespace sdm::studio
