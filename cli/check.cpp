// accept, check and baseline: the drift check's commands (issue 13).
// Exit codes: 0 clean, 1 violations (or stale baseline entries), 2 bad
// input (reported before any parsing), 3 internal error (cli.cpp).
#include "cli/check.hpp"

#include "check/check.hpp"
#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/paths.hpp"
#include "reports/check/check_formats.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

namespace cleave::cli {
namespace {

namespace fs = std::filesystem;

std::string architecture_path(const std::string& given, const std::string& root) {
  if (!given.empty()) return given;
  return (fs::path(root) / check::kArchitectureFileName).string();
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Everything check and baseline need before parsing, checked before any
// parsing: the database, the architecture, the baseline, the config.
struct Prepared {
  pipeline::Request request;
  pipeline::Plan plan;
  check::Architecture architecture;
  std::vector<check::Violation> baseline;
  bool has_baseline = false;
  config::ProjectConfig config;
};

Prepared prepare(const CheckOptions& options, bool read_baseline, std::ostream& err) {
  Prepared p;
  p.request = options.request;
  if (p.request.build_dir.empty()) {
    throw InputError("", 0, "no build directory", "pass -p BUILD_DIR (the folder holding compile_commands.json)");
  }
  p.plan = pipeline::plan(p.request);
  for (const auto& note : p.plan.notes) err << "note: " << note << "\n";
  if (p.plan.jobs.empty()) {
    throw InputError(p.plan.database, 0, "no translation unit selected", "check the database and --include/--exclude");
  }
  p.architecture = check::load_architecture(architecture_path(options.architecture, p.plan.root));
  if (read_baseline && !options.baseline.empty()) {
    p.baseline = check::load_baseline(options.baseline);
    p.has_baseline = true;
  }
  p.config = config::resolve_config(options.config_file, fs::current_path());
  if (options.progress) p.request.progress = progress_printer(p.plan.root, err);
  p.request.cache_dir = cache_dir_for(p.plan.database, options.cache_dir, options.no_cache);
  return p;
}

// The code as it is now: parsed through the cache, with its data access.
Model current_model(Prepared& p, std::ostream& err) {
  pipeline::ParseReport report;
  Program program = pipeline::parse(p.plan.jobs, p.plan.root, p.request, report);
  for (const auto& note : report.notes) err << "note: " << note << "\n";
  DataAccessFacts data = pipeline::data_access(program, p.request, p.config, p.plan.root);
  Model model = build_model(std::move(program), std::move(data));
  std::size_t failed = 0;
  for (const TuSummary& tu : model.tus) failed += tu.status == ParseStatus::Failed;
  if (failed) {
    err << "cleave: warning: " << failed << " of " << model.tus.size()
        << " TUs did not parse; violations in them are not seen (run 'cleave analyze' for their diagnostics)\n";
  }
  if (!report.cache_dir.empty()) {
    err << "cleave: " << model.tus.size() << " TUs, " << report.from_cache << " from the cache\n";
  }
  return model;
}

}  // namespace

int accept(const AcceptOptions& options, std::ostream& out) {
  std::string root;
  const Model model = load_model(options.from.out_dir, &root);
  const std::string path = architecture_path(options.architecture, root);
  std::string previous_text;
  std::optional<check::Architecture> previous;
  if (fs::exists(path)) {
    previous_text = read_text(path);
    previous = check::parse_architecture(previous_text, path);  // a broken file is an error, not overwritten
  }
  const Proposal proposal = decompose_again(model, options.from);
  const check::Architecture accepted = check::accept(model, proposal, root, previous ? &*previous : nullptr);
  write_file_atomic(path, check::write_architecture(accepted, previous_text));

  std::size_t paths = 0, namespaces = 0, symbols = 0, tables = 0;
  for (const auto* c : [&accepted] {
         std::vector<const check::Context*> all{&accepted.shared_kernel};
         for (const auto& x : accepted.contexts) all.push_back(&x);
         return all;
       }()) {
    paths += c->paths.size();
    namespaces += c->namespaces.size();
    symbols += c->symbols.size();
    tables += c->tables.size();
  }
  out << "cleave: " << (previous ? "re-accepted " : "accepted ") << accepted.contexts.size() << " contexts (" << paths
      << " path, " << namespaces << " namespace and " << symbols << " symbol rules; " << tables << " tables) into "
      << path << "\n";
  // The architecture holds the code it came from; anything else is a bug.
  auto written = accepted;
  written.file = path;
  if (const auto violations = check::evaluate(model, written, root); !violations.empty()) {
    out << "cleave: warning: " << violations.size() << " violations on the code it was accepted from, first: ["
        << violations.front().rule << "] " << violations.front().message << "\n";
  }
  out << "cleave: review it, commit it, then run 'cleave check -p BUILD_DIR' in CI\n";
  return 0;
}

int check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  if (options.list_rules) {
    out << rule_catalogue_text("CLV-ARC-")
        << "Docs: docs/rules/<ID>.md. Severities: architecture.yaml 'rules:' (error, warning, note, off).\n";
    return 0;
  }
  Prepared p = prepare(options, true, err);
  const Model model = current_model(p, err);
  check::CheckResult result =
      check::compare(check::evaluate(model, p.architecture, p.plan.root), p.has_baseline ? &p.baseline : nullptr);
  result.architecture_file = relative_to(normalize_path(p.architecture.file), p.plan.root);
  result.baseline_file = options.baseline;
  result.allow_stale = options.allow_stale;
  result.contexts = p.architecture.contexts.size();
  result.tables = 0;
  for (const auto& c : p.architecture.contexts) result.tables += c.tables.size();
  result.units = check::count_units(model);

  report::CheckReportInfo info;
  info.tool_version = CLEAVE_VERSION;
  info.root = p.plan.root;
  info.fail_on = *parse_severity(options.fail_on);
  const bool on_github = [] {
    const char* v = std::getenv("GITHUB_ACTIONS");
    return v && std::string(v) == "true";
  }();
  std::string text;
  if (options.format.empty()) {
    text = report::render_check(result, "text", info);
    if (on_github) text += report::render_check(result, "github", info);
  } else {
    text = report::render_check(result, options.format, info);
  }
  if (options.output.empty()) {
    out << text;
  } else {
    write_file_atomic(options.output, text);
    err << "cleave: wrote " << options.output << "\n";
  }
  return check::fails(result, info.fail_on) ? static_cast<int>(ExitCode::Findings) : 0;
}

int baseline(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  Prepared p = prepare(options, false, err);
  const Model model = current_model(p, err);
  const auto violations = check::evaluate(model, p.architecture, p.plan.root);
  write_file_atomic(options.baseline,
                    check::write_baseline(violations, relative_to(normalize_path(p.architecture.file), p.plan.root)));
  out << "cleave: recorded " << violations.size() << " violations in " << options.baseline
      << "; 'cleave check --baseline " << options.baseline << "' now fails only on new ones\n";
  return 0;
}

}  // namespace cleave::cli
