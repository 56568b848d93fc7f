// docs/ci/ holds example pipelines for `cleave check`. These tests parse them
// and check that they do what docs/ci/README.md says: the GitHub workflow runs
// on pull requests, may write code scanning results, runs `cleave check` with
// --format sarif, uploads that same file with codeql-action/upload-sarif even
// when the check failed, then fails the job on the recorded exit code; its
// fact cache is the check's, keyed on the commit with restore keys. The GitLab
// job's JUnit report is the file its check writes. Every option the examples
// pass exists in `cleave check --help`. The pre-commit hook runs in a scratch
// git repository against a stand-in cleave. Each check returns its problems
// as text, so a test also shows that a broken example is caught.
#include "cli/cli.hpp"

#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Problems = std::vector<std::string>;

const fs::path kCiDir = fs::path(CLEAVE_SOURCE_DIR) / "docs" / "ci";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string scalar(const YAML::Node& node) { return node && node.IsScalar() ? node.as<std::string>() : ""; }

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The line of `script` that runs `cleave check` (the first), split in words
// from "cleave" on; empty when there is none.
std::vector<std::string> check_command(const std::string& script) {
  std::istringstream in(script);
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find("cleave check ");
    if (at != std::string::npos) return words(line.substr(at));
  }
  return {};
}

// The value after `option` in `command`, if any.
std::optional<std::string> option_value(const std::vector<std::string>& command, const std::string& option) {
  for (std::size_t i = 0; i + 1 < command.size(); ++i) {
    if (command[i] == option) return command[i + 1];
  }
  return std::nullopt;
}

// The index of the first step whose `key` (run or uses) contains `part`; -1 when none.
int step_with(const YAML::Node& steps, const std::string& key, const std::string& part) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (contains(scalar(steps[i][key]), part)) return static_cast<int>(i);
  }
  return -1;
}

Problems check_github_check_step(const YAML::Node& steps, int check, const std::vector<std::string>& command) {
  Problems problems;
  if (option_value(command, "--format") != "sarif") problems.push_back("the check step does not use --format sarif");
  if (!option_value(command, "-p")) problems.push_back("the check step has no -p BUILD_DIR");
  if (!option_value(command, "--baseline")) problems.push_back("the check step reads no --baseline");
  // The job goes on to the upload: the step records the exit code, or continues on error.
  const std::string run = scalar(steps[check]["run"]);
  const bool recorded = contains(run, "status=$?") && contains(run, "GITHUB_OUTPUT");
  if (!recorded && scalar(steps[check]["continue-on-error"]) != "true") {
    problems.push_back("a failed check stops the job before the upload (record the exit code or continue-on-error)");
  }
  if (scalar(steps[check]["id"]).empty()) problems.push_back("the check step has no id to read its outcome by");
  return problems;
}

Problems check_github_upload(const YAML::Node& steps, int check, const std::string& sarif) {
  Problems problems;
  const int upload = step_with(steps, "uses", "github/codeql-action/upload-sarif@");
  if (upload < 0) return {"no step uses github/codeql-action/upload-sarif"};
  if (upload < check) problems.push_back("the upload runs before the check");
  if (scalar(steps[upload]["with"]["sarif_file"]) != sarif) {
    problems.push_back("the upload reads '" + scalar(steps[upload]["with"]["sarif_file"]) + "', the check writes '" +
                       sarif + "'");
  }
  if (!contains(scalar(steps[upload]["if"]), "always()"))
    problems.push_back("the upload is skipped when the check failed");
  // The job fails on the recorded code, after the upload.
  const std::string id = scalar(steps[check]["id"]);
  bool fails = false;
  for (std::size_t i = static_cast<std::size_t>(upload) + 1; i < steps.size(); ++i) {
    const std::string cond = scalar(steps[i]["if"]);
    if (!id.empty() && contains(cond, "steps." + id + ".") && contains(scalar(steps[i]["run"]), "exit")) fails = true;
  }
  if (!fails) problems.push_back("no step after the upload fails the job on the check's exit code");
  return problems;
}

