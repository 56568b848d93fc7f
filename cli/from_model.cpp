// The commands that read OUT_DIR/model.json of a finished analysis instead of
// parsing: explain, tables, report. Each decomposes the model again
// (deterministic, same config) and answers.
#include "cli/analyze.hpp"

#include "core/errors.hpp"
#include "decompose/decompose.hpp"
#include "reports/json/model_json.hpp"
#include "sql/crud_matrix.hpp"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

namespace cleave::cli {
namespace {

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

}  // namespace

int explain(const FromModelOptions& options, const std::string& query, std::ostream& out) {
  const Model model = load_model(options.out_dir);
  out << decompose::explain(model, decompose_again(model, options), query);
  return 0;
}

int report(const FromModelOptions& options, const std::vector<std::string>& formats, std::ostream& out) {
  std::string root;  // where model.json's relative paths start
  const Model model = load_model(options.out_dir, &root);
  const Proposal proposal = decompose_again(model, options);
  const std::vector<Finding> findings = pipeline::collect_findings(model, proposal, root);
  const auto written = write_outputs(model, proposal, findings, root, options.out_dir, formats);
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
