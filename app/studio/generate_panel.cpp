#include "generate_panel.h"

#include "generate_settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSlider>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

#include <climits>

namespace sdm::studio {

namespace {

// What docs/performance.md measured per mode (exact, fast, bf16, int8): the demo model's FD
// (N = 1000, its model card's sampler) and the CIFAR-10 Spk_UNet's speed against the original
// Python code (T = 4, batch 16, 2 threads of an AVX-512 BF16/VNNI CPU, 2026-12-07).
struct Measured {
  const char* fd;
  const char* speedup;
};
constexpr Measured kMeasured[] = {
    {"61.8", "3.66"}, {"62.0", "3.53"}, {"62.8", "5.10"}, {"61.8", "8.54"}};

QString solverTitle(sdm::SolverKind k) {
  switch (k) {
    case sdm::SolverKind::Ddpm:
      return GeneratePanel::tr("DDPM (ancestral, every training timestep)");
    case sdm::SolverKind::DdpmStrided:
      return GeneratePanel::tr("DDPM, strided");
    case sdm::SolverKind::Ddim:
      return GeneratePanel::tr("DDIM");
    case sdm::SolverKind::AnalyticDpm:
      return GeneratePanel::tr("Analytic-DPM");
    case sdm::SolverKind::DpmSolver:
      return GeneratePanel::tr("DPM-Solver");
    case sdm::SolverKind::DpmSolverPP:
      return GeneratePanel::tr("DPM-Solver++");
  }
  return {};
}

// The slider covers the useful range; the spin box goes up to the training timesteps.
constexpr int kSliderSteps = 200;

// The grid's name in the DPM-Solver family's terms (continuous time) or the others'.
QString gridTitle(sdm::TimeGrid g, bool dpm) {
  switch (g) {
    case sdm::TimeGrid::Uniform:
      return dpm ? GeneratePanel::tr("the original integer grid")
                 : GeneratePanel::tr("uniform (the original)");
    case sdm::TimeGrid::Quadratic:
      return GeneratePanel::tr("quadratic");
    case sdm::TimeGrid::LogSnr:
      return GeneratePanel::tr("uniform in log-SNR");
    case sdm::TimeGrid::TimeUniform:
      return GeneratePanel::tr("uniform in time (default)");
    case sdm::TimeGrid::TimeQuadratic:
      return GeneratePanel::tr("quadratic in time");
    case sdm::TimeGrid::Default:
      break;
  }
  return {};
}

}  // namespace

GeneratePanel::GeneratePanel(GenerateSettings* settings, QWidget* parent)
    : QWidget(parent),
      m_settings(settings),
      m_form(new QFormLayout),
      m_solver(new QComboBox(this)),
      m_stepsSlider(new QSlider(Qt::Horizontal, this)),
      m_steps(new QSpinBox(this)),
      m_nfe(new QLabel(this)),
      m_eta(new QDoubleSpinBox(this)),
      m_rederiveEps(new QCheckBox(tr("Re-derive ε from the clamped x̂₀"), this)),
      m_order(new QSpinBox(this)),
      m_method(new QComboBox(this)),
      m_skip(new QComboBox(this)),
      m_gamma(new QLineEdit(this)),
      m_gammaRow(new QWidget(this)),
      m_makeGamma(new QToolButton(this)),
      m_seed(new QSpinBox(this)),
      m_seedMode(new QComboBox(this)),
      m_batch(new QSpinBox(this)),
      m_microBatch(new QSpinBox(this)),
      m_precision(new QComboBox(this)),
      m_auto(new QCheckBox(tr("Re-generate when a setting changes"), this)),
      m_generate(new QPushButton(tr("Generate"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)),
      m_timeLeft(new QLabel(this)),
      m_status(new QLabel(this)) {
  for (const auto& name : sdm::solverNames()) {
    const sdm::SolverKind k = sdm::parseSolverKind(name);
    m_solver->addItem(solverTitle(k), QString::fromStdString(name));
  }
  m_stepsSlider->setRange(1, kSliderSteps);
  m_steps->setRange(1, 1000);
  m_steps->setToolTip(
      tr("Diffusion steps of the sampler: how many network evaluations (NFE) it makes. "
         "Not the training timesteps, not the SNN time steps T."));
  m_stepsSlider->setToolTip(m_steps->toolTip());
  auto* stepsRow = new QWidget(this);
  auto* stepsLayout = new QHBoxLayout(stepsRow);
  stepsLayout->setContentsMargins(0, 0, 0, 0);
  stepsLayout->addWidget(m_stepsSlider, 1);
  stepsLayout->addWidget(m_steps);
  m_nfe->setWordWrap(true);

  m_eta->setRange(0.0, 1.0);
  m_eta->setSingleStep(0.1);
  m_eta->setDecimals(2);
  m_eta->setToolTip(tr("DDIM η: 0 is the original deterministic sampler, 1 is as noisy as DDPM"));
  m_rederiveEps->setToolTip(
      tr("Off: the original SDM sampler, which clamps x̂₀ to [−1, 1] but steps with the network's "
         "own ε. On: ε = (x_t − √ᾱ_t·x̂₀)/√(1−ᾱ_t) from the clamped x̂₀, as diffusers' "
         "DDIMScheduler. Helps networks whose ε is imprecise at high noise (young SNNs)."));
  m_order->setRange(1, 3);
  m_method->addItem(tr("multistep"), QStringLiteral("multistep"));
  m_method->addItem(tr("singlestep"), QStringLiteral("singlestep"));
  m_method->addItem(tr("singlestep, fixed order"), QStringLiteral("singlestep_fixed"));

  auto* browse = new QToolButton(this);
  browse->setText(tr("Choose…"));
  auto* gammaLayout = new QHBoxLayout(m_gammaRow);
  gammaLayout->setContentsMargins(0, 0, 0, 0);
  gammaLayout->addWidget(m_gamma, 1);
  gammaLayout->addWidget(browse);
  m_makeGamma->setText(tr("Make…"));
  m_makeGamma->setToolTip(
      tr("Estimate a Gamma file for the loaded model and these steps (a job in the Jobs view)"));
  gammaLayout->addWidget(m_makeGamma);
  connect(m_makeGamma, &QToolButton::clicked, this, &GeneratePanel::makeGammaRequested);
  m_gamma->setObjectName(QStringLiteral("gammaPath"));
  m_gamma->setPlaceholderText(tr("Gamma file (sdm-cli gamma)"));
  connect(browse, &QToolButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Choose a Gamma file for Analytic-DPM"), m_gamma->text(),
        tr("Gamma files (*.pt *.pth);;All files (*)"));
    if (path.isEmpty()) return;
    m_gamma->setText(path);
    writeChoices();
  });

