// The commands of the command line, as glue: each reads its options, calls
// the pipeline (analyzer/pipeline) and the report registry, and prints.
#pragma once

#include "pipeline/pipeline.hpp"
#include "reports/registry/registry.hpp"

#include <filesystem>
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
  bool progress = true;  // only when stderr is a terminal
};

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
int explain(const FromModelOptions& options, const std::string& query, std::ostream& out);
int tables(const FromModelOptions& options, const std::string& by, std::ostream& out);
// After editing .cleave.yaml, say: rewrite every report without parsing.
int report(const FromModelOptions& options, const std::vector<std::string>& formats, std::ostream& out);

// Every output of `formats` (and model.json, proposal.json) from one report
// context, each file written atomically under `out_dir`; returns the paths.
std::vector<std::string> write_outputs(const Model& model, const Proposal& proposal,
                                       const std::vector<Finding>& findings, const std::string& root,
                                       const std::filesystem::path& out_dir, const std::vector<std::string>& formats);

}  // namespace cleave::cli
