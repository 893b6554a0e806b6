// sdm-cli: the headless face of Spiking Diffusion Studio. Every subcommand has --help, exits 0
// on success and non-zero with one clear line on stderr on failure.
#include <iostream>

#include "commands.h"
#include "util/error.h"
#include "util/log.h"
#include "util/process_env.h"
#include "util/threads.h"

namespace sdm::cli {

void addCommonOptions(CLI::App* sub, Common& common) {
  sub->add_option("--threads", common.threads, "LibTorch intra-op threads (0 = number of cores)")
      ->check(CLI::Range(0, 1024));
  sub->add_option("--log-level", common.logLevel, "trace, debug, info, warn, error or off");
}

void applyCommon(const Common& common) {
  initLogging(common.logLevel);
  setComputeThreads(common.threads);
}

}  // namespace sdm::cli

int main(int argc, char** argv) {
  sdm::ensurePassiveOpenMp(argc, argv);
  sdm::keepFreedMemoryInProcess();
  CLI::App app{"sdm-cli: spiking diffusion models (SDDPM / SDM) from the command line"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("sdm-cli ") + SDM_VERSION);
  sdm::cli::registerInfo(app);
  sdm::cli::registerEps(app);
  sdm::cli::registerInheritTsm(app);
  sdm::cli::registerInit(app);
  sdm::cli::registerExportWeights(app);
  sdm::cli::registerSample(app);
  sdm::cli::registerBench(app);
  sdm::cli::registerTrainClassifier(app);
  sdm::cli::registerGamma(app);
  sdm::cli::registerEval(app);
  sdm::cli::registerConvert(app);
  sdm::cli::registerStudy(app);
  sdm::cli::registerTrain(app);
  sdm::cli::registerTrainAnn(app);
  sdm::cli::registerFinetuneTsm(app);
  sdm::cli::registerFinetuneSnn(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const sdm::Cancelled&) {
    std::cerr << "sdm-cli: cancelled\n";
    return 130;
  } catch (const std::exception& e) {
    std::string cmd =
        app.get_subcommands().empty() ? "" : app.get_subcommands().front()->get_name() + ": ";
    std::cerr << "sdm-cli " << cmd << "error: " << sdm::oneLine(e) << "\n";
    return 1;
  }
  return 0;
}
