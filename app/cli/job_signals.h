#pragma once
// Long jobs (train, finetune-snn): the first Ctrl-C / SIGTERM asks the job to stop after its
// current step with a valid checkpoint, a second one aborts.
#include "util/cancel.h"

namespace sdm::cli {

// The token the signal handlers cancel; hand it to the job's runtime.
CancelToken& jobStopToken();
// Installs the handlers for SIGINT and SIGTERM.
void stopJobOnSignals();

}  // namespace sdm::cli
