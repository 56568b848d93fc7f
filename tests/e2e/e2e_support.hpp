// Shared by the end-to-end tests: a scratch directory per test process,
// reading files whole, and configuring a bundled sample (its CMake exports
// compile_commands.json). Nothing here depends on the working directory.
#pragma once

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace cleave::e2e {

namespace fs = std::filesystem;

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory under the system temp dir, named after `prefix` and this process.
inline fs::path fresh_dir(const std::string& prefix) {
  fs::path d = fs::temp_directory_path() / (prefix + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// Configures samples/<sample> once per build tree, in a directory the test
// processes share (under a lock: one configures, the others wait, and a
// configured sample re-runs CMake in a tenth of the time), and gives this
// process its own copy of compile_commands.json in `scratch`/build-<sample>.
inline fs::path sample_build(const std::string& sample, const fs::path& scratch) {
  static std::map<std::string, fs::path> built;
  if (auto it = built.find(sample); it != built.end()) return it->second;
  const fs::path src = fs::path(CLEAVE_SOURCE_DIR) / "samples" / sample;
  const fs::path shared = fs::path(CLEAVE_TEST_SAMPLES_DIR) / sample;
  fs::create_directories(shared.parent_path());
  const int lock = ::open((shared.string() + ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  REQUIRE(lock >= 0);
  const bool locked = ::flock(lock, LOCK_EX) == 0;
  int status = -1;
  if (locked) {
    const std::string cmd = "cmake -S " + src.string() + " -B " + shared.string() + " >/dev/null 2>&1";
    status = std::system(cmd.c_str());
  }
  ::close(lock);  // also releases the lock
  REQUIRE(locked);
  REQUIRE(status == 0);
  const fs::path build = scratch / ("build-" + sample);
  fs::create_directories(build);
  fs::copy_file(shared / "compile_commands.json", build / "compile_commands.json",
                fs::copy_options::overwrite_existing);
  built[sample] = build;
  return build;
}

#ifdef CLEAVE_BINARY
// One run of the cleave binary from `dir`, its output captured in files there.
struct Run {
  int status = -1;
  std::string out, err;
};

inline Run cleave_cmd(const fs::path& dir, const std::string& args) {
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd =
      "cd " + dir.string() + " && " + CLEAVE_BINARY + " " + args + " >" + out.string() + " 2>" + err.string();
  const int raw = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}
#endif

}  // namespace cleave::e2e
