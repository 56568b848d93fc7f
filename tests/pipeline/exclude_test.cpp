// --exclude (Request::exclude) keeps test code out of the analysis, and so
// out of the hazards (issue 17): a thread a test starts is not the
// service's.
#include "pipeline/pipeline.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace cleave;

namespace {

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// src/job.cpp has no hazard; tests/job_test.cpp starts a std::thread.
fs::path thread_in_tests_project() {
  const fs::path dir = fs::temp_directory_path() / ("cleave-exclude-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  write_file(dir / "CMakeLists.txt", "project(p)\n");
  write_file(dir / "src/job.hpp", "#pragma once\nint job(int n);\n");
  write_file(dir / "src/job.cpp", "#include \"job.hpp\"\nint job(int n) { return n * 2; }\n");
  write_file(dir / "tests/job_test.cpp",
             "#include \"../src/job.hpp\"\n"
             "#include <thread>\n"
             "int main() {\n"
             "  int out = 0;\n"
             "  std::thread worker([&out] { out = job(21); });\n"
             "  worker.join();\n"
             "  return out == 42 ? 0 : 1;\n"
             "}\n");
  std::string db = "[";
  for (const char* tu : {"src/job.cpp", "tests/job_test.cpp"}) {
    if (db.size() > 1) db += ",";
    db += R"({"directory":")" + dir.string() + R"(","file":")" + (dir / tu).string() +
          R"(","command":"c++ -std=c++17 -c )" + tu + "\"}";
  }
  write_file(dir / "build/compile_commands.json", db + "]");
  return dir;
}

pipeline::Result analyse(const fs::path& dir, std::vector<std::string> exclude) {
  pipeline::Request r;
  r.build_dir = (dir / "build").string();
  r.out_dir = (dir / "out").string();
  r.jobs = 1;
  r.exclude = std::move(exclude);
  return pipeline::run(r, config::ProjectConfig{}, pipeline::DecomposeSettings{});
}

std::vector<Hazard> hazards_under(const Model& model, const fs::path& dir) {
  std::vector<Hazard> out;
  const std::string prefix = dir.string() + "/";
  for (const auto& h : model.hazards) {
    if (h.loc.file.rfind(prefix, 0) == 0) out.push_back(h);
  }
  return out;
}

}  // namespace

TEST_CASE("a thread in test code excluded by --exclude yields no hazard", "[pipeline][exclude][hazards]") {
  const fs::path dir = thread_in_tests_project();

  // Without the exclude, the test's thread is found: the project is fit to
  // show the exclusion working.
  const pipeline::Result all = analyse(dir, {});
  REQUIRE(all.plan.jobs.size() == 2);
  const auto found = hazards_under(all.model, dir / "tests");
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == HazardKind::Background);
  CHECK(found[0].loc.line == 5);
  CHECK(found[0].what == "std::thread");
  CHECK(hazards_under(all.model, dir / "src").empty());

  const pipeline::Result excluded = analyse(dir, {"**/tests/**"});
  REQUIRE(excluded.plan.jobs.size() == 1);
  CHECK(excluded.plan.jobs[0].file == (dir / "src/job.cpp").string());
  CHECK(hazards_under(excluded.model, dir / "tests").empty());
  CHECK(excluded.model.hazards.empty());
  CHECK(excluded.model.find("c:@F@job#I#") != nullptr);  // src/ is still analysed

  fs::remove_all(dir);
}
