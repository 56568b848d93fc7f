// `cleave analyze`: compilation database -> front end -> SQL -> model ->
// outputs. Every output is written atomically; the output directory is
// checked before any parsing so a bad -o fails fast.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace cleave::cli {

struct AnalyzeOptions {
  std::string build_dir;  // -p
  std::string out_dir = "cleave-out";
  std::string root;       // project root; detected when empty
  unsigned jobs = 0;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::vector<std::string> extra_args;
  std::vector<std::string> remove_args;
  std::vector<std::string> third_party;  // added to the defaults
  std::vector<std::string> rule_files;   // project DB API rules, added to cleave's
  std::vector<std::string> schema_files; // .sql schema; found under the root when empty
  bool skip_function_bodies = false;
  // Decomposition: unset values come from the config file, then defaults.
  std::optional<unsigned> services;
  std::optional<double> resolution;
  std::optional<unsigned> seed;
  std::string config_file;
  // Outputs besides model.json and proposal.json: html, md, dot, svg, cml.
  std::vector<std::string> formats{"html", "md", "dot", "svg"};
  bool progress = true;  // only when stderr is a terminal
};

int analyze(const AnalyzeOptions& options, std::ostream& out, std::ostream& err);

// `cleave explain NAME` and `cleave tables`: read OUT_DIR/model.json of a
// finished analysis, decompose it again (deterministic, same config), answer.
struct FromModelOptions {
  std::string out_dir = "cleave-out";
  std::optional<unsigned> services;
  std::optional<double> resolution;
  std::optional<unsigned> seed;
  std::string config_file;
};
int explain(const FromModelOptions& options, const std::string& query, std::ostream& out);
int tables(const FromModelOptions& options, const std::string& by, std::ostream& out);
// `cleave report`: decompose OUT/model.json again and rewrite every report
// (after editing .cleave.yaml, say) without parsing anything.
int report(const FromModelOptions& options, const std::vector<std::string>& formats, std::ostream& out);

// cleave's own rule files (rules/db_apis.json): $CLEAVE_RULES_DIR, the
// installed share/cleave/rules, or the source tree.
std::vector<std::string> rule_files();

// .sql files under the project root, outside build and vendored trees.
std::vector<std::string> find_schema_files(const std::string& root, const std::string& out_dir);

// Project root: from the TUs' common directory, the top of its chain of
// CMakeLists.txt when there is one, else the nearest ancestor holding .git,
// else the common directory itself.
std::string detect_project_root(const std::vector<std::string>& files);

}  // namespace cleave::cli
