// The main of every test executable. Each process keeps its scratch files
// under one directory of its own (TMPDIR points there, for the process and
// the commands it runs): removed when all its tests passed, kept and named
// when one failed, so repeated runs do not pile up in the system temp dir.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>

int main(int argc, char* argv[]) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("cleave-test-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  ::setenv("TMPDIR", root.c_str(), 1);
  // Non-zero also when listing tests (the count listed), with nothing written.
  const int status = Catch::Session().run(argc, argv);
  std::error_code ignored;
  if (status == 0 || fs::is_empty(root, ignored)) {
    fs::remove_all(root, ignored);
  } else {
    std::cerr << "scratch files kept in " << root.string() << "\n";
  }
  return status;
}
