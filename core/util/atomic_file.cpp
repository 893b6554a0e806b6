#include "util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "util/error.h"

namespace sdm {
namespace {

std::string errnoText(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

void fsyncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

void writeFileAtomically(const std::string& path, const void* data, std::size_t size) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.parent_path();
  if (!dir.empty() && !fs::exists(dir)) fs::create_directories(dir);
  std::random_device rd;
  fs::path tmp = dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) +
                        "-" + std::to_string(rd()));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(errnoText("cannot create", tmp.string()));
  const char* p = static_cast<const char*>(data);
  std::size_t left = size;
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string msg = errnoText("cannot write", tmp.string());
      ::close(fd);
      ::unlink(tmp.c_str());
      throw Error(msg);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string msg = errnoText("cannot flush", tmp.string());
    ::unlink(tmp.c_str());
    throw Error(msg);
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    std::string msg = errnoText("cannot rename onto", path);
    ::unlink(tmp.c_str());
    throw Error(msg);
  }
  fsyncDirectory(dir);
}

std::string readFileBytes(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error("no such file: " + path);
  if (fs::is_directory(path, ec)) throw Error(path + " is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(errnoText("cannot open", path));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return bytes;
}

void ensureWritableFolder(const std::string& dir, const std::string& what) {
  namespace fs = std::filesystem;
  if (dir.empty()) throw Error("no " + what + " given");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create the " + what + " " + dir + ": " + ec.message());
  if (!fs::is_directory(dir, ec)) throw Error("the " + what + " " + dir + " is not a folder");
  std::random_device rd;
  const fs::path probe = fs::path(dir) / (".write-probe.tmp-" + std::to_string(::getpid()) + "-" +
                                          std::to_string(rd()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("the " + what + " " + dir + " is not writable: " + std::strerror(errno));
  ::close(fd);
  fs::remove(probe, ec);
}

}  // namespace sdm
