#include "study_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

#include "request_text.h"
#include "util/atomic_file.h"

namespace sdm::studio {
namespace {

QStringList listItems(const QString& text) {
  return text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
}

template <typename T>
QString joined(const std::vector<T>& values) {
  QStringList parts;
  for (const T& v : values) parts << QString::number(v);
  return parts.join(QStringLiteral(", "));
}

}  // namespace

StudyDialog::StudyDialog(const sdm::StudyRequest& d, QWidget* parent)
    : QDialog(parent),
      m_defaults(d),
      m_models(new QListWidget(this)),
      m_steps(new QLineEdit(joined(d.axes.steps), this)),
      m_thresholds(new QLineEdit(joined(d.axes.thresholds), this)),
      m_n(new QSpinBox(this)),
      m_seed(new QSpinBox(this)),
      m_kid(new QCheckBox(tr("KID (needs the real test images)"), this)),
      m_out(new QLineEdit(QString::fromStdString(d.outDir), this)),
      m_cells(new QLabel(this)),
      m_error(new QLabel(this)) {
  setWindowTitle(tr("New study"));
  setObjectName(QStringLiteral("studyDialog"));
  for (const std::string& c : d.axes.checkpoints) addModel(QString::fromStdString(c));
  m_models->setMaximumHeight(90);
  auto* addButton = new QPushButton(tr("Add…"), this);
  auto* removeButton = new QPushButton(tr("Remove"), this);
  connect(addButton, &QPushButton::clicked, this, [this] {
    for (const QString& f : QFileDialog::getOpenFileNames(this, tr("Add models"), QString(),
                                                          tr("Checkpoints (*.pt *.pth)")))
      addModel(f);
  });
  connect(removeButton, &QPushButton::clicked, this, [this] { delete m_models->currentItem(); });
  auto* modelButtons = new QVBoxLayout;
  modelButtons->addWidget(addButton);
  modelButtons->addWidget(removeButton);
  modelButtons->addStretch(1);
  auto* modelRow = new QHBoxLayout;
  modelRow->addWidget(m_models, 1);
  modelRow->addLayout(modelButtons);

  auto* solverGrid = new QGridLayout;
  for (const auto& name : sdm::solverNames()) {
    const sdm::SolverKind k = sdm::parseSolverKind(name);
    auto* check = new QCheckBox(solverLabel(k), this);
    check->setChecked(std::find(d.axes.solvers.begin(), d.axes.solvers.end(), k) !=
                      d.axes.solvers.end());
    const int i = static_cast<int>(m_solvers.size());
    solverGrid->addWidget(check, i / 3, i % 3);
    m_solvers.emplace_back(k, check);
  }
  auto* precisionRow = new QHBoxLayout;
  for (const auto& name : sdm::precisionNames()) {
    const sdm::Precision p = sdm::parsePrecision(name);
    auto* check = new QCheckBox(QString::fromStdString(name), this);
    std::string why;
    const bool available = sdm::precisionAvailable(p, &why);
    check->setEnabled(available);
    if (!available) check->setToolTip(QString::fromStdString(why));
    check->setChecked(available && std::find(d.axes.precisions.begin(), d.axes.precisions.end(),
                                             p) != d.axes.precisions.end());
    precisionRow->addWidget(check);
    m_precisions.emplace_back(p, check);
  }
  precisionRow->addStretch(1);
  m_steps->setToolTip(tr("Comma-separated diffusion step counts, e.g. 5, 10, 20, 50"));
  m_thresholds->setToolTip(
      tr("Comma-separated IF thresholds θ (1: as trained; SDM's threshold guidance uses "
         "slightly less, e.g. 0.997)"));
  m_n->setRange(1, 1000000);
  m_n->setValue(d.base.n);
  m_n->setToolTip(tr("Images per cell (FD becomes reliable from about 1000)"));
  m_seed->setRange(0, 2147483647);
  m_seed->setValue(static_cast<int>(std::min<uint64_t>(d.base.seed, 2147483647)));
  m_seed->setToolTip(tr("Image i of every cell starts from seed + i"));
  m_kid->setChecked(d.base.kid);
  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Study folder"), m_out->text());
    if (!dir.isEmpty()) m_out->setText(dir);
  });
  auto* outRow = new QHBoxLayout;
  outRow->addWidget(m_out, 1);
  outRow->addWidget(browse);

  auto* form = new QFormLayout;
  form->addRow(tr("Models"), modelRow);
  form->addRow(tr("Solvers"), solverGrid);
  form->addRow(tr("Diffusion steps"), m_steps);
  form->addRow(tr("IF thresholds θ"), m_thresholds);
  form->addRow(tr("Precisions"), precisionRow);
  form->addRow(tr("Images per cell N"), m_n);
  form->addRow(tr("Seed"), m_seed);
  form->addRow(QString(), m_kid);
  form->addRow(tr("Output folder"), outRow);
  form->addRow(QString(), m_cells);
  m_error->setObjectName(QStringLiteral("studyDialogError"));
  m_error->setWordWrap(true);
  m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
  m_error->hide();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_error);
  layout->addWidget(buttons);
  // The size of the study as it is typed.
  auto count = [this] {
    QString why;
    const sdm::StudyRequest r = request(&why);
    m_cells->setText(
        why.isEmpty() ? tr("%n cell(s)", nullptr, static_cast<int>(sdm::studyCells(r.axes).size()))
                      : QString());
  };
  for (QLineEdit* e : {m_steps, m_thresholds}) connect(e, &QLineEdit::textChanged, this, count);
  for (auto& [k, c] : m_solvers) connect(c, &QCheckBox::toggled, this, count);
  for (auto& [p, c] : m_precisions) connect(c, &QCheckBox::toggled, this, count);
  connect(m_models->model(), &QAbstractItemModel::rowsInserted, this, count);
  connect(m_models->model(), &QAbstractItemModel::rowsRemoved, this, count);
  count();
}