  m_seed->setRange(0, INT_MAX);
  m_seed->setToolTip(
      tr("Image i of the batch uses seed + i, so an image does not depend on the batch size"));
  using SeedMode = GenerateSettings::SeedMode;
  m_seedMode->addItem(tr("keep the seed"), static_cast<int>(SeedMode::Fixed));
  m_seedMode->addItem(tr("next batch (seed + batch size)"), static_cast<int>(SeedMode::Increment));
  m_seedMode->addItem(tr("random seed"), static_cast<int>(SeedMode::Random));
  auto* dice = new QToolButton(this);
  dice->setText(tr("New"));
  dice->setToolTip(tr("Draw a random seed now"));
  connect(dice, &QToolButton::clicked, this,
          [this] { m_seed->setValue(QRandomGenerator::global()->bounded(INT_MAX)); });
  auto* seedRow = new QWidget(this);
  auto* seedLayout = new QHBoxLayout(seedRow);
  seedLayout->setContentsMargins(0, 0, 0, 0);
  seedLayout->addWidget(m_seed, 1);
  seedLayout->addWidget(dice);

  addPrecisionItems();
  m_batch->setRange(1, 256);
  m_microBatch->setRange(0, 256);
  m_microBatch->setSpecialValueText(tr("whole batch"));
  m_microBatch->setToolTip(
      tr("Images per network evaluation. 1: every image is independent of the batch. "
         "Whole batch: bit-identical to the original code's batched run."));

  m_form->addRow(tr("Solver"), m_solver);
  m_form->addRow(tr("Diffusion steps (NFE)"), stepsRow);
  m_form->addRow(QString(), m_nfe);
  m_form->addRow(tr("DDIM η"), m_eta);
  m_form->addRow(QString(), m_rederiveEps);
  m_form->addRow(tr("DPM-Solver order"), m_order);
  m_form->addRow(tr("DPM-Solver method"), m_method);
  m_form->addRow(tr("Time grid"), m_skip);
  m_form->addRow(tr("Gamma file"), m_gammaRow);
  m_form->addRow(tr("Seed"), seedRow);
  m_form->addRow(tr("After each run"), m_seedMode);
  m_form->addRow(tr("Batch size"), m_batch);
  m_form->addRow(tr("Micro-batch"), m_microBatch);
  m_form->addRow(tr("Precision"), m_precision);

