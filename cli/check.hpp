// The drift-check commands (issue 13): accept, check, baseline, diff. Glue
// over analyzer/check and reports/check, like the other commands.
#pragma once

#include "cli/analyze.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace cleave::cli {

// `cleave accept [-o OUT_DIR] [--architecture FILE]`: OUT_DIR/model.json
// decomposed again (same config), written as architecture.yaml (default: at
// the project root), keeping what people wrote in the previous file.
struct AcceptOptions {
  FromModelOptions from;
  std::string architecture;  // empty: ROOT/architecture.yaml
};
int accept(const AcceptOptions& options, std::ostream& out);

// `cleave check` and `cleave baseline`: parse (through the fact cache), build
// the model, evaluate the architecture.
struct CheckOptions {
  pipeline::Request request;
  std::string config_file;
  std::string architecture;  // empty: ROOT/architecture.yaml
  std::string baseline;      // check: read; baseline: -o, written
  std::string format;        // text | sarif | junit | github | json | md; empty: text (+ github on GitHub Actions)
  std::string output;        // -o FILE for check; empty: stdout
  std::string fail_on = "error";
  bool allow_stale = false;
  bool progress = true;
  std::string cache_dir;
  bool no_cache = false;
  bool list_rules = false;
};
int check(const CheckOptions& options, std::ostream& out, std::ostream& err);
int baseline(const CheckOptions& options, std::ostream& out, std::ostream& err);

// `cleave diff OLD_OUT NEW_OUT`: the coupling trend between two analyses.
struct DiffOptions {
  std::string old_out, new_out;
  std::string architecture;     // optional: contexts from this file for both sides
  std::string format = "text";  // text | json | md
};
int diff(const DiffOptions& options, std::ostream& out);

}  // namespace cleave::cli
