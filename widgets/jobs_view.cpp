#include "jobs_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

#include "job_list_model.h"

namespace sdm::widgets {

JobsView::JobsView(JobListModel* model, QWidget* parent)
    : QWidget(parent), m_list(new QTreeView(this)) {
  m_list->setModel(model);
  m_list->setRootIsDecorated(false);
  m_list->setUniformRowHeights(true);
  m_list->setAlternatingRowColors(true);
  m_list->header()->setSectionResizeMode(JobListModel::Title, QHeaderView::Stretch);
  m_list->header()->setStretchLastSection(false);
  auto* note = new QLabel(
      tr("Sampling and comparison runs of this session. Training, fine-tuning, conversion "
         "and evaluation jobs will be queued here too."),
      this);
  note->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(note);
  layout->addWidget(m_list, 1);
}

}  // namespace sdm::widgets
