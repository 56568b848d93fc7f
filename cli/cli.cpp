#include "cli/cli.hpp"

#include "cli/analyze.hpp"
#include "cli/check.hpp"
#include "cli/scale.hpp"
#include "core/errors.hpp"
#include "core/findings.hpp"
#include "frontend/frontend.hpp"
#include "reports/registry/registry.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace cleave::cli {
namespace {

void add_decompose_options(CLI::App* cmd, pipeline::DecomposeSettings& d, std::string& config) {
  cmd->add_option("--services", d.services, "Number of services to propose (default: chosen by quality)");
  cmd->add_option("--resolution", d.resolution, "Clustering resolution (higher: more, smaller services)");
  cmd->add_option("--seed", d.seed, "Seed of the clustering order");
  cmd->add_option("--config", config, "Config file (default: .cleave.yaml found upward from here)");
}

// --format: the choices and their help come from the generator registry.
void add_format_option(CLI::App* cmd, std::vector<std::string>& formats) {
  std::string help = "Outputs besides model.json and proposal.json (comma-separated; 'cleave --list-formats'):";
  for (const auto& name : report::format_names()) help += " " + name;
  cmd->add_option("--format", formats, help)
      ->check(CLI::IsMember(report::format_names()))
      ->delimiter(',')
      ->capture_default_str();
}

void add_cache_options(CLI::App* cmd, std::string& dir, bool& off) {
  auto* cache = cmd->add_option("--cache", dir,
                                "Fact cache directory (default: $CLEAVE_CACHE_DIR, else BUILD_DIR/.cleave-cache)");
  cmd->add_flag("--no-cache", off, "Parse every TU and keep nothing")->excludes(cache);
}

// Which TUs and how to parse them: shared by analyze and extract, so that a
// sharded run selects what a single run does.
void add_selection_options(CLI::App* cmd, pipeline::Request& r) {
  cmd->add_option("-p,--build-dir", r.build_dir, "Build directory holding compile_commands.json (or the file itself)")
      ->required();
  cmd->add_option("-j,--jobs", r.jobs, "Parallel parses (default: all cores)");
  cmd->add_option("--root", r.root, "Project root (default: detected from the TUs)");
  cmd->add_option("--include", r.include, "Only TUs whose path matches this glob (repeatable)");
  cmd->add_option("--exclude", r.exclude, "Skip TUs whose path matches this glob (repeatable)");
  cmd->add_option("--extra-arg", r.extra_args, "Append this flag to every compile command (repeatable)");
  cmd->add_option("--remove-arg", r.remove_args, "Remove this flag (or prefix*, repeatable)");
  cmd->add_option("--third-party", r.third_party, "Glob of vendored code to leave out of the model (repeatable)");
  cmd->add_flag("--skip-function-bodies", r.skip_function_bodies,
                "Faster parse without function bodies (loses calls and SQL)");
  cmd->add_flag("--parse-system-bodies", r.parse_system_bodies,
                "Also parse the function bodies in system headers (slower; the facts are the same)");
  cmd->add_option("sources", r.sources,
                  "Only these sources, as a clang tool takes them (each must be in the database)");
}

// What happens after parsing: shared by analyze and merge, so that they write
// the same outputs.
void add_output_options(CLI::App* cmd, AnalyzeOptions& o) {
  cmd->add_option("-o,--output", o.out_dir, "Output directory")->capture_default_str();
  cmd->add_option("--rules", o.request.rule_files, "Extra database-API rule file (JSON, repeatable)");
  cmd->add_option("--schema", o.request.schema_files,
                  "Schema .sql file (repeatable; default: every .sql under the root)");
  add_decompose_options(cmd, o.decompose, o.config_file);
  add_format_option(cmd, o.formats);
  cmd->add_flag("--sam", o.sam, "Also write OUT/sam/: an AWS SAM application per service (see 'cleave sam')");
  cmd->add_flag("--timings", o.timings, "Print each stage's wall time on stderr");
}

void add_analyze(CLI::App& app, AnalyzeOptions& o) {
  auto* cmd =
      app.add_subcommand("analyze", "Parse the monolith and write model.json (and reports) to the output directory");
  add_selection_options(cmd, o.request);
  add_output_options(cmd, o);
  cmd->add_flag_callback(
      "--no-progress", [&o] { o.progress = false; }, "Do not show progress on stderr");
  add_cache_options(cmd, o.cache_dir, o.no_cache);
}

void add_extract(CLI::App& app, ExtractOptions& o) {
  auto* cmd = app.add_subcommand(
      "extract", "Parse one shard of the TUs and write its facts to FACTS_DIR/shard-K-of-N.facts (see 'cleave merge')");
  add_selection_options(cmd, o.request);
  cmd->add_option("--shard", o.shard, "This shard, K/N (1 <= K <= N)")->required();
  cmd->add_option("-o,--output", o.out_dir, "Folder for the shard's facts")->required();
  cmd->add_flag_callback(
      "--no-progress", [&o] { o.progress = false; }, "Do not show progress on stderr");
  add_cache_options(cmd, o.cache_dir, o.no_cache);
}

void add_merge(CLI::App& app, MergeOptions& o) {
  auto* cmd = app.add_subcommand(
      "merge", "Merge the facts of every shard and write exactly what a single 'cleave analyze' writes");
  cmd->add_option("facts", o.inputs, "Shard files, or folders holding them (shard-K-of-N.facts)")->required();
  add_output_options(cmd, o.analyze);
}

void add_cache(CLI::App& app, CacheCommand& c) {
  auto* cmd = app.add_subcommand("cache", "Inspect or prune the fact cache");
  cmd->require_subcommand(1);
  auto* stats = cmd->add_subcommand("stats", "Entries and size of the cache");
  auto* prune = cmd->add_subcommand("prune", "Remove the least recently used entries");
  for (auto* sub : {stats, prune}) {
    sub->add_option("--cache", c.cache_dir, "Cache directory");
    sub->add_option("-p,--build-dir", c.build_dir, "Build directory: its .cleave-cache");
    sub->callback([&c, sub] { c.action = sub->get_name(); });
  }
  prune->add_option("--max-size", c.max_size, "Keep at most this much (e.g. 500M, 2G)");
  prune->add_option("--older-than", c.older_than_days, "Remove entries not used for this many days")
      ->check(CLI::NonNegativeNumber);
}

void add_accept(CLI::App& app, AcceptOptions& o) {
  auto* cmd = app.add_subcommand(
      "accept", "Write the proposal as architecture.yaml, the architecture 'cleave check' holds the code to");
  cmd->add_option("-o,--output", o.from.out_dir, "Output directory of cleave analyze")->capture_default_str();
  cmd->add_option("--architecture", o.architecture, "Where to write it (default: PROJECT_ROOT/architecture.yaml)");
  add_decompose_options(cmd, o.from.decompose, o.from.config_file);
}

// check and baseline: the selection of analyze, the architecture, the cache.
CLI::App* add_check_common(CLI::App& app, const char* name, const char* help, CheckOptions& o) {
  auto* cmd = app.add_subcommand(name, help);
  add_selection_options(cmd, o.request);
  cmd->add_option("--architecture", o.architecture,
                  "The accepted architecture (default: PROJECT_ROOT/architecture.yaml)");
  cmd->add_option("--config", o.config_file, "Config file (default: .cleave.yaml found upward from here)");
  cmd->add_option("--rules", o.request.rule_files, "Extra database-API rule file (JSON, repeatable)");
  cmd->add_option("--schema", o.request.schema_files,
                  "Schema .sql file (repeatable; default: every .sql under the root)");
  cmd->add_flag_callback(
      "--no-progress", [&o] { o.progress = false; }, "Do not show progress on stderr");
  add_cache_options(cmd, o.cache_dir, o.no_cache);
  return cmd;
}

void add_check(CLI::App& app, CheckOptions& o) {
  auto* cmd =
      add_check_common(app, "check", "Report every violation of the accepted architecture (exit 1 when any is new)", o);
  cmd->add_option("--baseline", o.baseline,
                  "Violations to tolerate (written by 'cleave baseline'); new ones still fail");
  cmd->add_option("--format", o.format,
                  "text, sarif, junit, github, json or md (default: text, plus github on GitHub Actions)")
      ->check(CLI::IsMember({"text", "sarif", "junit", "github", "json", "md"}));
  cmd->add_option("-o,--output", o.output, "Write the report to this file (default: standard output)");
  cmd->add_option("--fail-on", o.fail_on, "Lowest severity of a new violation that fails the check")
      ->check(CLI::IsMember({"error", "warning", "note"}))
      ->capture_default_str();
  cmd->add_flag("--allow-stale", o.allow_stale, "Baseline entries that no longer occur do not fail the check");
  // --list-rules needs no build directory.
  cmd->add_flag("--list-rules", o.list_rules, "Print the rules of the check and exit");
  cmd->get_option("--build-dir")->required(false);
}

void add_baseline(CLI::App& app, CheckOptions& o) {
  auto* cmd = add_check_common(app, "baseline",
                               "Record today's violations so 'cleave check --baseline' reports only new ones", o);
  cmd->add_option("-o,--output", o.baseline, "The baseline file to write")->required();
}

void add_diff(CLI::App& app, DiffOptions& o) {
  auto* cmd = app.add_subcommand("diff", "The coupling trend between two analyses (two cleave analyze outputs)");
  cmd->add_option("old", o.old_out, "Output directory of the earlier analysis")->required();
  cmd->add_option("new", o.new_out, "Output directory of the later analysis")->required();
  cmd->add_option("--architecture", o.architecture, "Take both sides' contexts from this architecture.yaml");
  cmd->add_option("--format", o.format, "text, json or md")
      ->check(CLI::IsMember({"text", "json", "md"}))
      ->capture_default_str();
}

void add_sam(CLI::App& app, FromModelOptions& o, SamOverrides& s) {
  auto* cmd = app.add_subcommand(
      "sam", "Write OUT/sam/: an AWS SAM application per proposed service (reads OUT/model.json, no parsing)");
  cmd->add_option("-o,--output", o.out_dir, "Output directory of cleave analyze")->capture_default_str();
  cmd->add_option("--arch", s.architecture, "Lambda architecture: arm64 (default) or x86_64");
  cmd->add_option("--memory", s.memory, "Function memory in MB, 128 to 10240 (default 512)");
  cmd->add_option("--timeout", s.timeout, "Function timeout in seconds, 1 to 900 (default 10)");
  cmd->add_option("--table-mode", s.table_mode,
                  "per-table (default: a DynamoDB table per owned SQL table) or single-table (one per service)");
  add_decompose_options(cmd, o.decompose, o.config_file);
}

// "; did you mean 'x'?" for the nearest of `known` within a third of the
// word's length (two edits at least); empty when none is that near.
std::string suggestion(const std::string& word, const std::vector<std::string>& known) {
  const std::string* best = nullptr;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& k : known) {
    if (const std::size_t d = edit_distance(word, k); d < best_distance) {
      best = &k;
      best_distance = d;
    }
  }
  return best ? "; did you mean '" + *best + "'?" : "";
}

