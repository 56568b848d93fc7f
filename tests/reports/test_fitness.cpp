// Serverless fitness (issue 17) in the reports: proposal.json (with its
// schema and a round trip), the HTML page and overview column, the Markdown
// section; escaping and determinism. Proposals are built by hand
// (fixture.cpp, add_fitness): the reports render what the fitness step
// decided, they do not decide it.
#include "core/errors.hpp"
#include "reports/common/escape.hpp"
#include "reports/html/html_report.hpp"
#include "reports/json/proposal_json.hpp"
#include "reports/markdown/markdown_report.hpp"
#include "tests/docs_schema.hpp"
#include "tests/reports/fixture.hpp"
#include "tests/reports/predicates.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace cleave;
using namespace cleave::report;
using namespace cleave::report::testing;
namespace fs = std::filesystem;

namespace {

ReportInput input_of(const Fixture& f) { return {f.model, f.proposal, "shop", kRoot, &f.findings}; }

Fixture shop_with_fitness(const std::string& what_suffix = "") {
  Fixture f = make_shop();
  add_fitness(f, what_suffix);
  return f;
}

// The text from `start` up to the next `end` after it; empty when absent.
std::string between(const std::string& text, const std::string& start, const std::string& end) {
  auto b = text.find(start);
  if (b == std::string::npos) return {};
  auto e = text.find(end, b + start.size());
  return text.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

std::vector<std::string> schema_errors(const nlohmann::json& doc) {
  return cleave::test::docs_schema_errors("proposal.schema.json", doc);
}

// Markdown table rows (cells split on unescaped '|') under `heading`, up to
// the next heading of any level.
std::vector<std::vector<std::string>> md_rows(const std::string& md, const std::string& heading) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(between(md, "\n" + heading + "\n", "\n#"));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| ", 0) != 0) continue;
    rows.push_back(md_cells(line));
  }
  return rows;
}

}  // namespace

TEST_CASE("proposal.json carries fitness per service and in the kernel, paths relative", "[reports][json][fitness]") {
  Fixture f = shop_with_fitness();
  const auto j = proposal_to_json(f.proposal, kRoot);
  REQUIRE(j["fitness"].size() == 4);
  const auto& billing = j["fitness"][0];
  CHECK(billing["service"] == "billing");
  CHECK(billing["verdict"] == "ready-after-changes");
  CHECK(billing["downstream"] == nlohmann::json::array({"the monolith's database"}));
  REQUIRE(billing["findings"].size() == 3);
  const auto& csv = billing["findings"][0];  // the proposal's order: by effort
  CHECK(csv["rule"] == "CLV-FIT-002");
  CHECK(csv["kind"] == "local-file");
  CHECK(csv["function"] == "shop::nightly_report");
  CHECK(csv["location"] == nlohmann::json{{"file", "billing/invoice_service.cpp"}, {"line", 152}});
  CHECK(csv["replacement"] == "S3");
  CHECK(csv["effort"] == 1);
  CHECK(csv["central"] == false);
  CHECK_FALSE(csv.contains("via"));  // empty optional keys are left out
  CHECK_FALSE(csv.contains("downstream"));
  CHECK(billing["findings"][2]["downstream"] == "the monolith's database");
  const auto& orders = j["fitness"][3];
  CHECK(orders["verdict"] == "keep-long-running");
  CHECK(orders["evidence"].size() == 1);
  CHECK(orders["findings"][0]["via"] == "shop::OrderService::place");
  CHECK(orders["findings"][1]["central"] == true);
  REQUIRE(j["kernel_fitness"].size() == 1);
  CHECK(j["kernel_fitness"][0]["location"]["file"] == "common/money.hpp");
  CHECK(j["kernel_fitness"][0]["function"] == "");
  CHECK_FALSE(j["kernel_fitness"][0].contains("via"));
  // Transactions' locations follow the same rule.
  CHECK(j["distributed_transactions"][0]["location"]["file"] == "orders/order_service.cpp");
  // Without a root, locations stay as the proposal holds them.
  CHECK(proposal_to_json(f.proposal)["kernel_fitness"][0]["location"]["file"] ==
        std::string(kRoot) + "/common/money.hpp");
}

