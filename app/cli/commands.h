#pragma once
// sdm-cli subcommands (DESIGN.md: the stable command-line contract). Each registers itself on
// the app; its callback throws sdm::Error with one line on failure.
#include <CLI/CLI.hpp>

#include <string>

#include "io/checkpoint.h"
#include "model/quant_model.h"

namespace sdm::cli {

struct Common {
  int threads = 0;  // 0: number of cores
  std::string logLevel = "warn";
};

// --threads and --log-level on every subcommand; applied before the command runs.
void addCommonOptions(CLI::App* sub, Common& common);
void applyCommon(const Common& common);

void registerInfo(CLI::App& app);
// ANN2SNN checkpoints in `info` (defined with `convert`).
nlohmann::json describeQuant(io::Checkpoint ck, const QuantLoadOptions& opt);
void printQuant(const nlohmann::json& j);
void registerEps(CLI::App& app);
void registerInheritTsm(CLI::App& app);
void registerInit(CLI::App& app);
void registerExportWeights(CLI::App& app);
void registerSample(CLI::App& app);
void registerBench(CLI::App& app);
void registerTrain(CLI::App& app);
void registerTrainAnn(CLI::App& app);
void registerFinetuneTsm(CLI::App& app);
void registerFinetuneSnn(CLI::App& app);
void registerTrainClassifier(CLI::App& app);
void registerGamma(CLI::App& app);
void registerEval(CLI::App& app);
void registerConvert(CLI::App& app);
void registerStudy(CLI::App& app);

}  // namespace sdm::cli
