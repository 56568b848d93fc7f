// The commands of the command line, as glue: each reads its options, calls
// the pipeline (analyzer/pipeline) and the report registry, and prints.
#pragma once

#include "pipeline/pipeline.hpp"
#include "reports/registry/registry.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace cleave::cli {

struct AnalyzeOptions {
  pipeline::Request request;
  pipeline::DecomposeSettings decompose;
  std::string out_dir = "cleave-out";
  std::string config_file;  // empty: .cleave.yaml found upward from the working directory
  // Outputs besides model.json and proposal.json (reports/registry).
  std::vector<std::string> formats = report::default_formats();
  bool progress = true;   // only when stderr is a terminal
  bool sam = false;       // --sam: also write OUT/sam/ (the "sam" format)
  std::string cache_dir;  // --cache; empty: $CLEAVE_CACHE_DIR, else BUILD_DIR/.cleave-cache
  bool no_cache = false;  // --no-cache: parse every TU, keep nothing
  bool timings = false;   // --timings: each stage's wall time on stderr
};

// The fact cache a run uses: none with --no-cache, else --cache, else
// $CLEAVE_CACHE_DIR when set (one cache for every build directory, as a CI
// job keeps between runs), else .cleave-cache beside the compilation database.
std::string cache_dir_for(const std::string& database, const std::string& cache_dir, bool no_cache);

// The outputs of a finished pipeline run, then the summary on `out`: shared by
// `cleave analyze` and `cleave merge`, so the two write the same files.
// `started` is when the command began (for the summary's time).
int write_run(const pipeline::Result& r, const AnalyzeOptions& options, const config::ProjectConfig& config,
              std::chrono::steady_clock::time_point started, std::ostream& out, std::ostream& err);

// `cleave analyze`: the whole pipeline, then every output.
int analyze(const AnalyzeOptions& options, std::ostream& out, std::ostream& err);

// `cleave explain NAME`, `cleave tables` and `cleave report`: read
// OUT_DIR/model.json of a finished analysis, decompose it again
// (deterministic, same config), answer.
struct FromModelOptions {
  std::string out_dir = "cleave-out";
  pipeline::DecomposeSettings decompose;
  std::string config_file;
};
// OUT_DIR/model.json of a finished analysis (`root`, when given, receives
// the root its paths were relative to); a missing file is an InputError that
// says to run `cleave analyze` first. Shared by every command that reads one.
Model load_model(const std::string& out_dir, std::string* root = nullptr);
// The proposal `cleave analyze` made of `model`, again: `config` when given,
// else the config of `options` (or the one found upward from here).
Proposal decompose_again(const Model& model, const FromModelOptions& options,
                         const config::ProjectConfig* config = nullptr);
int explain(const FromModelOptions& options, const std::vector<std::string>& queries, std::ostream& out);
// `cleave tables`: the CRUD matrix by service (with the proposal's owners),
// class or file, as text, csv or json (sql/crud_matrix.hpp).
int tables(const FromModelOptions& options, const std::string& by, const std::string& format, std::ostream& out);
// After editing .cleave.yaml, say: rewrite every report without parsing.
int report(const FromModelOptions& options, const std::vector<std::string>& formats, std::ostream& out);

// `cleave sam`: the SAM application of the proposal, OUT/sam/ replaced as a
// whole. Settings: the config's `sam:` section, then these (validated).
struct SamOverrides {
  std::string architecture, table_mode;  // empty: from the config
  unsigned memory = 0, timeout = 0;      // 0: from the config
};
int sam(const FromModelOptions& options, const SamOverrides& overrides, std::ostream& out);

// The config's SAM settings with the command line's on top; throws
// InputError naming the option when one is invalid.
config::SamConfig sam_settings(config::SamConfig from_config, const SamOverrides& overrides);

// Every output of `formats` (and model.json, proposal.json) from one report
// context, replacing `out_dir` as a whole (write_output_set); returns the paths.
std::vector<std::string> write_outputs(const report::ReportInput& input, const std::filesystem::path& out_dir,
                                       const std::vector<std::string>& formats);
// `out_dir` ends up holding exactly `files` and core's output marker, or, if
// the run is interrupted, what it held before: never a mix of two runs, never
// a file of an earlier run. Returns the paths written.
std::vector<std::string> write_output_set(const std::filesystem::path& out_dir,
                                          const std::vector<report::OutputFile>& files);

// Progress where stderr is no terminal (a CI log): a line when another 5 % of
// the TUs is done, when kEverySeconds have passed, and at the end, e.g.
// "[120/860] 13 %, 9 min left"; empty when nothing is due. `state` carries
// what was last printed.
struct PlainProgress {
  static constexpr double kEverySeconds = 10;
  unsigned last_percent = 0;
  double last_seconds = 0;
};
std::string plain_progress_line(const frontend::Progress& p, PlainProgress& state);
// The progress callback of a parse: redrawn in place on a terminal, plain
// lines (plain_progress_line) elsewhere.
std::function<void(const frontend::Progress&)> progress_printer(const std::string& root, std::ostream& err);

// The project's name for reports: the root folder's name.
std::string project_name(const std::string& root);

}  // namespace cleave::cli
