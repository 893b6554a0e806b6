#include "compare_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

#include "compare_grid_view.h"
#include "request_text.h"

namespace sdm::studio {

ComparePanel::ComparePanel(QWidget* parent)
    : QWidget(parent),
      m_models(new QListWidget(this)),
      m_addModel(new QPushButton(tr("Add model…"), this)),
      m_removeModel(new QPushButton(tr("Remove"), this)),
      m_mode(new QComboBox(this)),
      m_values(new QLineEdit(QStringLiteral("5, 10, 20"), this)),
      m_images(new QSpinBox(this)),
      m_run(new QPushButton(tr("Run comparison"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_study(new QPushButton(tr("Study…"), this)),
      m_progress(new QProgressBar(this)),
      m_status(new QLabel(this)),
      m_grid(new widgets::CompareGridView(this)) {
  auto* solverRow = new QGridLayout;
  for (const auto& name : sdm::solverNames()) {
    const sdm::SolverKind k = sdm::parseSolverKind(name);
    auto* check = new QCheckBox(solverLabel(k), this);
    check->setChecked(k == sdm::SolverKind::Ddim || sdm::isDpmSolver(k));
    const int i = static_cast<int>(m_solverChecks.size());
    solverRow->addWidget(check, i / 3, i % 3);
    m_solverChecks.emplace_back(k, check);
  }
  solverRow->setColumnStretch(3, 1);
  m_mode->addItem(tr("Solvers × diffusion steps"), static_cast<int>(Mode::SolversBySteps));
  m_mode->addItem(tr("Equal NFE (same number of network evaluations per column)"),
                  static_cast<int>(Mode::EqualNfe));
  m_mode->addItem(
      tr("Equal energy (mJ per image per column, from the last generation's firing rates)"),
      static_cast<int>(Mode::EqualEnergy));
  m_mode->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_mode->setMinimumContentsLength(16);
  m_values->setToolTip(tr(
      "Comma-separated: diffusion steps, NFE budgets in the equal-NFE mode, or mJ per image in the "
      "equal-energy mode"));
  m_images->setRange(1, 16);
  m_images->setValue(4);
  m_cancel->setEnabled(false);
  m_progress->setRange(0, 1);
  m_progress->setValue(0);
  m_progress->setFormat(tr("%v / %m cells"));
  m_status->setWordWrap(true);
  m_grid->setPlaceholderText(
      tr("Every cell starts from the same x_T (the seed of the Generate panel). Choose "
         "solvers and step counts, then Run comparison. Click a finished cell to load "
         "its settings into Generate."));

  // The loaded model is always the first row; others (a TSM finetune, a converted SNN) run from
  // the same x_T beside it.
  m_models->addItem(tr("the loaded model"));
  m_models->item(0)->setFlags(Qt::ItemIsEnabled);
  m_models->setMaximumHeight(m_models->sizeHintForRow(0) * 3 + 2 * m_models->frameWidth() + 2);
  m_models->setToolTip(tr("Every model runs the same settings from the same x_T"));
  m_removeModel->setEnabled(false);
  auto* modelRow = new QHBoxLayout;
  auto* modelButtons = new QVBoxLayout;
  modelButtons->addWidget(m_addModel);
  modelButtons->addWidget(m_removeModel);
  modelButtons->addStretch(1);
  modelRow->addWidget(m_models, 1);
  modelRow->addLayout(modelButtons);
  connect(m_addModel, &QPushButton::clicked, this, &ComparePanel::addModelsWithDialog);
  connect(m_removeModel, &QPushButton::clicked, this, [this] {
    for (QListWidgetItem* item : m_models->selectedItems())
      if (m_models->row(item) > 0) delete item;
  });
  connect(m_models, &QListWidget::itemSelectionChanged, this, [this] {
    const auto selected = m_models->selectedItems();
    m_removeModel->setEnabled(!selected.isEmpty() && m_models->row(selected.first()) > 0);
  });

  auto* form = new QFormLayout;
  form->addRow(tr("Models"), modelRow);
  form->addRow(tr("Solvers"), solverRow);
  form->addRow(tr("Columns"), m_mode);
  form->addRow(tr("Values"), m_values);
  form->addRow(tr("Images per cell"), m_images);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_run);
  buttons->addWidget(m_cancel);
  buttons->addWidget(m_progress, 1);
  m_study->setToolTip(
      tr("Score solvers × steps × thresholds × precisions offline (FD, energy per image) as a "
         "job, and plot quality against cost"));
  buttons->addWidget(m_study);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addWidget(m_status);
  layout->addWidget(m_grid, 1);
  connect(m_run, &QPushButton::clicked, this, &ComparePanel::runRequested);
  connect(m_cancel, &QPushButton::clicked, this, &ComparePanel::cancelRequested);
  connect(m_study, &QPushButton::clicked, this, &ComparePanel::studyRequested);
}

QStringList ComparePanel::otherModels() const {
  QStringList out;
  for (int i = 1; i < m_models->count(); ++i)
    out << m_models->item(i)->data(Qt::UserRole).toString();
  return out;
}

void ComparePanel::setOtherModels(const QStringList& paths) {
  while (m_models->count() > 1) delete m_models->item(1);
  for (const QString& p : paths) addModel(p);
}

void ComparePanel::setLoadedModelName(const QString& name) {
  m_models->item(0)->setText(name.isEmpty() ? tr("the loaded model") : tr("%1 (loaded)").arg(name));
}

void ComparePanel::addModel(const QString& path) {
  if (path.isEmpty() || otherModels().contains(path)) return;
  auto* item = new QListWidgetItem(QFileInfo(path).fileName(), m_models);
  item->setData(Qt::UserRole, path);
  item->setToolTip(path);
}

void ComparePanel::addModelsWithDialog() {
  const QStringList files = QFileDialog::getOpenFileNames(
      this, tr("Add models to compare"), QString(), tr("Checkpoints (*.pt *.pth);;All files (*)"));
  for (const QString& f : files) addModel(f);
}

std::vector<sdm::SolverKind> ComparePanel::solvers() const {
  std::vector<sdm::SolverKind> out;
  for (const auto& [k, check] : m_solverChecks)
    if (check->isChecked()) out.push_back(k);
  return out;
}

void ComparePanel::setSolvers(const std::vector<sdm::SolverKind>& solvers) {
  for (const auto& [k, check] : m_solverChecks)
    check->setChecked(std::find(solvers.begin(), solvers.end(), k) != solvers.end());
}

std::vector<int> ComparePanel::values() const {
  std::vector<int> out;
  for (const QString& part :
       m_values->text().split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
    bool ok = false;
    const int v = part.toInt(&ok);
    if (ok && v >= 1 && v <= 1000) out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<double> ComparePanel::energyBudgets() const {
  std::vector<double> out;
  for (const QString& part :
       m_values->text().split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
    bool ok = false;
    const double v = part.toDouble(&ok);
    if (ok && v > 0 && v < 1e9) out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void ComparePanel::setValues(const QString& text) { m_values->setText(text); }

ComparePanel::Mode ComparePanel::mode() const {
  return static_cast<Mode>(m_mode->currentData().toInt());
}

void ComparePanel::setMode(Mode mode) {
  m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(mode)));
}

int ComparePanel::imagesPerCell() const { return m_images->value(); }

void ComparePanel::setCancelling(const QString& status) {
  m_cancel->setEnabled(false);
  setStatus(status);
}

void ComparePanel::setRunning(bool running) {
  m_run->setEnabled(!running);
  m_cancel->setEnabled(running);
}

void ComparePanel::setProgress(int done, int total) {
  m_progress->setRange(0, std::max(1, total));
  m_progress->setValue(done);
}

void ComparePanel::setStatus(const QString& text) { m_status->setText(text); }

void ComparePanel::saveSettings(QSettings& s) const {
  QStringList names;
  for (auto k : solvers()) names << QString::fromLatin1(sdm::toString(k));
  s.setValue(QStringLiteral("compare/solvers"), names);
  s.setValue(QStringLiteral("compare/values"), m_values->text());
  s.setValue(QStringLiteral("compare/mode"), static_cast<int>(mode()));
  s.setValue(QStringLiteral("compare/images"), m_images->value());
  s.setValue(QStringLiteral("compare/models"), otherModels());
}

void ComparePanel::restoreSettings(const QSettings& s) {
  if (s.contains(QStringLiteral("compare/solvers"))) {
    std::vector<sdm::SolverKind> kinds;
    for (const QString& n : s.value(QStringLiteral("compare/solvers")).toStringList()) {
      try {
        kinds.push_back(sdm::parseSolverKind(n.toStdString()));
      } catch (const std::exception&) {
      }
    }
    setSolvers(kinds);
  }
  m_values->setText(s.value(QStringLiteral("compare/values"), m_values->text()).toString());
  setMode(static_cast<Mode>(s.value(QStringLiteral("compare/mode"), 0).toInt()));
  m_images->setValue(s.value(QStringLiteral("compare/images"), 4).toInt());
  QStringList models;  // files moved or deleted since are dropped
  for (const QString& p : s.value(QStringLiteral("compare/models")).toStringList())
    if (QFileInfo::exists(p)) models << p;
  setOtherModels(models);
}

}  // namespace sdm::studio
