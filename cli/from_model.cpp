// The commands that read OUT_DIR/model.json of a finished analysis instead of
// parsing: explain, tables, report. Each decomposes the model again
// (deterministic, same config) and answers.
#include "cli/analyze.hpp"

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "decompose/decompose.hpp"
#include "reports/json/model_json.hpp"
#include "sql/crud_matrix.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

namespace cleave::cli {
Model load_model(const std::string& out_dir, std::string* root) {
  const std::filesystem::path path = std::filesystem::path(out_dir) / "model.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path.string(), 0, "no model here", "run 'cleave analyze -p BUILD_DIR -o " + out_dir + "' first");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return report::parse_model_json(text.str(), path.string(), root);
}

Proposal decompose_again(const Model& model, const FromModelOptions& options, const config::ProjectConfig* config) {
  if (config) return pipeline::propose(model, *config, options.decompose);
  return pipeline::propose(model, config::resolve_config(options.config_file, std::filesystem::current_path()),
                           options.decompose);
}

int explain(const FromModelOptions& options, const std::vector<std::string>& queries, std::ostream& out) {
  const Model model = load_model(options.out_dir);
  const config::ProjectConfig config = config::resolve_config(options.config_file, std::filesystem::current_path());
  const Proposal proposal = decompose_again(model, options, &config);
  for (std::size_t i = 0; i < queries.size(); ++i)
    out << (i ? "\n" : "") << decompose::explain(model, proposal, queries[i], config.decompose.weights);
  return 0;
}

int report(const FromModelOptions& options, const std::vector<std::string>& formats, std::ostream& out) {
  std::string root;  // where model.json's relative paths start
  const Model model = load_model(options.out_dir, &root);
  ensure_output_dir(options.out_dir);  // it is replaced as a whole
  const Proposal proposal = decompose_again(model, options);
  const std::vector<Finding> findings = pipeline::collect_findings(model, proposal, root);
  const config::ProjectConfig config = config::resolve_config(options.config_file, std::filesystem::current_path());
  const report::ReportInput input{model, proposal, project_name(root), root, &findings, config.sam};
  const auto written = write_outputs(input, options.out_dir, formats);
  out << "cleave: " << proposal.services.size() << " services proposed; wrote " << written.size() << " files to "
      << options.out_dir << "\n";
  return 0;
}

config::SamConfig sam_settings(config::SamConfig sam, const SamOverrides& o) {
  auto take = [](const char* option, const char* key, const std::string& value, auto& field, auto parsed) {
    const std::string problem = config::check_sam_setting(key, value);
    if (!problem.empty()) throw InputError(option, 0, problem, "see 'cleave sam --help'");
    field = parsed;
  };
  if (!o.architecture.empty()) take("--arch", "architecture", o.architecture, sam.architecture, o.architecture);
  if (!o.table_mode.empty()) take("--table-mode", "table_mode", o.table_mode, sam.table_mode, o.table_mode);
  if (o.memory) take("--memory", "memory", std::to_string(o.memory), sam.memory, o.memory);
  if (o.timeout) take("--timeout", "timeout", std::to_string(o.timeout), sam.timeout, o.timeout);
  return sam;
}

int sam(const FromModelOptions& options, const SamOverrides& overrides, std::ostream& out) {
  // Settings and config first: a bad value is reported before any work.
  const config::ProjectConfig config = config::resolve_config(options.config_file, std::filesystem::current_path());
  const config::SamConfig settings = sam_settings(config.sam, overrides);
  std::string root;
  const Model model = load_model(options.out_dir, &root);
  const Proposal proposal = decompose_again(model, options, &config);
  const report::ReportInput input{model, proposal, project_name(root), root, nullptr, settings};
  const report::ReportContext ctx(input);
  std::vector<std::pair<std::string, std::string>> tree;
  for (auto& f : report::find_generator("sam")->generate(ctx))
    tree.emplace_back(f.path.substr(4), std::move(f.content));
  replace_directory_atomic(std::filesystem::path(options.out_dir) / "sam", tree);
  const std::size_t written = tree.size();
  out << "cleave: " << proposal.services.size() << " services as SAM applications (" << settings.architecture << ", "
      << settings.memory << " MB, " << settings.timeout << " s, " << settings.table_mode << "); wrote " << written
      << " files to " << (std::filesystem::path(options.out_dir) / "sam").string() << "\n";
  return 0;
}

int tables(const FromModelOptions& options, const std::string& by, const std::string& format, std::ostream& out) {
  const Model model = load_model(options.out_dir);
  sql::ComponentOf component;
  Proposal proposal;
  std::map<std::string, std::string> owners;  // by service: the proposal's table owners
  if (by == "service") {
    proposal = decompose_again(model, options);
    for (const auto& t : proposal.tables) {
      if (!t.owner.empty()) owners[t.name] = t.owner;
    }
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
  out << sql::render_crud_matrix(sql::crud_matrix(model.data, component, std::move(owners)), format);
  return 0;
}

}  // namespace cleave::cli
