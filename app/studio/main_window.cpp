#include "main_window.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>

#include "compare_controller.h"
#include "compare_panel.h"
#include "conversion_controller.h"
#include "conversion_view.h"
#include "demo_model.h"
#include "engine_host.h"
#include "export_controller.h"
#include "generate_controller.h"
#include "generate_panel.h"
#include "generate_settings.h"
#include "images_page.h"
#include "job_list_model.h"
#include "job_queue.h"
#include "jobs_controller.h"
#include "jobs_view.h"
#include "language.h"
#include "log_bridge.h"
#include "log_view.h"
#include "model_controller.h"
#include "model_panel.h"
#include "request_text.h"
#include "spike_raster_view.h"
#include "spikes_page.h"
#include "studio_settings.h"
#include "study_controller.h"
#include "study_view.h"

namespace sdm::studio {

namespace {

const QString kDemoOnOpenKey = QStringLiteral("generate/demoOnOpen");

// A first start takes most of the screen, centred; later starts restore the user's geometry.
QRect firstStartGeometry(const QScreen* screen) {
  const QRect free = screen ? screen->availableGeometry() : QRect(0, 0, 1280, 800);
  const QSize size(std::max(std::min(free.width(), 1280), free.width() * 9 / 10),
                   std::max(std::min(free.height(), 800), free.height() * 9 / 10));
  return QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, free);
}

}  // namespace

