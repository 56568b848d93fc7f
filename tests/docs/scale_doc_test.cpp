// docs/scale.md shows a sharded run as a GitHub Actions workflow and as
// Kubernetes Jobs. These tests parse its ```yaml blocks and check that the
// examples do what the page says: the matrix covers shards 1..N and each
// matrix job extracts `--shard ${{ matrix.shard }}/N`, the merge job needs the
// extract job and downloads what it uploaded; the Indexed Job has N
// completions, derives the shard from JOB_COMPLETION_INDEX, and shares its
// volume with the merge Job, which waits for exactly N shard files.
// Each check returns its problems as text, so a test can also show that a
// broken example is caught.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Problems = std::vector<std::string>;

std::string read_scale_md() {
  const std::filesystem::path path = std::filesystem::path(CLEAVE_SOURCE_DIR) / "docs" / "scale.md";
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The bodies of the ```yaml fenced blocks, in order.
std::vector<std::string> yaml_blocks(const std::string& markdown) {
  std::vector<std::string> blocks;
  std::istringstream in(markdown);
  std::string line;
  std::optional<std::string> open;
  while (std::getline(in, line)) {
    if (!open && line == "```yaml") {
      open.emplace();
    } else if (open && line.rfind("```", 0) == 0) {
      blocks.push_back(*open);
      open.reset();
    } else if (open) {
      *open += line + "\n";
    }
  }
  return blocks;
}

// The positive integer right after `prefix` in `text`, if any.
std::optional<long> number_after(const std::string& text, const std::string& prefix) {
  const auto at = text.find(prefix);
  if (at == std::string::npos) return std::nullopt;
  std::size_t i = at + prefix.size();
  long n = 0;
  bool any = false;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    n = n * 10 + (text[i] - '0');
    any = true;
  }
  if (!any) return std::nullopt;
  return n;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A command as one string: a YAML scalar as is, a sequence joined by spaces.
std::string joined(const YAML::Node& node) {
  if (!node) return {};
  if (node.IsScalar()) return node.as<std::string>();
  std::string out;
  for (const auto& part : node) out += (out.empty() ? "" : " ") + part.as<std::string>();
  return out;
}

// The `run:` of the first step whose run contains `part`, if any.
std::optional<std::string> step_run(const YAML::Node& steps, const std::string& part) {
  for (const auto& step : steps) {
    if (step["run"] && contains(step["run"].as<std::string>(), part)) return step["run"].as<std::string>();
  }
  return std::nullopt;
}

