#include "cli/scale.hpp"

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/paths.hpp"
#include "pipeline/fact_cache.hpp"
#include "pipeline/shards.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace cleave::cli {
namespace {

std::string megabytes(std::uintmax_t bytes) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / (1024.0 * 1024.0) << " MB";
  return s.str();
}

}  // namespace

int extract(const ExtractOptions& options, std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  const pipeline::ShardSpec spec = pipeline::parse_shard_spec(options.shard);
  pipeline::Request request = options.request;
  const pipeline::Plan plan = pipeline::plan(request);
  for (const auto& note : plan.notes) err << "note: " << note << "\n";
  if (plan.jobs.empty()) {
    throw InputError(plan.database, 0,
                     "no translation unit selected (" + std::to_string(plan.database_entries) + " in the database)",
                     "check the database and --include/--exclude");
  }
  ensure_writable_dir(options.out_dir);
  if (options.progress) request.progress = progress_printer(plan.root, err);
  request.cache_dir = cache_dir_for(plan.database, options.cache_dir, options.no_cache);
  pipeline::ParseReport report;
  const std::string path = pipeline::extract_shard(plan, spec, request, options.out_dir, report);
  for (const auto& note : report.notes) err << "note: " << note << "\n";
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << "cleave: shard " << spec.index << "/" << spec.count << ": " << report.tus << " of " << plan.jobs.size()
      << " TUs";
  if (!report.cache_dir.empty()) out << " (" << report.from_cache << " from the cache)";
  out << std::fixed << std::setprecision(1) << "; " << seconds << "s; wrote " << path << "\n";
  return 0;
}

int merge(const MergeOptions& options, std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  const AnalyzeOptions& a = options.analyze;
  // Every check before the work: the shards, the output directory, the config.
  pipeline::Merged merged = pipeline::read_shards(options.inputs);
  for (const auto& note : merged.plan.notes) err << "note: " << note << "\n";
  ensure_output_dir(a.out_dir);
  const config::ProjectConfig config = config::resolve_config(a.config_file, std::filesystem::current_path());
  pipeline::Request request = a.request;
  request.out_dir = a.out_dir;
  const double read_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  pipeline::Result r =
      pipeline::finish(std::move(merged.plan), std::move(merged.program), request, config, a.decompose);
  r.seconds.insert(r.seconds.begin(), {"merge", read_seconds});
  err << "cleave: merged " << merged.files.size() << " shard" << (merged.files.size() == 1 ? "" : "s") << "\n";
  return write_run(r, a, config, start, out, err);
}

int cache(const CacheCommand& command, std::ostream& out) {
  // The cache a run with the same -p or --cache uses (cache_dir_for).
  std::string dir = command.cache_dir;
  if (dir.empty() && !command.build_dir.empty()) {
    const std::filesystem::path p = normalize_path(command.build_dir);
    dir = cache_dir_for((std::filesystem::is_directory(p) ? p / "compile_commands.json" : p).string(), "", false);
  }
  if (const char* env = std::getenv("CLEAVE_CACHE_DIR"); dir.empty() && env && *env) dir = normalize_path(env);
  if (dir.empty()) {
    throw InputError("cleave cache", 0, "which cache?",
                     "name it with --cache DIR, -p BUILD_DIR for its .cleave-cache, or set CLEAVE_CACHE_DIR");
  }
  if (command.action == "stats") {
    const pipeline::CacheStats s = pipeline::cache_stats(dir);
    out << dir << ": " << s.entries << " entr" << (s.entries == 1 ? "y" : "ies") << ", " << megabytes(s.bytes);
    if (s.other_files) out << "; " << s.other_files << " other file(s) (interrupted writes: prune removes them)";
    out << "\n";
    return 0;
  }
  pipeline::PruneLimits limits;
  if (!command.max_size.empty()) limits.max_bytes = pipeline::parse_size(command.max_size, "--max-size");
  limits.older_than_days = command.older_than_days;
  if (!limits.max_bytes && !limits.older_than_days) {
    throw InputError("cleave cache prune", 0, "nothing to prune by", "give --max-size SIZE or --older-than DAYS");
  }
  const pipeline::PruneResult r = pipeline::prune_cache(dir, limits);
  out << dir << ": removed " << r.removed << " entr" << (r.removed == 1 ? "y" : "ies") << " (" << megabytes(r.freed)
      << "); " << r.left.entries << " left, " << megabytes(r.left.bytes) << "\n";
  return 0;
}

}  // namespace cleave::cli
