// The safe torch.save reader and the writer: real files written by Python's torch, the goldens'
// checkpoints (incl. CUDA-tagged storages), hostile and broken files, round trips.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest>

#include <filesystem>
#include <fstream>

#include "io/checkpoint.h"
#include "io/torch_file.h"
#include "model/loader.h"
#include "test_util.h"
#include "util/error.h"

using sdm::io::PyValue;
using namespace sdmtest;

namespace {

nlohmann::json expected() {
  std::ifstream in(data("fixtures/expected.json"));
  return nlohmann::json::parse(in);
}

void checkTensor(const at::Tensor& t, const nlohmann::json& want, const std::string& what) {
  QVERIFY2(t.sizes().vec() == want["shape"].get<std::vector<int64_t>>(), what.c_str());
  QCOMPARE(std::string(c10::toString(t.scalar_type())) == "Float" ? std::string("float32")
           : t.scalar_type() == at::kLong                         ? std::string("int64")
                                                                  : std::string("other"),
           want["dtype"].get<std::string>());
  QVERIFY2(std::abs(t.to(at::kDouble).sum().item<double>() - want["sum"].get<double>()) <= 1e-6,
           what.c_str());
}

std::string copyToTemp(const std::string& src, const QTemporaryDir& dir, const std::string& name) {
  std::string dst = dir.path().toStdString() + "/" + name;
  std::filesystem::copy_file(src, dst, std::filesystem::copy_options::overwrite_existing);
  return dst;
}

// A zip whose central directory has `entries` entries, all pointing at one local record of
// `dataBytes` bytes and claiming `compressed` / `size` bytes with `method` (0 stored, 8 deflate).
void forgeZip(const std::string& path, int entries, uint16_t method, uint32_t dataBytes,
              uint32_t compressed, uint32_t size) {
  std::string z;
  auto put = [&](uint64_t v, int n) {
    for (int i = 0; i < n; ++i) z.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  const std::string local = "forged/data.pkl";
  put(0x04034b50, 4), put(20, 2), put(0, 2), put(method, 2), put(0, 4), put(0, 4);
  put(compressed, 4), put(size, 4), put(local.size(), 2), put(0, 2);
  z += local;
  z.append(dataBytes, '\0');
  const std::size_t cdStart = z.size();
  for (int i = 0; i < entries; ++i) {
    const std::string name = i == 0 ? local : "forged/data/" + std::to_string(i);
    put(0x02014b50, 4), put(20, 2), put(20, 2), put(0, 2), put(method, 2), put(0, 4), put(0, 4);
    put(compressed, 4), put(size, 4), put(name.size(), 2), put(0, 2), put(0, 2), put(0, 2);
    put(0, 2), put(0, 4), put(0, 4);
    z += name;
  }
  const std::size_t cdSize = z.size() - cdStart;
  put(0x06054b50, 4), put(0, 2), put(0, 2), put(entries, 2), put(entries, 2), put(cdSize, 4);
  put(cdStart, 4), put(0, 2);
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(z.data(), std::streamsize(z.size()));
}

void expectError(const std::string& path, const char* needle) {
  try {
    sdm::io::readCheckpoint(path);
    QFAIL(("no error for " + path).c_str());
  } catch (const sdm::Error& e) {
    const std::string msg = e.what();
    QVERIFY2(msg.find(needle) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find('\n') == std::string::npos, "error must be one line");
  }
}

}  // namespace

class TestTorchFile : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsPythonTrainingCheckpoint() {
    auto exp = expected()["adam_ckpt"];
    sdm::io::TorchFile f = sdm::io::readTorchFile(data("fixtures/adam_ckpt.pt"));
    const PyValue& root = f.root;
    QVERIFY(root.isDict());
    const PyValue* net = root.find("net_model");
    const PyValue* ema = root.find("ema_model");
    QVERIFY(net && ema);
    QCOMPARE(net->entries().size(), exp["net_model"].size());
    for (const auto& [k, v] : net->entries())
      checkTensor(v.toTensor(), exp["net_model"][k.toStr()], k.toStr());
    // net_model and ema_model were the same state dict: their storages stay shared.
    QCOMPARE(net->find("0.weight")->toTensor().data_ptr(),
             ema->find("0.weight")->toTensor().data_ptr());
    QCOMPARE(net->find("1.num_batches_tracked")->toTensor().dim(), 0);
    const PyValue* optim = root.find("optim");
    const PyValue* state = optim->find("state");
    QCOMPARE(state->entries().size(), exp["optim_state_keys"].size());
    const PyValue* s0 = state->find(int64_t(0));
    QVERIFY(s0);
    for (const auto& [k, v] : s0->entries())
      checkTensor(v.toTensor(), exp["optim_state0"][k.toStr()], k.toStr());
    const PyValue& group = optim->find("param_groups")->items().at(0);
    QCOMPARE(group.find("lr")->toDouble(), exp["lr"].get<double>());
    QVERIFY(group.find("betas")->is(PyValue::Kind::Tuple));
    QCOMPARE(root.find("step")->toInt(), exp["step"].get<int64_t>());
    checkTensor(root.find("x_T")->toTensor(), exp["x_T"], "x_T");
    QCOMPARE(root.find("one")->find("only")->toInt(), int64_t(1));
    QCOMPARE(root.find("single")->items().at(0).toDouble(), 2.5);
    QCOMPARE(root.find("flag")->toBool(), true);
    QVERIFY(root.find("nothing")->isNone());
    QCOMPARE(root.find("name")->toStr(), exp["name"].get<std::string>());
    QCOMPARE(root.find("neg")->toInt(), int64_t(-5));
    QCOMPARE(root.find("big")->toInt(), exp["big"].get<int64_t>());
    QVERIFY(root.find("blob")->is(PyValue::Kind::Bytes));
    QCOMPARE(root.find("blob")->toStr(), std::string("\x00\x01\xff", 3));
    QCOMPARE(root.find("nested")->find("b")->find("c")->toTensor().sum().item<int64_t>(),
             int64_t(3));
  }

