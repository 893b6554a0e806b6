// The dataset readers: IDX (gzip or raw, through zlib), CIFAR-10 binary batches, image folders
// (OpenCV). Each one produces uint8 images that are then brought to the model's size and
// channel count the way the reference's torchvision transforms do.
#include <ATen/ATen.h>
#include <zlib.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <set>

#include "train/dataset.h"
#include "train/pil_resize.h"
#include "util/error.h"
#include "util/log.h"
#include "util/memory_budget.h"

namespace sdm::train {
namespace {

namespace fs = std::filesystem;

struct RawImages {
  int64_t count = 0;
  int channels = 1, height = 0, width = 0;
  std::vector<uint8_t> pixels;  // count * channels * height * width, CHW per image
  std::string source;
};

uint32_t bigEndian32(const unsigned char* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

// Reads up to `bytes` from a gzip or plain file (gzread reads both) into `out`, growing it as
// data arrives: a header that announces more than the file holds costs no allocation.
std::size_t readGrowing(gzFile f, std::size_t bytes, std::vector<uint8_t>& out) {
  constexpr std::size_t kChunk = std::size_t(64) << 20;
  out.clear();
  while (out.size() < bytes) {
    const std::size_t want = std::min(kChunk, bytes - out.size());
    const std::size_t at = out.size();
    out.resize(at + want);
    const int got = gzread(f, out.data() + at, static_cast<unsigned>(want));
    out.resize(at + static_cast<std::size_t>(std::max(got, 0)));
    if (got <= 0) break;
  }
  return out.size();
}

struct GzFile {
  gzFile f;
  explicit GzFile(const std::string& path) : f(gzopen(path.c_str(), "rb")) {
    if (!f) throw Error("cannot open " + path);
    gzbuffer(f, 1 << 20);
  }
  ~GzFile() { gzclose(f); }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;
};

// IDX images; only the first `maxImages` are read when > 0. The header's claim is checked
// against the machine's memory before reading and against the data actually present after.
RawImages readIdxImages(const std::string& path, int64_t maxImages) {
  GzFile file(path);
  unsigned char header[16];
  if (gzread(file.f, header, 16) != 16) throw Error(path + " is too short for an IDX image file");
  const uint32_t magic = bigEndian32(header);
  if (magic != 0x00000803)
    throw Error(path + " is not an IDX file of uint8 images (magic " + std::to_string(magic) +
                ", expected 2051)");
  RawImages r;
  r.source = path;
  r.count = bigEndian32(header + 4);
  r.height = static_cast<int>(bigEndian32(header + 8));
  r.width = static_cast<int>(bigEndian32(header + 12));
  if (r.count == 0 || r.height <= 0 || r.width <= 0 || r.height > 4096 || r.width > 4096)
    throw Error(path + " has implausible IDX dimensions");
  const int64_t wanted = maxImages > 0 ? std::min(maxImages, r.count) : r.count;
  const uint64_t imageBytes = uint64_t(r.height) * uint64_t(r.width);
  requireFitsInMemory(uint64_t(wanted) * imageBytes, path + " (" + std::to_string(wanted) +
                                                         " images of " + std::to_string(r.height) +
                                                         "x" + std::to_string(r.width) + ")");
  const std::size_t got = readGrowing(file.f, wanted * imageBytes, r.pixels);
  if (got < wanted * imageBytes)
    throw Error(path + " is truncated: its header announces " + std::to_string(r.count) +
                " images of " + std::to_string(r.height) + "x" + std::to_string(r.width) +
                ", the file holds " + std::to_string(got / imageBytes));
  r.count = wanted;
  return r;
}

std::string findIdxFile(const DatasetSpec& spec) {
  std::string dir = spec.path;
  if (dir.empty()) {
    if (spec.kind == DatasetKind::FashionMnist)
      dir = kDebianFashionMnistDir;
    else
      throw Error(std::string(toString(spec.kind)) + " needs a data path (--data-dir)");
  }
  std::error_code ec;
  if (fs::is_regular_file(dir, ec)) return dir;
  if (!fs::is_directory(dir, ec))
    throw Error("no such dataset folder: " + dir +
                (spec.kind == DatasetKind::FashionMnist && spec.path.empty()
                     ? " (install Debian's dataset-fashion-mnist or pass --data-dir)"
                     : ""));
  const std::string prefix = spec.split == "test" ? "t10k" : "train";
  for (const std::string& name : {prefix + "-images-idx3-ubyte.gz", prefix + "-images-idx3-ubyte",
                                  prefix + "-images.idx3-ubyte", prefix + "-images.idx3-ubyte.gz"})
    if (fs::is_regular_file(fs::path(dir) / name, ec)) return (fs::path(dir) / name).string();
  throw Error("no " + prefix + "-images-idx3-ubyte(.gz) in " + dir);
}

RawImages readCifar10(const DatasetSpec& spec) {
  if (spec.path.empty()) throw Error("cifar10 needs a data path (--data-dir)");
  fs::path dir(spec.path);
  std::error_code ec;
  if (fs::is_directory(dir / "cifar-10-batches-bin", ec)) dir /= "cifar-10-batches-bin";
  std::vector<fs::path> files;
  if (fs::is_regular_file(dir, ec)) {
    files.push_back(dir);
  } else if (spec.split == "test") {
    files.push_back(dir / "test_batch.bin");
  } else {
    for (int i = 1; i <= 5; ++i)
      files.push_back(dir / ("data_batch_" + std::to_string(i) + ".bin"));
  }
  constexpr std::size_t kRecord = 1 + 3 * 32 * 32;
  RawImages r;
  r.channels = 3;
  r.height = r.width = 32;
  r.source = dir.string();
  uint64_t total = 0;
  for (const auto& file : files) {  // sizes first: a wrong file is refused before any reading
    const uint64_t size = fs::file_size(file, ec);
    if (ec) throw Error("missing CIFAR-10 batch " + file.string());
    if (size == 0 || size % kRecord != 0)
      throw Error(file.string() + " is not a CIFAR-10 binary batch (size " + std::to_string(size) +
                  " is not a multiple of 3073)");
    total += size;
  }
  requireFitsInMemory(total, "the CIFAR-10 batches in " + dir.string());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error("cannot read the CIFAR-10 batch " + file.string());
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.empty() || bytes.size() % kRecord != 0)
      throw Error(file.string() + " changed while it was read");
    const std::size_t n = bytes.size() / kRecord;
    for (std::size_t i = 0; i < n; ++i) {
      const char* rec = bytes.data() + i * kRecord + 1;  // skip the label byte
      r.pixels.insert(r.pixels.end(), rec, rec + kRecord - 1);
    }
    r.count += static_cast<int64_t>(n);
  }
  return r;
}

bool isImageFile(const fs::path& p) {
  static const std::set<std::string> kExt{".png", ".jpg",  ".jpeg", ".bmp", ".webp",
                                          ".tif", ".tiff", ".ppm",  ".pgm"};
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return kExt.count(e) > 0;
}

// Pillow's RGB -> L conversion (ITU-R 601-2 luma, 16-bit fixed point).
uint8_t luma(uint8_t r, uint8_t g, uint8_t b) {
  return static_cast<uint8_t>((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
}

// HWC interleaved -> the model's channel count and size, as torchvision would on a PIL image.
Plane8 conformImage(Plane8 img, const DatasetSpec& spec, int channels) {
  if (spec.kind == DatasetKind::Folder) {
    const int side = spec.crop > 0 ? spec.crop : std::min(img.width, img.height);
    if (side != img.width || side != img.height) img = centerCrop(img, side, side);
  }
  if (img.width != spec.imageSize || img.height != spec.imageSize)
    img = resizeBilinearPil(img, spec.imageSize, spec.imageSize);
  if (img.channels == channels) return img;
  Plane8 out{img.width, img.height, channels, {}};
  const std::size_t n = static_cast<std::size_t>(img.width) * img.height;
  out.pixels.resize(n * channels);
  for (std::size_t i = 0; i < n; ++i) {
    if (channels == 1) {
      const uint8_t* p = &img.pixels[i * img.channels];
      out.pixels[i] = luma(p[0], p[1], p[2]);
    } else {
      for (int c = 0; c < channels; ++c) out.pixels[i * channels + c] = img.pixels[i];
    }
  }
  return out;
}

// Appends an HWC image to an NCHW uint8 buffer.
void appendChw(const Plane8& img, std::vector<uint8_t>& dst) {
  const std::size_t n = static_cast<std::size_t>(img.width) * img.height;
  const std::size_t base = dst.size();
  dst.resize(base + n * img.channels);
  for (int c = 0; c < img.channels; ++c)
    for (std::size_t i = 0; i < n; ++i) dst[base + c * n + i] = img.pixels[i * img.channels + c];
}

Plane8 imageAt(const RawImages& r, int64_t i) {
  Plane8 img{r.width, r.height, r.channels, {}};
  const std::size_t n = static_cast<std::size_t>(r.width) * r.height;
  const uint8_t* src = r.pixels.data() + static_cast<std::size_t>(i) * n * r.channels;
  img.pixels.resize(n * r.channels);
  for (int c = 0; c < r.channels; ++c)
    for (std::size_t k = 0; k < n; ++k) img.pixels[k * r.channels + c] = src[c * n + k];
  return img;
}

at::Tensor conformAll(const RawImages& r, const DatasetSpec& spec, int channels) {
  const int64_t count = spec.limit > 0 ? std::min(spec.limit, r.count) : r.count;
  requireFitsInMemory(
      uint64_t(count) * channels * spec.imageSize * spec.imageSize,
      "the dataset at " + std::to_string(spec.imageSize) + "x" + std::to_string(spec.imageSize));
  std::vector<uint8_t> out;
  out.reserve(static_cast<std::size_t>(count) * channels * spec.imageSize * spec.imageSize);
  for (int64_t i = 0; i < count; ++i) appendChw(conformImage(imageAt(r, i), spec, channels), out);
  return at::from_blob(out.data(), {count, channels, spec.imageSize, spec.imageSize}, at::kByte)
      .clone();
}

at::Tensor readFolder(const DatasetSpec& spec, int channels, int64_t& skipped) {
  if (spec.path.empty()) throw Error("an image folder dataset needs a path (--data-dir)");
  std::error_code ec;
  if (!fs::is_directory(spec.path, ec)) throw Error("no such image folder: " + spec.path);
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(
           spec.path, fs::directory_options::follow_directory_symlink, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec) && isImageFile(it->path())) files.push_back(it->path());
  }
  if (files.empty()) throw Error("no images (png, jpg, bmp, webp, tif) in " + spec.path);
  std::sort(files.begin(), files.end());  // a fixed order: the same data order on every machine
  if (spec.limit > 0 && static_cast<int64_t>(files.size()) > spec.limit) files.resize(spec.limit);
  requireFitsInMemory(
      uint64_t(files.size()) * channels * spec.imageSize * spec.imageSize,
      "the dataset at " + std::to_string(spec.imageSize) + "x" + std::to_string(spec.imageSize));
  // Undecodable files (a cut download, a text file named .png) are skipped and counted, not
  // fatal: one broken file in thousands should not cost a long job. None decodable: refused.
  std::vector<uint8_t> out;
  std::vector<std::string> unreadable;
  for (const auto& file : files) {
    cv::Mat bgr;
    try {
      bgr = cv::imread(file.string(), cv::IMREAD_COLOR);
    } catch (const cv::Exception&) {
      bgr.release();
    }
    if (bgr.empty()) {
      unreadable.push_back(file.string());
      continue;
    }
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    Plane8 img{rgb.cols, rgb.rows, 3, {}};
    img.pixels.resize(static_cast<std::size_t>(rgb.cols) * rgb.rows * 3);
    for (int y = 0; y < rgb.rows; ++y)
      std::copy(rgb.ptr<uint8_t>(y), rgb.ptr<uint8_t>(y) + rgb.cols * 3,
                img.pixels.begin() + static_cast<std::size_t>(y) * rgb.cols * 3);
    if (spec.crop > 0 && (spec.crop > img.width || spec.crop > img.height))
      throw Error("image " + file.string() + " is smaller than the centre crop " +
                  std::to_string(spec.crop));
    appendChw(conformImage(std::move(img), spec, channels), out);
  }
  if (unreadable.size() == files.size())
    throw Error("none of the " + std::to_string(files.size()) + " image files in " + spec.path +
                " could be decoded (first: " + unreadable.front() + ")");
  if (!unreadable.empty()) {
    spdlog::warn("{} of {} image files in {} could not be decoded and were skipped (first: {})",
                 unreadable.size(), files.size(), spec.path, unreadable.front());
    skipped = static_cast<int64_t>(unreadable.size());
  }
  const auto n = static_cast<int64_t>(files.size() - unreadable.size());
  return at::from_blob(out.data(), {n, channels, spec.imageSize, spec.imageSize}, at::kByte)
      .clone();
}

}  // namespace

