// The analysis as a library: each stage a typed value with a short contract.
//
//   Request --plan--> Plan --parse--> Program --data_access--> DataAccessFacts
//           --build_model--> Model --propose--> Proposal --collect_findings--> findings
//
// Contract
//  - Input problems surface before any parsing: plan() reads the compilation
//    database and throws InputError naming the file and line; the caller
//    resolves the project config (config::resolve_config) once, before plan(),
//    and hands the same ProjectConfig to every stage that reads it.
//  - parse() parses every TU once on all cores, or takes its facts from the
//    fact cache when nothing it read has changed (pipeline/fact_cache.hpp),
//    and folds each TU's facts into the program as the TU finishes; no stage
//    holds every TU's facts at once. A sharded run parses a part of the plan
//    on each machine and merges the parts before finish() (pipeline/shards.hpp).
//    A TU that does not parse is recorded (Model::tus) and the run goes on.
//  - Every stage is deterministic: same input, same value, whatever the TU
//    order or the number of workers.
//  - Nothing here writes files or prints: the CLI prints, the report
//    generators (reports/registry) render, and core/atomic_write writes.
//  - Throws InputError for bad input; everything a person may act on that is
//    not a tool failure is a Finding.
#pragma once

#include "config/config.hpp"
#include "core/findings.hpp"
#include "decompose/proposal.hpp"
#include "frontend/frontend.hpp"
#include "model/model.hpp"
#include "model/program.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cleave::pipeline {

// What to analyse and how; plain values, no command-line types.
struct Request {
  std::string build_dir;  // holds compile_commands.json
  std::string root;       // project root; detected from the TUs when empty
  std::string out_dir;    // kept out of the schema search
  unsigned jobs = 0;      // 0 = all cores
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  // Only these sources (as on a clang tool's command line: paths relative to
  // the working directory or absolute), each of which must be in the database.
  std::vector<std::string> sources;
  std::vector<std::string> extra_args;
  std::vector<std::string> remove_args;
  std::vector<std::string> third_party;   // added to the defaults
  std::vector<std::string> rule_files;    // project DB API rules, added to cleave's and the config's
  std::vector<std::string> schema_files;  // .sql; then the config's; then found under the root
  bool skip_function_bodies = false;
  bool parse_system_bodies = false;  // parse system headers' function bodies too (slower, same facts)
  // The fact cache (pipeline/fact_cache.hpp); empty: every TU is parsed.
  std::string cache_dir;
  std::function<void(const frontend::Progress&)> progress;  // serialised; may be empty
};

// Decomposition values given on the command line; unset ones come from the
// config file, then the defaults.
struct DecomposeSettings {
  std::optional<unsigned> services;
  std::optional<double> resolution;
  std::optional<unsigned> seed;
};

// The TUs to parse and how, decided before any parsing.
struct Plan {
  std::string database;  // path of compile_commands.json
  std::size_t database_entries = 0;
  std::string root;
  std::vector<frontend::ParseJob> jobs;  // in file order
  std::vector<std::string> notes;        // for the console: database notes, dropped flags
};

// How the TUs' facts were had, for the summary.
struct ParseReport {
  std::size_t tus = 0;
  std::size_t from_cache = 0;
  std::string cache_dir;           // empty: no cache
  std::vector<std::string> notes;  // rejected cache entries, a cache that cannot be written
};

Plan plan(const Request& request);
// Parses `jobs` (the plan's, or a shard of them), through the fact cache when
// the request names one.
Program parse(const std::vector<frontend::ParseJob>& jobs, const std::string& root, const Request& request,
              ParseReport& report);
// The same, handing each TU's facts to `sink` as it finishes (serialised, in
// completion order) instead of folding them into a program.
void parse_each(const std::vector<frontend::ParseJob>& jobs, const std::string& root, const Request& request,
                ParseReport& report, const std::function<void(TuFacts&&)>& sink);
DataAccessFacts data_access(const Program& program, const Request& request, const config::ProjectConfig& config,
                            const std::string& root);
Proposal propose(const Model& model, const config::ProjectConfig& config, const DecomposeSettings& settings);
// Everything a person may act on, fingerprinted (core/findings.hpp);
// locations relative to `root`.
std::vector<Finding> collect_findings(const Model& model, const Proposal& proposal, const std::string& root);

struct Result {
  Plan plan;
  ParseReport parse;
  Model model;
  Proposal proposal;
  std::vector<Finding> findings;
  std::vector<std::pair<std::string, double>> seconds;  // wall time of each stage, in order
};

// Every stage in order; the second form starts from a plan already made
// (the CLI checks its output directory between planning and parsing).
Result run(const Request& request, const config::ProjectConfig& config, const DecomposeSettings& settings);
Result run(Plan plan, const Request& request, const config::ProjectConfig& config, const DecomposeSettings& settings);
// The stages after parsing, on a whole program: a single run's, or the facts
// of every shard merged (pipeline/shards.hpp).
Result finish(Plan plan, Program program, const Request& request, const config::ProjectConfig& config,
              const DecomposeSettings& settings);

// cleave's own rule files (rules/db_apis.json): $CLEAVE_RULES_DIR, the
// installed share/cleave/rules, or the source tree.
std::vector<std::string> builtin_rule_files();

// The .sql files under the project root, outside build trees (a directory
// named build, build-*, cmake-build*, or holding CMakeCache.txt or a
// compile_commands.json that is not a link; the root itself never is),
// hidden directories, node_modules, the output directory and vendored
// trees; sorted. `files` define schema (sql::defines_schema: CREATE TABLE,
// a routine, ALTER TABLE), `not_schema` hold only queries, rows or scratch.
struct SchemaSearch {
  std::vector<std::string> files;
  std::vector<std::string> not_schema;
};
SchemaSearch find_schema_files(const std::string& root, const std::string& out_dir);

// Project root: from the TUs' common directory, the top of its chain of
// CMakeLists.txt when there is one, else the nearest ancestor holding .git,
// else the common directory itself.
std::string detect_project_root(const std::vector<std::string>& files);

}  // namespace cleave::pipeline