Problems check_github_cache(const YAML::Node& steps, int check, const std::string& build_dir) {
  const int cache = step_with(steps, "uses", "actions/cache@");
  if (cache < 0) return {"the fact cache is not cached (actions/cache)"};
  Problems problems;
  if (cache > check) problems.push_back("the cache is restored after the check");
  const YAML::Node with = steps[cache]["with"];
  if (scalar(with["path"]) != build_dir + "/.cleave-cache") {
    problems.push_back("the cache saves '" + scalar(with["path"]) + "', the check's cache is " + build_dir +
                       "/.cleave-cache");
  }
  if (!contains(scalar(with["key"]), "github.sha")) problems.push_back("the cache key is not the commit");
  if (scalar(with["restore-keys"]).empty()) problems.push_back("the cache has no restore-keys (a new commit misses)");
  return problems;
}

Problems check_github_workflow(const YAML::Node& workflow) {
  Problems problems;
  if (!workflow["on"] || !workflow["on"]["pull_request"])
    problems.push_back("the workflow does not run on pull_request");
  const YAML::Node jobs = workflow["jobs"];
  if (!jobs || !jobs.IsMap() || jobs.size() != 1) return {"expected one job"};
  const YAML::Node job = jobs.begin()->second;
  const YAML::Node permissions = job["permissions"] ? job["permissions"] : workflow["permissions"];
  if (scalar(permissions["security-events"]) != "write") problems.push_back("no permission security-events: write");
  const YAML::Node steps = job["steps"];
  if (!steps || !steps.IsSequence()) return {"the job has no steps"};
  if (step_with(steps, "uses", "actions/checkout@") != 0) problems.push_back("the first step is not the checkout");
  if (step_with(steps, "run", "scripts/install-deps.sh") < 0)
    problems.push_back("no step runs scripts/install-deps.sh");

  const int check = step_with(steps, "run", "cleave check ");
  if (check < 0) return {"no step runs cleave check"};
  const std::vector<std::string> command = check_command(scalar(steps[check]["run"]));
  for (auto& p : check_github_check_step(steps, check, command)) problems.push_back(p);
  const std::string build_dir = option_value(command, "-p").value_or("");
  const int configure = step_with(steps, "run", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON");
  if (configure < 0 || configure > check) {
    problems.push_back("no step before the check configures the project with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON");
  } else if (!contains(scalar(steps[configure]["run"]), "-B " + build_dir)) {
    problems.push_back("the project is configured elsewhere than the check's -p " + build_dir);
  }
  for (auto& p : check_github_upload(steps, check, option_value(command, "-o").value_or(""))) problems.push_back(p);
  for (auto& p : check_github_cache(steps, check, build_dir)) problems.push_back(p);
  const int annotations = step_with(steps, "run", "--format github");
  if (annotations < 0 || check_command(scalar(steps[annotations]["run"])).empty()) {
    problems.push_back("no step prints the check as GitHub annotations (--format github)");
  }
  return problems;
}

Problems check_gitlab_job(const YAML::Node& config) {
  Problems problems;
  for (const auto& entry : config) {
    const YAML::Node job = entry.second;
    if (!job.IsMap() || !job["script"]) continue;
    for (const auto& line : job["script"]) {
      const std::vector<std::string> command = check_command(scalar(line));
      if (command.empty()) continue;
      if (option_value(command, "--format") != "junit") problems.push_back("the check does not use --format junit");
      const std::string out = option_value(command, "-o").value_or("");
      const std::string report = scalar(job["artifacts"]["reports"]["junit"]);
      if (out.empty() || report != out) {
        problems.push_back("the JUnit report is '" + report + "', the check writes '" + out + "'");
      }
      if (scalar(job["artifacts"]["when"]) != "always") {
        problems.push_back("the report is kept only when the check passes (artifacts:when: always)");
      }
      return problems;
    }
  }
  return {"no job's script runs cleave check"};
}

YAML::Node load(const std::string& name) { return YAML::Load(read_file(kCiDir / name)); }

std::string joined(const Problems& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

}  // namespace

TEST_CASE("docs/ci/github-actions.yml checks, uploads the same SARIF, then fails on the exit code", "[docs][ci]") {
  const YAML::Node workflow = load("github-actions.yml");
  const Problems problems = check_github_workflow(workflow);
  INFO(joined(problems));
  CHECK(problems.empty());
}

TEST_CASE("docs/ci: a broken GitHub workflow is caught", "[docs][ci]") {
  auto broken = [](auto&& edit) {
    YAML::Node w = YAML::Clone(load("github-actions.yml"));
    edit(w["jobs"].begin()->second["steps"], w);
    return joined(check_github_workflow(w));
  };
  auto find = [](YAML::Node steps, const std::string& key, const std::string& part) {
    return steps[static_cast<std::size_t>(step_with(steps, key, part))];
  };
  CHECK(contains(broken([&](YAML::Node s, YAML::Node) { find(s, "uses", "upload-sarif")["with"]["sarif_file"] = "x"; }),
                 "the upload reads 'x'"));
  CHECK(contains(broken([](YAML::Node, YAML::Node w) { w["permissions"].remove("security-events"); }),
                 "security-events"));
  CHECK(contains(broken([&](YAML::Node s, YAML::Node) {
                   find(s, "run", "cleave check ")["run"] = "cleave check -p build --format junit -o cleave.sarif\n";
                 }),
                 "--format sarif"));
  CHECK(contains(broken([&](YAML::Node s, YAML::Node) { find(s, "uses", "actions/cache@")["with"]["path"] = "cache"; }),
                 "the cache saves 'cache'"));
  CHECK(contains(broken([&](YAML::Node s, YAML::Node) { find(s, "uses", "upload-sarif").remove("if"); }),
                 "skipped when the check failed"));
}

TEST_CASE("docs/ci/gitlab-ci.yml reports the JUnit file its check writes", "[docs][ci]") {
  const YAML::Node config = load("gitlab-ci.yml");
  const Problems problems = check_gitlab_job(config);
  INFO(joined(problems));
  CHECK(problems.empty());

  YAML::Node broken = YAML::Clone(config);
  broken["cleave-check"]["artifacts"]["reports"]["junit"] = "report.xml";
  CHECK(contains(joined(check_gitlab_job(broken)), "the JUnit report is 'report.xml'"));
}

TEST_CASE("docs/ci: every option the examples pass to cleave check exists", "[docs][ci]") {
  std::ostringstream help, err;
  REQUIRE(cleave::cli::run({"check", "--help"}, help, err) == 0);
  std::vector<std::string> lines;
  for (const char* name : {"github-actions.yml", "gitlab-ci.yml", "pre-commit", "README.md"}) {
    std::istringstream in(read_file(kCiDir / name));
    for (std::string line; std::getline(in, line);) {
      if (contains(line, "cleave check ")) lines.push_back(line);
    }
  }
  REQUIRE(lines.size() >= 4);
  for (const auto& line : lines) {
    for (const auto& w : check_command(line)) {
      if (w.rfind("-", 0) != 0 || w == "-" || w == "--") continue;
      // The option itself: what precedes '=', a backtick or punctuation in prose.
      const std::string option = w.substr(0, w.find_first_not_of("-abcdefghijklmnopqrstuvwxyz"));
      INFO(line << "\noption: " << option);
      CHECK(contains(help.str(), option));
    }
  }
}

TEST_CASE("docs/ci/pre-commit is an executable hook that runs the check, and README shows how to register it",
          "[docs][ci]") {
  const fs::path hook = kCiDir / "pre-commit";
  const std::string text = read_file(hook);
  CHECK(text.rfind("#!/usr/bin/env bash\n", 0) == 0);
  CHECK(contains(text, "cleave \"${args[@]}\""));
  CHECK(contains(text, "args=(check -p"));
  struct stat st {};
  REQUIRE(::stat(hook.c_str(), &st) == 0);
  CHECK((st.st_mode & S_IXUSR) != 0);

  // The README's ```yaml block registering it with pre-commit.
  const std::string readme = read_file(kCiDir / "README.md");
  const auto open = readme.find("```yaml\nrepos:");
  REQUIRE(open != std::string::npos);
  const auto body = open + 8;
  const YAML::Node config = YAML::Load(readme.substr(body, readme.find("```", body) - body));
  const YAML::Node hook_entry = config["repos"][0]["hooks"][0];
  CHECK(scalar(config["repos"][0]["repo"]) == "local");
  CHECK(scalar(hook_entry["id"]) == "cleave-check");
  CHECK(scalar(hook_entry["language"]) == "script");
  CHECK(scalar(hook_entry["pass_filenames"]) == "false");
  CHECK_FALSE(scalar(hook_entry["entry"]).empty());
}

namespace {

// Runs the hook in `repo` with `path` as PATH (and `env`); its exit code and stderr.
std::pair<int, std::string> run_hook(const fs::path& repo, const std::string& path, const std::string& env = "") {
  const fs::path err = repo / ".hook-stderr";
  const std::string cmd = "cd " + repo.string() + " && env PATH=" + path + " " + env + " " +
                          (kCiDir / "pre-commit").string() + " >/dev/null 2>" + err.string();
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(err)};
}

}  // namespace

