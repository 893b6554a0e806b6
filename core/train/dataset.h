#pragma once
// Training images held in memory as uint8 [N, C, S, S] (RGB or gray, already cropped / resized
// to the model's size once at load time), mapped to [-1, 1] per batch with an optional random
// horizontal flip. Sources: IDX files (MNIST / Fashion-MNIST, .gz or raw), CIFAR-10 binary
// batches, or a folder of images (OpenCV decoding, BGR -> RGB at that boundary).
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

#include "train/dataset_spec.h"

namespace sdm::train {

class ImageDataset {
 public:
  ImageDataset(at::Tensor images, bool flip, std::string description);

  int64_t size() const { return m_images.size(0); }
  int channels() const { return static_cast<int>(m_images.size(1)); }
  int imageSize() const { return static_cast<int>(m_images.size(2)); }
  const at::Tensor& images() const { return m_images; }  // uint8 [N, C, S, S]
  const std::string& description() const { return m_description; }

  // Images `indices` (int64) in [-1, 1] as the reference's ToTensor then 2x - 1; sample i is
  // mirrored when flipMask[i] is true (flipMask ignored when flipping is off).
  at::Tensor batch(const at::Tensor& indices, const at::Tensor& flipMask) const;
  bool flips() const { return m_flip; }

 private:
  at::Tensor m_images;
  bool m_flip;
  std::string m_description;
};

// Throws sdm::Error with one line naming the missing or malformed file.
ImageDataset loadDataset(const DatasetSpec& spec);
// The class labels beside an IDX image file (MNIST / Fashion-MNIST), int64 [N].
at::Tensor loadIdxLabels(const DatasetSpec& spec);

// The permutation of epoch `epoch` (drop-last batches are taken from it in order).
at::Tensor epochOrder(int64_t datasetSize, uint64_t seed, int64_t epoch);

}  // namespace sdm::train