  m_generate->setDefault(true);
  m_generate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
  m_generate->setToolTip(tr("Generate (Ctrl+Enter); a new request replaces a running one"));
  m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
  m_cancel->setToolTip(tr("Stop after the current network evaluation (Esc)"));
  m_cancel->setEnabled(false);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_generate, 1);
  buttons->addWidget(m_cancel);
  m_progress->setRange(0, 1);
  m_progress->setValue(0);
  m_status->setWordWrap(true);
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(m_form);
  layout->addWidget(m_auto);
  layout->addLayout(buttons);
  layout->addWidget(m_progress);
  layout->addWidget(m_timeLeft);
  layout->addWidget(m_status);
  layout->addStretch(1);

  connect(m_stepsSlider, &QSlider::valueChanged, m_steps, &QSpinBox::setValue);
  // The spin box goes beyond the slider's range: the slider clamping must not pull it back.
  connect(m_steps, &QSpinBox::valueChanged, this, [this](int v) {
    const QSignalBlocker block(m_stepsSlider);
    m_stepsSlider->setValue(v);
  });
  connect(m_solver, &QComboBox::currentIndexChanged, this, &GeneratePanel::updateSolverFields);
  auto changed = [this] { writeChoices(); };
  connect(m_solver, &QComboBox::currentIndexChanged, this, changed);
  connect(m_steps, &QSpinBox::valueChanged, this, changed);
  connect(m_eta, &QDoubleSpinBox::valueChanged, this, changed);
  connect(m_rederiveEps, &QCheckBox::toggled, this, changed);
  connect(m_order, &QSpinBox::valueChanged, this, changed);
  connect(m_method, &QComboBox::currentIndexChanged, this, changed);
  connect(m_skip, &QComboBox::currentIndexChanged, this, changed);
  connect(m_gamma, &QLineEdit::editingFinished, this, changed);
  connect(m_seed, &QSpinBox::valueChanged, this, changed);
  connect(m_batch, &QSpinBox::valueChanged, this, changed);
  connect(m_microBatch, &QSpinBox::valueChanged, this, changed);
  connect(m_precision, &QComboBox::currentIndexChanged, this, changed);
  connect(m_seedMode, &QComboBox::currentIndexChanged, this, [this] {
    m_settings->setSeedMode(
        static_cast<GenerateSettings::SeedMode>(m_seedMode->currentData().toInt()));
  });
  connect(m_auto, &QCheckBox::toggled, m_settings, &GenerateSettings::setAutoRegenerate);
  connect(m_settings, &GenerateSettings::changed, this, [this] {
    if (!m_writing) showChoices();
    updateNfe();
  });
  connect(m_settings, &GenerateSettings::seedAdvanced, this, [this] {
    const QSignalBlocker block(m_seed);
    m_seed->setValue(static_cast<int>(m_settings->choices().seed));
  });
  connect(m_settings, &GenerateSettings::optionsChanged, this, &GeneratePanel::showOptions);
  connect(m_settings, &GenerateSettings::modelFactsChanged, this, &GeneratePanel::showModelFacts);
  connect(m_generate, &QPushButton::clicked, this, &GeneratePanel::generateRequested);
  connect(m_cancel, &QPushButton::clicked, this, &GeneratePanel::cancelRequested);
  // Combos as narrow as a short name: the dock may be narrow; full texts stay in the popups.
  for (QComboBox* combo : {m_solver, m_method, m_skip, m_seedMode}) {
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(10);
  }
  m_seed->setMinimumWidth(90);
  m_seed->setMaximumWidth(QWIDGETSIZE_MAX);
  showChoices();
  showOptions();
  showModelFacts();
  setModelLoaded(false);
}

sdm::SolverKind GeneratePanel::solverKind() const {
  return sdm::parseSolverKind(m_solver->currentData().toString().toStdString());
}

