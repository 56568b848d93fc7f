#include "core/atomic_write.hpp"

#include "core/errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace cleave {

void ensure_writable_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw InputError(dir.string(), 0, "cannot create output directory: " + ec.message(),
                     "choose a writable directory with -o");
  }
  if (!std::filesystem::is_directory(dir)) {
    throw InputError(dir.string(), 0, "output path exists and is not a directory", "choose a directory with -o");
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    throw InputError(dir.string(), 0, std::string("output directory is not writable: ") + std::strerror(errno),
                     "choose a writable directory with -o");
  }
}

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    throw InputError(path.string(), 0, std::string("cannot write: ") + std::strerror(errno),
                     "check that the output directory exists and is writable");
  }
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmpl.c_str());
      throw InputError(path.string(), 0, std::string("write failed: ") + std::strerror(err),
                       "free disk space and run again");
    }
    done += static_cast<std::size_t>(n);
  }
  ::fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int err = errno;
    ::unlink(tmpl.c_str());
    throw InputError(path.string(), 0, std::string("write failed: ") + std::strerror(err),
                     "free disk space and run again");
  }
  if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmpl.c_str());
    throw InputError(path.string(), 0, std::string("cannot replace file: ") + std::strerror(err), "check permissions");
  }
}

}  // namespace cleave
