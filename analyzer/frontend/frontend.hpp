// The front end: libclang parses each translation unit once and the facts
// (symbols, edges, folded strings at call sites) come out as plain data.
//
// Contract
//  - One parse per TU, on a pool of workers; each TU is disposed of as soon
//    as its facts are out.
//  - parse_each streams: it hands each TU's facts to the sink as that TU
//    finishes, so a caller that folds them in and lets them go never holds
//    every TU's facts at once. The sink sees completion order, which varies
//    from run to run with more than one worker (callers must not depend on
//    it; the job index says which TU it is), and is never called
//    concurrently (calls are serialised, so it need not be thread-safe).
//  - parse_all collects the same facts in job order, whatever the thread
//    count.
//  - Only project code yields facts: files in system headers, outside the
//    project root, under a vendored folder (vendored_folder) or matching a
//    third-party glob are skipped.
//  - A TU that fails to parse, or crashes libclang, becomes a TuFacts with
//    status Failed and its diagnostics; it never stops the run.
//  - Reads through libclang's unsaved files when given, so tests never touch
//    the disk.
//  - Only this stage sees libclang types.
#pragma once

#include "core/facts.hpp"
#include "core/glob.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cleave::frontend {

struct UnsavedFile {
  std::string path;  // absolute
  std::string content;
};

struct ParseJob {
  std::string file;                  // absolute
  std::vector<std::string> args;     // compiler flags (no argv[0], no file)
  std::vector<std::string> dropped;  // flags already removed, for the report
  // Why the entry cannot be parsed at all (its file or directory is gone, it
  // is no C or C++ source), found while planning: the TU is reported as
  // failed with this message and libclang is not called. Empty: parse it.
  std::string problem;
};

struct Progress {
  std::size_t done = 0;
  std::size_t total = 0;
  std::string current;
  double elapsed_seconds = 0;
};

struct FrontendOptions {
  unsigned jobs = 0;                     // 0 = all cores
  std::string project_root;              // files outside it are not the project's
  std::vector<std::string> third_party;  // globs of paths to skip (vendored code), besides vendored folders
  bool skip_function_bodies = false;     // 3.5x faster, loses calls and SQL
  bool skip_system_bodies = true;        // system headers' function bodies: no facts, a sixth of the parse
  std::vector<UnsavedFile> unsaved;
  std::function<void(const Progress&)> progress;  // called from workers, serialised
  // Facts kept from an earlier run (the fact cache): a job it answers is not
  // parsed. Called from the workers, concurrently.
  std::function<std::optional<TuFacts>(const ParseJob&)> reuse;
  // Each TU parsed (not those reused), from the worker that parsed it, before
  // the sink sees it: to keep its facts. Called concurrently.
  std::function<void(const ParseJob&, const TuFacts&)> keep;
};

// The clang resource directory (stddef.h and friends) this build found.
std::string resource_dir();

// libclang's own version string ("Debian clang version 16.0.6 (...)").
std::string libclang_version();

TuFacts parse_tu(const ParseJob& job, const FrontendOptions& options);

// Parses every job and calls `sink(job_index, facts)` once per job as it
// completes (see the contract above). If the sink throws, no further job is
// started, the jobs in flight finish without reaching the sink, and the first
// exception is rethrown here once the workers have stopped.
void parse_each(const std::vector<ParseJob>& jobs, const FrontendOptions& options,
                const std::function<void(std::size_t job_index, TuFacts&& facts)>& sink);

// Every job's facts, in job order.
std::vector<TuFacts> parse_all(const std::vector<ParseJob>& jobs, const FrontendOptions& options);

// The folder names that hold vendored or fetched dependencies (third_party,
// 3rdparty, vendor, dep, deps, contrib, extern, external, _deps, ...).
const std::vector<std::string>& vendored_folder_names();

// The vendored folder `path` lies in: the path up to the first folder below
// `root` whose name is one of vendored_folder_names(); empty when there is
// none. Only the part below the root counts, so a project kept under
// ~/deps/ is not vendored as a whole. An empty root: the whole path counts.
std::string vendored_folder(const std::string& path, const std::string& root);

}  // namespace cleave::frontend
