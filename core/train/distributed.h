#pragma once
// Data-parallel training across processes on PyTorch's c10d: a Gloo process group on the CPU
// (NCCL where LibTorch has CUDA), rendezvous through a TCPStore at MASTER_ADDR:MASTER_PORT,
// configured by torchrun's environment variables RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT.
// The trainer sees only this small interface, so it compiles without the c10d headers.
#include <ATen/core/Tensor.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sdm::train {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int worldSize() const = 0;
  virtual void allReduceSum(at::Tensor& tensor) = 0;  // in place, contiguous float/int tensors
  virtual void broadcast(std::vector<at::Tensor>& tensors, int root) = 0;  // in place
  virtual void barrier() = 0;
  void broadcastString(std::string& text, int root);
};

struct DistributedEnv {
  bool present = false;  // WORLD_SIZE set
  int rank = 0, worldSize = 1;
  std::string masterAddr = "127.0.0.1";
  int masterPort = 29500;
};

// Reads RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT; throws sdm::Error on malformed values.
DistributedEnv distributedEnvFromEnvironment();

bool haveGloo();  // built with the Gloo headers (libgloo-dev)

// Joins the process group (blocks until all WORLD_SIZE processes arrived or `timeout` passed).
// Throws sdm::Error when built without Gloo or when the rendezvous fails.
std::shared_ptr<Communicator> connectProcessGroup(const DistributedEnv& env,
                                                  std::chrono::seconds timeout);

}  // namespace sdm::train
