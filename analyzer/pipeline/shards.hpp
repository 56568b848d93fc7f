// Sharded runs: a plan's TUs split into N stable parts; `cleave extract`
// parses one part on any machine and writes its facts, `cleave merge` reads
// every part and runs the rest of the pipeline on the whole, so the outputs
// are those of a single `cleave analyze`, byte for byte.
//
// Contract
//  - shard_jobs is a stable partition: the TUs, largest source first (the
//    path breaks ties), each go to the shard with the fewest bytes so far. The
//    same plan gives the same shards on every machine, whatever the order of
//    the compilation database.
//  - A shard file is a header line, one JSON line (facts format version, K, N,
//    the plan's fingerprint, root, database, the shard's TUs in plan order),
//    then one facts record (core/facts_io) per TU. It is written to a
//    temporary file and renamed into place, so it is whole or absent.
//  - read_shards takes files or directories (every shard-*.facts in them) and
//    checks before merging anything: shards 1..N each exactly once, one N, one
//    plan, this cleave's facts format, every TU of a header present once.
//    Anything else is an InputError that names the shard files concerned.
//  - Wrapper discovery and every stage after parsing run on the merged whole
//    (pipeline::finish), never per shard: the SQL stage needs all TUs.
#pragma once

#include "pipeline/pipeline.hpp"

#include <string>
#include <vector>

namespace cleave::pipeline {

struct ShardSpec {
  unsigned index = 1;  // 1-based
  unsigned count = 1;
};

// "K/N" with 1 <= K <= N; throws InputError naming `what` otherwise.
ShardSpec parse_shard_spec(const std::string& text, const std::string& what = "--shard");

std::vector<frontend::ParseJob> shard_jobs(const Plan& plan, ShardSpec spec);

// The same for two plans of the same TUs, of the same sizes, with the same
// flags and root.
std::string plan_fingerprint(const Plan& plan);

// "shard-K-of-N.facts"
std::string shard_file_name(ShardSpec spec);

// Writes OUT_DIR/shard-K-of-N.facts as a whole: parses the shard's TUs
// (through the cache when the request names one) and returns the path.
std::string extract_shard(const Plan& plan, ShardSpec spec, const Request& request, const std::string& out_dir,
                          ParseReport& report);

// Every shard's facts folded into one program, with the plan they came from
// (root, database and notes; no jobs).
struct Merged {
  Plan plan;
  Program program;
  std::vector<std::string> files;  // the shard files read, sorted
};
Merged read_shards(const std::vector<std::string>& inputs);

}  // namespace cleave::pipeline
