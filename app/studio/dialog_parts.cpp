#include "dialog_parts.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace sdm::studio {

QSpinBox* spinBox(QWidget* parent, int lo, int hi, qint64 value) {
  auto* s = new QSpinBox(parent);
  s->setRange(lo, hi);
  s->setValue(static_cast<int>(value));
  return s;
}

QHBoxLayout* withBrowse(QDialog* dialog, QLineEdit* edit, bool folder) {
  auto* row = new QHBoxLayout;
  auto* button = new QPushButton(QCoreApplication::translate("JobDialogs", "Browse…"), dialog);
  QObject::connect(button, &QPushButton::clicked, dialog, [dialog, edit, folder] {
    const QString path =
        folder ? QFileDialog::getExistingDirectory(
                     dialog, QCoreApplication::translate("JobDialogs", "Choose a folder"),
                     edit->text())
               : QFileDialog::getOpenFileName(
                     dialog, QCoreApplication::translate("JobDialogs", "Choose a checkpoint"),
                     edit->text(), QCoreApplication::translate("JobDialogs", "Checkpoints (*.pt)"));
    if (!path.isEmpty()) edit->setText(path);
  });
  row->addWidget(edit, 1);
  row->addWidget(button);
  return row;
}

QComboBox* datasetCombo(QWidget* parent, sdm::train::DatasetKind current) {
  auto* combo = new QComboBox(parent);
  using K = sdm::train::DatasetKind;
  for (K k : {K::FashionMnist, K::Mnist, K::Cifar10, K::Folder, K::Idx})
    combo->addItem(QString::fromUtf8(sdm::train::toString(k)));
  combo->setCurrentText(QString::fromUtf8(sdm::train::toString(current)));
  return combo;
}

sdm::train::DatasetKind datasetOf(const QComboBox* combo) {
  return sdm::train::parseDatasetKind(combo->currentText().toStdString());
}

QLabel* addErrorAndStartButtons(QDialog* dialog, QVBoxLayout* layout, const QString& errorName) {
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
  buttons->button(QDialogButtonBox::Ok)
      ->setText(QCoreApplication::translate("JobDialogs", "Start"));
  QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  auto* error = new QLabel(dialog);
  error->setObjectName(errorName);
  error->setWordWrap(true);
  error->setStyleSheet(QStringLiteral("color: #c0392b;"));
  error->hide();
  layout->addWidget(error);
  layout->addWidget(buttons);
  return error;
}

}  // namespace sdm::studio
