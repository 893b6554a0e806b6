#pragma once
// The Jobs view as the main window assembles it (queue, activity list, view, controller), for the
// job suites (test_jobs.cpp, test_model_jobs.cpp).
#include <QString>

#include "job_list_model.h"
#include "job_queue.h"
#include "jobs_controller.h"
#include "jobs_view.h"

namespace sdmtest {

// The queue, the job list, the Jobs view and its controller, as the main window assembles them.
struct JobsUi {
  explicit JobsUi(const QString& store)
      : queue(store), view(&list), controller(&queue, &view, &list, nullptr, nullptr, &view) {
    view.resize(1100, 420);
    view.show();
  }
  sdm::studio::JobQueue queue;
  sdm::widgets::JobListModel list;
  sdm::widgets::JobsView view;
  sdm::studio::JobsController controller;
};

// The state shown in the activity list for the queue job `id`.
inline QString stateText(const sdm::widgets::JobListModel& list,
                         const sdm::studio::JobsController& jobs, quint64 id) {
  const sdm::widgets::JobEntry* e = list.job(jobs.entryOf(id));
  return e ? sdm::widgets::JobListModel::stateText(e->state) : QString();
}

}  // namespace sdmtest