MainWindow::MainWindow(const StudioOptions& options, QWidget* parent)
    : QMainWindow(parent),
      m_options(options),
      m_settings(std::make_unique<StudioSettings>(options.persistSettings)),
      m_host(new EngineHost(options.threads, this)),
      m_logBridge(new LogBridge(this)),
      m_jobs(new widgets::JobListModel(this)),
      m_tabs(new QTabWidget(this)),
      m_images(new widgets::ImagesPage(this)),
      m_spikes(new widgets::SpikesPage(this)),
      m_comparePanel(new ComparePanel(this)),
      m_generateSettings(new GenerateSettings(this)),
      m_generatePanel(new GeneratePanel(m_generateSettings, this)),
      m_log(new widgets::LogView(this)),
      m_studyView(new widgets::StudyView(this)),
      m_conversionView(new widgets::ConversionView(this)),
      m_recentMenu(new QMenu(tr("Open &recent"), this)) {
  setWindowTitle(tr("Spiking Diffusion Studio"));
  setAcceptDrops(true);
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
  m_modelPanel = new ModelPanel(m_recentMenu, this);
  QSettings& settings = m_settings->store();

  m_tabs->addTab(m_images, tr("Images"));
  m_tabs->addTab(m_spikes, tr("Spikes"));
  m_tabs->addTab(m_comparePanel, tr("Compare"));
  m_tabs->addTab(m_studyView, tr("Study"));
  m_tabs->addTab(m_conversionView, tr("ANN→SNN"));
  setCentralWidget(m_tabs);

  m_model = new ModelController(m_host, m_modelPanel, m_recentMenu, settings, this, this);
  m_host->setWarmUpSource([s = m_generateSettings] { return s->choices(); });
  m_generate = new GenerateController(m_host, m_generateSettings, m_generatePanel, m_model,
                                      m_images, m_spikes, m_jobs, this, this);
  m_compare = new CompareController(m_host, m_comparePanel, m_generate, m_generateSettings, m_model,
                                    m_jobs, this);
  m_export = new ExportController(m_generate, m_compare, m_spikes, settings, this, this);
  connect(m_logBridge, &LogBridge::message, m_log, &widgets::LogView::appendMessage);
  connect(m_compare, &CompareController::cellLoaded, this, [this](const sdm::GenerateParams& p) {
    statusBar()->showMessage(tr("Loaded into Generate: %1").arg(describeRequest(p)), 8000);
    m_generateDock->raise();
  });
  connect(m_model, &ModelController::modelChanged, this, [this](const sdm::ModelInfo& info) {
    setWindowTitle(tr("%1 — Spiking Diffusion Studio")
                       .arg(QFileInfo(QString::fromStdString(info.path)).fileName()));
    statusBar()->showMessage(QString::fromStdString(info.summary));
  });
  connect(m_export, &ExportController::exported, this, [this](const QString& path) {
    statusBar()->showMessage(tr("Exported %1").arg(path), 8000);
  });

  m_modelDock = addDock(scrollable(m_modelPanel), tr("Model"), QStringLiteral("modelDock"),
                        Qt::LeftDockWidgetArea);
  m_generateDock = addDock(scrollable(m_generatePanel), tr("Generate"),
                           QStringLiteral("generateDock"), Qt::RightDockWidgetArea);
  // The job queue persists in the studio's data folder (not for screenshots and tests).
  const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  m_jobQueue = new JobQueue(m_settings->persistent() && !dataDir.isEmpty()
                                ? QDir(dataDir).filePath(QStringLiteral("jobs.json"))
                                : QString(),
                            this);
  m_jobsView = new widgets::JobsView(m_jobs, this);
  m_jobsController =
      new JobsController(m_jobQueue, m_jobsView, m_jobs, m_model, m_generateSettings, this, this);
  // "Make…" beside the Gamma file, or in the dialog of a run that lacked one.
  QAction* makeGamma = m_jobsController->makeGammaAction();
  connect(m_generatePanel, &GeneratePanel::makeGammaRequested, makeGamma, &QAction::trigger);
  connect(m_generate, &GenerateController::makeGammaRequested, makeGamma, &QAction::trigger);
  connect(m_jobsController, &JobsController::evaluationFinished, this,
          [this](quint64, const QString& summary) {
            statusBar()->showMessage(summary.section(QLatin1Char('\n'), 0, 0), 15000);
          });
  m_study = new StudyController(m_jobsController, m_studyView, m_model, m_modelPanel,
                                m_generateSettings, this, this);
  connect(m_comparePanel, &ComparePanel::studyRequested, m_study, &StudyController::newStudy);
  m_conversion = new ConversionController(m_jobsController, m_model, m_conversionView, this);
  connect(m_study, &StudyController::showRequested, this,
          [this] { m_tabs->setCurrentWidget(m_studyView); });
  connect(m_study, &StudyController::settingsLoaded, this, [this] {
    statusBar()->showMessage(
        tr("Loaded into Generate: %1").arg(describeRequest(m_generateSettings->params())), 8000);
    m_generateDock->raise();
  });
  m_jobsDock =
      addDock(m_jobsView, tr("Jobs"), QStringLiteral("jobsDock"), Qt::BottomDockWidgetArea);
  m_logDock = addDock(m_log, tr("Log"), QStringLiteral("logDock"), Qt::BottomDockWidgetArea);
  m_exportDock = addDock(scrollable(m_export->createPanel(this)), tr("Export"),
                         QStringLiteral("exportDock"), Qt::BottomDockWidgetArea);
  connect(m_spikes->raster(), &widgets::SpikeRasterView::exportRequested, this,
          [this] { m_export->rasterAction()->trigger(); });
  // A newcomer sees the demo generate at once; the Run menu turns this off.
  const bool demoOnOpen =
      m_options.generateDemo >= 0
          ? m_options.generateDemo > 0
          : m_settings->persistent() && settings.value(kDemoOnOpenKey, true).toBool();
  if (demoOnOpen && !m_options.screenshotMode()) m_generate->setGenerateOnOpen(findDemoModel());
  tabifyDockWidget(m_logDock, m_jobsDock);
  tabifyDockWidget(m_jobsDock, m_exportDock);
  m_logDock->raise();
  createMenus();
  statusBar()->showMessage(
      tr("Open a checkpoint to begin (File ▸ Open checkpoint…, or drop a .pt file here)."));
  restoreLayout();
}

