#include "pipeline/pipeline.hpp"

#include "compdb/compdb.hpp"
#include "core/errors.hpp"
#include "core/glob.hpp"
#include "core/paths.hpp"
#include "decompose/decompose.hpp"
#include "pipeline/fact_cache.hpp"
#include "pipeline/origins.hpp"
#include "sql/schema.hpp"
#include "sql/sql.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace cleave::pipeline {

namespace {

// Why a database entry cannot be parsed at all, in words that say what to
// do; empty when it can.
std::string unusable(const compdb::CompileCommand& c) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(c.directory, ec)) {
    return "its directory " + c.directory + " does not exist: the compilation database is out of date; regenerate it";
  }
  if (!fs::is_regular_file(c.file, ec)) {
    return "the file does not exist: the compilation database is out of date; regenerate it";
  }
  static const std::set<std::string> sources{".c",   ".cc",  ".cpp", ".cxx", ".c++", ".cp",  ".C",   ".CPP",
                                             ".CC",  ".m",   ".mm",  ".h",   ".hh",  ".hpp", ".hxx", ".h++",
                                             ".ipp", ".inl", ".tcc", ".cu",  ".ixx", ".cppm"};
  const std::string ext = fs::path(c.file).extension().string();
  if (!sources.count(ext)) {
    return "not a C or C++ source (" + (ext.empty() ? std::string("no extension") : ext) +
           "): leave it out of the compilation database, or pass --exclude";
  }
  return {};
}

// The entries of the sources named on the command line, each of which the
// database must hold (a clang tool's positional arguments).
std::vector<compdb::CompileCommand> only_sources(const compdb::Database& db,
                                                 std::vector<compdb::CompileCommand> selected,
                                                 const std::vector<std::string>& sources) {
  const std::string cwd = std::filesystem::current_path().string();
  std::set<std::string> wanted, known;
  for (const auto& s : sources) wanted.insert(normalize_path(s, cwd));
  for (const auto& c : db.commands) known.insert(c.file);
  for (const auto& w : wanted) {
    if (!known.count(w)) {
      throw InputError(w, 0, "this source is not in the compilation database " + db.path,
                       "name a file the database compiles, or regenerate the database");
    }
  }
  std::erase_if(selected, [&](const compdb::CompileCommand& c) { return !wanted.count(c.file); });
  return selected;
}

// What decides which files are the project's, for the fact cache's key: the
// vendored folder names (they change with cleave) and the request's globs.
std::vector<std::string> scope_salt(const Request& request) {
  std::vector<std::string> out;
  for (const auto& name : frontend::vendored_folder_names()) out.push_back("folder:" + name);
  out.insert(out.end(), request.third_party.begin(), request.third_party.end());
  return out;
}

}  // namespace

Plan plan(const Request& request) {
  const compdb::Database db = compdb::load(request.build_dir);
  Plan p;
  p.database = db.path;
  p.database_entries = db.commands.size();
  p.notes = db.notes;
  std::vector<compdb::CompileCommand> selected = compdb::select(db, PathFilter(request.include, request.exclude));
  if (!request.sources.empty()) selected = only_sources(db, std::move(selected), request.sources);

  std::vector<std::string> files;
  for (const auto& c : selected) files.push_back(c.file);
  p.root = request.root.empty() ? detect_project_root(files) : normalize_path(request.root);

  const compdb::FlagAdjustments adjust{request.extra_args, request.remove_args};
  std::map<std::string, unsigned> dropped_counts;
  for (const auto& c : selected) {
    compdb::ParseArgs args = compdb::prepare_args(c, adjust);
    for (const auto& d : args.dropped) ++dropped_counts[d];
    p.jobs.push_back(frontend::ParseJob{c.file, std::move(args.args), std::move(args.dropped), unusable(c)});
  }
  for (const auto& [flag, count] : dropped_counts) {
    p.notes.push_back("dropped '" + flag + "' from " + std::to_string(count) + " TU" + (count == 1 ? "" : "s") +
                      " (libclang cannot take it)");
  }
  return p;
}