void GeneratePanel::updateSolverFields() {
  const sdm::SolverKind k = solverKind();
  const bool ddpm = k == sdm::SolverKind::Ddpm;
  m_steps->setEnabled(!ddpm);
  m_stepsSlider->setEnabled(!ddpm);
  m_form->setRowVisible(m_eta, k == sdm::SolverKind::Ddim);
  m_form->setRowVisible(m_rederiveEps, k == sdm::SolverKind::Ddim);
  const bool dpm = sdm::isDpmSolver(k);
  m_form->setRowVisible(m_order, dpm);
  m_form->setRowVisible(m_method, dpm);
  m_form->setRowVisible(m_skip, !ddpm);
  m_form->setRowVisible(m_gammaRow, k == sdm::SolverKind::AnalyticDpm);
  {
    // The grids this solver takes; the one chosen stays when it is among them (the choice is
    // still the previous solver's: the edit is written after this).
    const QSignalBlocker block(m_skip);
    m_skip->clear();
    for (sdm::TimeGrid g : sdm::timeGridsFor(k))
      m_skip->addItem(gridTitle(g, dpm), QLatin1String(sdm::toString(g)));
    const int keep =
        m_skip->findData(QLatin1String(sdm::toString(m_settings->choices().solver.skip)));
    m_skip->setCurrentIndex(keep >= 0 ? keep : 0);
  }
  updateNfe();
}

void GeneratePanel::updateNfe() {
  const sdm::SolverKind k = solverKind();
  const int timesteps = m_settings->trainingTimesteps();
  if (k == sdm::SolverKind::Ddpm) {
    m_nfe->setText(
        tr("DDPM always runs the model's training timesteps (%1): %1 network evaluations.")
            .arg(timesteps));
    return;
  }
  try {
    const int n = sdm::Engine::evaluationsFor(m_settings->params().solver, timesteps);
    m_nfe->setText(tr("%n network evaluation(s) (NFE)", nullptr, n));
  } catch (const std::exception& e) {
    m_nfe->setText(QStringLiteral("<span style=\"color:#c00000\">%1</span>")
                       .arg(QString::fromStdString(e.what()).toHtmlEscaped()));
  }
}

sdm::GenerateParams GeneratePanel::choicesFromWidgets() const {
  sdm::GenerateParams p = m_settings->choices();
  sdm::SolverOptions& o = p.solver;
  o.kind = solverKind();
  o.steps = m_steps->value();
  o.eta = m_eta->value();
  o.rederiveEps = m_rederiveEps->isChecked();
  o.order = m_order->value();
  o.method = sdm::parseDpmMethod(m_method->currentData().toString().toStdString());
  if (m_skip->currentIndex() >= 0)
    o.skip = sdm::parseTimeGrid(m_skip->currentData().toString().toStdString());
  p.gammaPath = m_gamma->text().trimmed().toStdString();
  p.seed = static_cast<uint64_t>(m_seed->value());
  p.batch = m_batch->value();
  p.microBatch = m_microBatch->value();
  p.precision = sdm::parsePrecision(m_precision->currentData().toString().toStdString());
  return p;
}

void GeneratePanel::writeChoices() {
  m_writing = true;
  m_settings->setParams(choicesFromWidgets());
  m_writing = false;
}

void GeneratePanel::showChoices() {
  const sdm::GenerateParams& c = m_settings->choices();
  const sdm::SolverOptions& o = c.solver;
  auto select = [](QComboBox* combo, const char* name) {
    const QSignalBlocker block(combo);
    const int i = combo->findData(QLatin1String(name));
    if (i >= 0) combo->setCurrentIndex(i);
  };
  select(m_solver, sdm::toString(o.kind));
  updateSolverFields();
  select(m_skip, sdm::toString(o.skip));
  select(m_method, sdm::toString(o.method));
  select(m_precision, sdm::toString(c.precision));
  const QSignalBlocker b1(m_steps), b2(m_stepsSlider), b3(m_eta), b4(m_rederiveEps), b5(m_order),
      b6(m_gamma), b7(m_seed), b8(m_batch), b9(m_microBatch);
  m_steps->setValue(o.steps);
  m_stepsSlider->setValue(o.steps);
  m_eta->setValue(o.eta);
  m_rederiveEps->setChecked(o.rederiveEps);
  m_order->setValue(o.order);
  m_gamma->setText(QString::fromStdString(c.gammaPath));
  m_seed->setValue(static_cast<int>(std::min<uint64_t>(c.seed, INT_MAX)));
  m_batch->setValue(c.batch);
  m_microBatch->setValue(c.microBatch);
  // A value beyond a widget's range (steps above the model's timesteps) is clamped there: the
  // clamped value becomes the choice, so that the request is what the panel shows.
  const sdm::GenerateParams shown = choicesFromWidgets();
  if (shown.solver.steps != o.steps || shown.seed != c.seed || shown.batch != c.batch ||
      shown.microBatch != c.microBatch || shown.solver.order != o.order ||
      shown.solver.eta != o.eta)
    writeChoices();
  updateNfe();
}