// The first argument of `args` (from `from` on) that names no option of
// `cmd`, skipping the values of options that take one; empty when all do.
std::string unknown_option(const CLI::App& cmd, const std::vector<std::string>& args, std::size_t from,
                           std::vector<std::string>& names) {
  for (const CLI::Option* o : cmd.get_options()) {
    for (const auto& n : o->get_lnames()) names.push_back("--" + n);
  }
  for (std::size_t i = from; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-') continue;
    const std::string name = a.substr(0, a.find('='));
    const CLI::Option* o = cmd.get_option_no_throw(name);
    if (!o) return name;
    if (o->get_type_size() != 0 && name.size() == a.size()) ++i;  // its value follows
  }
  return {};
}

// The subcommand of that name, or null.
CLI::App* command_named(CLI::App& app, const std::string& name) {
  for (CLI::App* c : app.get_subcommands({})) {
    if (c->get_name() == name) return c;
  }
  return nullptr;
}

// Where the command is in `args`: the first word that is no option.
std::size_t command_at(const std::vector<std::string>& args) {
  return static_cast<std::size_t>(
      std::find_if(args.begin(), args.end(), [](const std::string& a) { return a.empty() || a[0] != '-'; }) -
      args.begin());
}

// The command, before CLI11 sees it: "help [command]" is --help; an unknown
// one is named with the nearest command. Returns the exit code when that
// settles the run, -1 to parse on.
int before_parse(CLI::App& app, const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::size_t at = command_at(args);
  if (at == args.size()) return -1;
  if (args[at] == "help") {
    CLI::App* about = at + 1 < args.size() ? command_named(app, args[at + 1]) : nullptr;
    out << (about ? about->help("cleave") : app.help());
    return 0;
  }
  if (command_named(app, args[at])) return -1;
  std::vector<std::string> commands;
  for (const CLI::App* c : app.get_subcommands({})) commands.push_back(c->get_name());
  err << "cleave: unknown command '" << args[at] << "'" << suggestion(args[at], commands)
      << "\nrun 'cleave --help' for the commands\n";
  return static_cast<int>(ExitCode::BadInput);
}