void parse_each(const std::vector<frontend::ParseJob>& jobs, const std::string& root, const Request& request,
                ParseReport& report, const std::function<void(TuFacts&&)>& sink) {
  frontend::FrontendOptions options;
  options.jobs = request.jobs;
  options.project_root = root;
  options.third_party = request.third_party;
  options.skip_function_bodies = request.skip_function_bodies;
  options.skip_system_bodies = !request.parse_system_bodies;
  options.progress = request.progress;
  std::optional<FactCache> cache;
  if (!request.cache_dir.empty()) {
    cache.emplace(request.cache_dir,
                  CacheSalt{frontend::libclang_version(), executable_build_id(), root, scope_salt(request),
                            options.skip_function_bodies, options.skip_system_bodies});
    options.reuse = [&cache](const frontend::ParseJob& job) { return cache->lookup(job); };
    options.keep = [&cache](const frontend::ParseJob& job, const TuFacts& facts) { cache->store(job, facts); };
  }
  frontend::parse_each(jobs, options, [&sink](std::size_t, TuFacts&& facts) { sink(std::move(facts)); });
  report.tus = jobs.size();
  if (cache) {
    report.cache_dir = cache->dir();
    report.from_cache = cache->counts().hits;
    report.notes = cache->notes();
  }
}

Program parse(const std::vector<frontend::ParseJob>& jobs, const std::string& root, const Request& request,
              ParseReport& report) {
  // Each TU's facts are folded in as it finishes and dropped with it.
  ProgramBuilder builder;
  parse_each(jobs, root, request, report, [&builder](TuFacts&& facts) { builder.add(std::move(facts)); });
  return std::move(builder).finish();
}

namespace {

// `sql.apis` as a rule file in rules/db_apis.json's format, so the one rule
// reader checks them.
sql::SourceText config_api_rules(const config::ProjectConfig& config) {
  nlohmann::json sinks = nlohmann::json::array();
  for (const auto& api : config.sql.apis) {
    nlohmann::json s = {{"api", "project"}, {"callee", api.function}, {"sql_arg", api.sql_arg}, {"kind", api.kind}};
    if (api.name_arg >= 0) s["name_arg"] = api.name_arg;
    sinks.push_back(std::move(s));
  }
  return {config.file + " (sql.apis)", nlohmann::json{{"schema_version", 1}, {"sinks", sinks}}.dump()};
}

}  // namespace

DataAccessFacts data_access(const Program& program, const Request& request, const config::ProjectConfig& config,
                            const std::string& root) {
  sql::SqlOptions options;
  options.rule_files = builtin_rule_files();
  options.rule_files.insert(options.rule_files.end(), config.sql.rule_files.begin(), config.sql.rule_files.end());
  options.rule_files.insert(options.rule_files.end(), request.rule_files.begin(), request.rule_files.end());
  options.schema_files = request.schema_files;
  if (options.schema_files.empty()) options.schema_files = config.sql.schema_files;
  std::vector<std::string> not_schema;
  if (options.schema_files.empty()) {
    SchemaSearch found = find_schema_files(root, request.out_dir);
    options.schema_files = std::move(found.files);
    not_schema = std::move(found.not_schema);
  }
  options.table_prefix = config.sql.table_prefix;
  if (!config.sql.apis.empty()) options.rule_texts.push_back(config_api_rules(config));
  for (const auto& a : config.sql.accesses) {
    options.declared_accesses.push_back({a.function, a.reads, a.writes, Location{config.file, a.line, 0}});
  }
  options.query_dirs = config.sql.query_dirs;
  options.project_root = root;
  DataAccessFacts data = sql::analyze(program, options);
  data.sql_files_not_schema = std::move(not_schema);
  return data;
}