void StudyDialog::addModel(const QString& path) {
  if (!path.isEmpty() && m_models->findItems(path, Qt::MatchExactly).isEmpty())
    m_models->addItem(path);
}

void StudyDialog::setSolverChecked(sdm::SolverKind kind, bool on) {
  for (auto& [k, c] : m_solvers)
    if (k == kind) c->setChecked(on);
}

void StudyDialog::setPrecisionChecked(sdm::Precision p, bool on) {
  for (auto& [q, c] : m_precisions)
    if (q == p) c->setChecked(on && c->isEnabled());
}

sdm::StudyRequest StudyDialog::request(QString* error) const {
  sdm::StudyRequest r = m_defaults;
  QString why;
  auto fail = [&](const QString& text) {
    if (why.isEmpty()) why = text;
  };
  r.axes.checkpoints.clear();
  for (int i = 0; i < m_models->count(); ++i)
    r.axes.checkpoints.push_back(m_models->item(i)->text().toStdString());
  if (r.axes.checkpoints.empty()) fail(tr("Add at least one model."));
  for (const std::string& c : r.axes.checkpoints)
    if (!QFileInfo(QString::fromStdString(c)).isFile())
      fail(tr("No such checkpoint: %1").arg(QString::fromStdString(c)));
  r.axes.solvers.clear();
  for (const auto& [k, c] : m_solvers)
    if (c->isChecked()) r.axes.solvers.push_back(k);
  if (r.axes.solvers.empty()) fail(tr("Choose at least one solver."));
  r.axes.steps.clear();
  for (const QString& s : listItems(m_steps->text())) {
    bool ok = false;
    const int v = s.toInt(&ok);
    if (!ok || v < 1 || v > 100000)
      fail(tr("Diffusion steps: '%1' is not a whole number from 1 to 100000.").arg(s));
    else if (std::find(r.axes.steps.begin(), r.axes.steps.end(), v) == r.axes.steps.end())
      r.axes.steps.push_back(v);
  }
  if (r.axes.steps.empty()) fail(tr("Give at least one diffusion step count."));
  r.axes.thresholds.clear();
  for (const QString& s : listItems(m_thresholds->text())) {
    bool ok = false;
    const double v = s.toDouble(&ok);
    if (!ok || !(v > 0) || v > 10)
      fail(tr("IF thresholds: '%1' is not a number in (0, 10].").arg(s));
    else if (std::find(r.axes.thresholds.begin(), r.axes.thresholds.end(), v) ==
             r.axes.thresholds.end())
      r.axes.thresholds.push_back(v);
  }
  if (r.axes.thresholds.empty()) fail(tr("Give at least one IF threshold."));
  r.axes.precisions.clear();
  for (const auto& [p, c] : m_precisions)
    if (c->isChecked()) r.axes.precisions.push_back(p);
  if (r.axes.precisions.empty()) fail(tr("Choose at least one precision."));
  r.base.n = m_n->value();
  r.base.seed = static_cast<uint64_t>(m_seed->value());
  r.base.kid = m_kid->isChecked();
  r.outDir = m_out->text().trimmed().toStdString();
  if (r.outDir.empty()) fail(tr("Choose an output folder."));
  if (why.isEmpty() && sdm::studyCells(r.axes).size() > 10000)
    fail(tr("More than 10000 cells: narrow an axis."));
  if (error) *error = why;
  return r;
}

void StudyDialog::accept() {
  QString why;
  const sdm::StudyRequest r = request(&why);
  if (why.isEmpty()) {
    try {
      sdm::ensureWritableFolder(r.outDir, "study folder");
    } catch (const std::exception& e) {
      why = QString::fromStdString(e.what());
    }
  }
  if (!why.isEmpty()) {
    m_error->setText(why);
    m_error->show();
    return;
  }
  m_error->hide();
  QDialog::accept();
}

QString StudyDialog::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

}  // namespace sdm::studio
