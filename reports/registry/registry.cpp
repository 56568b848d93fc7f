#include "reports/registry/registry.hpp"

#include "core/paths.hpp"
#include "reports/cml/cml_report.hpp"
#include "reports/dot/dot_report.hpp"
#include "reports/html/html_report.hpp"
#include "reports/json/model_json.hpp"
#include "reports/json/proposal_json.hpp"
#include "reports/markdown/markdown_report.hpp"
#include "reports/sam/sam.hpp"

#include <algorithm>
#include <stdexcept>

namespace cleave::report {
namespace {

// The service map and one class graph per service, as DOT or as SVG. Class
// graphs follow the proposal's order of services, and their file names are
// sanitised service names (two names that sanitise alike: the later wins,
// as it always has).
std::vector<OutputFile> graphs(const ReportContext& ctx, bool as_svg) {
  const char* ext = as_svg ? ".svg" : ".dot";
  auto text = [&](const std::string& dot) { return as_svg ? ctx.svg(dot) : dot; };
  std::vector<OutputFile> out;
  out.push_back({std::string("services") + ext, text(render_services_dot(ctx))});
  for (const Service& s : ctx.proposal().services) {
    out.push_back({"services/" + sanitize_name(s.name) + ext, text(render_service_class_dot(ctx, s.name))});
  }
  return out;
}

std::vector<Generator> make_generators() {
  std::vector<Generator> all = {
      {"cml", "services.cml: the proposal as Context Mapper bounded contexts and a context map", false, false,
       [](const ReportContext& ctx) {
         return std::vector<OutputFile>{{"services.cml", render_cml(ctx)}};
       }},
      {"dot", "services.dot and services/<service>.dot: Graphviz source of the service map and class graphs", true,
       false, [](const ReportContext& ctx) { return graphs(ctx, false); }},
      {"html", "report.html: the report to browse, one self-contained file that works offline", true, false,
       [](const ReportContext& ctx) {
         return std::vector<OutputFile>{{"report.html", render_html(ctx)}};
       }},
      {"md", "report.md: a Markdown summary for pull requests and wikis", true, false,
       [](const ReportContext& ctx) {
         return std::vector<OutputFile>{{"report.md", render_markdown(ctx)}};
       }},
      {"model", "model.json: the program model as data (symbols, edges, tables, accesses)", true, true,
       [](const ReportContext& ctx) {
         return std::vector<OutputFile>{{"model.json", render_model_json(ctx.model(), ctx.root())}};
       }},
      {"proposal", "proposal.json: the decomposition as data (services, tables, APIs, sagas)", true, true,
       [](const ReportContext& ctx) {
         return std::vector<OutputFile>{{"proposal.json", proposal_json_text(ctx.proposal(), ctx.root())}};
       }},
      {"sam", "sam/: an AWS SAM application per service, C++ handlers and a strangler root template (cleave sam)",
       false, false, [](const ReportContext& ctx) { return sam::generate_sam(ctx); }},
      {"svg", "services.svg and services/<service>.svg: the same graphs laid out by Graphviz", true, false,
       [](const ReportContext& ctx) { return graphs(ctx, true); }},
  };
  std::sort(all.begin(), all.end(), [](const Generator& a, const Generator& b) { return a.name < b.name; });
  return all;
}

}  // namespace

const std::vector<Generator>& generators() {
  static const std::vector<Generator> all = make_generators();
  return all;
}

const Generator* find_generator(std::string_view name) {
  for (const Generator& g : generators()) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

std::vector<std::string> format_names() {
  std::vector<std::string> out;
  for (const Generator& g : generators()) {
    if (!g.always) out.push_back(g.name);
  }
  return out;
}

std::vector<std::string> default_formats() {
  std::vector<std::string> out;
  for (const Generator& g : generators()) {
    if (g.by_default && !g.always) out.push_back(g.name);
  }
  return out;
}

ReportContext make_context(const ReportInput& input) { return ReportContext(input, dot_to_svg); }

std::vector<OutputFile> generate_outputs(const ReportContext& ctx, const std::vector<std::string>& formats) {
  for (const std::string& f : formats) {
    if (!find_generator(f)) {
      std::string known;
      for (const std::string& n : format_names()) known += (known.empty() ? "" : ", ") + n;
      throw std::invalid_argument("unknown format '" + f + "' (known: " + known + ")");
    }
  }
  std::vector<OutputFile> out;
  for (const Generator& g : generators()) {
    if (!g.always && std::find(formats.begin(), formats.end(), g.name) == formats.end()) continue;
    for (OutputFile& f : g.generate(ctx)) out.push_back(std::move(f));
  }
  return out;
}

std::string list_formats_text() {
  std::size_t width = 0;
  for (const Generator& g : generators()) width = std::max(width, g.name.size());
  std::string out;
  for (const Generator& g : generators()) {
    std::string line = "  " + g.name + std::string(width - g.name.size() + 2, ' ');
    line += g.always ? "always   " : g.by_default ? "default  " : "         ";
    out += line + g.description + "\n";
  }
  return out;
}

}  // namespace cleave::report
