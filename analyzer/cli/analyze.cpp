#include "cli/analyze.hpp"

#include "compdb/compdb.hpp"
#include "core/atomic_write.hpp"
#include "core/paths.hpp"
#include "frontend/frontend.hpp"
#include "model/model.hpp"
#include "reports/json/model_json.hpp"
#include "config/config.hpp"
#include "decompose/decompose.hpp"
#include "reports/cml/cml_report.hpp"
#include "reports/dot/dot_report.hpp"
#include "reports/html/html_report.hpp"
#include "reports/json/proposal_json.hpp"
#include "reports/markdown/markdown_report.hpp"
#include "sql/crud_matrix.hpp"
#include "sql/sql.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <iomanip>
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
  decompose::DecomposeOptions dopts;
  dopts.target_services = options.services;
  dopts.resolution = options.resolution;
  dopts.seed = options.seed;
  dopts.config_file = options.config_file;
  return decompose::decompose(model, dopts);
}

}  // namespace

int explain(const FromModelOptions& options, const std::string& query, std::ostream& out) {
  const Model model = load_model(options.out_dir);
  const Proposal proposal = decompose_again(model, options);
  out << decompose::explain(model, proposal, query);
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
  std::vector<std::string> verbs;
  for (const auto& a : model.data.accesses) verbs.push_back(a.verb);
  sql::ComponentOf component;
  if (by == "service") {
    const Proposal proposal = decompose_again(model, options);
    component = [&model, assignment = proposal.assignment](const std::string& usr) -> std::string {
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
  out << sql::render_crud_matrix(model.data, verbs, component);
  return 0;
}

std::vector<std::string> rule_files() {
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

std::vector<std::string> find_schema_files(const std::string& root, const std::string& out_dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  if (root.empty()) return out;
  std::error_code ec;
  const std::string out_abs = normalize_path(out_dir);
  const auto third_party = frontend::default_third_party();
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    if (it->is_directory(ec)) {
      // Build trees, VCS metadata and vendored code hold no schema of the project's.
      if (name.front() == '.' || name == "build" || name.rfind("build-", 0) == 0 || name.rfind("cmake-build", 0) == 0 ||
          name == "node_modules" || p.string() == out_abs) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (p.extension() != ".sql") continue;
    bool vendored = false;
    for (const auto& g : third_party) vendored = vendored || glob_match(g, p.string());
    if (!vendored) out.push_back(p.string());
    if (out.size() >= 500) break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

int analyze(const AnalyzeOptions& options, std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  // Input and output problems surface before any parsing.
  const compdb::Database db = compdb::load(options.build_dir);
  ensure_writable_dir(options.out_dir);
  // An invalid config is rejected before any parsing.
  const config::ProjectConfig project_config =
      config::resolve_config(options.config_file, std::filesystem::current_path());

  const std::vector<compdb::CompileCommand> selected =
      compdb::select(db, PathFilter(options.include, options.exclude));
  for (const auto& note : db.notes) err << "note: " << note << "\n";
  if (selected.empty()) {
    err << "warning: " << db.path << ": no translation unit selected (" << db.commands.size()
        << " in the database; check --include/--exclude)\n";
  }

  std::vector<std::string> files;
  for (const auto& c : selected) files.push_back(c.file);
  const std::string root = options.root.empty() ? detect_project_root(files) : normalize_path(options.root);

  compdb::FlagAdjustments adjust{options.extra_args, options.remove_args};
  std::vector<frontend::ParseJob> jobs;
  std::map<std::string, unsigned> dropped_counts;
  for (const auto& c : selected) {
    compdb::ParseArgs args = compdb::prepare_args(c, adjust);
    for (const auto& d : args.dropped) ++dropped_counts[d];
    jobs.push_back(frontend::ParseJob{c.file, std::move(args.args), std::move(args.dropped)});
  }
  for (const auto& [flag, count] : dropped_counts) {
    err << "note: dropped '" << flag << "' from " << count << " TU" << (count == 1 ? "" : "s")
        << " (libclang cannot take it)\n";
  }

  frontend::FrontendOptions fopts;
  fopts.jobs = options.jobs;
  fopts.project_root = root;
  fopts.third_party = frontend::default_third_party();
  fopts.third_party.insert(fopts.third_party.end(), options.third_party.begin(), options.third_party.end());
  fopts.skip_function_bodies = options.skip_function_bodies;
  if (options.progress && ::isatty(STDERR_FILENO)) {
    fopts.progress = [&root](const frontend::Progress& p) { print_progress(p, root); };
  }
  std::vector<TuFacts> facts = frontend::parse_all(jobs, fopts);

  std::size_t clean = 0, with_errors = 0, failed = 0;
  for (const auto& f : facts) {
    if (f.status == ParseStatus::Clean) ++clean;
    if (f.status == ParseStatus::WithErrors) ++with_errors;
    if (f.status == ParseStatus::Failed) ++failed;
    if (f.status != ParseStatus::Clean) {
      err << (f.status == ParseStatus::Failed ? "error: " : "warning: ") << relative_to(f.file, root) << ": "
          << (f.status == ParseStatus::Failed ? "failed to parse" : std::to_string(f.error_count) + " error(s)")
          << "; facts from it may be incomplete\n";
      for (const auto& d : f.diagnostics) {
        err << "  " << relative_to(d.loc.file, root) << ":" << d.loc.line << ": " << d.severity << ": " << d.message
            << "\n";
      }
    }
  }

  const std::size_t tu_count = facts.size();
  sql::SqlOptions sql_options;
  sql_options.rule_files = rule_files();
  sql_options.rule_files.insert(sql_options.rule_files.end(), project_config.sql.rule_files.begin(),
                                project_config.sql.rule_files.end());
  sql_options.rule_files.insert(sql_options.rule_files.end(), options.rule_files.begin(), options.rule_files.end());
  sql_options.schema_files = options.schema_files;
  if (sql_options.schema_files.empty()) sql_options.schema_files = project_config.sql.schema_files;
  if (sql_options.schema_files.empty()) sql_options.schema_files = find_schema_files(root, options.out_dir);
  sql::Analysis data = sql::analyze_detailed(facts, sql_options);
  for (std::size_t i = 0; i < data.facts.accesses.size() && i < data.verbs.size(); ++i) {
    data.facts.accesses[i].verb = data.verbs[i];
  }
  Model model = merge(std::move(facts));
  model.data = std::move(data.facts);

  decompose::DecomposeOptions dopts;
  dopts.target_services = options.services;
  dopts.resolution = options.resolution;
  dopts.seed = options.seed;
  dopts.config_file = options.config_file;
  const Proposal proposal = decompose::decompose(model, dopts);

  const std::filesystem::path out_dir(options.out_dir);
  const std::vector<std::string> written = write_outputs(model, proposal, root, out_dir, options.formats);

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::size_t classes = 0, functions = 0;
  for (const auto& s : model.symbols) {
    if (s.kind == SymbolKind::Class) ++classes;
    if (s.kind == SymbolKind::Function || s.kind == SymbolKind::Method || s.kind == SymbolKind::Constructor ||
        s.kind == SymbolKind::Destructor) {
      ++functions;
    }
  }
  std::ostringstream summary;
  summary << std::fixed << std::setprecision(1);
  summary << "cleave: " << tu_count << " TUs: " << clean << " clean, " << with_errors << " with errors, "
          << failed << " failed; " << classes << " classes, " << functions << " functions, " << model.edges.size()
          << " edges; " << seconds << "s\n";
  summary << "cleave: " << proposal.services.size() << " services proposed, " << proposal.shared_kernel_classes.size()
          << " shared-kernel classes, " << model.data.tables.size() << " tables, " << model.data.accesses.size()
          << " accesses (" << model.data.resolved_sites << " of " << model.data.sql_sites << " SQL sites resolved)\n";
  auto list = [](const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size() && i < 8; ++i) text += (i ? ", " : "") + names[i];
    if (names.size() > 8) text += ", ...";
    return text;
  };
  if (!model.data.unaccessed_tables.empty()) {
    summary << "cleave: " << model.data.unaccessed_tables.size()
            << " schema table(s) nothing accesses: " << list(model.data.unaccessed_tables) << "\n";
  }
  if (!model.data.undeclared_tables.empty()) {
    summary << "cleave: " << model.data.undeclared_tables.size()
            << " table(s) accessed but in no schema: " << list(model.data.undeclared_tables) << "\n";
  }
  summary << "cleave: wrote " << written.size() << " files to " << out_dir.string() << " (model.json, proposal.json";
  for (const char* f : {"report.html", "report.md", "services.svg", "services.cml"}) {
    if (std::find(written.begin(), written.end(), (out_dir / f).string()) != written.end()) summary << ", " << f;
  }
  summary << ")\n";
  out << summary.str();
  return 0;
}

}  // namespace cleave::cli
