#pragma once
// A folder that cannot be written, for the "read-only run folder" fault cases. As a normal user
// the folder is made mode 0555; root ignores modes, so as root the folder is bind-mounted onto
// itself read-only, contents kept (containers usually allow that; reason() says why not).
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace sdmtest {

class ReadOnlyFolder {
 public:
  explicit ReadOnlyFolder(std::string path) : m_path(std::move(path)) {
    std::filesystem::create_directories(m_path);
    if (::geteuid() != 0) {
      m_ok = ::chmod(m_path.c_str(), 0555) == 0;
    } else {
      m_mounted = ::mount(m_path.c_str(), m_path.c_str(), nullptr, MS_BIND, nullptr) == 0;
      m_ok = m_mounted && ::mount(nullptr, m_path.c_str(), nullptr,
                                  MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) == 0;
    }
    if (!m_ok) m_reason = std::string("cannot make a read-only folder: ") + std::strerror(errno);
  }
  ~ReadOnlyFolder() {
    if (m_mounted) ::umount(m_path.c_str());
    ::chmod(m_path.c_str(), 0755);
  }
  ReadOnlyFolder(const ReadOnlyFolder&) = delete;
  ReadOnlyFolder& operator=(const ReadOnlyFolder&) = delete;

  bool ok() const { return m_ok; }
  const std::string& reason() const { return m_reason; }
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
  bool m_ok = false, m_mounted = false;
  std::string m_reason;
};

}  // namespace sdmtest