void MainWindow::setVisible(bool visible) {
  // Below 1600 px the Model panel shares the right side with Generate, as a tab, so that the
  // images and plots keep a useful width; decided before the first layout, which would otherwise
  // grow the window to fit both docks beside the Spikes page.
  if (visible && !m_shown && m_savedState.isEmpty() && width() < 1600) {
    tabifyDockWidget(m_generateDock, m_modelDock);
    m_generateDock->raise();
  }
  QMainWindow::setVisible(visible);
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (m_shown) return;
  m_shown = true;
  // Dock sizes only take once the window has its size; a saved layout overrides them.
  QTimer::singleShot(0, this, [this] {
    if (!m_defaultState.isEmpty()) return;
    // Each side dock as wide as its panel needs (they cannot be narrower), a little more when the
    // window is wide.
    const int extra = std::clamp((width() - 1280) / 8, 0, 120);
    resizeDocks({m_modelDock, m_generateDock},
                {m_modelDock->minimumSizeHint().width() + extra,
                 m_generateDock->minimumSizeHint().width() + extra},
                Qt::Horizontal);
    resizeDocks({m_logDock}, {140}, Qt::Vertical);
    m_defaultState = saveState();
    if (!m_savedState.isEmpty()) restoreState(m_savedState);
  });
}

MainWindow::~MainWindow() = default;

// Docks scroll vertically instead of forcing their panel's full height on the window; they are
// never narrower than the panel, so nothing is clipped and no horizontal scroll bar appears.
QWidget* MainWindow::scrollable(QWidget* panel) {
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(panel);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  scroll->setMinimumWidth(panel->minimumSizeHint().width() +
                          scroll->verticalScrollBar()->sizeHint().width());
  return scroll;
}

QDockWidget* MainWindow::addDock(QWidget* content, const QString& title, const QString& name,
                                 Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(name);
  dock->setWidget(content);
  addDockWidget(area, dock);
  return dock;
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open =
      file->addAction(tr("&Open checkpoint…"), m_model, &ModelController::openWithDialog);
  open->setShortcut(QKeySequence::Open);
  file->addMenu(m_recentMenu);
  file->addAction(m_study->openStudyAction());
  file->addSeparator();
  QMenu* exportMenu = file->addMenu(tr("&Export"));
  exportMenu->addActions(m_export->actions());
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  QAction* generate = run->addAction(tr("&Generate"), m_generate, &GenerateController::generate);
  QAction* cancel = run->addAction(tr("&Cancel"), m_generate, &GenerateController::cancel);
  run->addSeparator();
  run->addAction(tr("Run &comparison"), this, [this] {
    m_tabs->setCurrentWidget(m_comparePanel);
    m_compare->run();
  });
  run->addSeparator();
  run->addAction(m_jobsController->evaluateAction());
  run->addAction(m_jobsController->makeGammaAction());
  run->addAction(m_study->studyAction());
  run->addAction(tr("New &training…"), m_jobsController, &JobsController::newTraining);
  run->addAction(tr("New TSM &finetune…"), m_jobsController, &JobsController::newFinetune);
  // ANN→SNN in its order: train the quantized ANN, convert it, fine-tune the SNN.
  run->addAction(tr("New &ANN training for conversion…"), m_jobsController,
                 &JobsController::newAnnTraining);
  run->addAction(m_jobsController->convertAction());
  run->addAction(tr("Fine-tune the converted &SNN…"), m_jobsController,
                 &JobsController::newSnnFinetune);
  run->addSeparator();
  QAction* demoOnOpen = run->addAction(tr("Generate when the &demo model opens"));
  demoOnOpen->setCheckable(true);
  demoOnOpen->setChecked(m_settings->store().value(kDemoOnOpenKey, true).toBool());
  connect(demoOnOpen, &QAction::toggled, this,
          [this](bool on) { m_settings->store().setValue(kDemoOnOpenKey, on); });

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (QDockWidget* d : {m_modelDock, m_generateDock, m_jobsDock, m_logDock, m_exportDock})
    view->addAction(d->toggleViewAction());
  view->addSeparator();
  view->addAction(tr("&Reset layout"), this, [this] { restoreState(m_defaultState); });

  QMenu* language = menuBar()->addMenu(tr("&Language"));
  auto* group = new QActionGroup(this);
  for (const QString& code : availableLanguages()) {
    QAction* a =
        language->addAction(languageName(code), this, [this, code] { chooseLanguage(code); });
    a->setCheckable(true);
    a->setChecked(code == m_options.language);
    group->addAction(a);
  }

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About"), this, [this] {
    QMessageBox::about(
        this, tr("About Spiking Diffusion Studio"),
        tr("<b>Spiking Diffusion Studio</b> %1<br>Generate images with spiking diffusion models "
           "(SDDPM, SDM) and watch what their neurons do.<br><br>Diffusion steps (NFE): network "
           "evaluations of a sampler. Training timesteps: the chain the model was trained on "
           "(1000). "
           "SNN time steps T: how often the spiking network runs per evaluation.")
            .arg(QApplication::applicationVersion()));
  });

  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName(QStringLiteral("mainToolBar"));
  bar->addAction(open);
  bar->addAction(generate);
  bar->addAction(cancel);
}

