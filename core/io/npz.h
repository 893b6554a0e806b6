#pragma once
// NumPy .npz archives (e.g. pytorch-fid / SDDPM reference statistics `mu`, `sigma`): read
// directly, stored or deflated; written uncompressed so numpy.load reads them.
#include <ATen/core/Tensor.h>

#include <map>
#include <string>

namespace sdm::io {

std::map<std::string, at::Tensor> readNpz(const std::string& path);
void writeNpz(const std::string& path, const std::map<std::string, at::Tensor>& arrays);
at::Tensor parseNpy(const std::string& bytes, const std::string& what);
std::string makeNpy(const at::Tensor& t);

}  // namespace sdm::io
