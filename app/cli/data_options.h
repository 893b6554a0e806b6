#pragma once
// --dataset / --data-dir, shared by the subcommands that read images (train-classifier, gamma,
// eval, export-weights --recalibrate-bn).
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "train/dataset.h"

namespace sdm::cli {

struct DataCli {
  std::string dataset = "fashion-mnist", dataDir;
  void add(CLI::App* sub, const char* what) {
    sub->add_option("--dataset", dataset,
                    std::string(what) + ": fashion-mnist, mnist, idx, cifar10 or folder");
    sub->add_option("--data-dir", dataDir,
                    "data folder (default for fashion-mnist: Debian's package)");
  }
  train::DatasetSpec spec(const std::string& split, int channels, int64_t limit = 0) const {
    train::DatasetSpec s;
    s.kind = train::parseDatasetKind(dataset);
    s.path = dataDir;
    s.split = split;
    s.channels = channels;
    s.limit = limit;
    return s;
  }
};

}  // namespace sdm::cli
