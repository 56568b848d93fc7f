// The output directory as a whole (issue 18): a run replaces it with exactly
// its own files or, interrupted at any write, leaves the last run's; a later
// run clears what an interrupted one left; a directory cleave did not write,
// and an empty selection, are refused before anything changes.
#include "e2e_support.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <cstdlib>
#include <map>
#include <string>

namespace fs = std::filesystem;
using cleave::e2e::slurp;

namespace {

struct Run {
  int exit_code = -1;
  std::string err;
};

fs::path scratch() {
  static const fs::path dir = cleave::e2e::fresh_dir("cleave-e2e-outputs");
  return dir;
}

// cleave with `args`, run from `cwd` (the scratch directory when empty), with
// `env` ("NAME=value ...") in front.
Run run(const std::string& args, const std::string& env = "", const fs::path& cwd = {}) {
  static int n = 0;
  const fs::path err = scratch() / ("run" + std::to_string(++n) + ".err");
  const std::string cmd = "cd " + (cwd.empty() ? scratch() : cwd).string() + " && " + env + " " + CLEAVE_BINARY + " " +
                          args + " >/dev/null 2>" + err.string();
  const int status = std::system(cmd.c_str());
  return Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(err)};
}

// Every file under `dir` (hidden ones too), by relative path, with its content.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = slurp(e.path());
  }
  return out;
}

// What an interrupted swap leaves beside `dir`: its staging or old tree.
std::size_t leftovers(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir.parent_path())) {
    n += e.path().filename().string().rfind("." + dir.filename().string() + ".", 0) == 0;
  }
  return n;
}

fs::path analysed(const std::string& name) {
  const fs::path out = scratch() / name;
  const Run r = run("analyze -p " + cleave::e2e::sample_build("vetclinic", scratch()).string() + " -o " + out.string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // stderr is a file here, as in a CI log: plain progress lines, no carriage return.
  CHECK(r.err.find("] 100 %, done in ") != std::string::npos);
  CHECK(r.err.find('\r') == std::string::npos);
  return out;
}

}  // namespace

TEST_CASE("an interrupted run leaves one run's outputs, and the next run clears what it left", "[e2e][outputs]") {
  const fs::path out = analysed("set");
  const auto before = tree(out);
  REQUIRE(before.count(".cleave-output"));
  REQUIRE(before.count("model.json"));
  REQUIRE(before.count("report.html"));

  // The run to interrupt: fewer services, so fewer class graphs under services/.
  const std::string again = "report --services 2 -o " + out.string();
  const fs::path copy = scratch() / "set-copy";
  fs::copy(out, copy, fs::copy_options::recursive);
  REQUIRE(run("report --services 2 -o " + copy.string()).exit_code == 0);
  const auto after = tree(copy);
  REQUIRE(after != before);
  // No file of the earlier run survives: some class graphs are gone.
  std::size_t gone = 0;
  for (const auto& [path, content] : before) gone += after.count(path) == 0;
  CHECK(gone > 0);

  const std::size_t files = after.size();
  for (std::size_t at : {std::size_t{1}, std::size_t{2}, files / 2, files}) {
    INFO("exit before writing file " << at << " of " << files);
    const Run r = run(again, "CLEAVE_TEST_EXIT_AT_WRITE=" + std::to_string(at));
    REQUIRE(r.exit_code == 86);
    CHECK(tree(out) == before);
  }
  // Interrupted after the swap: the new set is whole, the old tree is left beside it.
  REQUIRE(run(again, "CLEAVE_TEST_EXIT_AT_WRITE=" + std::to_string(files + 1)).exit_code == 86);
  CHECK(tree(out) == after);
  CHECK(leftovers(out) > 0);
  // The next run removes every leftover of the interrupted ones.
  REQUIRE(run(again).exit_code == 0);
  CHECK(tree(out) == after);
  CHECK(leftovers(out) == 0);
}

TEST_CASE("a directory cleave did not write is never replaced, nor the one cleave runs in", "[e2e][outputs]") {
  const fs::path mine = scratch() / "mine";
  fs::create_directories(mine);
  std::ofstream(mine / "notes.txt") << "the user's own";
  const Run r = run("analyze --no-progress -p " + cleave::e2e::sample_build("vetclinic", scratch()).string() + " -o " +
                    mine.string());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("notes.txt") != std::string::npos);
  CHECK(r.err.find("choose a new or empty directory with -o") != std::string::npos);
  CHECK(tree(mine) == std::map<std::string, std::string>{{"notes.txt", "the user's own"}});

  const fs::path out = analysed("inside");
  const auto before = tree(out);
  const Run inside = run("report -o .", "", out);
  CHECK(inside.exit_code == 2);
  CHECK(inside.err.find("run cleave from outside it") != std::string::npos);
  CHECK(tree(out) == before);
}

TEST_CASE("an empty selection is exit code 2 and leaves the outputs as they were", "[e2e][outputs]") {
  const fs::path out = analysed("empty-selection");
  const auto before = tree(out);
  const fs::path empty = scratch() / "empty-db";
  fs::create_directories(empty);
  std::ofstream(empty / "compile_commands.json") << "[]\n";
  const Run none = run("analyze --no-progress -p " + empty.string() + " -o " + out.string());
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("no translation unit selected (0 in the database)") != std::string::npos);
  const Run unmatched = run("analyze --no-progress --include 'nothing/*.cpp' -p " +
                            cleave::e2e::sample_build("vetclinic", scratch()).string() + " -o " + out.string());
  CHECK(unmatched.exit_code == 2);
  CHECK(unmatched.err.find("check the database and --include/--exclude") != std::string::npos);
  CHECK(tree(out) == before);
}

TEST_CASE("cleave tables as text, CSV and JSON, with the proposal's owners", "[e2e][tables]") {
  const fs::path out = analysed("tables");
  auto capture = [&](const std::string& format) {
    const fs::path to = scratch() / ("tables." + format);
    const std::string cmd = std::string(CLEAVE_BINARY) + " tables --format " + format + " -o " + out.string() + " >" +
                            to.string() + " 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    return slurp(to);
  };
  const std::string text = capture("text"), csv = capture("csv");
  const nlohmann::json json = nlohmann::json::parse(capture("json"));
  CHECK(text.rfind("table", 0) == 0);
  CHECK(text.find(" | owner ") != std::string::npos);
  CHECK(csv.rfind("table,owner,", 0) == 0);
  CHECK(csv.find("\r\n") != std::string::npos);
  // The three agree: every table of the JSON is a row of the text and of the CSV.
  REQUIRE(json["tables"].size() > 5);
  for (const auto& t : json["tables"]) {
    const std::string name = t["name"];
    INFO(name);
    CHECK(text.find("\n" + name + " ") != std::string::npos);
    CHECK(csv.find("\n" + name + ",") != std::string::npos);
    CHECK(t.contains("owner"));
  }
  CHECK(run("tables --format xml -o " + out.string()).exit_code == 2);
}

TEST_CASE("proposal.json and report.md name no absolute path of this machine", "[e2e][outputs]") {
  const fs::path out = analysed("relative");
  const std::string root = (fs::path(CLEAVE_SOURCE_DIR) / "samples" / "vetclinic").string();
  const std::string proposal = slurp(out / "proposal.json"), md = slurp(out / "report.md");
  CHECK(proposal.find(root) == std::string::npos);  // files, locations and the kernel's reasons
  CHECK(md.find(root) == std::string::npos);
  CHECK(proposal.find("\"src/billing/") != std::string::npos);
}