void GeneratePanel::showOptions() {
  const QSignalBlocker b1(m_seedMode), b2(m_auto);
  m_seedMode->setCurrentIndex(m_seedMode->findData(static_cast<int>(m_settings->seedMode())));
  m_auto->setChecked(m_settings->autoRegenerate());
}

// A smaller model may clamp the steps: the clamped value becomes the choice (valueChanged).
void GeneratePanel::showModelFacts() {
  const int timesteps = m_settings->trainingTimesteps();
  m_stepsSlider->setMaximum(std::min(timesteps, kSliderSteps));
  m_steps->setMaximum(timesteps);
  m_precision->setEnabled(m_settings->precisionApplies());
  updateNfe();
}

void GeneratePanel::setModelLoaded(bool loaded) {
  m_modelLoaded = loaded;
  m_generate->setEnabled(loaded);
  m_makeGamma->setEnabled(loaded);
  if (!loaded) setStatus(tr("Open a checkpoint to generate."));
  if (!m_running) {
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(loaded ? tr("Ready") : tr("No model loaded"));
  }
}

void GeneratePanel::setCancelling(const QString& status) {
  m_cancel->setEnabled(false);
  setStatus(status);
}

void GeneratePanel::setRunning(bool running) {
  m_running = running;
  m_cancel->setEnabled(running);
  if (running) {
    m_timeLeft->setText(tr("starting…"));
  }
}

void GeneratePanel::setProgress(int done, int total, double elapsed) {
  m_progress->setFormat(total > 0 ? tr("%v / %m network evaluations") : tr("Ready"));
  m_progress->setRange(0, std::max(1, total));
  m_progress->setValue(done);
  if (done <= 0 || total <= 0) {
    m_timeLeft->clear();
    return;
  }
  const double left = elapsed / done * (total - done);
  m_timeLeft->setText(
      done >= total
          ? tr("%1 s").arg(elapsed, 0, 'f', 2)
          : tr("%1 s elapsed, about %2 s left").arg(elapsed, 0, 'f', 1).arg(left, 0, 'f', 1));
}

void GeneratePanel::setStatus(const QString& text) { m_status->setText(text); }

QString GeneratePanel::status() const { return m_status->text(); }

void GeneratePanel::addPrecisionItems() {
  const QString tips[] = {
      tr("The original code's arithmetic (fp32, NCHW): bit-identical to it."),
      tr("fp32, channels-last, BatchNorm folded into the convs, IF over all SNN steps in one "
         "loop: the same network up to rounding."),
      tr("Spike-input convs in bf16 (spikes are exact; weights are rounded to 8 bits of "
         "mantissa); analog layers stay fp32."),
      tr("Spike-input convs as uint8 spikes × int8 weights (one scale per output channel); "
         "analog layers stay fp32."),
  };
  const QString titles[] = {tr("Exact"), tr("Fast (fp32)"), tr("bf16"), tr("int8")};
  const sdm::Precision modes[] = {sdm::Precision::Exact, sdm::Precision::Fast, sdm::Precision::Bf16,
                                  sdm::Precision::Int8};
  auto* model = qobject_cast<QStandardItemModel*>(m_precision->model());
  for (int i = 0; i < 4; ++i) {
    std::string why;
    const bool ok = sdm::precisionAvailable(modes[i], &why);
    m_precision->addItem(titles[i], QString::fromUtf8(sdm::toString(modes[i])));
    QString tip = tips[i];
    if (*kMeasured[i].fd)
      tip += QLatin1Char('\n') +
             tr("Measured: demo model FD %1 (exact %2); CIFAR-10 network (T = 4, batch 16) at %3× "
                "the original code's speed on an AVX-512 CPU.")
                 .arg(QLatin1String(kMeasured[i].fd), QLatin1String(kMeasured[0].fd),
                      QLatin1String(kMeasured[i].speedup));
    if (!ok)
      tip += QLatin1Char('\n') + tr("Not available here: %1").arg(QString::fromStdString(why));
    m_precision->setItemData(i, tip, Qt::ToolTipRole);
    if (!ok && model) model->item(i)->setEnabled(false);
  }
  m_precision->setToolTip(
      tr("How the network is computed. Every image, comparison cell and score records it; "
         "docs/performance.md has each mode's measured speed and quality."));
}

}  // namespace sdm::studio
