#include "model_controller.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QUrl>

#include "engine_host.h"
#include "model_panel.h"

namespace sdm::studio {

namespace {
constexpr int kMaxRecent = 10;
}

ModelController::ModelController(EngineHost* host, ModelPanel* panel, QMenu* recentMenu,
                                 QSettings& settings, QWidget* dialogParent, QObject* parent)
    : QObject(parent),
      m_host(host),
      m_panel(panel),
      m_recentMenu(recentMenu),
      m_settings(settings),
      m_dialogParent(dialogParent) {
  m_recent = m_settings.value(QStringLiteral("model/recent")).toStringList();
  rebuildRecentMenu();
  m_reload.setSingleShot(true);
  m_reload.setInterval(300);
  connect(&m_reload, &QTimer::timeout, this, [this] {
    if (m_info) load(QString::fromStdString(m_info->path));
  });
  connect(m_host, &EngineHost::modelLoaded, this, &ModelController::onLoaded);
  connect(m_host, &EngineHost::modelLoadFailed, this, &ModelController::onFailed);
  connect(m_panel, &ModelPanel::openRequested, this, &ModelController::openWithDialog);
  connect(m_panel, &ModelPanel::loadOptionsChanged, this, [this] { m_reload.start(); });
  connect(m_panel, &ModelPanel::thresholdChanged, this, &ModelController::thresholdChanged);
}

float ModelController::threshold() const { return m_panel->threshold(); }

void ModelController::setThreshold(float threshold) { m_panel->setThreshold(threshold); }

void ModelController::openThen(const QString& path, QObject* context, std::function<void()> then) {
  auto loaded = std::make_shared<QMetaObject::Connection>();
  auto failed = std::make_shared<QMetaObject::Connection>();
  *loaded = connect(this, &ModelController::modelChanged, context, [=] {
    disconnect(*loaded);
    disconnect(*failed);
    then();
  });
  *failed = connect(this, &ModelController::loadFailed, this, [=] {
    disconnect(*loaded);
    disconnect(*failed);
  });
  open(path);
}

void ModelController::open(const QString& path, int snnSteps) {
  m_panel->forgetSnnSteps();
  if (snnSteps > 0) m_panel->chooseSnnSteps(snnSteps);
  load(path);
}

void ModelController::load(const QString& path) {
  m_panel->setLoading(path);
  m_pending = m_host->loadModel(QFileInfo(path).absoluteFilePath(), m_panel->loadOptions());
}

void ModelController::openWithDialog() {
  const QString dir =
      m_settings.value(QStringLiteral("model/lastDir"), QDir::homePath()).toString();
  const QString path =
      QFileDialog::getOpenFileName(m_dialogParent, tr("Open checkpoint"), dir,
                                   tr("PyTorch checkpoints (*.pt *.pth *.ckpt);;All files (*)"));
  if (path.isEmpty()) return;
  m_settings.setValue(QStringLiteral("model/lastDir"), QFileInfo(path).absolutePath());
  open(path);
}

void ModelController::onLoaded(quint64 id, const sdm::ModelInfo& info) {
  if (id == m_pending) m_pending = 0;
  m_info = info;
  m_panel->setInfo(info);
  addRecent(QString::fromStdString(info.path));
  Q_EMIT modelChanged(info);
}

void ModelController::onFailed(quint64 id, const QString& path, const QString& message) {
  if (id == m_pending) m_pending = 0;
  m_lastError = message;
  if (m_info)
    m_panel->setInfo(*m_info);  // the weights / T shown are those of the model still loaded
  m_panel->setIdle();
  QString text = tr("Could not open %1:\n\n%2").arg(QFileInfo(path).fileName(), message);
  text += m_info ? tr("\n\nThe previous model (%1) stays loaded.")
                       .arg(QFileInfo(QString::fromStdString(m_info->path)).fileName())
                 : tr("\n\nNo model is loaded.");
  if (m_errorBox) m_errorBox->close();
  auto* box = new QMessageBox(QMessageBox::Critical, tr("Could not open checkpoint"), text,
                              QMessageBox::Ok, m_dialogParent);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName(QStringLiteral("checkpointErrorDialog"));
  box->open();  // window-modal, without a nested event loop
  m_errorBox = box;
  Q_EMIT loadFailed(path, message);
}

void ModelController::addRecent(const QString& path) {
  m_recent.removeAll(path);
  m_recent.prepend(path);
  while (m_recent.size() > kMaxRecent) m_recent.removeLast();
  m_settings.setValue(QStringLiteral("model/recent"), m_recent);
  rebuildRecentMenu();
}

void ModelController::rebuildRecentMenu() {
  m_recentMenu->clear();
  for (const QString& path : std::as_const(m_recent)) {
    QAction* a =
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { open(path); });
    a->setToolTip(path);
    a->setStatusTip(path);
  }
  if (m_recent.isEmpty()) m_recentMenu->addAction(tr("(no recent checkpoints)"))->setEnabled(false);
  m_recentMenu->addSeparator();
  m_recentMenu->addAction(tr("Clear the list"), this, [this] {
    m_recent.clear();
    m_settings.setValue(QStringLiteral("model/recent"), m_recent);
    rebuildRecentMenu();
  });
}

bool ModelController::canOpen(const QMimeData* mime) { return !pathFrom(mime).isEmpty(); }

QString ModelController::pathFrom(const QMimeData* mime) {
  if (!mime || !mime->hasUrls()) return {};
  for (const QUrl& url : mime->urls())
    if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile()) return url.toLocalFile();
  return {};
}

QMessageBox* ModelController::errorDialog() const { return m_errorBox.data(); }

}  // namespace sdm::studio