TEST_CASE("parse_proposal_json reads fitness back; older files without it still parse", "[reports][json][fitness]") {
  Fixture f = shop_with_fitness();
  const std::string text = proposal_json_text(f.proposal, kRoot);
  const Proposal back = parse_proposal_json(text, "proposal.json");
  // Everything written comes back: written again, the same bytes.
  const auto again = proposal_to_json(back);
  const auto first = proposal_to_json(f.proposal, kRoot);
  CHECK(again["fitness"] == first["fitness"]);
  CHECK(again["kernel_fitness"] == first["kernel_fitness"]);
  REQUIRE(back.fitness.size() == 4);
  const FitnessFinding& server = back.fitness[3].findings[1];
  CHECK(server.rule == "CLV-FIT-004");
  CHECK(server.kind == "server");
  CHECK(server.what == "QTcpServer::listen");
  CHECK(server.function == "shop::ShopController::handleOrder");
  CHECK(server.loc.file == "web/shop_controller.cpp");
  CHECK(server.loc.line == 45);
  CHECK(server.conflict == f.proposal.fitness[3].findings[1].conflict);
  CHECK(server.replacement == "API Gateway in front, or keep the service as a container");
  CHECK(server.effort == 3);
  CHECK(server.central);
  CHECK(back.fitness[3].findings[0].via == "shop::OrderService::place");
  CHECK(back.fitness[0].findings[2].downstream == "the monolith's database");
  CHECK(back.fitness[0].downstream == std::vector<std::string>{"the monolith's database"});
  CHECK(back.fitness[3].evidence == f.proposal.fitness[3].evidence);
  REQUIRE(back.kernel_fitness.size() == 1);
  CHECK(back.kernel_fitness[0].what == "static std::vector<std::string> g_lines");

  nlohmann::json old = nlohmann::json::parse(text);
  old.erase("fitness");
  old.erase("kernel_fitness");
  const Proposal older = parse_proposal_json(old.dump(), "old/proposal.json");
  CHECK(older.fitness.empty());
  CHECK(older.kernel_fitness.empty());
  CHECK(older.services.size() == 4);

  // A finding without its rule is not a proposal.json finding.
  nlohmann::json broken = nlohmann::json::parse(text);
  broken["fitness"][0]["findings"][0].erase("rule");
  CHECK_THROWS_AS(parse_proposal_json(broken.dump(), "broken.json"), InputError);
}

TEST_CASE("proposal.json with fitness follows docs/proposal.schema.json", "[reports][json][fitness][schema]") {
  Fixture f = shop_with_fitness();
  const nlohmann::json doc = nlohmann::json::parse(proposal_json_text(f.proposal, kRoot));
  auto errors = schema_errors(doc);
  for (const auto& e : errors) WARN(e);
  CHECK(errors.empty());
  // Without fitness (an older file) it still validates.
  nlohmann::json old = doc;
  old.erase("fitness");
  old.erase("kernel_fitness");
  CHECK(schema_errors(old).empty());
  // The schema has teeth.
  nlohmann::json bad = doc;
  bad["fitness"][0]["verdict"] = "maybe";
  CHECK_FALSE(schema_errors(bad).empty());
  bad = doc;
  bad["fitness"][0]["findings"][0]["effort"] = 4;
  CHECK_FALSE(schema_errors(bad).empty());
  bad = doc;
  bad["kernel_fitness"][0].erase("replacement");
  CHECK_FALSE(schema_errors(bad).empty());
  bad = doc;
  bad["fitness"][0]["findings"][0]["kind"] = "weather";
  CHECK_FALSE(schema_errors(bad).empty());
}

