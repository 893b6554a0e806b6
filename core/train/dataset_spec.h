#pragma once
// Which images a run trains on: the dataset kind, its file or folder, and how it is fed. Torch-free
// (job specs and the studio's dialogs hold it); the loader is train/dataset.h.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace sdm::train {

enum class DatasetKind { FashionMnist, Mnist, Idx, Cifar10, Folder };
const char* toString(DatasetKind k);
DatasetKind parseDatasetKind(const std::string& s);  // "fashion-mnist", "mnist", "idx", ...

inline constexpr const char* kDebianFashionMnistDir = "/usr/share/datasets/fashion-mnist";

struct DatasetSpec {
  DatasetKind kind = DatasetKind::FashionMnist;
  std::string path;             // folder or file; empty: the Debian Fashion-MNIST folder
  std::string split = "train";  // IDX / CIFAR-10: "train" or "test"
  int imageSize = 32;           // square side the model sees
  int channels = 0;             // 0: the source's own (1 for IDX, 3 for CIFAR-10 / folders)
  int crop = 0;                 // folders: centre crop side before resizing (0: largest square)
  bool flip = false;            // random horizontal flip per sample
  int64_t limit = 0;            // use only the first N images (0: all)
};

void to_json(nlohmann::json& j, const DatasetSpec& s);
void from_json(const nlohmann::json& j, DatasetSpec& s);

// Image channels the dataset gives: 3 for CIFAR-10 and image folders, 1 for IDX files.
int imageChannelsOf(DatasetKind k);
// The bundled dataset for images of that many channels (cifar10 for 3, fashion-mnist otherwise).
DatasetKind defaultDatasetFor(int imageChannels);

}  // namespace sdm::train
