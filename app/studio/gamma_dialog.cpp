#include "gamma_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>

namespace sdm::studio {

GammaDialog::GammaDialog(int steps, const QString& path, int samples, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Make Gamma file"));
  setObjectName(QStringLiteral("makeGammaDialog"));
  auto* form = new QFormLayout(this);
  auto* intro = new QLabel(
      tr("Analytic-DPM needs Gamma_t = E‖ε(x_t, t)‖² / d at the %1 timesteps of the Generate "
         "panel's grid, estimated over training images. A cancelled job keeps the finished "
         "timesteps; Resume completes the file.")
          .arg(steps),
      this);
  intro->setWordWrap(true);
  form->addRow(intro);
  m_path = new QLineEdit(path, this);
  auto* browse = new QToolButton(this);
  browse->setText(tr("Choose…"));
  connect(browse, &QToolButton::clicked, this, [this] {
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Gamma file"), m_path->text(), tr("Gamma files (*.pt *.pth);;All files (*)"));
    if (!chosen.isEmpty()) m_path->setText(chosen);
  });
  auto* row = new QHBoxLayout;
  row->addWidget(m_path, 1);
  row->addWidget(browse);
  form->addRow(tr("Output file"), row);
  m_samples = new QSpinBox(this);
  m_samples->setRange(1, 10000000);
  m_samples->setValue(samples);
  m_samples->setToolTip(tr("Training images per timestep (Analytic-DPM uses a few thousand)"));
  form->addRow(tr("Samples per timestep"), m_samples);
  auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(box);
}

QString GammaDialog::path() const { return m_path->text().trimmed(); }

int GammaDialog::samples() const { return m_samples->value(); }

}  // namespace sdm::studio
