#include "cli/analyze.hpp"

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/paths.hpp"
#include "decompose/decompose.hpp"
#include "reports/common/report_input.hpp"
#include "reports/json/model_json.hpp"
#include "reports/registry/registry.hpp"
#include "sql/crud_matrix.hpp"

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>

namespace cleave::cli {
namespace {

void print_progress(const frontend::Progress& p, const std::string& root) {
  const double per = p.done ? p.elapsed_seconds / static_cast<double>(p.done) : 0;
  const double left = per * static_cast<double>(p.total - p.done);
  std::string file = relative_to(p.current, root);
  if (file.size() > 50) file = "..." + file.substr(file.size() - 47);
  std::fprintf(stderr, "\r\033[K[%zu/%zu] %s  (%.0fs left)", p.done, p.total, file.c_str(), left);
  if (p.done == p.total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

}  // namespace

std::string plain_progress_line(const frontend::Progress& p, PlainProgress& state) {
  if (p.total == 0) return {};
  const unsigned percent = static_cast<unsigned>(100 * p.done / p.total);
  const bool step = percent / 5 > state.last_percent / 5;
  const bool waited = p.elapsed_seconds - state.last_seconds >= PlainProgress::kEverySeconds;
  if (p.done != p.total && !step && !waited) return {};
  state.last_percent = percent;
  state.last_seconds = p.elapsed_seconds;
  std::string line =
      "[" + std::to_string(p.done) + "/" + std::to_string(p.total) + "] " + std::to_string(percent) + " %";
  if (p.done == p.total) return line + ", done in " + std::to_string(static_cast<long>(p.elapsed_seconds + 0.5)) + " s";
  if (p.done == 0) return line;
  const double left = p.elapsed_seconds / static_cast<double>(p.done) * static_cast<double>(p.total - p.done);
  return line + ", " +
         (left < 90 ? std::to_string(static_cast<long>(left + 0.5)) + " s"
                    : std::to_string(static_cast<long>(left / 60 + 0.5)) + " min") +
         " left";
}

namespace {

// Parse failures with their first diagnostics, then one line per other rule.
void print_findings(const std::vector<Finding>& findings, std::ostream& err) {
  std::map<std::string, unsigned> others;
  for (const Finding& f : findings) {
    if (f.rule == rules::kNoSql) err << "cleave: warning: no SQL found: " << f.message << "\n";
  }
  for (const Finding& f : findings) {
    if (f.rule == rules::kNoSql) continue;
    if (f.rule != rules::kTuFailed && f.rule != rules::kTuErrors) {
      ++others[f.rule];
      continue;
    }
    err << format_finding(f) << "\n";
    for (const RelatedLocation& d : f.related) {
      err << "  " << d.location.file << ":" << d.location.line << ": " << d.message << "\n";
    }
  }
  for (const auto& [rule, count] : others) {
    const Rule* r = find_rule(rule);
    err << "cleave: " << count << " x " << rule << ": " << (r ? r->summary : std::string_view("see the report"))
        << "\n";
  }
}

std::string summary(const pipeline::Result& r, const std::vector<std::string>& written, const std::string& out_dir,
                    double seconds) {
  const report::ParseHealth health = report::parse_health(r.model);
  const DataAccessFacts& data = r.model.data;
  std::ostringstream out;
  out << std::fixed << std::setprecision(1);
  out << "cleave: " << health.tus << " TUs: " << health.clean << " clean, " << health.with_errors << " with errors, "
      << health.failed << " failed; ";
  if (!r.parse.cache_dir.empty()) out << r.parse.from_cache << " from the cache; ";
  out << health.classes << " classes, " << health.functions << " functions, " << r.model.edges.size() << " edges; "
      << seconds << "s\n";
  out << "cleave: " << r.proposal.services.size() << " services proposed, " << r.proposal.shared_kernel_classes.size()
      << " shared-kernel classes, " << health.tables << " tables, " << data.accesses.size() << " accesses\n"
      << "cleave: " << report::sql_sites_summary(health) << "\n"
      << "cleave: " << report::schema_files_summary(data, r.plan.root) << "\n";
  if (const std::string origins = report::origins_summary(r.model, r.plan.root); !origins.empty())
    out << "cleave: " << origins << "\n";
  out << "cleave: wrote " << written.size() << " files to " << out_dir << " (model.json, proposal.json";
  for (const char* f : {"report.html", "report.md", "services.svg", "services.cml"}) {
    const std::string path = (std::filesystem::path(out_dir) / f).string();
    if (std::find(written.begin(), written.end(), path) != written.end()) out << ", " << f;
  }
  out << ")\n";
  return out.str();
}

}  // namespace

std::string project_name(const std::string& root) {
  const std::string name = std::filesystem::path(root).filename().string();
  return name.empty() ? "project" : name;
}

std::vector<std::string> write_output_set(const std::filesystem::path& out_dir,
                                          const std::vector<report::OutputFile>& files) {
  std::vector<std::pair<std::string, std::string>> tree{
      {kOutputMarker, "cleave's output directory: every run replaces it as a whole.\n"}};
  std::vector<std::string> written;
  for (const report::OutputFile& f : files) {
    tree.emplace_back(f.path, f.content);
    written.push_back((out_dir / f.path).string());
  }
  replace_directory_atomic(out_dir, tree);
  return written;
}

// One context for every generator.
std::vector<std::string> write_outputs(const report::ReportInput& input, const std::filesystem::path& out_dir,
                                       const std::vector<std::string>& formats) {
  const report::ReportContext ctx = report::make_context(input);
  return write_output_set(out_dir, report::generate_outputs(ctx, formats));
}

std::function<void(const frontend::Progress&)> progress_printer(const std::string& root, std::ostream& err) {
  // On a terminal one line redrawn in place; elsewhere (a CI log) a plain
  // line at every 5 % or every 10 seconds, never a carriage return.
  if (::isatty(STDERR_FILENO)) return [root](const frontend::Progress& p) { print_progress(p, root); };
  return [plain = std::make_shared<PlainProgress>(), &err](const frontend::Progress& p) {
    if (const std::string line = plain_progress_line(p, *plain); !line.empty()) err << "cleave: " << line << "\n";
  };
}

int analyze(const AnalyzeOptions& options, std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  // Bad input surfaces before any parsing: the database, the output
  // directory, the config.
  pipeline::Request request = options.request;
  request.out_dir = options.out_dir;
  const pipeline::Plan plan = pipeline::plan(request);
  const double plan_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& note : plan.notes) err << "note: " << note << "\n";
  // Nothing to analyse: an empty report would replace a good one.
  if (plan.jobs.empty()) {
    throw InputError(plan.database, 0,
                     "no translation unit selected (" + std::to_string(plan.database_entries) +
                         " in the database); the outputs are left as they were",
                     "check the database and --include/--exclude");
  }
  ensure_output_dir(options.out_dir);
  const config::ProjectConfig config = config::resolve_config(options.config_file, std::filesystem::current_path());

  if (options.progress) request.progress = progress_printer(plan.root, err);
  request.cache_dir = cache_dir_for(plan.database, options.cache_dir, options.no_cache);
  pipeline::Result r = pipeline::run(plan, request, config, options.decompose);
  r.seconds.insert(r.seconds.begin(), {"plan", plan_seconds});
  return write_run(r, options, config, start, out, err);
}

std::string cache_dir_for(const std::string& database, const std::string& cache_dir, bool no_cache) {
  if (no_cache) return {};
  if (!cache_dir.empty()) return normalize_path(cache_dir);
  if (const char* env = std::getenv("CLEAVE_CACHE_DIR"); env && *env) return normalize_path(env);
  return (std::filesystem::path(database).parent_path() / ".cleave-cache").string();
}

int write_run(const pipeline::Result& r, const AnalyzeOptions& options, const config::ProjectConfig& config,
              std::chrono::steady_clock::time_point started, std::ostream& out, std::ostream& err) {
  for (const auto& note : r.parse.notes) err << "note: " << note << "\n";
  print_findings(r.findings, err);
  std::vector<std::string> formats = options.formats;
  if (options.sam) formats.push_back("sam");
  const auto reports_start = std::chrono::steady_clock::now();
  report::ReportInput input{r.model, r.proposal, project_name(r.plan.root), r.plan.root, &r.findings, config.sam};
  const auto written = write_outputs(input, options.out_dir, formats);
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - started).count();
  out << summary(r, written, options.out_dir, seconds);
  if (options.timings) {
    std::ostringstream line;
    line << std::fixed << std::setprecision(3) << "cleave: timings:";
    for (const auto& [stage, s] : r.seconds) line << " " << stage << "=" << s;
    line << " reports=" << std::chrono::duration<double>(now - reports_start).count() << " total=" << seconds;
    err << line.str() << "\n";
  }
  return 0;
}

}  // namespace cleave::cli