  void keepsViewsOffsetsAndStrides() {
    auto exp = expected()["views"];
    PyValue root = sdm::io::readTorchFile(data("fixtures/views.pt")).root;
    for (const auto& [k, v] : root.entries()) {
      at::Tensor t = v.toTensor();
      QVERIFY(t.sizes().vec() == exp[k.toStr()]["shape"].get<std::vector<int64_t>>());
      auto values = exp[k.toStr()]["values"].get<std::vector<float>>();
      at::Tensor want = at::tensor(values).reshape(t.sizes());
      QVERIFY2(at::equal(t, want), k.toStr().c_str());
    }
  }

  void readsGoldenCheckpointsCompletely() {
    std::ifstream in(golden("manifest.json"));
    auto manifest = nlohmann::json::parse(in);
    for (std::string cfg : {"tiny_sddpm", "tiny_tsm"}) {
      sdm::io::Checkpoint ck = sdm::io::readCheckpoint(golden(cfg + "_ckpt.pt"));
      const auto& keys = manifest["configs"][cfg]["state_dict"];
      QCOMPARE(ck.net.size(), keys.size());
      for (std::size_t i = 0; i < keys.size(); ++i) {
        QCOMPARE(ck.net[i].first, keys[i][0].get<std::string>());  // PyTorch order kept
        QVERIFY(ck.net[i].second.sizes().vec() == keys[i][1].get<std::vector<int64_t>>());
        const std::string dt = keys[i][2];
        QCOMPARE(ck.net[i].second.scalar_type(), dt == "int64" ? at::kLong : at::kFloat);
      }
      QCOMPARE(ck.step.value(), int64_t(5000));
      QVERIFY(ck.xT.sizes().vec() == (std::vector<int64_t>{16, 1, 32, 32}));
      // The goldens' x_T file is ckpt['x_T'][:8]: values read right.
      QVERIFY(at::equal(ck.xT.slice(0, 0, 8), sdm::io::readTensorFile(golden(cfg + "_x_T.pt"))));
      QVERIFY(ck.optim && ck.optim->find("state")->entries().empty());
      QCOMPARE(ck.optim->find("param_groups")->items().at(0).find("lr")->toDouble(), 2e-4);
      QCOMPARE(ck.net.back().second.item<int64_t>(), int64_t(5000));  // last_bn.num_batches_tracked
      const bool cuda = cfg == "tiny_tsm";
      QCOMPARE(!ck.notes.empty(), cuda);  // storages tagged cuda:0 are loaded on the CPU
    }
  }

