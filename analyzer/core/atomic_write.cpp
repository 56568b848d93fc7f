#include "core/atomic_write.hpp"

#include "core/errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
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

void ensure_output_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  ensure_writable_dir(dir);
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(fs::absolute(dir), ec);
  const fs::path cwd = fs::weakly_canonical(fs::current_path(), ec);
  const auto [end, rest] = std::mismatch(out.begin(), out.end(), cwd.begin(), cwd.end());
  if (end == out.end()) {
    throw InputError(dir.string(), 0, "the working directory is inside the output directory, which a run replaces",
                     "run cleave from outside it");
  }
  if (fs::exists(dir / kOutputMarker) || (fs::exists(dir / "model.json") && fs::exists(dir / "proposal.json"))) return;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    throw InputError(dir.string(), 0,
                     "the output directory holds files cleave did not write (" + entry.path().filename().string() +
                         "), and a run replaces it as a whole",
                     "choose a new or empty directory with -o");
  }
}

namespace {

// The test hook of replace_directory_atomic: 0 when unset.
std::size_t exit_at_write() {
  const char* at = std::getenv("CLEAVE_TEST_EXIT_AT_WRITE");
  return at ? std::strtoull(at, nullptr, 10) : 0;
}

bool leftover_of(const std::string& name, const std::string& stem) {
  return name.rfind("." + stem + ".tmp-", 0) == 0 || name.rfind("." + stem + ".old-", 0) == 0;
}

}  // namespace

void replace_directory_atomic(const std::filesystem::path& given,
                              const std::vector<std::pair<std::string, std::string>>& files) {
  namespace fs = std::filesystem;
  fs::path dir = given.lexically_normal();  // "out/" is "out"
  if (dir.filename().empty()) dir = dir.parent_path();
  const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  const std::string stem = dir.filename().string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    if (leftover_of(entry.path().filename().string(), stem)) fs::remove_all(entry.path(), ec);
  }
  std::string tmpl = (parent / ("." + stem + ".tmp-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    throw InputError(dir.string(), 0, std::string("cannot write: ") + std::strerror(errno),
                     "check that the output directory is writable");
  }
  const fs::path staged(tmpl);
  const std::size_t exit_at = exit_at_write();
  std::size_t n = 0;
  try {
    for (const auto& [rel, content] : files) {
      if (++n == exit_at) std::_Exit(86);
      const fs::path p(rel);
      for (const auto& part : p) {
        if (part == ".." || p.is_absolute()) throw std::logic_error("output path leaves its directory: " + rel);
      }
      fs::create_directories((staged / p).parent_path());
      write_file_atomic(staged / p, content);
    }
    ::chmod(staged.c_str(), 0755);
    if (fs::exists(dir)) {
      if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
        throw InputError(dir.string(), 0, std::string("cannot replace directory: ") + std::strerror(errno),
                         "check permissions");
      }
    } else if (std::rename(staged.c_str(), dir.c_str()) != 0) {
      throw InputError(dir.string(), 0, std::string("cannot create directory: ") + std::strerror(errno),
                       "check permissions");
    }
  } catch (...) {
    fs::remove_all(staged, ec);
    throw;
  }
  if (exit_at > files.size()) std::_Exit(86);
  fs::remove_all(staged, ec);  // now the old tree
}

}  // namespace cleave