at::Tensor loadIdxLabels(const DatasetSpec& spec) {
  const std::string images = findIdxFile(spec);
  std::string path = images;
  const auto pos = path.rfind("images");
  if (pos == std::string::npos) throw Error("cannot find the labels beside " + images);
  path.replace(pos, 6, "labels");
  const auto idx3 = path.find("idx3");
  if (idx3 != std::string::npos) path.replace(idx3, 4, "idx1");
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw Error("no labels beside " + images + " (" + path + ")");
  GzFile file(path);
  unsigned char header[8];
  if (gzread(file.f, header, 8) != 8 || bigEndian32(header) != 0x00000801)
    throw Error(path + " is not an IDX label file");
  const int64_t n = bigEndian32(header + 4);
  const int64_t wanted = spec.limit > 0 ? std::min(spec.limit, n) : n;
  std::vector<uint8_t> labels;
  if (n == 0 || int64_t(readGrowing(file.f, std::size_t(wanted), labels)) < wanted)
    throw Error(path + " is truncated: its header announces " + std::to_string(n) +
                " labels, the file holds " + std::to_string(labels.size()));
  at::Tensor t = at::empty({wanted}, at::kLong);
  auto* out = t.data_ptr<int64_t>();
  for (int64_t i = 0; i < wanted; ++i) out[i] = labels[static_cast<std::size_t>(i)];
  return t;
}

