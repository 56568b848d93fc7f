// The front end: libclang parses each translation unit once and the facts
// (symbols, edges, folded strings at call sites) come out as plain data.
//
// Contract
//  - One parse per TU, on a pool of workers; each TU is disposed of as soon
//    as its facts are out. Results come back in job order, whatever the
//    thread count.
//  - Only project code yields facts: files in system headers, outside the
//    project root, or matching a third-party glob are skipped.
//  - A TU that fails to parse, or crashes libclang, becomes a TuFacts with
//    status Failed and its diagnostics; it never stops the run.
//  - Reads through libclang's unsaved files when given, so tests never touch
//    the disk.
//  - Only this stage sees libclang types.
#pragma once

#include "core/facts.hpp"
#include "core/glob.hpp"

#include <functional>
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
};

struct Progress {
  std::size_t done = 0;
  std::size_t total = 0;
  std::string current;
  double elapsed_seconds = 0;
};

struct FrontendOptions {
  unsigned jobs = 0;                      // 0 = all cores
  std::string project_root;               // files outside it are not the project's
  std::vector<std::string> third_party;   // globs of paths to skip (vendored code)
  bool skip_function_bodies = false;      // 3.5x faster, loses calls and SQL
  std::vector<UnsavedFile> unsaved;
  std::function<void(const Progress&)> progress;  // called from workers, serialised
};

// The clang resource directory (stddef.h and friends) this build found.
std::string resource_dir();

TuFacts parse_tu(const ParseJob& job, const FrontendOptions& options);
// Parses every job on the pool and hands each TU's facts to `sink` as the TU
// finishes: in completion order (callers must not depend on it), never two
// calls at once (the sink need not be thread-safe). The facts are the sink's
// to keep or drop; nothing else holds them.
void parse_each(const std::vector<ParseJob>& jobs, const FrontendOptions& options,
                const std::function<void(std::size_t job_index, TuFacts&& facts)>& sink);
// Every TU's facts, in job order.
std::vector<TuFacts> parse_all(const std::vector<ParseJob>& jobs, const FrontendOptions& options);

// Default third-party globs: vendored and fetched dependencies.
std::vector<std::string> default_third_party();

}  // namespace cleave::frontend