void MainWindow::chooseLanguage(const QString& code) {
  m_settings->store().setValue(QStringLiteral("ui/language"), code);
  const auto answer = QMessageBox::question(
      this, tr("Language"), tr("The language changes when the studio starts again. Restart now?"));
  if (answer != QMessageBox::Yes) return;
  saveLayout();
  QStringList args = QApplication::arguments().mid(1);
  const int at = args.indexOf(QStringLiteral("--lang"));
  if (at >= 0) args.remove(at, std::min<qsizetype>(2, args.size() - at));
  QProcess::startDetached(QApplication::applicationFilePath(), args);
  QApplication::quit();
}

void MainWindow::showView(const QString& name) {
  if (name == QLatin1String("spikes"))
    m_tabs->setCurrentWidget(m_spikes);
  else if (name == QLatin1String("compare"))
    m_tabs->setCurrentWidget(m_comparePanel);
  else if (name == QLatin1String("study"))
    m_tabs->setCurrentWidget(m_studyView);
  else if (name == QLatin1String("conversion"))
    m_tabs->setCurrentWidget(m_conversionView);
  else
    m_tabs->setCurrentWidget(m_images);
  if (name == QLatin1String("model")) m_modelDock->raise();
  if (name == QLatin1String("generate")) m_generateDock->raise();
  if (name == QLatin1String("jobs")) m_jobsDock->raise();
  if (name == QLatin1String("log")) m_logDock->raise();
  if (name == QLatin1String("export")) m_exportDock->raise();
}

QWidget* MainWindow::viewWidget(const QString& name) const {
  if (name == QLatin1String("spikes")) return m_spikes;
  if (name == QLatin1String("compare")) return m_comparePanel;
  if (name == QLatin1String("study")) return m_studyView;
  if (name == QLatin1String("conversion")) return m_conversionView;
  if (name == QLatin1String("model")) return m_modelDock;
  if (name == QLatin1String("jobs")) return m_jobsDock;
  if (name == QLatin1String("log")) return m_logDock;
  if (name == QLatin1String("export")) return m_exportDock;
  return m_images;
}

void MainWindow::restoreLayout() {
  QSettings& s = m_settings->store();
  const QByteArray geometry = s.value(QStringLiteral("window/geometry")).toByteArray();
  if (geometry.isEmpty() || !restoreGeometry(geometry)) setGeometry(firstStartGeometry(screen()));
  m_savedState = s.value(QStringLiteral("window/state")).toByteArray();
  m_generateSettings->restore(s);
  m_comparePanel->restoreSettings(s);
  m_spikes->setEnergyPreset(
      s.value(QStringLiteral("spikes/energyPreset"), QStringLiteral("fp32")).toString());
}

void MainWindow::saveLayout() {
  QSettings& s = m_settings->store();
  s.setValue(QStringLiteral("window/geometry"), saveGeometry());
  s.setValue(QStringLiteral("window/state"), saveState());
  m_generateSettings->save(s);
  m_comparePanel->saveSettings(s);
  s.setValue(QStringLiteral("spikes/energyPreset"), m_spikes->energyPreset());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  m_host->cancelAll();
  saveLayout();
  QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (ModelController::canOpen(event->mimeData())) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = ModelController::pathFrom(event->mimeData());
  if (path.isEmpty()) return;
  event->acceptProposedAction();
  m_model->open(path);
}

}  // namespace sdm::studio
