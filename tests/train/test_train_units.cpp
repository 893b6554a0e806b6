// The pieces of core/train that need no training run: datasets (IDX, CIFAR-10, folders, the
// torchvision-exact resize), Adam against LibTorch's own, clipping, warmup, the run folder,
// synchronised BatchNorm.
#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <torch/optim/adam.h>
#include <unistd.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include <QtTest>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "diffusion/schedule.h"
#include "io/checkpoint.h"
#include "io/png.h"
#include "io/torch_file.h"
#include "model/spk_unet.h"
#include "test_util.h"
#include "train/adam.h"
#include "train/bn_recalibration.h"
#include "train/dataset.h"
#include "train/distributed.h"
#include "train/pil_resize.h"
#include "train/rng_streams.h"
#include "train/run_folder.h"
#include "train/sync_batch_norm.h"
#include "train/train_ops.h"
#include "util/error.h"
#include "util/threads.h"

using namespace sdm;
using namespace sdm::train;

namespace {

void writeIdx(const std::string& path, int n, int h, int w, bool gz, uint32_t magic = 0x803,
              std::size_t dropBytes = 0) {
  std::string bytes;
  auto be = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) bytes.push_back(static_cast<char>((v >> s) & 0xFF));
  };
  be(magic), be(n), be(h), be(w);
  for (int i = 0; i < n * h * w; ++i) bytes.push_back(static_cast<char>((i * 7) % 256));
  bytes.resize(bytes.size() - dropBytes);
  if (gz) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
  } else {
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
  }
}

// An IDX file whose header claims `claimed` items of h x w (w = 0: a label file) while only
// `present` are in it: the hostile or cut files a reader must refuse before allocating.
void writeIdxClaiming(const std::string& path, uint32_t claimed, int h, int w, int present,
                      bool gz) {
  std::string bytes;
  auto be = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) bytes.push_back(static_cast<char>((v >> s) & 0xFF));
  };
  be(w > 0 ? 0x803 : 0x801), be(claimed);
  if (w > 0) be(h), be(w);
  bytes.append(std::size_t(present) * std::max(1, h * w), '\x07');
  if (gz) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
  } else {
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
  }
}

// Runs `f` in a child process whose address space may grow by at most `budget` bytes; true when
// it returned normally. A reader that allocates what a header claims dies with bad_alloc.
bool runsWithinAddressSpace(const std::function<void()>& f, std::size_t budget) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    long pages = 0;
    std::ifstream("/proc/self/statm") >> pages;
    const rlim_t limit = rlim_t(pages) * rlim_t(::sysconf(_SC_PAGESIZE)) + budget;
    const rlimit lim{limit, limit};
    ::setrlimit(RLIMIT_AS, &lim);
    try {
      f();
    } catch (...) {
      ::_exit(1);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

QString errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

// All-reduce between threads of one process, standing in for a process group.
class ThreadGroup {
 public:
  explicit ThreadGroup(int size) : m_size(size) {}
  void allReduce(at::Tensor& t) {
    std::unique_lock<std::mutex> lock(m_mutex);
    const int64_t round = m_round;
    m_sum = m_arrived == 0 ? t.clone() : m_sum + t;
    if (++m_arrived == m_size) {
      m_results[round] = m_sum;
      m_arrived = 0;
      ++m_round;
      m_cv.notify_all();
    } else {
      m_cv.wait(lock, [&] { return m_round > round; });
    }
    t.copy_(m_results[round]);
  }

 private:
  int m_size, m_arrived = 0;
  int64_t m_round = 0;
  at::Tensor m_sum;
  std::map<int64_t, at::Tensor> m_results;
  std::mutex m_mutex;
  std::condition_variable m_cv;
};

class ThreadComm : public Communicator {
 public:
  ThreadComm(ThreadGroup& g, int rank, int size) : m_group(g), m_rank(rank), m_size(size) {}
  int rank() const override { return m_rank; }
  int worldSize() const override { return m_size; }
  void allReduceSum(at::Tensor& t) override { m_group.allReduce(t); }
  void broadcast(std::vector<at::Tensor>&, int) override {}
  void barrier() override {}

 private:
  ThreadGroup& m_group;
  int m_rank, m_size;
};

}  // namespace

