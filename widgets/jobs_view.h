#pragma once
// The Jobs dock: the job list, with a note on what will appear here.
#include <QWidget>

class QTreeView;

namespace sdm::widgets {

class JobListModel;

class JobsView : public QWidget {
  Q_OBJECT
 public:
  explicit JobsView(JobListModel* model, QWidget* parent = nullptr);
  QTreeView* list() const { return m_list; }

 private:
  QTreeView* m_list;
};

}  // namespace sdm::widgets
