#pragma once
// How the Jobs view shows one kind of job: the progress line, the list's detail column, the
// result once it is done, and which parts of the view it fills. One presenter per kind
// (job_presenters/*.cpp); JobsController asks presenterFor() and never tests kinds itself.
#include <QCoreApplication>
#include <QString>

#include "job_queue.h"

namespace sdm::studio {

class JobPresenter {
  Q_DECLARE_TR_FUNCTIONS(JobPresenter)

 public:
  virtual ~JobPresenter() = default;
  // The line under the progress bar while queued, running, paused or cancelled (a failed job
  // shows its error instead).
  virtual QString status(const JobRecord& r) const = 0;
  // The job list's short detail: "loss 0.03100 at step 400", "FD = 12.3".
  virtual QString detail(const JobRecord& r) const = 0;
  // Rich text under the details once there is a result (empty: none).
  virtual QString resultHtml(const JobRecord&) const { return {}; }
  // A run folder: the Jobs view shows its loss curve and sample grids.
  virtual bool showsRunFolder() const { return false; }
  // The run writes sample grids (sample/<step>.png) to show beside its loss curve.
  virtual bool makesSampleGrids() const { return showsRunFolder(); }
  // The job's path is a folder to open (otherwise the folder that holds the file opens).
  virtual bool pathIsFolder() const { return showsRunFolder(); }
};

const JobPresenter& presenterFor(const sdm::JobSpec& spec);

// Presenter helpers.
QString clockText(double seconds);  // "1:02:03", "4:05"; "?" when negative
// " · ETA 4:05" while the job runs, empty otherwise.
QString etaSuffix(const JobRecord& r);

}  // namespace sdm::studio
