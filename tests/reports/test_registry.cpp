// The generator registry: names, defaults, the files each format writes (the
// same bytes as its render_* function), one context and one layout per graph.
#include "reports/cml/cml_report.hpp"
#include "reports/dot/dot_report.hpp"
#include "reports/html/html_report.hpp"
#include "reports/json/model_json.hpp"
#include "reports/json/proposal_json.hpp"
#include "reports/markdown/markdown_report.hpp"
#include "reports/registry/registry.hpp"
#include "reports/sam/sam.hpp"
#include "tests/reports/fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace cleave;
using namespace cleave::report;
using namespace cleave::report::testing;

namespace {

std::map<std::string, std::string> by_path(const std::vector<OutputFile>& files) {
  std::map<std::string, std::string> out;
  for (const OutputFile& f : files) out[f.path] = f.content;
  return out;
}

std::vector<std::string> paths(const std::vector<OutputFile>& files) {
  std::vector<std::string> out;
  for (const OutputFile& f : files) out.push_back(f.path);
  return out;
}

}  // namespace

TEST_CASE("the registry names every format once, sorted", "[reports][registry]") {
  std::vector<std::string> names;
  for (const Generator& g : generators()) {
    names.push_back(g.name);
    CHECK_FALSE(g.description.empty());
    CHECK(g.description.find('\n') == std::string::npos);
    CHECK(g.generate);
    CHECK(find_generator(g.name) == &g);
  }
  CHECK(names == std::vector<std::string>{"cml", "dot", "html", "md", "model", "proposal", "sam", "svg"});
  CHECK(find_generator("pdf") == nullptr);
  CHECK(find_generator("model")->always);
  CHECK(find_generator("proposal")->always);
  CHECK(format_names() == std::vector<std::string>{"cml", "dot", "html", "md", "sam", "svg"});
  CHECK(default_formats() == std::vector<std::string>{"dot", "html", "md", "svg"});
  const std::string text = list_formats_text();
  for (const std::string& n : names) CHECK(text.find("  " + n + " ") != std::string::npos);
  CHECK(text.find("always") != std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') == static_cast<long>(names.size()));
}

TEST_CASE("each format writes the bytes of its renderer", "[reports][registry]") {
  Fixture f = make_shop();
  const ReportInput in{f.model, f.proposal, "shop", kRoot};
  const ReportContext ctx = make_context(in);
  const auto files = generate_outputs(ctx, format_names());
  const auto got = by_path(files);
  CHECK(got.size() == files.size());  // no path twice
  CHECK(got.at("model.json") == render_model_json(f.model, kRoot));
  CHECK(got.at("proposal.json") == proposal_json_text(f.proposal, kRoot));  // locations relative, as in model.json
  CHECK(got.at("report.html") == render_html(in));
  CHECK(got.at("report.md") == render_markdown(in));
  CHECK(got.at("services.cml") == render_cml(in));
  const std::string map = render_services_dot(in);
  CHECK(got.at("services.dot") == map);
  CHECK(got.at("services.svg") == dot_to_svg(map));
  for (const Service& s : f.proposal.services) {
    const std::string dot = render_service_class_dot(in, s.name);
    CHECK(got.at("services/" + s.name + ".dot") == dot);
    CHECK(got.at("services/" + s.name + ".svg") == dot_to_svg(dot));
  }
  std::size_t sam_files = 0;
  for (const OutputFile& file : sam::generate_sam(ctx)) {
    CHECK(got.at(file.path) == file.content);
    ++sam_files;
  }
  // root template, samconfig, README; 5 per service; the facade's route stacks
  CHECK(sam_files == 3 + 5 * f.proposal.services.size() + sam::route_stacks(sam::plan_application(ctx, {})).size());
  CHECK(got.size() == 7 + 2 * f.proposal.services.size() + sam_files);
}

TEST_CASE("model.json and proposal.json are always written; unknown formats are refused", "[reports][registry]") {
  Fixture f = make_shop();
  const ReportContext ctx = make_context({f.model, f.proposal, "shop", kRoot});
  CHECK(paths(generate_outputs(ctx, {})) == std::vector<std::string>{"model.json", "proposal.json"});
  CHECK(paths(generate_outputs(ctx, {"md", "cml"})) ==
        std::vector<std::string>{"services.cml", "report.md", "model.json", "proposal.json"});
  CHECK_THROWS_AS(generate_outputs(ctx, {"md", "pdf"}), std::invalid_argument);
}

TEST_CASE("output paths stay inside the output directory", "[reports][registry]") {
  Fixture f = make_shop();
  for (auto& s : f.proposal.services) {
    if (s.name == "billing") s.name = "../../etc/passwd";
    if (s.name == "catalog") s.name = "/abs/Cat.alog";
  }
  const ReportContext ctx({f.model, f.proposal, "shop", kRoot},
                          [](const std::string&) { return std::string("<svg/>"); });
  for (const OutputFile& file : generate_outputs(ctx, {"dot", "svg"})) {
    INFO(file.path);
    CHECK(file.path.find("..") == std::string::npos);
    CHECK(file.path.front() != '/');
    CHECK(std::count(file.path.begin(), file.path.end(), '/') <= 1);
  }
  const auto got = by_path(generate_outputs(ctx, {"dot"}));
  CHECK(got.count("services/etc-passwd.dot") == 1);
  CHECK(got.count("services/abs-cat-alog.dot") == 1);
}

TEST_CASE("one context lays out each graph once for every format that shows it", "[reports][registry][dot]") {
  Fixture f = make_shop();
  std::map<std::string, unsigned> laid_out;  // DOT text -> layouts
  const ReportContext ctx({f.model, f.proposal, "shop", kRoot}, [&](const std::string& dot) {
    ++laid_out[dot];
    return dot_to_svg(dot);
  });
  const auto files = generate_outputs(ctx, {"svg", "html", "dot"});
  // The service map and one class graph per service: each laid out once,
  // although services.svg and report.html both show the map and every
  // class graph.
  CHECK(ctx.layouts() == 1 + f.proposal.services.size());
  CHECK(laid_out.size() == ctx.layouts());
  for (const auto& [dot, n] : laid_out) CHECK(n == 1);
  CHECK(laid_out.count(render_services_dot(ctx)) == 1);
  // The HTML inlines the very layout services.svg holds.
  const auto got = by_path(files);
  CHECK(got.at("report.html").find(svg_for_inline(got.at("services.svg"))) != std::string::npos);
  // A second run on the same context lays out nothing new.
  generate_outputs(ctx, {"svg", "html"});
  CHECK(ctx.layouts() == 1 + f.proposal.services.size());
}

TEST_CASE("a context without a layout function says so", "[reports][registry]") {
  Fixture f = make_shop();
  const ReportContext ctx({f.model, f.proposal, "shop", kRoot});
  CHECK_THROWS_AS(ctx.svg("digraph {}"), std::logic_error);
  // The HTML degrades to a note instead of failing.
  CHECK(render_html(ctx).find("could not draw this graph") != std::string::npos);
}
