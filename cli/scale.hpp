// The commands that make a second run nearly free and a first run divisible:
// `cleave extract` (one shard's facts), `cleave merge` (every shard's facts,
// then exactly the outputs of `cleave analyze`) and `cleave cache`.
#pragma once

#include "cli/analyze.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace cleave::cli {

struct ExtractOptions {
  pipeline::Request request;  // the TU selection, as for analyze
  std::string shard;          // "K/N"
  std::string out_dir;        // FACTS_DIR
  std::string cache_dir;
  bool no_cache = false;
  bool progress = true;
};
int extract(const ExtractOptions& options, std::ostream& out, std::ostream& err);

// The shard files or folders, and everything analyze takes after parsing.
struct MergeOptions {
  std::vector<std::string> inputs;
  AnalyzeOptions analyze;
};
int merge(const MergeOptions& options, std::ostream& out, std::ostream& err);

struct CacheCommand {
  std::string action;     // "stats" | "prune"
  std::string cache_dir;  // --cache
  std::string build_dir;  // -p: its .cleave-cache
  std::string max_size;   // prune --max-size
  std::optional<double> older_than_days;
};
int cache(const CacheCommand& command, std::ostream& out);

}  // namespace cleave::cli
