// End to end on the bundled samples: `cleave analyze --sam` and `cleave sam`
// write templates that validate, replace OUT/sam as a whole, and refuse bad
// settings before any work.
#include "tests/e2e/e2e_support.hpp"
#include "tests/sam/template_checks.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace cleave::sam {
namespace {

namespace fs = std::filesystem;
using e2e::fresh_dir;
using e2e::sample_build;
using e2e::slurp;

struct Run {
  int code = -1;
  std::string out, err;
};

Run run(const std::string& args, const fs::path& scratch, const fs::path& cwd = {}) {
  const fs::path out = scratch / "stdout.txt", err = scratch / "stderr.txt";
  std::string cmd = std::string(CLEAVE_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
  if (!cwd.empty()) cmd = "cd " + cwd.string() + " && " + cmd;
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

const fs::path& scratch() {
  static const fs::path dir = fresh_dir("cleave-sam-samples");
  return dir;
}

// Each sample analysed once, with --sam.
fs::path analysed(const std::string& sample) {
  static std::map<std::string, fs::path> done;
  if (auto it = done.find(sample); it != done.end()) return it->second;
  const fs::path out = scratch() / ("out-" + sample);
  const Run r = run("analyze -p " + sample_build(sample, scratch()).string() + " -o " + out.string() +
                        " --no-progress --format md --sam",
                    scratch());
  INFO(r.err);
  REQUIRE(r.code == 0);
  done[sample] = out;
  return out;
}

TEST_CASE("every template generated for both samples validates and resolves", "[sam][e2e]") {
  for (const std::string sample : {"vetclinic", "logistics"}) {
    const fs::path sam = analysed(sample) / "sam";
    REQUIRE(fs::exists(sam / "template.yaml"));
    unsigned templates = 0, services = 0;
    for (const auto& entry : fs::recursive_directory_iterator(sam)) {
      if (entry.path().filename() == "handler.cpp") ++services;
      if (entry.path().extension() != ".yaml") continue;
      templates += entry.path().filename() == "template.yaml";
      INFO(entry.path().string());
      const auto problems = test::check_template(slurp(entry.path()));
      for (const auto& p : problems) UNSCOPED_INFO(p);
      CHECK(problems.empty());
    }
    CHECK(services > 1);
    CHECK(templates == services + 1);
  }
}

TEST_CASE("cleave sam replaces OUT/sam as a whole and is byte-identical across runs", "[sam][e2e]") {
  const fs::path out = analysed("logistics");
  const std::string before = slurp(out / "sam" / "template.yaml");
  std::ofstream(out / "sam" / "stale.txt") << "from an earlier run";
  fs::create_directories(out / "sam" / "services" / "gone");
  const Run r = run("sam -o " + out.string(), scratch());
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("SAM applications") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "sam" / "stale.txt"));
  CHECK_FALSE(fs::exists(out / "sam" / "services" / "gone"));
  CHECK(slurp(out / "sam" / "template.yaml") == before);
  for (const auto& entry : fs::directory_iterator(out)) {
    CHECK(entry.path().filename().string().rfind(".sam.", 0) != 0);  // no staging left behind
  }
}

TEST_CASE("cleave sam: options reach the templates; bad values are refused before any work", "[sam][e2e]") {
  const fs::path out = analysed("vetclinic");
  Run r =
      run("sam -o " + out.string() + " --arch x86_64 --memory 1024 --timeout 30 --table-mode single-table", scratch());
  INFO(r.err);
  REQUIRE(r.code == 0);
  bool seen = false;
  for (const auto& entry : fs::directory_iterator(out / "sam" / "services")) {
    const auto t = test::yaml_to_json(slurp(entry.path() / "template.yaml"));
    CHECK(t["Globals"]["Function"]["Architectures"][0] == "x86_64");
    CHECK(t["Globals"]["Function"]["MemorySize"] == 1024);
    CHECK(t["Globals"]["Function"]["Timeout"] == 30);
    for (const auto& [id, res] : t["Resources"].items()) {
      if (res["Type"] == "AWS::DynamoDB::Table") {
        CHECK(id == "ServiceTable");
        seen = true;
      }
    }
  }
  CHECK(seen);

  const std::string stamp = slurp(out / "sam" / "template.yaml");
  r = run("sam -o " + out.string() + " --arch sparc", scratch());
  CHECK(r.code == 2);
  CHECK(r.err.find("--arch") != std::string::npos);
  CHECK(r.err.find("arm64 or x86_64") != std::string::npos);
  r = run("sam -o " + out.string() + " --memory 64", scratch());
  CHECK(r.code == 2);
  CHECK(r.err.find("128 to 10240") != std::string::npos);

  // The config's sam: section, checked with its file and line.
  const fs::path dir = scratch() / "config";
  fs::create_directories(dir);
  std::ofstream(dir / ".cleave.yaml") << "version: 1\nsam:\n  architecture: arm64\n  timeout: 5000\n";
  r = run("sam -o " + fs::absolute(out).string(), scratch(), dir);
  CHECK(r.code == 2);
  CHECK(r.err.find(".cleave.yaml:4") != std::string::npos);
  CHECK(r.err.find("sam.timeout") != std::string::npos);
  CHECK(slurp(out / "sam" / "template.yaml") == stamp);  // untouched
}

}  // namespace
}  // namespace cleave::sam