ImageDataset loadDataset(const DatasetSpec& spec) {
  if (spec.imageSize < 1 || spec.imageSize > 4096) throw Error("invalid dataset image size");
  if (spec.channels != 0 && spec.channels != 1 && spec.channels != 3)
    throw Error("datasets have 1 or 3 channels, not " + std::to_string(spec.channels));
  if (spec.split != "train" && spec.split != "test")
    throw Error("dataset split must be train or test, not '" + spec.split + "'");
  at::Tensor images;
  std::string what;
  int64_t skipped = 0;
  switch (spec.kind) {
    case DatasetKind::FashionMnist:
    case DatasetKind::Mnist:
    case DatasetKind::Idx: {
      const RawImages raw = readIdxImages(findIdxFile(spec), spec.limit);
      images = conformAll(raw, spec, spec.channels ? spec.channels : 1);
      what = raw.source;
      break;
    }
    case DatasetKind::Cifar10: {
      const RawImages raw = readCifar10(spec);
      images = conformAll(raw, spec, spec.channels ? spec.channels : 3);
      what = raw.source;
      break;
    }
    case DatasetKind::Folder:
      images = readFolder(spec, spec.channels ? spec.channels : 3, skipped);
      what = spec.path;
      break;
  }
  std::string desc = std::string(toString(spec.kind)) + " (" + what +
                     "): " + std::to_string(images.size(0)) + " images " +
                     std::to_string(images.size(1)) + "x" + std::to_string(spec.imageSize) + "x" +
                     std::to_string(spec.imageSize);
  if (skipped > 0) desc += " (" + std::to_string(skipped) + " undecodable files skipped)";
  spdlog::info("dataset {}", desc);
  return ImageDataset(images, spec.flip, desc);
}

}  // namespace sdm::train