class TestTrainUnits : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  std::string tmp(const std::string& name) const { return m_dir.path().toStdString() + "/" + name; }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    setComputeThreads(1);
  }

  void pilResize() {
    // Constant images stay constant; growing 28 -> 32 keeps the border pixel (Pillow's window
    // at the edge is a single source pixel) and agrees with plain bilinear inside.
    Plane8 flat{28, 28, 1, std::vector<uint8_t>(28 * 28, 77)};
    for (uint8_t v : resizeBilinearPil(flat, 32, 32).pixels) QCOMPARE(int(v), 77);
    Plane8 ramp{28, 28, 1, {}};
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x) ramp.pixels.push_back(static_cast<uint8_t>(x * 9));
    Plane8 up = resizeBilinearPil(ramp, 32, 32);
    QCOMPARE(up.width, 32);
    QCOMPARE(int(up.pixels[0]), 0);
    QCOMPARE(int(up.pixels[31]), 27 * 9);
    // Output x=16: centre 14.4375 -> source 13.9375 between 13 and 14: 0.0625*117 + 0.9375*126
    QCOMPARE(int(up.pixels[16]), 125);
    for (int y = 1; y < 32; ++y) QCOMPARE(up.pixels[y * 32 + 16], up.pixels[16]);
    // Shrinking filters over the wider window (antialiasing): inside, a 1-pixel checkerboard
    // becomes flat grey (weights 1/8, 3/8, 3/8, 1/8 per axis).
    Plane8 checker{8, 8, 1, {}};
    for (int y = 0; y < 8; ++y)
      for (int x = 0; x < 8; ++x) checker.pixels.push_back((x + y) % 2 ? 255 : 0);
    Plane8 half = resizeBilinearPil(checker, 4, 4);
    for (int y = 1; y < 3; ++y)
      for (int x = 1; x < 3; ++x) QCOMPARE(int(half.pixels[y * 4 + x]), 128);
    // torchvision's CenterCrop rounds half to even: (5 - 2) / 2 = 1.5 -> 2.
    Plane8 row{5, 1, 1, {0, 1, 2, 3, 4}};
    QCOMPARE(int(centerCrop(row, 2, 1).pixels[0]), 2);
  }

  void idxDatasets() {
    std::filesystem::create_directories(tmp("idx"));
    writeIdx(tmp("idx/train-images-idx3-ubyte.gz"), 5, 28, 28, true);
    writeIdx(tmp("idx/t10k-images-idx3-ubyte"), 3, 28, 28, false);
    DatasetSpec spec;
    spec.kind = DatasetKind::Mnist;
    spec.path = tmp("idx");
    ImageDataset train = loadDataset(spec);
    QCOMPARE(train.size(), int64_t(5));
    QCOMPARE(train.channels(), 1);
    QCOMPARE(train.imageSize(), 32);
    spec.split = "test";
    QCOMPARE(loadDataset(spec).size(), int64_t(3));
    // [-1, 1] as ToTensor then 2x - 1; a flip mirrors the last axis.
    at::Tensor idx = at::arange(2, at::kLong);
    at::Tensor x = train.batch(idx, at::Tensor());
    QVERIFY(x.min().item<float>() >= -1.f && x.max().item<float>() <= 1.f);
    const float expect =
        static_cast<float>(train.images()[0][0][0][0].item<uint8_t>()) / 255.f * 2.f - 1.f;
    QCOMPARE(x[0][0][0][0].item<float>(), expect);
    spec.split = "train";
    spec.flip = true;
    ImageDataset flipping = loadDataset(spec);
    at::Tensor f = flipping.batch(idx, at::tensor({1, 0}, at::kLong));
    QVERIFY(at::equal(f[0], x[0].flip({2})));
    QVERIFY(at::equal(f[1], x[1]));

    writeIdx(tmp("idx/bad-magic"), 2, 28, 28, false, 0x801);
    writeIdx(tmp("idx/truncated.gz"), 4, 28, 28, true, 0x803, 100);
    spec.kind = DatasetKind::Idx;
    spec.path = tmp("idx/bad-magic");
    QVERIFY(errorOf([&] { loadDataset(spec); }).contains("not an IDX file"));
    spec.path = tmp("idx/truncated.gz");
    QVERIFY(errorOf([&] { loadDataset(spec); }).contains("truncated"));
    spec.path = tmp("nowhere");
    QVERIFY(errorOf([&] { loadDataset(spec); }).contains("no such dataset folder"));
    spec.path = tmp("");
    QVERIFY(errorOf([&] { loadDataset(spec); }).contains("no train-images-idx3-ubyte"));
  }

  // Headers that claim more than the file holds, or more than the machine has, are refused with
  // one line before the claimed memory is allocated (checked in a child process whose address
  // space may grow by only 256 MB while the claims are 1.6 GB and more).
  void hostileDatasetHeadersAreRefusedBeforeAllocating() {
    std::filesystem::create_directories(tmp("hostile"));
    DatasetSpec spec;
    spec.kind = DatasetKind::Idx;
    for (bool gz : {false, true}) {
      spec.path = tmp(gz ? "hostile/claims.gz" : "hostile/claims");
      writeIdxClaiming(spec.path, 2000000, 28, 28, 3, gz);  // 1.57 GB claimed, 3 images present
      const QString e = errorOf([&] { loadDataset(spec); });
      QVERIFY2(e.contains("is truncated") && e.contains("2000000 images of 28x28") &&
                   e.contains("holds 3"),
               qPrintable(e));
#if !defined(__SANITIZE_ADDRESS__)  // ASan reserves terabytes of address space up front
      QVERIFY(runsWithinAddressSpace([&] { errorOf([&] { loadDataset(spec); }); }, 256 << 20));
#endif
      spec.limit = 2;  // the first two are there: only they are read
      QCOMPARE(loadDataset(spec).size(), int64_t(2));
      spec.limit = 0;
    }
    spec.path = tmp("hostile/huge");
    writeIdxClaiming(spec.path, 0xFFFFFFFFu, 4096, 4096, 1, false);  // 72 PB
    QString e = errorOf([&] { loadDataset(spec); });
    QVERIFY2(e.contains("more than this machine's"), qPrintable(e));

    std::filesystem::create_directories(tmp("hostile/labels"));
    writeIdx(tmp("hostile/labels/train-images-idx3-ubyte"), 3, 28, 28, false);
    writeIdxClaiming(tmp("hostile/labels/train-labels-idx1-ubyte"), 0xFFFFFFF0u, 0, 0, 10, false);
    spec.path = tmp("hostile/labels");
    e = errorOf([&] { loadIdxLabels(spec); });
    QVERIFY2(e.contains("truncated") && e.contains("holds 10"), qPrintable(e));
#if !defined(__SANITIZE_ADDRESS__)
    QVERIFY(runsWithinAddressSpace([&] { errorOf([&] { loadIdxLabels(spec); }); }, 256 << 20));
#endif

    // A CIFAR-10 "batch" of 206 GB (sparse: it takes no disk): refused from its size alone.
    std::filesystem::create_directories(tmp("hostile/cifar"));
    spec = DatasetSpec{};
    spec.kind = DatasetKind::Cifar10;
    spec.path = tmp("hostile/cifar/data_batch_1.bin");
    std::ofstream(spec.path).close();
    std::filesystem::resize_file(spec.path, uint64_t(3073) << 26);
    e = errorOf([&] { loadDataset(spec); });
    QVERIFY2(e.contains("more than this machine's"), qPrintable(e));
    std::filesystem::resize_file(spec.path, 3073 * 3 + 5);  // not whole records
    e = errorOf([&] { loadDataset(spec); });
    QVERIFY2(e.contains("not a multiple of 3073"), qPrintable(e));
  }

  void cifarAndFolder() {
    std::filesystem::create_directories(tmp("cifar"));
    for (int b = 1; b <= 5; ++b) {
      std::ofstream out(tmp("cifar/data_batch_" + std::to_string(b) + ".bin"), std::ios::binary);
      for (int i = 0; i < 2; ++i) {
        out.put(char(3));  // label
        for (int c = 0; c < 3; ++c)
          for (int p = 0; p < 1024; ++p) out.put(static_cast<char>(c * 100 + b));
      }
    }
    DatasetSpec spec;
    spec.kind = DatasetKind::Cifar10;
    spec.path = tmp("cifar");
    ImageDataset cifar = loadDataset(spec);
    QCOMPARE(cifar.size(), int64_t(10));
    QCOMPARE(cifar.channels(), 3);
    QCOMPARE(int(cifar.images()[2][1][5][5].item<uint8_t>()), 102);  // batch 2, green plane
    std::ofstream(tmp("cifar/data_batch_3.bin"), std::ios::binary) << "short";
    QVERIFY(errorOf([&] { loadDataset(spec); }).contains("not a CIFAR-10 binary batch"));

    // A folder of RGB PNGs: decoded by OpenCV as BGR, handed on as RGB, centre-cropped square.
    std::filesystem::create_directories(tmp("images/sub"));
    io::Image8 img{48, 32, 3, {}};
    for (int i = 0; i < 48 * 32; ++i) img.pixels.insert(img.pixels.end(), {200, 20, 5});
    io::writePng(tmp("images/a.png"), img);
    io::writePng(tmp("images/sub/b.png"), img);
    std::ofstream(tmp("images/notes.txt")) << "not an image";
    spec = DatasetSpec{};
    spec.kind = DatasetKind::Folder;
    spec.path = tmp("images");
    spec.imageSize = 16;
    ImageDataset folder = loadDataset(spec);
    QCOMPARE(folder.size(), int64_t(2));
    QCOMPARE(folder.imageSize(), 16);
    QCOMPARE(int(folder.images()[0][0][8][8].item<uint8_t>()), 200);
    QCOMPARE(int(folder.images()[0][2][8][8].item<uint8_t>()), 5);
    // A file that cannot be decoded is skipped and counted; a folder of nothing decodable is
    // refused.
    std::ofstream(tmp("images/broken.png")) << "garbage";
    ImageDataset withBroken = loadDataset(spec);
    QCOMPARE(withBroken.size(), int64_t(2));
    QVERIFY2(
        QString::fromStdString(withBroken.description()).contains("1 undecodable files skipped"),
        withBroken.description().c_str());
    QVERIFY(at::equal(withBroken.images(), folder.images()));
    std::filesystem::create_directories(tmp("only-broken"));
    std::ofstream(tmp("only-broken/x.jpg")) << "garbage";
    std::ofstream(tmp("only-broken/y.png"));
    spec.path = tmp("only-broken");
    QVERIFY(errorOf([&] { loadDataset(spec); }).contains("none of the 2 image files"));
    std::filesystem::create_directories(tmp("empty"));
    spec.path = tmp("empty");
    QVERIFY(errorOf([&] { loadDataset(spec); }).contains("no images"));
  }

  void epochOrderIsAFunctionOfSeedAndEpoch() {
    QVERIFY(at::equal(epochOrder(100, 7, 3), epochOrder(100, 7, 3)));
    QVERIFY(!at::equal(epochOrder(100, 7, 3), epochOrder(100, 7, 4)));
    QVERIFY(!at::equal(epochOrder(100, 7, 3), epochOrder(100, 8, 3)));
    QCOMPARE(std::get<0>(epochOrder(100, 7, 3).sort()).equal(at::arange(100, at::kLong)), true);
  }

  void adamMatchesLibTorch() {
    // Same arithmetic as torch::optim::Adam (itself PyTorch's single-tensor Adam), bit for bit.
    at::manual_seed(1);
    at::Tensor a = at::randn({5, 3}).requires_grad_(), b = a.detach().clone().requires_grad_();
    at::Tensor frozen = at::randn({4});
    AdamGroup g;
    g.params = {frozen, a};
    g.lr = g.initialLr = 1e-3;
    Adam ours({g});
    torch::optim::Adam theirs({b}, torch::optim::AdamOptions(1e-3));
    for (int i = 0; i < 5; ++i) {
      at::Tensor grad = at::randn({5, 3});
      a.mutable_grad() = grad.clone();
      b.mutable_grad() = grad.clone();
      ours.step();
      theirs.step();
    }
    QVERIFY(at::equal(a, b));
    // state_dict: the frozen parameter keeps index 0 and gets no state; step is a float tensor.
    io::writeTorchFile(tmp("optim.pt"), ours.stateDict());
    io::TorchFile f = io::readTorchFile(tmp("optim.pt"));
    QVERIFY(f.root.find("state")->find(int64_t(0)) == nullptr);
    const io::PyValue* s1 = f.root.find("state")->find(int64_t(1));
    QVERIFY(s1);
    QCOMPARE(s1->find("step")->toTensor().item<double>(), 5.0);
    QCOMPARE(f.root.find("param_groups")->items()[0].find("params")->items().size(),
             std::size_t(2));
    // Loading it back continues identically.
    at::Tensor c = a.detach().clone().requires_grad_();
    AdamGroup g2;
    g2.params = {frozen, c};
    Adam reloaded({g2});
    reloaded.loadStateDict(f.root);
    at::Tensor grad = at::randn({5, 3});
    a.mutable_grad() = grad.clone();
    c.mutable_grad() = grad.clone();
    ours.step();
    reloaded.step();
    QVERIFY(at::equal(a, c));
    AdamGroup wrong;
    wrong.params = {c};
    Adam mismatched({wrong});
    QVERIFY(errorOf([&] { mismatched.loadStateDict(f.root); }).contains("has 2 parameters"));
  }

  // A bf16-autocast step (train --precision bf16): fp32 weights and gradients, loss and gradient
  // within bf16's rounding of the fp32 step's, autocast off again after the scope, and the next
  // step's forward uses the updated weights (the cast cache is cleared).
  void bf16AutocastStep() {
    ModelConfig mc;
    mc.ch = 16;
    mc.chMult = {1, 2};
    mc.numResBlocks = 1;
    mc.imgCh = 1;
    mc.imgSize = 16;
    mc.snnSteps = 2;
    mc.dropout = 0;
    at::manual_seed(3);
    SpkUNet net(mc);
    net.train();
    at::Tensor x = at::randn({4, 1, 16, 16}), noise = at::randn({4, 1, 16, 16});
    at::Tensor t = at::tensor({10, 200, 500, 900}, at::kLong);
    bool insideOn = false, afterOn = true, allFp32 = true;
    // [loss, every gradient]
    auto step = [&](bool bf16) {
      for (auto& p : net.parameters()) p.mutable_grad() = at::Tensor();
      at::Tensor loss;
      {
        AutocastScope autocast(bf16);
        insideOn = at::autocast::is_cpu_enabled();
        loss = at::mse_loss(net.forward(x, t).to(at::kFloat), noise);
      }
      afterOn = at::autocast::is_cpu_enabled();
      loss.backward();
      std::vector<at::Tensor> parts{loss.detach().view({1})};
      for (auto& p : net.parameters()) {
        if (!p.grad().defined()) continue;
        allFp32 = allFp32 && p.scalar_type() == at::kFloat && p.grad().scalar_type() == at::kFloat;
        parts.push_back(p.grad().flatten());
      }
      return at::cat(parts);
    };
    const at::Tensor fp32 = step(false), bf16 = step(true);
    QVERIFY(insideOn && !afterOn);
    QVERIFY(allFp32);  // weights and gradients
    const double loss32 = fp32[0].item<double>(), loss16 = bf16[0].item<double>();
    // The gradient's direction is no criterion: the surrogate gradients of a random SNN
    // decorrelate under any tiny change of the currents (fp32, inputs nudged by 1e-3: cosine
    // 0.48; bf16: 0.35); its size and the loss are, and then the loss curve (docs/training.md).
    const double norm32 = fp32.slice(0, 1).norm().item<double>();
    const double norm16 = bf16.slice(0, 1).norm().item<double>();
    qInfo("loss fp32 %.5f, bf16 %.5f; gradient norm %.4g, %.4g", loss32, loss16, norm32, norm16);
    QVERIFY(std::abs(loss16 - loss32) < 0.02 * loss32);
    QVERIFY(bf16.isfinite().all().item<bool>());
    QVERIFY(norm16 > 0.7 * norm32 && norm16 < 1.4 * norm32);
    // After an update, a bf16 forward equals a fresh model's with the same weights.
    net.eval();
    {
      at::NoGradGuard noGrad;
      for (auto& p : net.parameters()) p.add_(0.05 * at::randn_like(p));
    }
    at::Tensor updated, fresh;
    {
      AutocastScope autocast(true);
      updated = net.forward(x, t);
    }
    SpkUNet other(mc);
    other.loadStateDict(net.stateDict());
    other.eval();
    {
      AutocastScope autocast(true);
      fresh = other.forward(x, t);
    }
    QVERIFY(updated.equal(fresh));
  }

  void clippingWarmupEma() {
    at::Tensor p = at::zeros({4}).requires_grad_();
    p.mutable_grad() = at::tensor({3.f, 4.f, 0.f, 0.f});
    QCOMPARE(clipGradNorm({p}, 1.0), 5.0);
    QVERIFY(std::abs(p.grad().norm().item<double>() - 1.0) < 1e-6);
    p.mutable_grad() = at::tensor({0.3f, 0.4f, 0.f, 0.f});
    clipGradNorm({p}, 1.0);  // below the limit: unchanged
    QCOMPARE(p.grad()[0].item<float>(), 0.3f);
    QCOMPARE(warmupFactor(0, 100), 0.0);  // pytorch-ddpm: the first step runs at lr 0
    QCOMPARE(warmupFactor(50, 100), 0.5);
    QCOMPARE(warmupFactor(500, 100), 1.0);
    QCOMPARE(warmupFactor(0, 0), 1.0);
    QCOMPARE(lrFactor(50, 100, 0, 1000), 0.5);  // no decay: the warmup alone
    QCOMPARE(lrFactor(900, 100, 0, 1000), 1.0);
    QCOMPARE(lrFactor(599, 100, 600, 1000), 1.0);  // decay starts at its step...
    QCOMPARE(lrFactor(600, 100, 600, 1000), 1.0);
    QCOMPARE(lrFactor(800, 100, 600, 1000), 0.5);     // ...and is linear...
    QCOMPARE(lrFactor(1000, 100, 600, 1000), 0.0);    // ...to 0 at the last step
    QCOMPARE(lrFactor(50, 100, 20, 120), 0.5 * 0.7);  // overlapping warmup: the product
    StateDict src{{"w", at::ones({2})}, {"n", at::tensor(int64_t(10))}};
    StateDict dst{{"w", at::zeros({2})}, {"n", at::tensor(int64_t(0))}};
    emaUpdate(src, dst, 0.9);
    QVERIFY(std::abs(dst[0].second[0].item<float>() - 0.1f) < 1e-7);
    QCOMPARE(dst[1].second.item<int64_t>(), int64_t(1));  // 0*0.9 + 10*0.1, truncated
  }

  // The statistics become the plain average of train-mode batch statistics: independent of the
  // old ones, reproducible, the first BatchNorm's mean equal to its input's mean computed by hand.
  void batchNormRecalibration() {
    ModelConfig mc;
    mc.ch = 8, mc.chMult = {1, 2}, mc.numResBlocks = 1, mc.imgCh = 1, mc.snnSteps = 2;
    mc.validate();
    at::manual_seed(3);
    const ImageDataset data(at::randint(0, 256, {20, 1, 32, 32}, at::kByte), false, "noise");
    auto norms = [](SpkUNet& m) {
      std::vector<torch::nn::BatchNorm2dImpl*> out;
      for (const auto& sub : m.modules(false))
        if (auto* bn = sub->as<torch::nn::BatchNorm2dImpl>()) out.push_back(bn);
      return out;
    };
    SpkUNet a(mc), b(mc);
    b.loadStateDict(a.stateDict());
    for (auto* bn : norms(b)) {  // b starts from absurd statistics, a from the fresh ones
      bn->running_mean.fill_(5.0);
      bn->running_var.fill_(100.0);
      bn->num_batches_tracked.fill_(7777);
    }
    BnRecalibration opt;
    opt.batches = 3, opt.batchSize = 4, opt.seed = 11;
    std::vector<std::pair<int, int>> calls;
    QCOMPARE(recalibrateBatchNorm(a, data, opt,
                                  [&](int done, int total) -> bool {
                                    calls.emplace_back(done, total);
                                    return true;
                                  }),
             3);
    QVERIFY((calls == std::vector<std::pair<int, int>>{{0, 3}, {1, 3}, {2, 3}}));
    QCOMPARE(recalibrateBatchNorm(b, data, opt), 3);
    QVERIFY(!a.is_training() && !b.is_training());
    const auto na = norms(a), nb = norms(b);
    QVERIFY(na.size() > 4);
    for (std::size_t i = 0; i < na.size(); ++i) {
      QVERIFY(at::equal(na[i]->running_mean, nb[i]->running_mean));
      QVERIFY(at::equal(na[i]->running_var, nb[i]->running_var));
      QCOMPARE(nb[i]->num_batches_tracked.item<int64_t>(), int64_t(3));
      QCOMPARE(*nb[i]->options.momentum(), 0.1);  // restored
      QVERIFY(nb[i]->running_var.min().item<float>() > 0);
    }
    QVERIFY(!at::equal(na[0]->running_mean, at::zeros_like(na[0]->running_mean)));

    // One batch: the first BatchNorm (after the first conv of the repeated image) has that
    // batch's mean over images, SNN steps and pixels (the steps repeat the image).
    opt.batches = 1;
    recalibrateBatchNorm(a, data, opt);
    at::Generator gen = streamGenerator(opt.seed, RngStream::Eval, 1000000u);
    const at::Tensor idx = at::randint(0, data.size(), {4}, gen, at::TensorOptions(at::kLong));
    const at::Tensor t = at::randint(0, 1000, {4}, gen, at::TensorOptions(at::kLong));
    const at::Tensor noise = at::randn({4, 1, 32, 32}, gen);
    const at::Tensor xt = Schedule(1000).qSample(data.batch(idx, at::Tensor()), t, noise);
    const StateDict sd = a.stateDict();
    auto key = [&](const std::string& k) {
      for (const auto& [name, v] : sd)
        if (name == k) return v;
      throw Error("no " + k);
    };
    const at::Tensor h = at::conv2d(xt, key("conv.weight"), key("conv.bias"), 1, 1);
    const at::Tensor expect = h.mean({0, 2, 3});
    QVERIFY2(
        at::allclose(key("bn.running_mean"), expect, 1e-5, 1e-6),
        qPrintable(QString::number((key("bn.running_mean") - expect).abs().max().item<double>())));
    const at::Tensor overSteps = h.repeat({mc.snnSteps, 1, 1, 1});  // unbiased over T*B*H*W
    QVERIFY(at::allclose(key("bn.running_var"), overSteps.transpose(0, 1).flatten(1).var(1, true),
                         1e-4, 1e-6));

    const ImageDataset rgb(at::randint(0, 256, {4, 3, 32, 32}, at::kByte), false, "rgb");
    QVERIFY_THROWS_EXCEPTION(Error, recalibrateBatchNorm(a, rgb, opt));
  }

  void runFolder() {
    const std::string dir = tmp("run");
    std::filesystem::create_directories(dir);
    io::CheckpointData d;
    d.net = {{"w", at::ones({3})}};
    for (int s : {2, 4, 6, 8}) {
      d.step = s;
      io::writeCheckpoint(dir + "/" + checkpointFileName(s), d);
      publishLatest(dir, dir + "/" + checkpointFileName(s));
      pruneCheckpoints(dir, 2);
    }
    auto all = listCheckpoints(dir);
    QCOMPARE(all.size(), std::size_t(2));
    QCOMPARE(all[0].first, int64_t(6));
    QCOMPARE(*io::readCheckpoint(dir + "/ckpt.pt").step, int64_t(8));
    std::ofstream(dir + "/10ckpt.pt") << "partial";  // not something we write, but be robust
    QCOMPARE(*findLatestCheckpoint(dir), dir + "/8ckpt.pt");
    std::ofstream(dir + "/.8ckpt.pt.tmp-1-2") << "left by a kill";
    removeStaleTemporaries(dir);
    QVERIFY(!std::filesystem::exists(dir + "/.8ckpt.pt.tmp-1-2"));
    std::ofstream(dir + "/metrics.jsonl") << "{\"step\":1}\n{\"step\":2}\n{\"step\":3}\n{\"st";
    MetricsLog::truncateAfter(dir + "/metrics.jsonl", 2);
    std::ifstream in(dir + "/metrics.jsonl");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    QCOMPARE(QString::fromStdString(text), QString("{\"step\":1}\n{\"step\":2}\n"));
  }

  void syncBatchNormEqualsFullBatch() {
    // Two "processes" (threads) with 4 samples each normalise like one with all 8, forward and
    // backward, and update the running statistics alike.
    at::manual_seed(3);
    const at::Tensor x = at::randn({8, 3, 5, 5}) * 2 + 0.5, r = at::randn({8, 3, 5, 5});
    const at::Tensor w0 = at::rand({3}) + 0.5, b0 = at::randn({3});
    auto run = [&](const at::Tensor& in, const at::Tensor& ri, at::Tensor& rm, at::Tensor& rv) {
      at::Tensor xi = in.clone().requires_grad_(), w = w0.clone().requires_grad_(),
                 b = b0.clone().requires_grad_();
      at::Tensor y = at::batch_norm(xi, w, b, rm, rv, true, 0.1, 1e-5, false);
      (y * ri).sum().backward();
      return std::vector<at::Tensor>{y.detach(), xi.grad(), w.grad(), b.grad()};
    };
    at::Tensor rm = at::zeros({3}), rv = at::ones({3});
    const auto full = run(x, r, rm, rv);
    ThreadGroup group(2);
    std::vector<std::vector<at::Tensor>> halves(2);
    std::vector<at::Tensor> rms{at::zeros({3}), at::zeros({3})}, rvs{at::ones({3}), at::ones({3})};
    std::vector<std::thread> threads;
    for (int rank = 0; rank < 2; ++rank)
      threads.emplace_back([&, rank] {
        ThreadComm comm(group, rank, 2);
        SyncBatchNormScope scope(&comm);
        halves[rank] =
            run(x.narrow(0, 4 * rank, 4), r.narrow(0, 4 * rank, 4), rms[rank], rvs[rank]);
      });
    for (auto& t : threads) t.join();
    auto close = [](const at::Tensor& a, const at::Tensor& b) {
      return (a - b).abs().max().item<double>() < 1e-5;
    };
    QVERIFY(close(at::cat({halves[0][0], halves[1][0]}), full[0]));
    QVERIFY(close(at::cat({halves[0][1], halves[1][1]}), full[1]));
    QVERIFY(close(halves[0][2] + halves[1][2], full[2]));  // parameter grads sum over processes
    QVERIFY(close(halves[0][3] + halves[1][3], full[3]));
    QVERIFY(close(rms[0], rm) && close(rms[1], rm) && close(rvs[0], rv));
    // Without the scope BatchNorm is per process again (different numbers).
    at::Tensor rm2 = at::zeros({3}), rv2 = at::ones({3});
    QVERIFY(
        !close(run(x.narrow(0, 0, 4), r.narrow(0, 0, 4), rm2, rv2)[0], full[0].narrow(0, 0, 4)));
  }

  void distributedEnvironment() {
    qputenv("WORLD_SIZE", "2");
    qputenv("RANK", "1");
    qputenv("MASTER_PORT", "1234");
    DistributedEnv env = distributedEnvFromEnvironment();
    QVERIFY(env.present);
    QCOMPARE(env.rank, 1);
    QCOMPARE(env.masterPort, 1234);
    qputenv("RANK", "2");
    QVERIFY(errorOf([] { distributedEnvFromEnvironment(); }).contains("not below WORLD_SIZE"));
    qputenv("RANK", "x");
    QVERIFY(errorOf([] { distributedEnvFromEnvironment(); }).contains("RANK='x'"));
    qunsetenv("WORLD_SIZE");
    qunsetenv("RANK");
    qunsetenv("MASTER_PORT");
    QVERIFY(!distributedEnvFromEnvironment().present);
  }
};

QTEST_GUILESS_MAIN(TestTrainUnits)
#include "test_train_units.moc"
