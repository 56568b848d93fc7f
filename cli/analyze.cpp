#include "cli/analyze.hpp"

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/paths.hpp"
#include "decompose/decompose.hpp"
#include "reports/cml/cml_report.hpp"
#include "reports/dot/dot_report.hpp"
#include "reports/html/html_report.hpp"
#include "reports/json/model_json.hpp"
#include "reports/json/proposal_json.hpp"
#include "reports/markdown/markdown_report.hpp"
#include "sql/crud_matrix.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <unistd.h>

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

bool wants(const std::vector<std::string>& formats, const std::string& f) {
  return std::find(formats.begin(), formats.end(), f) != formats.end();
}

std::string project_name(const std::string& root) {
  const std::string name = std::filesystem::path(root).filename().string();
  return name.empty() ? "project" : name;
}

// Every output goes through write_file_atomic; the list of what was written
// is returned for the summary.
std::vector<std::string> write_outputs(const Model& model, const Proposal& proposal, const std::string& root,
                                       const std::filesystem::path& out_dir, const std::vector<std::string>& formats) {
  std::vector<std::string> written;
  auto put = [&](const std::filesystem::path& p, const std::string& text) {
    write_file_atomic(p, text);
    written.push_back(p.string());
  };
  put(out_dir / "model.json", report::render_model_json(model, root));
  put(out_dir / "proposal.json", report::proposal_json_text(proposal));
  const report::ReportInput input{model, proposal, project_name(root), root};
  if (wants(formats, "md")) put(out_dir / "report.md", report::render_markdown(input));
  if (wants(formats, "dot") || wants(formats, "svg")) {
    const std::string dot = report::render_services_dot(input);
    if (wants(formats, "dot")) put(out_dir / "services.dot", dot);
    if (wants(formats, "svg")) put(out_dir / "services.svg", report::dot_to_svg(dot));
    // One class graph per service; file names are sanitised service names.
    for (const auto& s : proposal.services) {
      const std::string cls = report::render_service_class_dot(input, s.name);
      const std::filesystem::path base = out_dir / "services";
      std::filesystem::create_directories(base);
      const std::string file = sanitize_name(s.name);
      if (wants(formats, "dot")) put(base / (file + ".dot"), cls);
      if (wants(formats, "svg")) put(base / (file + ".svg"), report::dot_to_svg(cls));
    }
  }
  if (wants(formats, "cml")) put(out_dir / "services.cml", report::render_cml(input));
  if (wants(formats, "html")) put(out_dir / "report.html", report::render_html(input));
  return written;
}

Model load_model(const std::string& out_dir, std::string* root = nullptr) {
  const std::filesystem::path path = std::filesystem::path(out_dir) / "model.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path.string(), 0, "no model here", "run 'cleave analyze -p BUILD_DIR -o " + out_dir + "' first");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return report::parse_model_json(text.str(), path.string(), root);
}

Proposal decompose_again(const Model& model, const FromModelOptions& options) {
  return pipeline::propose(model, config::resolve_config(options.config_file, std::filesystem::current_path()),
                           options.decompose);
}

// Parse failures with their first diagnostics, then one line per other rule.
void print_findings(const std::vector<Finding>& findings, std::ostream& err) {
  std::map<std::string, unsigned> others;
  for (const Finding& f : findings) {
    if (f.rule != rules::kTuFailed && f.rule != rules::kTuErrors) {
      ++others[f.rule];
      continue;
    }
    err << format_finding(f) << "\n";
    for (const Location& d : f.related) err << "  " << d.file << ":" << d.line << "\n";
  }
  for (const auto& [rule, count] : others) {
    err << "cleave: " << count << " x " << rule << ": " << find_rule(rule)->summary << "\n";
  }
}