TEST_CASE("report.html: a fitness page and a Lambda fitness column on the overview", "[reports][html][fitness]") {
  Fixture f = shop_with_fitness();
  const std::string html = render_html(input_of(f));
  CHECK(html.find("<a href=\"#fitness\">Serverless fitness</a>") != std::string::npos);  // navigation

  const std::string overview = between(html, "data-route=\"overview\"", "</section>");
  CHECK(overview.find("<th>Lambda fitness</th>") != std::string::npos);
  CHECK(overview.find("<td class=\"verdict keep\"><a href=\"#fitness/orders\">keep as a long-running "
                      "service</a></td>") != std::string::npos);
  CHECK(overview.find("<td class=\"verdict changes\"><a href=\"#fitness/billing\">ready after changes</a></td>") !=
        std::string::npos);
  CHECK(overview.find("<td class=\"verdict ready\"><a href=\"#fitness/catalog\">ready</a></td>") != std::string::npos);

  const std::string page = between(html, "data-route=\"fitness\"", "</section>");
  REQUIRE_FALSE(page.empty());
  CHECK(page.find("<h2>Serverless fitness</h2>") != std::string::npos);

  const std::string orders = between(page, "id=\"fitness/orders\"", "class=\"fitness-entry");
  CHECK(orders.find("<span class=\"verdict keep\">keep as a long-running service</span>") != std::string::npos);
  CHECK(orders.find("<li>a server loop: shop::ShopController::handleOrder listens on a socket "
                    "(web/shop_controller.cpp:45)</li>") != std::string::npos);  // evidence
  CHECK(orders.find("<tr><td class=\"rule\">CLV-FIT-004</td><td class=\"loc\">web/shop_controller.cpp:45</td>"
                    "<td>shop::ShopController::handleOrder</td><td></td><td>QTcpServer::listen</td>") !=
        std::string::npos);
  CHECK(orders.find("<td>API Gateway in front, or keep the service as a container</td><td class=\"central\">large; "
                    "central to the design</td>") != std::string::npos);
  CHECK(orders.find("<td>shop::OrderService::place</td>") != std::string::npos);  // via, for the kernel's buffer

  const std::string billing = between(page, "id=\"fitness/billing\"", "class=\"fitness-entry");
  CHECK(billing.find("<span class=\"verdict changes\">ready after changes</span>") != std::string::npos);
  // Findings in the proposal's order (by effort), not re-sorted.
  const auto fit002 = billing.find("CLV-FIT-002"), fit001 = billing.find("CLV-FIT-001"),
             fit006 = billing.find("CLV-FIT-006");
  REQUIRE(fit006 != std::string::npos);
  CHECK(fit002 < fit001);
  CHECK(fit001 < fit006);
  CHECK(billing.find("<td>S3</td><td>small</td>") != std::string::npos);
  CHECK(billing.find("(burst on the monolith&#39;s database)") != std::string::npos);
  CHECK(billing.find("<p>Would see Lambda's bursts: the monolith&#39;s database.</p>") != std::string::npos);

  const std::string catalog = between(page, "id=\"fitness/catalog\"", "class=\"fitness-entry");
  CHECK(catalog.find("<span class=\"verdict ready\">ready</span>") != std::string::npos);
  CHECK(catalog.find("Nothing found that assumes a long-lived process.") != std::string::npos);

  const std::string kernel = between(page, "id=\"fitness-kernel\"", "class=\"fitness-entry");
  CHECK(kernel.find("<h3>Shared kernel</h3>") != std::string::npos);
  CHECK(kernel.find("<td class=\"rule\">CLV-FIT-001</td><td class=\"loc\">common/money.hpp:38</td><td "
                    "class=\"muted\">(namespace scope)</td><td>static std::vector&lt;std::string&gt; g_lines</td>") !=
        std::string::npos);
  CHECK(html.find(std::string(kRoot) + "/") == std::string::npos);  // every path relative
}

TEST_CASE("report.html and report.md leave fitness out when the proposal has none", "[reports][html][markdown]") {
  Fixture f = make_shop();
  const std::string html = render_html(input_of(f));
  CHECK(html.find("data-route=\"fitness\"") == std::string::npos);
  CHECK(html.find("href=\"#fitness\"") == std::string::npos);
  CHECK(html.find("Lambda fitness") == std::string::npos);
  CHECK(render_markdown(input_of(f)).find("Serverless fitness") == std::string::npos);
  // A service the fitness step did not assess says so rather than "ready".
  add_fitness(f);
  f.proposal.fitness.erase(f.proposal.fitness.begin() + 1);  // catalog
  const std::string partial = render_html(input_of(f));
  CHECK(between(partial, "data-route=\"overview\"", "</section>").find("<td class=\"muted\">not assessed</td>") !=
        std::string::npos);
}

