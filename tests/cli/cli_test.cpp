// The command line as a library: flags, listings and exit codes through
// cli::run with argument vectors, no process and no disk.
#include "cli/cli.hpp"
#include "cli/analyze.hpp"
#include "core/findings.hpp"
#include "reports/registry/registry.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace cleave;

namespace {

struct Out {
  int code;
  std::string out, err;
};

Out run(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("the rule listing prints every rule of the catalogue with its severity and remedy", "[cli]") {
  const Out r = run({"--list-rules"});
  CHECK(r.code == 0);
  for (const Rule& rule : rule_catalogue()) {
    INFO(rule.id);
    CHECK(r.out.find(std::string(rule.id) + "  " + std::string(to_string(rule.severity))) != std::string::npos);
    CHECK(r.out.find(std::string(rule.summary)) != std::string::npos);
    CHECK(r.out.find(std::string(rule.remedy)) != std::string::npos);
  }
}

namespace {

namespace fs = std::filesystem;

bool updating_golden() {
  const char* update = std::getenv("CLEAVE_UPDATE_GOLDEN");
  return update && std::string(update) == "1";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `path` holds `generated`; with CLEAVE_UPDATE_GOLDEN=1 it is rewritten first.
void check_generated(const fs::path& path, const std::string& generated) {
  if (updating_golden()) {
    std::ofstream(path, std::ios::binary) << generated;
    WARN("rewritten: " << path.string());
  }
  INFO(path.string() << " differs from the catalogue (analyzer/core/findings.cpp); "
                        "CLEAVE_UPDATE_GOLDEN=1 rewrites it after review");
  REQUIRE(fs::exists(path));
  CHECK(read_file(path) == generated);
}

}  // namespace

TEST_CASE("docs/rules.md is the catalogue as generated", "[cli]") {
  check_generated(fs::path(CLEAVE_SOURCE_DIR) / "docs" / "rules.md", rule_catalogue_markdown());
}

TEST_CASE("docs/rules/<ID>.md: one page per rule of the catalogue, as generated", "[cli]") {
  const fs::path dir = fs::path(CLEAVE_SOURCE_DIR) / "docs" / "rules";
  std::set<std::string> ids;
  for (const Rule& rule : rule_catalogue()) ids.insert(std::string(rule.id) + ".md");
  if (updating_golden()) {
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(dir)) {
      if (!ids.count(e.path().filename().string())) fs::remove(e.path());  // a rule that left the catalogue
    }
  }
  for (const Rule& rule : rule_catalogue()) {
    check_generated(dir / (std::string(rule.id) + ".md"), rule_doc_markdown(rule));
  }
  std::set<std::string> files;
  if (fs::is_directory(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) files.insert(e.path().filename().string());
  }
  CHECK(files == ids);  // no page of a rule that left the catalogue
  // Every row of docs/rules.md links to its page.
  const std::string index = rule_catalogue_markdown();
  for (const auto& id : ids) CHECK(index.find("](rules/" + id + ")") != std::string::npos);
}

TEST_CASE("no command and an unknown flag are bad input with a pointer to --help", "[cli]") {
  const Out none = run({});
  CHECK(none.code == 2);
  CHECK(none.err.find("--help") != std::string::npos);
  const Out unknown = run({"analyze", "-p", "x", "--no-such-flag"});
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("no-such-flag") != std::string::npos);
}

TEST_CASE("an unknown command or option is named first, with the nearest one", "[cli]") {
  const Out typo = run({"analyse", "-p", "build"});
  CHECK(typo.code == 2);
  CHECK(typo.err.rfind("cleave: unknown command 'analyse'; did you mean 'analyze'?\n", 0) == 0);
  const Out far = run({"frobnicate"});
  CHECK(far.code == 2);
  CHECK(far.err.rfind("cleave: unknown command 'frobnicate'\n", 0) == 0);
  // Before the required -p it also lacks: the unknown option is the mistake.
  const Out bogus = run({"analyze", "--bogus"});
  CHECK(bogus.code == 2);
  CHECK(bogus.err.rfind("cleave: unknown option '--bogus' for 'cleave analyze'\n", 0) == 0);
  const Out near = run({"analyze", "--buld-dir", "b"});
  CHECK(near.err.rfind("cleave: unknown option '--buld-dir' for 'cleave analyze'; did you mean '--build-dir'?", 0) ==
        0);
  // A value that looks like a flag belongs to the option before it.
  const Out value = run({"report", "--format", "md", "--servics", "3"});
  CHECK(value.err.find("did you mean '--services'?") != std::string::npos);
  const Out flag_value = run({"analyze", "--extra-arg", "-DX", "--include", "-weird"});
  CHECK(flag_value.err.find("unknown option") == std::string::npos);
}

TEST_CASE("help as a command, and --version with libclang's", "[cli]") {
  const Out help = run({"help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("Usage: cleave") != std::string::npos);
  const Out about = run({"help", "analyze"});
  CHECK(about.code == 0);
  CHECK(about.out.find("Usage: cleave analyze [OPTIONS] [sources...]") != std::string::npos);
  CHECK(about.out.find("--no-progress ") != std::string::npos);
  CHECK(about.out.find("{false}") == std::string::npos);
  const Out version = run({"--version"});
  CHECK(version.code == 0);
  CHECK(version.out.rfind("cleave ", 0) == 0);
  CHECK(version.out.find("(libclang: ") != std::string::npos);
  CHECK(version.out.find("clang version 16") != std::string::npos);
}

TEST_CASE("the format listing and --format both come from the generator registry", "[cli]") {
  const Out r = run({"--list-formats"});
  CHECK(r.code == 0);
  CHECK(r.out == report::list_formats_text());
  for (const report::Generator& g : report::generators()) {
    INFO(g.name);
    CHECK(r.out.find(g.name) != std::string::npos);
    CHECK(r.out.find(g.description) != std::string::npos);
  }
  const Out help = run({"analyze", "--help"});
  for (const auto& name : report::format_names()) CHECK(help.out.find(" " + name) != std::string::npos);
  const Out bad = run({"analyze", "-p", "x", "--format", "pdf"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("pdf") != std::string::npos);
}

TEST_CASE("progress in a log: a plain line every 5 % or 10 seconds, and at the end", "[cli][progress]") {
  cli::PlainProgress state;
  auto at = [&](std::size_t done, double seconds) {
    return cli::plain_progress_line(frontend::Progress{done, 860, "src/a.cpp", seconds}, state);
  };
  CHECK(at(0, 0).empty());
  CHECK(at(20, 2).empty());  // 2 %, 2 s: nothing due
  CHECK(at(43, 4) == "[43/860] 5 %, 76 s left");
  CHECK(at(50, 5).empty());
  CHECK(at(60, 14.5) == "[60/860] 6 %, 3 min left");  // 10 s since the last line
  CHECK(at(120, 29) == "[120/860] 13 %, 3 min left");
  CHECK(at(859, 200) == "[859/860] 99 %, 0 s left");
  CHECK(at(860, 200.4) == "[860/860] 100 %, done in 200 s");
}

TEST_CASE("exit codes of the drift check: 2 for bad input before any work, 3 for a failure of cleave itself", "[cli]") {
  const Out no_build = run({"check"});
  CHECK(no_build.code == 2);
  CHECK_THAT(no_build.err, Catch::Contains("-p BUILD_DIR"));
  const Out bad_format = run({"check", "-p", "build", "--format", "xml"});
  CHECK(bad_format.code == 2);
  const Out listed = run({"check", "--list-rules"});
  CHECK(listed.code == 0);
  CHECK_THAT(listed.out, Catch::Contains("CLV-ARC-010"));
  CHECK_THAT(listed.out, !Catch::Contains("CLV-SQL-001"));
  ::setenv("CLEAVE_TEST_INTERNAL_ERROR", "1", 1);
  const Out internal = run({"check", "-p", "build"});
  ::unsetenv("CLEAVE_TEST_INTERNAL_ERROR");
  CHECK(internal.code == 3);
  CHECK_THAT(internal.err, Catch::Contains("internal error"));
}
