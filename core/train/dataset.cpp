#include "train/dataset.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "train/rng_streams.h"
#include "util/error.h"

namespace sdm::train {

const char* toString(DatasetKind k) {
  switch (k) {
    case DatasetKind::FashionMnist:
      return "fashion-mnist";
    case DatasetKind::Mnist:
      return "mnist";
    case DatasetKind::Idx:
      return "idx";
    case DatasetKind::Cifar10:
      return "cifar10";
    case DatasetKind::Folder:
      return "folder";
  }
  return "?";
}

DatasetKind parseDatasetKind(const std::string& s) {
  for (auto k : {DatasetKind::FashionMnist, DatasetKind::Mnist, DatasetKind::Idx,
                 DatasetKind::Cifar10, DatasetKind::Folder})
    if (s == toString(k)) return k;
  if (s == "fashion_mnist" || s == "fashionmnist") return DatasetKind::FashionMnist;
  if (s == "cifar-10" || s == "cifar_10") return DatasetKind::Cifar10;
  throw Error("unknown dataset '" + s + "' (use fashion-mnist, mnist, idx, cifar10 or folder)");
}

int imageChannelsOf(DatasetKind k) {
  return k == DatasetKind::Cifar10 || k == DatasetKind::Folder ? 3 : 1;
}

DatasetKind defaultDatasetFor(int imageChannels) {
  return imageChannels == 3 ? DatasetKind::Cifar10 : DatasetKind::FashionMnist;
}

void to_json(nlohmann::json& j, const DatasetSpec& s) {
  j = {
      {"kind", toString(s.kind)}, {"path", s.path}, {"split", s.split}, {"image_size", s.imageSize},
      {"channels", s.channels},   {"crop", s.crop}, {"flip", s.flip},   {"limit", s.limit}};
}

void from_json(const nlohmann::json& j, DatasetSpec& s) {
  s.kind = parseDatasetKind(j.value("kind", std::string(toString(s.kind))));
  s.path = j.value("path", s.path);
  s.split = j.value("split", s.split);
  s.imageSize = j.value("image_size", s.imageSize);
  s.channels = j.value("channels", s.channels);
  s.crop = j.value("crop", s.crop);
  s.flip = j.value("flip", s.flip);
  s.limit = j.value("limit", s.limit);
}

ImageDataset::ImageDataset(at::Tensor images, bool flip, std::string description)
    : m_images(std::move(images)), m_flip(flip), m_description(std::move(description)) {
  if (m_images.dim() != 4 || m_images.scalar_type() != at::kByte)
    throw Error("internal: dataset images must be uint8 [N, C, S, S]");
  if (m_images.size(0) == 0) throw Error("the dataset has no images");
}

at::Tensor ImageDataset::batch(const at::Tensor& indices, const at::Tensor& flipMask) const {
  // ToTensor (x / 255 in float32), then 2x - 1, as the reference's transforms.
  at::Tensor x =
      m_images.index_select(0, indices).to(at::kFloat).div_(255.0f).mul_(2.0f).sub_(1.0f);
  if (m_flip && flipMask.defined()) {
    at::Tensor mask = flipMask.to(at::kBool).view({-1, 1, 1, 1});
    x = at::where(mask, x.flip({3}), x);
  }
  return x;
}

at::Tensor epochOrder(int64_t datasetSize, uint64_t seed, int64_t epoch) {
  at::Generator gen = streamGenerator(seed, RngStream::EpochOrder, static_cast<uint64_t>(epoch));
  return at::randperm(datasetSize, gen, at::TensorOptions().dtype(at::kLong));
}

}  // namespace sdm::train
