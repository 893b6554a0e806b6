#include "train/distributed.h"

#include <ATen/ATen.h>

#include <cstdlib>
#include <cstring>

#include "util/error.h"
#include "util/log.h"

#ifdef SDM_HAVE_GLOO
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace sdm::train {

void Communicator::broadcastString(std::string& text, int root) {
  std::vector<at::Tensor> size{at::tensor({static_cast<int64_t>(text.size())}, at::kLong)};
  broadcast(size, root);
  std::vector<at::Tensor> bytes{at::zeros({size[0].item<int64_t>()}, at::kByte)};
  if (rank() == root && !text.empty()) std::memcpy(bytes[0].data_ptr(), text.data(), text.size());
  broadcast(bytes, root);
  if (rank() != root) text.assign(static_cast<const char*>(bytes[0].data_ptr()), bytes[0].numel());
}

namespace {

int envInt(const char* name, int fallback, int lo, int hi) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long x = std::strtol(v, &end, 10);
  if (*end != '\0' || x < lo || x > hi)
    throw Error(std::string("environment variable ") + name + "='" + v + "' is not an integer in " +
                std::to_string(lo) + ".." + std::to_string(hi));
  return static_cast<int>(x);
}

}  // namespace

DistributedEnv distributedEnvFromEnvironment() {
  DistributedEnv env;
  env.present = std::getenv("WORLD_SIZE") != nullptr;
  env.worldSize = envInt("WORLD_SIZE", 1, 1, 65536);
  env.rank = envInt("RANK", 0, 0, 65535);
  if (env.rank >= env.worldSize)
    throw Error("RANK=" + std::to_string(env.rank) +
                " is not below WORLD_SIZE=" + std::to_string(env.worldSize));
  if (const char* a = std::getenv("MASTER_ADDR"); a && *a) env.masterAddr = a;
  env.masterPort = envInt("MASTER_PORT", 29500, 1, 65535);
  return env;
}

#ifdef SDM_HAVE_GLOO

bool haveGloo() { return true; }

namespace {

class GlooCommunicator : public Communicator {
 public:
  GlooCommunicator(c10::intrusive_ptr<c10d::ProcessGroupGloo> group, int rank, int size)
      : m_group(std::move(group)), m_rank(rank), m_size(size) {}
  int rank() const override { return m_rank; }
  int worldSize() const override { return m_size; }
  void allReduceSum(at::Tensor& tensor) override {
    std::vector<at::Tensor> ts{tensor};
    m_group->allreduce(ts)->wait();
  }
  void broadcast(std::vector<at::Tensor>& tensors, int root) override {
    c10d::BroadcastOptions opt;
    opt.rootRank = root;
    for (auto& t : tensors) {  // one at a time: Gloo wants a single tensor per call on the CPU
      std::vector<at::Tensor> one{t};
      m_group->broadcast(one, opt)->wait();
    }
  }
  void barrier() override { m_group->barrier()->wait(); }

 private:
  c10::intrusive_ptr<c10d::ProcessGroupGloo> m_group;
  int m_rank, m_size;
};

bool isLoopback(const std::string& addr) {
  return addr == "localhost" || addr.rfind("127.", 0) == 0 || addr == "::1";
}

}  // namespace

std::shared_ptr<Communicator> connectProcessGroup(const DistributedEnv& env,
                                                  std::chrono::seconds timeout) {
  try {
    c10d::TCPStoreOptions so;
    so.port = static_cast<uint16_t>(env.masterPort);
    so.isServer = env.rank == 0;
    so.numWorkers = env.worldSize;
    so.waitWorkers = true;
    so.timeout = timeout;
    auto tcp = c10::make_intrusive<c10d::TCPStore>(env.masterAddr, so);
    auto store = c10::make_intrusive<c10d::PrefixStore>("sdm_train", tcp);
    auto options = c10d::ProcessGroupGloo::Options::create(timeout);
    // Which network interface this process talks on: GLOO_SOCKET_IFNAME as with torchrun,
    // loopback for single-machine runs, else the address this machine's hostname resolves to.
    if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname) {
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
    } else if (isLoopback(env.masterAddr)) {
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    } else {
      options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    auto group =
        c10::make_intrusive<c10d::ProcessGroupGloo>(store, env.rank, env.worldSize, options);
    spdlog::info("joined process group: rank {} of {} via {}:{}", env.rank, env.worldSize,
                 env.masterAddr, env.masterPort);
    return std::make_shared<GlooCommunicator>(group, env.rank, env.worldSize);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("cannot join the process group at " + env.masterAddr + ":" +
                std::to_string(env.masterPort) + " as rank " + std::to_string(env.rank) + " of " +
                std::to_string(env.worldSize) + ": " + oneLine(e));
  }
}

#else

bool haveGloo() { return false; }

std::shared_ptr<Communicator> connectProcessGroup(const DistributedEnv& env, std::chrono::seconds) {
  throw Error("WORLD_SIZE=" + std::to_string(env.worldSize) +
              " asks for distributed training, but this build has no Gloo (install libgloo-dev "
              "and rebuild)");
}

#endif

}  // namespace sdm::train
