// The fact cache: each TU's facts kept on disk, so that a run in which
// nothing changed parses nothing and a changed header re-parses exactly the
// TUs that read it.
//
// Contract
//  - An entry is found by its key: the TU's file and effective arguments, the
//    front-end options that decide what is extracted (project root,
//    third-party globs, skipped bodies), libclang's version, the facts format
//    version and the identity of the cleave binary (its GNU build id, which
//    changes with every build, so an extractor fix never meets stale facts).
//  - An entry holds the content hash (XXH3-128) of every file the parse read
//    (TuFacts::includes) and is used only while each of them still hashes the
//    same: a change to the TU, to any header it included or to its flags is a
//    miss. A file is read and hashed once per run, however many TUs include it.
//  - Concurrent runs on one cache are safe: an entry is written to a
//    temporary file beside it and renamed into place, so a reader sees a whole
//    entry or none, never half of one.
//  - Never trusted: an entry that is truncated, fails its checksum, carries
//    another key or was written by another format is reported once (notes())
//    and the TU parsed again, its entry replaced.
//  - A cache directory that cannot be written still serves its hits; the run
//    goes on, with one note.
//  - Thread-safe: every worker may look up and store at once.
#pragma once

#include "core/facts.hpp"
#include "frontend/frontend.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cleave::pipeline {

// What besides a TU's own command decides its facts, fixed for one run.
struct CacheSalt {
  std::string libclang_version;
  std::string cleave_build;  // executable_build_id()
  std::string project_root;
  std::vector<std::string> third_party;
  bool skip_function_bodies = false;
};

// The running binary's GNU build id as hex, or a hash of the executable when
// it has none.
std::string executable_build_id();

class FactCache {
 public:
  FactCache(std::string dir, CacheSalt salt);

  // The facts stored for `job`, when every file they depend on is unchanged.
  std::optional<TuFacts> lookup(const frontend::ParseJob& job);
  // Keeps `facts` for `job`; a TU that failed outright is not kept (it may
  // parse next time). Never throws: a write that fails is a note.
  void store(const frontend::ParseJob& job, const TuFacts& facts);

  struct Counts {
    std::size_t hits = 0, misses = 0, stored = 0, rejected = 0;
  };
  Counts counts() const;
  // Things a user should know, each said once: rejected entries, a cache
  // that could not be written.
  std::vector<std::string> notes() const;

  const std::string& dir() const { return dir_; }

 private:
  std::string key(const frontend::ParseJob& job) const;
  std::string entry_path(const std::string& key) const;
  std::optional<std::string> content_hash(const std::string& file);
  void note(std::string text);

  std::string dir_;
  std::string salt_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::optional<std::string>> hashes_;  // file -> hash (none: unreadable)
  Counts counts_;
  std::vector<std::string> notes_;
  bool write_failed_ = false;
};

// `cleave cache stats` and `cleave cache prune`.
struct CacheStats {
  std::size_t entries = 0;
  std::uintmax_t bytes = 0;
  std::size_t other_files = 0;  // temporary files of interrupted writes, strays
};
CacheStats cache_stats(const std::string& dir);

struct PruneLimits {
  std::optional<std::uintmax_t> max_bytes;  // remove the least recently used entries beyond this
  std::optional<double> older_than_days;    // remove entries not used for this long
};
struct PruneResult {
  std::size_t removed = 0;
  std::uintmax_t freed = 0;
  CacheStats left;
};
// Throws InputError when `dir` is not a cache directory cleave wrote.
PruneResult prune_cache(const std::string& dir, const PruneLimits& limits);

// "512M", "2G", "1500k", "1048576" -> bytes; throws InputError naming `what`.
std::uintmax_t parse_size(const std::string& text, const std::string& what);

}  // namespace cleave::pipeline
