#pragma once
// Pieces the job dialogs share: number fields, a path field with its Browse… button, the dataset
// choice, and the footer (an error line above Start / Cancel).
#include <QString>

#include "train/dataset_spec.h"

class QComboBox;
class QDialog;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QVBoxLayout;
class QWidget;

namespace sdm::studio {

QSpinBox* spinBox(QWidget* parent, int lo, int hi, qint64 value);
// `edit` and a Browse… button that picks a folder, or a checkpoint (*.pt).
QHBoxLayout* withBrowse(QDialog* dialog, QLineEdit* edit, bool folder);
QComboBox* datasetCombo(QWidget* parent, sdm::train::DatasetKind current);
sdm::train::DatasetKind datasetOf(const QComboBox* combo);
// Adds a hidden red error line (objectName errorName) and Start / Cancel to `layout`; Start
// calls the dialog's accept(), which may refuse and show the line.
QLabel* addErrorAndStartButtons(QDialog* dialog, QVBoxLayout* layout, const QString& errorName);

}  // namespace sdm::studio