TEST_CASE("report.md: a Serverless fitness section", "[reports][markdown][fitness]") {
  Fixture f = shop_with_fitness();
  const std::string md = render_markdown(input_of(f));
  REQUIRE(md.find("\n## Serverless fitness\n") != std::string::npos);
  CHECK(md.find("\n## Serverless fitness\n") < md.find("\n## Findings\n"));
  const auto summary = md_rows(md, "## Serverless fitness");
  REQUIRE(summary.size() == 5);  // header and four services, by name
  CHECK(summary[1] ==
        std::vector<std::string>{"billing", "**ready after changes**", "3", md_escape("the monolith's database")});
  CHECK(summary[2][1] == "**ready**");
  CHECK(summary[4] == std::vector<std::string>{"orders", "**keep as a long-running service**", "2", ""});

  CHECK(md.find("\n### catalog:") == std::string::npos);  // nothing to list
  const std::string orders_heading = "### orders: keep as a long-running service";
  CHECK(md.find("\n- a server loop: shop::ShopController::handleOrder listens on a socket "
                "(web/shop_controller.cpp:45)\n") != std::string::npos);
  const auto orders = md_rows(md, orders_heading);
  REQUIRE(orders.size() == 3);
  CHECK(orders[0] == std::vector<std::string>{"Rule", "Where", "Function", "Via", "What", "Conflicts with",
                                              "Replacement", "Effort"});
  CHECK(orders[1][0] == "CLV-FIT-001");
  CHECK(orders[1][3] == "`shop::OrderService::place`");  // code as code spans
  CHECK(orders[2] == std::vector<std::string>{
                         "CLV-FIT-004", md_escape("web/shop_controller.cpp:45"), "`shop::ShopController::handleOrder`",
                         "", "`QTcpServer::listen`", md_escape(f.proposal.fitness[3].findings[1].conflict),
                         md_escape("API Gateway in front, or keep the service as a container"), "large, central"});
  const auto billing = md_rows(md, "### billing: ready after changes");
  REQUIRE(billing.size() == 4);
  CHECK(billing[1][0] == "CLV-FIT-002");  // as given: by effort
  CHECK(billing[2][0] == "CLV-FIT-001");
  CHECK(billing[3][0] == "CLV-FIT-006");
  CHECK(billing[1][6] == "S3");
  CHECK(billing[1][7] == "small");

  const auto kernel = md_rows(md, "### Shared kernel");
  REQUIRE(kernel.size() == 2);
  CHECK(kernel[0].size() == 7);  // no Via column
  CHECK(kernel[1][1] == md_escape("common/money.hpp:38"));
  CHECK(kernel[1][2] == "(namespace scope)");
  CHECK(kernel[1][3] == "`static std::vector<std::string> g_lines`");
}

TEST_CASE("a finding's markup from the analysed code comes out escaped", "[reports][escaping][fitness]") {
  const std::string markup = "<script>alert(2)</script>";
  Fixture f = shop_with_fitness(markup);
  f.proposal.fitness[3].evidence.push_back("a <b>resident</b> cache");

  const std::string html = render_html(input_of(f));
  CHECK(count(html, "<script") == 2);  // the data block and the report's own script
  CHECK(html.find("alert(2)</script>") == std::string::npos);
  CHECK(html.find("<b>resident</b>") == std::string::npos);
  const std::string page = between(html, "data-route=\"fitness\"", "</section>");
  CHECK(page.find("std::ofstream(&quot;/var/reports/nightly.csv&quot;)&lt;script&gt;alert(2)&lt;/script&gt;</td>") !=
        std::string::npos);
  CHECK(page.find("<li>a &lt;b&gt;resident&lt;/b&gt; cache</li>") != std::string::npos);

  const std::string md = render_markdown(input_of(f));
  CHECK(md.find("&lt;") == std::string::npos);  // no entities: code spans, and backslashes in text
  CHECK(md.find("`std::ofstream(\"/var/reports/nightly.csv\")<script>alert(2)</script>`") != std::string::npos);
  CHECK(md.find("- a \\<b>resident\\</b> cache\n") != std::string::npos);
}

TEST_CASE("fitness output does not depend on the order of the proposal's services", "[reports][determinism]") {
  Fixture a = shop_with_fitness();
  Fixture b = shop_with_fitness();
  std::reverse(b.proposal.fitness.begin(), b.proposal.fitness.end());
  CHECK(render_html(input_of(a)) == render_html(input_of(b)));
  CHECK(render_markdown(input_of(a)) == render_markdown(input_of(b)));
  CHECK(render_html(input_of(a)) == render_html(input_of(a)));
  // The findings' own order is the proposal's (by effort): reversing it shows.
  std::reverse(b.proposal.fitness.front().findings.begin(), b.proposal.fitness.front().findings.end());
  CHECK(render_markdown(input_of(a)) != render_markdown(input_of(b)));
}