TEST_CASE("docs/ci/pre-commit: skips commits without C++, passes cleave's exit code on", "[docs][ci]") {
  const fs::path repo = fs::temp_directory_path() / ("cleave-ci-hook-" + std::to_string(::getpid()));
  fs::remove_all(repo);
  fs::create_directories(repo / "bin");
  fs::create_directories(repo / "build");
  const std::string sys = "/usr/bin:/bin";
  REQUIRE(std::system(("cd " + repo.string() + " && git init -q .").c_str()) == 0);
  std::ofstream(repo / "notes.txt") << "no code\n";
  REQUIRE(std::system(("cd " + repo.string() + " && git add notes.txt").c_str()) == 0);
  // No C++ staged: nothing to check, even without cleave.
  CHECK(run_hook(repo, sys).first == 0);

  std::ofstream(repo / "a.cpp") << "int main() {}\n";
  REQUIRE(std::system(("cd " + repo.string() + " && git add a.cpp").c_str()) == 0);
  const auto missing = run_hook(repo, sys);
  CHECK(missing.first == 1);
  CHECK(contains(missing.second, "cleave is not on PATH"));

  // A stand-in cleave that records its arguments and exits with $FAKE_STATUS.
  std::ofstream(repo / "bin" / "cleave") << "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/args\"\nexit "
                                            "${FAKE_STATUS:-0}\n";
  fs::permissions(repo / "bin" / "cleave", fs::perms::owner_all);
  const std::string path = (repo / "bin").string() + ":" + sys;
  const auto no_db = run_hook(repo, path);
  CHECK(no_db.first == 1);
  CHECK(contains(no_db.second, "compile_commands.json"));

  std::ofstream(repo / "build" / "compile_commands.json") << "[]\n";
  std::ofstream(repo / ".cleave-baseline.json") << "{}\n";
  CHECK(run_hook(repo, path).first == 0);
  CHECK(read_file(repo / "bin" / "args") == "check -p build --no-progress --baseline .cleave-baseline.json\n");
  for (int status : {1, 2, 3}) {
    const auto r = run_hook(repo, path, "FAKE_STATUS=" + std::to_string(status));
    INFO(status << ": " << r.second);
    CHECK(r.first == status);
  }
  fs::remove_all(repo);
}