  void refusesHostileAndBrokenFiles() {
    QTemporaryDir dir;
    expectError(data("fixtures/foreign_global.pt"), "refusing pickle global posix.system");
    expectError(data("fixtures/legacy.pt"), "legacy");
    expectError(data("fixtures/bare_tensor.pt"), "single tensor");
    expectError(data("fixtures/no_weights.pt"), "no model weights");
    expectError(dir.path().toStdString(), "is a directory");
    expectError(dir.path().toStdString() + "/missing.pt", "no such file");
    std::string empty = dir.path().toStdString() + "/empty.pt";
    std::ofstream(empty).close();
    expectError(empty, "is empty");
    std::string random = dir.path().toStdString() + "/random.pt";
    {
      std::ofstream out(random, std::ios::binary);
      std::mt19937 rng(1);
      for (int i = 0; i < 5000; ++i) out.put(static_cast<char>(rng()));
    }
    expectError(random, "not a zip archive");
    // Truncated: the end of the archive (its central directory) is missing.
    std::string src = golden("tiny_tsm_ckpt.pt");
    std::string truncated = dir.path().toStdString() + "/truncated.pt";
    {
      std::ifstream in(src, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), {});
      std::ofstream(truncated, std::ios::binary)
          .write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
    }
    expectError(truncated, "truncated");
    // One flipped byte inside a tensor record: caught by the CRC check.
    std::string flipped = copyToTemp(src, dir, "flipped.pt");
    {
      std::fstream f(flipped, std::ios::in | std::ios::out | std::ios::binary);
      f.seekg(300000);
      char c;
      f.get(c);
      f.seekp(300000);
      f.put(static_cast<char>(c ^ 0x5A));
    }
    expectError(flipped, "CRC-32 mismatch");
  }

  // Size claims are checked against the file and the machine before anything is allocated: a
  // record outside the file, a stored record whose sizes disagree, a deflate "bomb" claiming far
  // more than deflate can produce, and records that add up to more than the machine's memory.
  void refusesImpossibleSizesBeforeAllocating() {
    QTemporaryDir dir;
    const std::string zip = dir.path().toStdString() + "/forged.pt";
    forgeZip(zip, 1, 0, 16, 16u + (1u << 30), 16u + (1u << 30));
    expectError(zip, "lies outside the file");
    forgeZip(zip, 1, 0, 16, 16, 4000000000u);
    expectError(zip, "is stored but claims 4000000000 bytes");
    forgeZip(zip, 1, 8, 16, 16, 4000000000u);
    expectError(zip, "more than deflate can produce");
    // 200 entries sharing one 4 MB deflate stream, each claiming 4 GB (within deflate's ratio):
    // 800 GB in all, refused by the index before any record is read.
    forgeZip(zip, 200, 8, 4u << 20, 4u << 20, 4000000000u);
    expectError(zip, "more than this machine's");
  }

  // Every input the fuzzers (fuzz/, ./studio.sh fuzz) ever found a fault with: each is now
  // refused with one line of sdm::Error (or loads), nothing else.
  void fuzzFindingsAreRefusedCleanly() {
    int checked = 0;
    for (const auto& e : std::filesystem::directory_iterator(data("fuzz"))) {
      try {
        (void)sdm::loadModel(sdm::io::readCheckpoint(e.path().string()));
      } catch (const sdm::Error& err) {
        QVERIFY2(std::string(err.what()).find('\n') == std::string::npos, err.what());
      }
      ++checked;
    }
    QVERIFY(checked > 0);
  }

  void writerRoundTripsAndStaysReadable() {
    QTemporaryDir dir;
    sdm::io::Checkpoint ck = sdm::io::readCheckpoint(golden("tiny_sddpm_ckpt.pt"));
    sdm::io::CheckpointData d;
    d.net = ck.net;
    d.ema = ck.net;
    d.step = 42;
    d.xT = ck.xT;
    d.optim = sdm::io::toIValue(*ck.optim);
    d.studio = {{"model", {{"snn_timesteps", 4}}}, {"note", "round trip"}};
    const std::string path = dir.path().toStdString() + "/rt.pt";
    sdm::io::writeCheckpoint(path, d);
    sdm::io::Checkpoint back = sdm::io::readCheckpoint(path);
    QCOMPARE(back.net.size(), ck.net.size());
    for (std::size_t i = 0; i < ck.net.size(); ++i) {
      QCOMPARE(back.net[i].first, ck.net[i].first);
      QVERIFY(at::equal(back.net[i].second, ck.net[i].second));
      QVERIFY(at::equal(back.ema[i].second, ck.net[i].second));
    }
    QCOMPARE(back.step.value(), int64_t(42));
    QVERIFY(at::equal(back.xT, ck.xT));
    QCOMPARE(back.studio["note"].get<std::string>(), std::string("round trip"));
    QCOMPARE(back.optim->find("param_groups")->items().at(0).find("lr")->toDouble(), 2e-4);
    // No temporary files are left beside it.
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path().toStdString()))
      files += e.is_regular_file();
    QCOMPARE(files, 1);
  }

  void pythonReadsWhatTheStudioWrites() {
    if (!havePythonTorch()) QSKIP("/usr/bin/python3 with torch not installed");
    QTemporaryDir dir;
    sdm::io::Checkpoint ck = sdm::io::readCheckpoint(golden("tiny_tsm_ckpt.pt"));
    sdm::io::CheckpointData d;
    d.net = ck.net;
    d.step = 7;
    d.xT = ck.xT;
    d.studio = {{"model", {{"snn_timesteps", 4}}}};
    const std::string path = dir.path().toStdString() + "/py.pt";
    sdm::io::writeCheckpoint(path, d);
    auto r = python("check_state_dict.py",
                    {QString::fromStdString(path), QString::fromStdString(golden("manifest.json")),
                     "tiny_tsm"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains("OK"));
  }
};

QTEST_APPLESS_MAIN(TestTorchFile)
#include "test_torch_file.moc"