Proposal propose(const Model& model, const config::ProjectConfig& config, const DecomposeSettings& settings) {
  decompose::DecomposeOptions options;
  options.target_services = settings.services;
  options.resolution = settings.resolution;
  options.seed = settings.seed;
  options.config = config.decompose;
  if (!config.file.empty()) options.config_base_dir = std::filesystem::path(config.file).parent_path().string();
  Proposal proposal = decompose::decompose(model, options);
  proposal.config_file = config.file;
  return proposal;
}

Result run(const Request& request, const config::ProjectConfig& config, const DecomposeSettings& settings) {
  return run(plan(request), request, config, settings);
}

Result run(Plan plan, const Request& request, const config::ProjectConfig& config, const DecomposeSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  ParseReport report;
  Program program = parse(plan.jobs, plan.root, request, report);
  const double parse_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Result r = finish(std::move(plan), std::move(program), request, config, settings);
  r.parse = std::move(report);
  r.seconds.insert(r.seconds.begin(), {"parse", parse_seconds});
  return r;
}

Result finish(Plan plan, Program program, const Request& request, const config::ProjectConfig& config,
              const DecomposeSettings& settings) {
  Result r;
  r.plan = std::move(plan);
  auto lap = [&r, start = std::chrono::steady_clock::now()](const char* stage) mutable {
    const auto now = std::chrono::steady_clock::now();
    r.seconds.emplace_back(stage, std::chrono::duration<double>(now - start).count());
    start = now;
  };
  // Vendored code is left out before anything reads the program; generated
  // code stays, marked, for the decomposition to make contracts of.
  Origins origins = classify_origins(
      program, {r.plan.root, std::filesystem::path(r.plan.database).parent_path().string(), request.third_party});
  drop_files(program, origins.drop);
  DataAccessFacts data = data_access(program, request, config, r.plan.root);
  lap("sql");
  r.model = build_model(std::move(program), std::move(data));
  r.model.vendored = std::move(origins.vendored);
  r.model.generated = std::move(origins.generated);
  lap("model");
  r.proposal = propose(r.model, config, settings);
  lap("decompose");
  r.findings = collect_findings(r.model, r.proposal, r.plan.root);
  lap("findings");
  return r;
}

std::vector<std::string> builtin_rule_files() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("CLEAVE_RULES_DIR")) candidates.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "share" / "cleave" / "rules");
  candidates.emplace_back(CLEAVE_SOURCE_RULES_DIR);
  for (const auto& dir : candidates) {
    if (fs::exists(dir / "db_apis.json", ec)) return {(dir / "db_apis.json").string()};
  }
  throw InputError(CLEAVE_SOURCE_RULES_DIR, 0, "rules/db_apis.json not found",
                   "set CLEAVE_RULES_DIR to the folder holding cleave's rules");
}

namespace {

// A build tree holds CMake's cache or a compilation database of its own (a
// link to one, as many projects keep in their source root, does not count).
bool build_tree(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir / "CMakeCache.txt", ec)) return true;
  const fs::path db = dir / "compile_commands.json";
  return fs::is_regular_file(fs::symlink_status(db, ec));
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

SchemaSearch find_schema_files(const std::string& root, const std::string& out_dir) {
  namespace fs = std::filesystem;
  SchemaSearch out;
  if (root.empty()) return out;
  std::error_code ec;
  const std::string out_abs = normalize_path(out_dir);
  std::vector<std::string> sql_files;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    if (it->is_directory(ec)) {
      // Build trees, VCS metadata and vendored code hold no schema of the project's.
      if (name.front() == '.' || name == "build" || name.rfind("build-", 0) == 0 || name.rfind("cmake-build", 0) == 0 ||
          p.string() == out_abs || build_tree(p) || !frontend::vendored_folder(p.string() + "/", root).empty()) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (p.extension() != ".sql") continue;
    sql_files.push_back(p.string());
    if (sql_files.size() >= 500) break;
  }
  std::sort(sql_files.begin(), sql_files.end());
  for (auto& f : sql_files) (sql::defines_schema(read_text(f)) ? out.files : out.not_schema).push_back(std::move(f));
  return out;
}

}  // namespace cleave::pipeline