std::string summary(const pipeline::Result& r, const std::vector<std::string>& written, const std::string& out_dir,
                    double seconds) {
  std::size_t clean = 0, with_errors = 0, failed = 0, classes = 0, functions = 0;
  for (const auto& tu : r.model.tus) {
    clean += tu.status == ParseStatus::Clean;
    with_errors += tu.status == ParseStatus::WithErrors;
    failed += tu.status == ParseStatus::Failed;
  }
  for (const auto& s : r.model.symbols) {
    classes += s.kind == SymbolKind::Class;
    functions += s.kind == SymbolKind::Function || s.kind == SymbolKind::Method ||
                 s.kind == SymbolKind::Constructor || s.kind == SymbolKind::Destructor;
  }
  const DataAccessFacts& data = r.model.data;
  std::ostringstream out;
  out << std::fixed << std::setprecision(1);
  out << "cleave: " << r.model.tus.size() << " TUs: " << clean << " clean, " << with_errors << " with errors, "
      << failed << " failed; " << classes << " classes, " << functions << " functions, " << r.model.edges.size()
      << " edges; " << seconds << "s\n";
  out << "cleave: " << r.proposal.services.size() << " services proposed, "
      << r.proposal.shared_kernel_classes.size() << " shared-kernel classes, " << data.tables.size() << " tables, "
      << data.accesses.size() << " accesses (" << data.resolved_sites << " of " << data.sql_sites
      << " SQL sites resolved)\n";
  out << "cleave: wrote " << written.size() << " files to " << out_dir << " (model.json, proposal.json";
  for (const char* f : {"report.html", "report.md", "services.svg", "services.cml"}) {
    const std::string path = (std::filesystem::path(out_dir) / f).string();
    if (std::find(written.begin(), written.end(), path) != written.end()) out << ", " << f;
  }
  out << ")\n";
  return out.str();
}

}  // namespace

int analyze(const AnalyzeOptions& options, std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  // Bad input surfaces before any parsing: the database, the output
  // directory, the config.
  pipeline::Request request = options.request;
  request.out_dir = options.out_dir;
  const pipeline::Plan plan = pipeline::plan(request);
  ensure_writable_dir(options.out_dir);
  const config::ProjectConfig config = config::resolve_config(options.config_file, std::filesystem::current_path());

  for (const auto& note : plan.notes) err << "note: " << note << "\n";
  if (plan.jobs.empty()) {
    err << "warning: " << plan.database << ": no translation unit selected (" << plan.database_entries
        << " in the database; check --include/--exclude)\n";
  }
  if (options.progress && ::isatty(STDERR_FILENO)) {
    request.progress = [root = plan.root](const frontend::Progress& p) { print_progress(p, root); };
  }
  pipeline::Result r;
  r.plan = plan;
  Program program = pipeline::parse(plan, request);
  DataAccessFacts data = pipeline::data_access(program, request, config, plan.root);
  r.model = build_model(std::move(program), std::move(data));
  r.proposal = pipeline::propose(r.model, config, options.decompose);
  r.findings = pipeline::collect_findings(r.model, r.proposal, plan.root);
  print_findings(r.findings, err);

  const auto written = write_outputs(r.model, r.proposal, plan.root, options.out_dir, options.formats);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << summary(r, written, options.out_dir, seconds);
  return 0;
}

int explain(const FromModelOptions& options, const std::string& query, std::ostream& out) {
  const Model model = load_model(options.out_dir);
  out << decompose::explain(model, decompose_again(model, options), query);
  return 0;
}

int report(const FromModelOptions& options, const std::vector<std::string>& formats, std::ostream& out) {
  std::string root;  // where model.json's relative paths start
  const Model model = load_model(options.out_dir, &root);
  const Proposal proposal = decompose_again(model, options);
  const auto written = write_outputs(model, proposal, root, options.out_dir, formats);
  out << "cleave: " << proposal.services.size() << " services proposed; wrote " << written.size() << " files to "
      << options.out_dir << "\n";
  return 0;
}

int tables(const FromModelOptions& options, const std::string& by, std::ostream& out) {
  const Model model = load_model(options.out_dir);
  sql::ComponentOf component;
  Proposal proposal;
  if (by == "service") {
    proposal = decompose_again(model, options);
    component = [&model, &assignment = proposal.assignment](const std::string& usr) -> std::string {
      // A split class's methods are assigned one by one; look there first.
      auto it = assignment.find(usr);
      if (it == assignment.end()) {
        auto unit = model.unit_of(usr);
        it = assignment.find(unit ? *unit : usr);
      }
      if (it == assignment.end()) return "";
      return it->second.empty() ? "(shared kernel)" : it->second;
    };
  } else if (by == "class") {
    component = [&model](const std::string& usr) -> std::string {
      auto unit = model.unit_of(usr);
      const Symbol* s = model.find(unit ? *unit : usr);
      return s ? s->name : "";
    };
  } else {
    component = [&model](const std::string& usr) -> std::string {
      const Symbol* s = model.find(usr);
      return s ? std::filesystem::path(s->loc.file).filename().string() : "";
    };
  }
  out << sql::render_crud_matrix(model.data, component);
  return 0;
}

}  // namespace cleave::cli