// The `with:` of the first step that uses `action` (any version), or an undefined node.
YAML::Node step_with(const YAML::Node& steps, const std::string& action) {
  for (const auto& step : steps) {
    if (step["uses"] && step["uses"].as<std::string>().rfind(action + "@", 0) == 0) return step["with"];
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

Problems check_workflow(const YAML::Node& workflow) {
  Problems problems;
  const YAML::Node extract = workflow["jobs"]["extract"];
  const YAML::Node merge = workflow["jobs"]["merge"];
  if (!extract || !merge) return {"the workflow has no jobs.extract and jobs.merge"};

  const YAML::Node shards = extract["strategy"]["matrix"]["shard"];
  if (!shards || !shards.IsSequence() || shards.size() == 0) return {"jobs.extract has no strategy.matrix.shard list"};
  const auto n = static_cast<long>(shards.size());
  for (long k = 0; k < n; ++k) {
    if (shards[k].as<long>() != k + 1) problems.push_back("matrix.shard is not 1..N at position " + std::to_string(k));
  }
  const auto run = step_run(extract["steps"], "extract");
  if (!run) {
    problems.push_back("no extract step runs `cleave extract`");
  } else if (number_after(*run, "--shard ${{ matrix.shard }}/") != n) {
    problems.push_back("the extract step does not pass --shard ${{ matrix.shard }}/" + std::to_string(n) + ": " + *run);
  }
  const YAML::Node upload = step_with(extract["steps"], "actions/upload-artifact");
  if (!upload || !contains(upload["name"].as<std::string>(""), "${{ matrix.shard }}")) {
    problems.push_back("the extract job does not upload an artifact named after its shard");
  }

  const YAML::Node needs = merge["needs"];
  const bool needs_extract = needs && ((needs.IsScalar() && needs.as<std::string>() == "extract") ||
                                       (needs.IsSequence() && contains(joined(needs), "extract")));
  if (!needs_extract) problems.push_back("jobs.merge does not need the extract job");
  const YAML::Node download = step_with(merge["steps"], "actions/download-artifact");
  if (!download) {
    problems.push_back("the merge job downloads no artifact");
  } else {
    const std::string pattern = download["pattern"].as<std::string>("");
    const std::string upload_name = upload ? upload["name"].as<std::string>("") : "";
    const bool matches =
        !pattern.empty() && pattern.back() == '*' && upload_name.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
    if (!matches) problems.push_back("the download pattern '" + pattern + "' does not match '" + upload_name + "'");
    if (!download["merge-multiple"].as<bool>(false)) problems.push_back("the download does not merge-multiple");
  }
  const auto merge_run = step_run(merge["steps"], " merge ");
  if (!merge_run) problems.push_back("no merge step runs `cleave merge`");
  return problems;
}

// The claimName of the pod template's first PVC volume, or "".
std::string claim_of(const YAML::Node& job) {
  for (const auto& v : job["spec"]["template"]["spec"]["volumes"]) {
    if (v["persistentVolumeClaim"]) return v["persistentVolumeClaim"]["claimName"].as<std::string>("");
  }
  return {};
}

// Every container and init container's command and args, joined.
std::string pod_commands(const YAML::Node& job) {
  std::string out;
  for (const char* key : {"initContainers", "containers"}) {
    for (const auto& c : job["spec"]["template"]["spec"][key])
      out += joined(c["command"]) + " " + joined(c["args"]) + "\n";
  }
  return out;
}

Problems check_indexed_job(const YAML::Node& job, long& n) {
  Problems problems;
  n = job["spec"]["completions"].as<long>(0);
  const long parallelism = job["spec"]["parallelism"].as<long>(1);
  if (n < 1) problems.push_back("the Indexed Job has no completions");
  if (parallelism < 1 || parallelism > n) problems.push_back("parallelism is not within 1..completions");
  const std::string commands = pod_commands(job);
  if (!contains(commands, "cleave extract")) problems.push_back("the Indexed Job does not run cleave extract");
  const auto shard_n = number_after(commands, "--shard $((JOB_COMPLETION_INDEX + 1))/");
  if (shard_n != n) {
    problems.push_back("the Indexed Job does not pass --shard $((JOB_COMPLETION_INDEX + 1))/" + std::to_string(n) +
                       " (completions): " + commands);
  }
  const std::string restart = job["spec"]["template"]["spec"]["restartPolicy"].as<std::string>("");
  if (restart != "Never" && restart != "OnFailure")
    problems.push_back("a Job's pods need restartPolicy Never or OnFailure");
  return problems;
}

Problems check_kubernetes(const std::vector<YAML::Node>& docs) {
  Problems problems;
  const YAML::Node* extract = nullptr;
  const YAML::Node* merge = nullptr;
  std::vector<std::string> rwx_claims;
  for (const auto& doc : docs) {
    const std::string kind = doc["kind"].as<std::string>("");
    if (kind == "Job" && doc["spec"]["completionMode"].as<std::string>("") == "Indexed") {
      extract = &doc;
    } else if (kind == "Job") {
      merge = &doc;
    } else if (kind == "PersistentVolumeClaim" && contains(joined(doc["spec"]["accessModes"]), "ReadWriteMany")) {
      rwx_claims.push_back(doc["metadata"]["name"].as<std::string>(""));
    }
  }
  if (!extract || !merge) return {"the Kubernetes block needs a Job with completionMode Indexed and a merge Job"};
  long n = 0;
  problems = check_indexed_job(*extract, n);

  const std::string merge_commands = pod_commands(*merge);
  if (!contains(merge_commands, "cleave merge")) problems.push_back("the merge Job does not run cleave merge");
  if (number_after(merge_commands, "-of-") != n || number_after(merge_commands, "-eq ") != n) {
    problems.push_back("the merge Job does not wait for exactly " + std::to_string(n) +
                       " shard files: " + merge_commands);
  }
  const std::string claim = claim_of(*extract);
  if (claim.empty() || claim != claim_of(*merge)) problems.push_back("the two Jobs do not mount the same claim");
  if (std::find(rwx_claims.begin(), rwx_claims.end(), claim) == rwx_claims.end()) {
    problems.push_back("claim '" + claim + "' is not a ReadWriteMany PersistentVolumeClaim of the block");
  }
  return problems;
}

// The workflow block (it has `jobs:`) and the Kubernetes block (documents with `kind:`).
struct Examples {
  YAML::Node workflow;
  std::vector<YAML::Node> kubernetes;
};

Examples examples_of(const std::string& markdown) {
  Examples found;
  for (const auto& block : yaml_blocks(markdown)) {
    const std::vector<YAML::Node> docs = YAML::LoadAll(block);
    if (docs.size() == 1 && docs[0]["jobs"]) found.workflow = docs[0];
    if (!docs.empty() && docs[0]["kind"]) found.kubernetes = docs;
  }
  return found;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("docs/scale.md: the GitHub Actions workflow extracts shards 1..N and merges after them", "[docs]") {
  const Examples examples = examples_of(read_scale_md());
  REQUIRE(examples.workflow);
  const Problems problems = check_workflow(examples.workflow);
  for (const auto& p : problems) UNSCOPED_INFO(p);
  CHECK(problems.empty());
}

TEST_CASE("docs/scale.md: the Kubernetes Indexed Job and merge Job agree on N and the volume", "[docs]") {
  const Examples examples = examples_of(read_scale_md());
  REQUIRE(examples.kubernetes.size() >= 2);
  const Problems problems = check_kubernetes(examples.kubernetes);
  for (const auto& p : problems) UNSCOPED_INFO(p);
  CHECK(problems.empty());
}

TEST_CASE("docs/scale.md checks: a broken example is caught", "[docs]") {
  const std::string md = read_scale_md();
  const auto workflow_problems = [](const std::string& text) { return check_workflow(examples_of(text).workflow); };
  const auto k8s_problems = [](const std::string& text) { return check_kubernetes(examples_of(text).kubernetes); };
  REQUIRE(workflow_problems(md).empty());
  REQUIRE(k8s_problems(md).empty());

  CHECK_FALSE(workflow_problems(replaced(md, "shard: [1, 2, 3, 4]", "shard: [1, 2, 4]")).empty());
  CHECK_FALSE(
      workflow_problems(replaced(md, "--shard ${{ matrix.shard }}/4", "--shard ${{ matrix.shard }}/5")).empty());
  CHECK_FALSE(workflow_problems(replaced(md, "needs: extract", "needs: build")).empty());
  CHECK_FALSE(workflow_problems(replaced(md, "pattern: facts-*", "pattern: shards-*")).empty());
  CHECK_FALSE(k8s_problems(replaced(md, "completionMode: Indexed", "completionMode: NonIndexed")).empty());
  CHECK_FALSE(k8s_problems(replaced(md, "completions: 8", "completions: 6")).empty());
  CHECK_FALSE(k8s_problems(replaced(md, "parallelism: 8", "parallelism: 9")).empty());
  CHECK_FALSE(k8s_problems(replaced(md, "$((JOB_COMPLETION_INDEX + 1))", "$JOB_COMPLETION_INDEX")).empty());
  CHECK_FALSE(k8s_problems(replaced(md, "-eq 8", "-eq 7")).empty());
}
