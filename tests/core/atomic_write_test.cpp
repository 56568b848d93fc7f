#include "core/atomic_write.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("cleave-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
}  // namespace

TEST_CASE("write_file_atomic replaces content and leaves no temporary file", "[atomic]") {
  fs::path d = fresh_dir("atomic");
  cleave::write_file_atomic(d / "x.json", "one");
  cleave::write_file_atomic(d / "x.json", "two");
  CHECK(slurp(d / "x.json") == "two");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(d)) ++entries;
  CHECK(entries == 1);
  fs::remove_all(d);
}

TEST_CASE("a failed write keeps the previous file and names the path", "[atomic]") {
  if (::getuid() == 0) {
    // root ignores directory permissions; use a path under a regular file instead.
    fs::path d = fresh_dir("atomic-root");
    std::ofstream(d / "file") << "x";
    try {
      cleave::write_file_atomic(d / "file" / "out.json", "data");
      FAIL("expected an InputError");
    } catch (const cleave::InputError& e) {
      CHECK(std::string(e.what()).find("out.json") != std::string::npos);
    }
    fs::remove_all(d);
    return;
  }
  fs::path d = fresh_dir("atomic-ro");
  cleave::write_file_atomic(d / "x.json", "good");
  fs::permissions(d, fs::perms::owner_read | fs::perms::owner_exec);
  CHECK_THROWS_AS(cleave::write_file_atomic(d / "x.json", "bad"), cleave::InputError);
  fs::permissions(d, fs::perms::owner_all);
  CHECK(slurp(d / "x.json") == "good");
  fs::remove_all(d);
}

TEST_CASE("ensure_writable_dir rejects a path that is a file", "[atomic]") {
  fs::path d = fresh_dir("ensure");
  std::ofstream(d / "f") << "x";
  CHECK_THROWS_AS(cleave::ensure_writable_dir(d / "f"), cleave::InputError);
  CHECK_NOTHROW(cleave::ensure_writable_dir(d / "new" / "dir"));
  CHECK(fs::is_directory(d / "new" / "dir"));
  fs::remove_all(d);
}

TEST_CASE("replace_directory_atomic swaps a whole tree in, a trailing slash or not", "[atomic]") {
  const fs::path d = fresh_dir("swap");
  cleave::replace_directory_atomic(d / "out", {{"a.txt", "1"}, {"sub/b.txt", "2"}});
  CHECK(slurp(d / "out" / "sub" / "b.txt") == "2");
  cleave::replace_directory_atomic((d / "out").string() + "/", {{"c.txt", "3"}});
  CHECK(slurp(d / "out" / "c.txt") == "3");
  CHECK_FALSE(fs::exists(d / "out" / "a.txt"));  // nothing of the old tree survives
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(d)) ++entries;
  CHECK(entries == 1);  // no staging or old tree left beside it
  CHECK_THROWS_AS(cleave::replace_directory_atomic(d / "out", {{"../escape", "x"}}), std::logic_error);
  CHECK(slurp(d / "out" / "c.txt") == "3");
}

TEST_CASE("ensure_output_dir takes a new, empty or cleave-written directory, nothing else", "[atomic]") {
  const fs::path d = fresh_dir("outdir");
  CHECK_NOTHROW(cleave::ensure_output_dir(d / "new"));
  std::ofstream(d / "new" / cleave::kOutputMarker) << "x";
  std::ofstream(d / "new" / "report.html") << "x";
  CHECK_NOTHROW(cleave::ensure_output_dir(d / "new"));
  fs::create_directories(d / "old");
  std::ofstream(d / "old" / "model.json") << "{}";
  std::ofstream(d / "old" / "proposal.json") << "{}";
  CHECK_NOTHROW(cleave::ensure_output_dir(d / "old"));  // written by a version before the marker
  fs::create_directories(d / "mine");
  std::ofstream(d / "mine" / "model.json") << "{}";  // one file of that name is not enough
  CHECK_THROWS_AS(cleave::ensure_output_dir(d / "mine"), cleave::InputError);
}
