#include "jobs_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QImageReader>
#include <QLabel>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

#include "job_list_model.h"
#include "loss_plot.h"

namespace sdm::widgets {

JobsView::JobsView(JobListModel* model, QWidget* parent)
    : QWidget(parent),
      m_model(model),
      m_list(new QTreeView(this)),
      m_title(new QLabel(this)),
      m_progress(new QProgressBar(this)),
      m_status(new QLabel(this)),
      m_loss(new LossPlot(this)),
      m_sample(new QLabel(this)),
      m_timeline(new QSlider(Qt::Horizontal, this)),
      m_sampleStep(new QLabel(this)),
      m_result(new QLabel(this)),
      m_trainingBox(new QWidget(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_resume(new QPushButton(tr("Resume"), this)),
      m_openFolder(new QPushButton(tr("Open run folder"), this)),
      m_remove(new QPushButton(tr("Remove from list"), this)),
      m_evaluate(new QPushButton(tr("Evaluate model…"), this)),
      m_makeGamma(new QPushButton(tr("Make Gamma file…"), this)) {
  m_list->setModel(model);
  m_list->setRootIsDecorated(false);
  m_list->setUniformRowHeights(true);
  m_list->setAlternatingRowColors(true);
  m_list->setSelectionMode(QAbstractItemView::SingleSelection);
  m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_list->header()->setSectionResizeMode(JobListModel::Title, QHeaderView::Stretch);
  for (int column :
       {JobListModel::Kind, JobListModel::State, JobListModel::Progress, JobListModel::Started})
    m_list->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
  m_list->header()->setStretchLastSection(false);

  auto* newTraining = new QPushButton(tr("New training…"), this);
  auto* newFinetune = new QPushButton(tr("New TSM finetune…"), this);
  newFinetune->setToolTip(tr("Finetune the loaded Spk_UNet as Spk_UNet_TSM"));
  m_evaluate->setToolTip(
      tr("Offline scores (FD, KID, IS analogue) of the loaded model with the Generate panel's "
         "solver, steps and seed"));
  connect(newTraining, &QPushButton::clicked, this, &JobsView::newTrainingRequested);
  connect(newFinetune, &QPushButton::clicked, this, &JobsView::newFinetuneRequested);
  m_makeGamma->setToolTip(
      tr("Estimate Analytic-DPM's Gamma file for the loaded model and the Generate panel's steps"));
  connect(m_evaluate, &QPushButton::clicked, this, &JobsView::evaluateRequested);
  connect(m_makeGamma, &QPushButton::clicked, this, &JobsView::makeGammaRequested);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(newTraining);
  buttons->addWidget(newFinetune);
  buttons->addWidget(m_evaluate);
  buttons->addWidget(m_makeGamma);
  buttons->addStretch(1);

  auto* left = new QWidget(this);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addLayout(buttons);
  leftLayout->addWidget(m_list, 1);

  m_title->setWordWrap(true);
  m_status->setWordWrap(true);
  m_result->setWordWrap(true);
  m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_progress->setRange(0, 1000);
  m_progress->setTextVisible(true);
  m_sample->setAlignment(Qt::AlignCenter);
  m_sample->setMinimumSize(120, 120);
  m_sample->setText(tr("No sample grid yet"));
  m_timeline->setEnabled(false);
  m_timeline->setToolTip(tr("Sample grids of the run, by training step"));
  connect(m_timeline, &QSlider::valueChanged, this, &JobsView::showSample);
  connect(m_cancel, &QPushButton::clicked, this, [this] { Q_EMIT cancelRequested(m_current); });
  connect(m_resume, &QPushButton::clicked, this, [this] { Q_EMIT resumeRequested(m_current); });
  connect(m_openFolder, &QPushButton::clicked, this,
          [this] { Q_EMIT openFolderRequested(m_current); });
  m_remove->setToolTip(tr("Forget this job; its run folder, checkpoints and results stay on disk"));
  connect(m_remove, &QPushButton::clicked, this, [this] { Q_EMIT removeRequested(m_current); });

  m_sampleBox = new QWidget(this);
  auto* sampleLayout = new QVBoxLayout(m_sampleBox);
  sampleLayout->setContentsMargins(0, 0, 0, 0);
  sampleLayout->addWidget(m_sample, 1);
  auto* timelineRow = new QHBoxLayout;
  timelineRow->addWidget(m_timeline, 1);
  timelineRow->addWidget(m_sampleStep);
  sampleLayout->addLayout(timelineRow);
  auto* trainingLayout = new QHBoxLayout(m_trainingBox);
  trainingLayout->setContentsMargins(0, 0, 0, 0);
  trainingLayout->addWidget(m_loss, 3);
  trainingLayout->addWidget(m_sampleBox, 2);

  auto* actions = new QHBoxLayout;
  actions->addWidget(m_cancel);
  actions->addWidget(m_resume);
  actions->addWidget(m_openFolder);
  actions->addStretch(1);
  actions->addWidget(m_remove);
  auto* right = new QWidget(this);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  rightLayout->addWidget(m_title);
  rightLayout->addWidget(m_progress);
  rightLayout->addWidget(m_status);
  rightLayout->addWidget(m_trainingBox, 100);
  rightLayout->addWidget(m_result);
  rightLayout->addStretch(1);  // keeps the text at the top when there is no curve
  rightLayout->addLayout(actions);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(split);

  connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            const quint64 id =
                current.isValid()
                    ? m_model->index(current.row(), 0).data(Qt::UserRole).toULongLong()
                    : 0;
            if (id == m_current) return;
            m_current = id;
            Q_EMIT currentJobChanged(id);
          });
  setTitle({});
  setProgress(-1, {});
  setActions(false, false, false, false);
  setResultText({});
  setTrainingDetailsVisible(false);
}

void JobsView::selectJob(quint64 id) {
  for (int row = 0; row < m_model->rowCount(); ++row) {
    const QModelIndex index = m_model->index(row, 0);
    if (index.data(Qt::UserRole).toULongLong() != id) continue;
    if (m_list->selectionModel()->currentIndex() == index) {
      Q_EMIT currentJobChanged(id);  // selected again: show it afresh (its files may have changed)
      return;
    }
    m_list->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return;
  }
}

void JobsView::setTitle(const QString& title) {
  m_title->setText(title.isEmpty() ? tr("Select a job to see its progress.") : title);
}

void JobsView::setProgress(double fraction, const QString& status) {
  m_progress->setVisible(fraction >= 0);
  if (fraction >= 0) m_progress->setValue(qRound(std::clamp(fraction, 0.0, 1.0) * 1000));
  m_status->setText(status);
  m_status->setVisible(!status.isEmpty());
}

void JobsView::setModelActionsEnabled(bool enabled) {
  m_evaluate->setEnabled(enabled);
  m_makeGamma->setEnabled(enabled);
}

void JobsView::setActions(bool canCancel, bool canResume, bool hasFolder, bool canRemove) {
  m_cancel->setEnabled(canCancel);
  m_resume->setEnabled(canResume);
  m_openFolder->setEnabled(hasFolder);
  m_remove->setEnabled(canRemove);
}

void JobsView::setSampleGrids(const QVector<QPair<qint64, QString>>& grids) {
  const bool followLatest = m_grids.isEmpty() || m_timeline->value() == m_timeline->maximum();
  const bool changed = grids != m_grids;
  m_grids = grids;
  QSignalBlocker block(m_timeline);
  m_timeline->setRange(0, std::max(0, static_cast<int>(grids.size()) - 1));
  m_timeline->setEnabled(grids.size() > 1);
  if (followLatest) m_timeline->setValue(m_timeline->maximum());
  if (changed || followLatest) showSample(m_timeline->value());
}

qint64 JobsView::shownSampleStep() const {
  const int i = m_timeline->value();
  return i >= 0 && i < m_grids.size() && !m_sample->pixmap().isNull() ? m_grids[i].first : -1;
}

void JobsView::showSample(int index) {
  if (index < 0 || index >= m_grids.size()) {
    m_sample->setPixmap({});
    m_sample->setText(tr("No sample grid yet"));
    m_sampleStep->clear();
    return;
  }
  QImageReader reader(m_grids[index].second);
  const QImage image = reader.read();
  if (image.isNull()) {
    m_sample->setPixmap({});
    m_sample->setText(tr("Cannot read %1").arg(m_grids[index].second));
  } else {
    // Nearest-neighbour upscaling keeps the small samples crisp.
    const int side = std::max(120, std::min(m_sample->width(), m_sample->height()));
    const int scale = std::max(1, side / std::max(1, std::max(image.width(), image.height())));
    m_sample->setPixmap(QPixmap::fromImage(
        image.scaled(image.size() * scale, Qt::KeepAspectRatio, Qt::FastTransformation)));
  }
  m_sampleStep->setText(tr("step %1").arg(m_grids[index].first));
}

void JobsView::setResultText(const QString& html) {
  m_result->setText(html);
  m_result->setVisible(!html.isEmpty());
}

void JobsView::setTrainingDetailsVisible(bool visible) { m_trainingBox->setVisible(visible); }

void JobsView::setSampleGridsVisible(bool visible) { m_sampleBox->setVisible(visible); }

}  // namespace sdm::widgets