// A parse error, told well: an unknown option is the mistake to name, before
// anything it caused (a required option CLI11 then missed).
int parse_error(CLI::App& app, const CLI::ParseError& e, const std::vector<std::string>& args, std::ostream& err) {
  const std::size_t at = command_at(args);
  const CLI::App* cmd = at < args.size() ? command_named(app, args[at]) : nullptr;
  std::vector<std::string> names;
  if (const std::string bad = cmd ? unknown_option(*cmd, args, at + 1, names) : std::string(); !bad.empty()) {
    err << "cleave: unknown option '" << bad << "' for 'cleave " << cmd->get_name() << "'" << suggestion(bad, names)
        << "\nrun 'cleave " << cmd->get_name() << " --help' for its options\n";
    return static_cast<int>(ExitCode::BadInput);
  }
  err << "cleave: " << e.what() << "\n";
  if (!app.get_subcommands().empty()) {
    err << "run 'cleave " << app.get_subcommands().front()->get_name() << " --help' for usage\n";
  } else {
    err << "run 'cleave --help' for usage\n";
  }
  return static_cast<int>(ExitCode::BadInput);
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"cleave: reads a C++ monolith and shows how to cut it into services", "cleave"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", std::string("cleave ") + CLEAVE_VERSION);
  bool list_rules = false, list_formats = false;
  app.add_flag("--list-rules", list_rules, "List the rules findings are reported under (CLV-... ids) and exit");
  app.add_flag("--list-formats", list_formats, "List the output formats (for --format) and exit");
  AnalyzeOptions analyze_options;
  add_analyze(app, analyze_options);
  app.add_subcommand("version", "Print versions of cleave and libclang");

  FromModelOptions explain_options;
  std::vector<std::string> explain_query;
  auto* explain_cmd =
      app.add_subcommand("explain", "Why a symbol or table landed in its service (reads OUT/model.json)");
  explain_cmd
      ->add_option("name", explain_query,
                   "Qualified (or unique unqualified) name of a class or function, or a table name; several names "
                   "give several explanations, separated by a blank line")
      ->required();
  explain_cmd->add_option("-o,--output", explain_options.out_dir, "Output directory of cleave analyze")
      ->capture_default_str();
  add_decompose_options(explain_cmd, explain_options.decompose, explain_options.config_file);

  FromModelOptions tables_options;
  std::string tables_by = "service";
  auto* tables_cmd = app.add_subcommand("tables", "Table x component CRUD matrix (reads OUT/model.json)");
  tables_cmd->add_option("-o,--output", tables_options.out_dir, "Output directory of cleave analyze")
      ->capture_default_str();
  tables_cmd->add_option("--by", tables_by, "Columns: service, class or file")
      ->check(CLI::IsMember({"service", "class", "file"}))
      ->capture_default_str();
  std::string tables_format = "text";
  tables_cmd->add_option("--format", tables_format, "text (aligned, conflicts marked !), csv or json")
      ->check(CLI::IsMember({"text", "csv", "json"}))
      ->capture_default_str();
  add_decompose_options(tables_cmd, tables_options.decompose, tables_options.config_file);

  FromModelOptions report_options;
  std::vector<std::string> report_formats = report::default_formats();
  auto* report_cmd =
      app.add_subcommand("report", "Decompose OUT/model.json again and rewrite the reports (no parsing)");
  report_cmd->add_option("-o,--output", report_options.out_dir, "Output directory of cleave analyze")
      ->capture_default_str();
  add_format_option(report_cmd, report_formats);
  add_decompose_options(report_cmd, report_options.decompose, report_options.config_file);

  FromModelOptions sam_options;
  SamOverrides sam_overrides;
  add_sam(app, sam_options, sam_overrides);

  ExtractOptions extract_options;
  add_extract(app, extract_options);
  MergeOptions merge_options;
  add_merge(app, merge_options);
  CacheCommand cache_command;
  add_cache(app, cache_command);
  AcceptOptions accept_options;
  add_accept(app, accept_options);
  CheckOptions check_options, baseline_options;
  add_check(app, check_options);
  add_baseline(app, baseline_options);
  DiffOptions diff_options;
  add_diff(app, diff_options);

  if (const int done = before_parse(app, args, out, err); done >= 0) return done;

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << "cleave " << CLEAVE_VERSION << " (libclang: " << frontend::libclang_version() << ")\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    return parse_error(app, e, args, err);
  }

  if (list_rules || list_formats) {
    out << (list_rules ? rule_catalogue_text() : report::list_formats_text());
    return 0;
  }
  if (app.get_subcommands().empty()) {
    err << "cleave: a command is required\nrun 'cleave --help' for usage\n";
    return static_cast<int>(ExitCode::BadInput);
  }
  try {
    // A failure of cleave itself (a bug, not bad input) is exit 3; the
    // tests reach that path through this hook, as no input should.
    if (std::getenv("CLEAVE_TEST_INTERNAL_ERROR")) throw std::logic_error("injected by CLEAVE_TEST_INTERNAL_ERROR");
    if (app.got_subcommand("version")) {
      out << "cleave " << CLEAVE_VERSION << "\nlibclang: " << frontend::libclang_version()
          << "\nlibclang resource dir: " << frontend::resource_dir() << "\n";
      return 0;
    }
    if (app.got_subcommand("analyze")) return analyze(analyze_options, out, err);
    if (app.got_subcommand("explain")) return explain(explain_options, explain_query, out);
    if (app.got_subcommand("tables")) return tables(tables_options, tables_by, tables_format, out);
    if (app.got_subcommand("report")) return report(report_options, report_formats, out);
    if (app.got_subcommand("sam")) return sam(sam_options, sam_overrides, out);
    if (app.got_subcommand("extract")) return extract(extract_options, out, err);
    if (app.got_subcommand("merge")) return merge(merge_options, out, err);
    if (app.got_subcommand("cache")) return cache(cache_command, out);
    if (app.got_subcommand("accept")) return accept(accept_options, out);
    if (app.got_subcommand("check")) return check(check_options, out, err);
    if (app.got_subcommand("baseline")) return baseline(baseline_options, out, err);
    if (app.got_subcommand("diff")) return diff(diff_options, out);
  } catch (const InputError& e) {
    err << "cleave: error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::BadInput);
  } catch (const std::exception& e) {
    err << "cleave: internal error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::Internal);
  }
  return 0;
}

int run(int argc, const char* const* argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return run(args, std::cout, std::cerr);
}

}  // namespace cleave::cli
