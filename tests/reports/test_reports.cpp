// Report tests: shared predicates against every format, golden files,
// escaping of hostile input, determinism, size limits.
#include "reports/cml/cml_report.hpp"
#include "reports/common/escape.hpp"
#include "reports/dot/dot_report.hpp"
#include "reports/html/html_report.hpp"
#include "reports/markdown/markdown_report.hpp"
#include "sql/crud_matrix.hpp"
#include "tests/reports/fixture.hpp"
#include "tests/reports/predicates.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

using namespace cleave;
using namespace cleave::report;
using namespace cleave::report::testing;
namespace fs = std::filesystem;

namespace {

// Golden files hold what a person approved. The normaliser removes what may
// differ between machines without meaning anything: CRLF, trailing blanks.
std::string normalise(std::string text) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    out += line + "\n";
  }
  return out;
}

void check_golden(const std::string& name, const std::string& actual) {
  fs::path path = fs::path(CLEAVE_SOURCE_DIR) / "tests" / "reports" / "golden" / name;
  const char* update = std::getenv("CLEAVE_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << normalise(actual);
    WARN("golden file rewritten: " << path.string());
    return;
  }
  std::ifstream in(path, std::ios::binary);
  INFO("golden file " << path.string() << " (CLEAVE_UPDATE_GOLDEN=1 rewrites it after review)");
  REQUIRE(in.good());
  std::stringstream expected;
  expected << in.rdbuf();
  std::string want = normalise(expected.str()), got = normalise(actual);
  if (want != got) {
    std::istringstream a(want), b(got);
    std::string la, lb;
    for (int line = 1;; ++line) {
      bool ea = !std::getline(a, la), eb = !std::getline(b, lb);
      if (ea && eb) break;
      if (la != lb || ea != eb) {
        FAIL_CHECK("first difference at line " << line << "\n  approved: " << (ea ? "<end>" : la)
                                               << "\n  actual:   " << (eb ? "<end>" : lb));
        break;
      }
    }
  }
  CHECK(want == got);
}

ReportInput input_of(const Fixture& f, std::string name = "shop") {
  return {f.model, f.proposal, name, kRoot, &f.findings};
}

}  // namespace

TEST_CASE("every format shows every service and who owns each table", "[reports][predicates]") {
  Fixture f = make_shop();
  for (const FormatProbe& p : probes_for(f)) {
    INFO("format " << p.name);
    for (const Service& s : f.proposal.services) {
      CHECK(p.has_service(p.text, s.name));
      for (const std::string& t : s.tables) CHECK(p.owns(p.text, t, s.name));
    }
    // The predicates can fail: absent services and wrong owners are rejected.
    CHECK_FALSE(p.has_service(p.text, "shipping"));
    CHECK_FALSE(p.owns(p.text, "orders", "billing"));
    CHECK_FALSE(p.owns(p.text, "invoices", "orders"));
  }
}

TEST_CASE("a renamed owner shows in every format", "[reports][predicates]") {
  Fixture f = make_shop();
  for (auto& s : f.proposal.services) {
    if (s.name == "catalog") s.tables.clear();
    if (s.name == "customers") s.tables.push_back("products");
  }
  for (auto& t : f.proposal.tables) {
    if (t.name == "products") t.owner = "customers";
  }
  for (const FormatProbe& p : probes_for(f)) {
    INFO("format " << p.name);
    CHECK(p.owns(p.text, "products", "customers"));
    CHECK_FALSE(p.owns(p.text, "products", "catalog"));
  }
}

TEST_CASE("golden: markdown, DOT and CML of the shop", "[reports][golden]") {
  Fixture f = make_shop();
  add_fitness(f);
  ReportInput in = input_of(f);
  check_golden("shop.md", render_markdown(in));
  check_golden("shop.services.dot", render_services_dot(in));
  check_golden("shop.orders.classes.dot", render_service_class_dot(in, "orders"));
  check_golden("shop.cml", render_cml(in));
}

TEST_CASE("reports do not depend on the order of their input", "[reports][determinism]") {
  Fixture a = make_shop();
  Fixture b = make_shop();
  std::reverse(b.model.symbols.begin(), b.model.symbols.end());
  std::reverse(b.model.class_edges.begin(), b.model.class_edges.end());
  std::reverse(b.model.data.tables.begin(), b.model.data.tables.end());
  std::reverse(b.model.data.accesses.begin(), b.model.data.accesses.end());
  std::reverse(b.model.tus.begin(), b.model.tus.end());
  std::reverse(b.proposal.services.begin(), b.proposal.services.end());
  std::reverse(b.proposal.tables.begin(), b.proposal.tables.end());
  std::reverse(b.findings.begin(), b.findings.end());
  b.model.index();
  ReportInput ia = input_of(a), ib = input_of(b);
  CHECK(render_markdown(ia) == render_markdown(ib));
  CHECK(render_services_dot(ia) == render_services_dot(ib));
  CHECK(render_service_class_dot(ia, "orders") == render_service_class_dot(ib, "orders"));
  CHECK(render_cml(ia) == render_cml(ib));
  CHECK(render_html(ia) == render_html(ib));
}

TEST_CASE("Graphviz output is deterministic", "[reports][dot]") {
  Fixture f = make_shop();
  std::string dot = render_services_dot(input_of(f));
  std::string first = dot_to_svg(dot);
  CHECK(first.find("<svg") != std::string::npos);
  CHECK(dot_to_svg(dot) == first);
  std::string classes = render_service_class_dot(input_of(f), "orders");
  CHECK(dot_to_svg(classes) == dot_to_svg(classes));
  CHECK_THROWS_AS(dot_to_svg("digraph { a -> }"), std::runtime_error);
}

TEST_CASE("the service map bundles edges and styles sync and async apart", "[reports][dot]") {
  Fixture f = make_shop();
  // A dependency listed twice is one edge with the summed weight.
  for (auto& s : f.proposal.services) {
    if (s.name == "billing") s.depends_on.push_back({"customers", 4, "sync"});
  }
  std::string dot = render_services_dot(input_of(f));
  CHECK(count(dot, "\"svc:billing\" -> \"svc:customers\"") == 1);
  CHECK(dot.find("\"svc:billing\" -> \"svc:customers\" [label=\"7\"") != std::string::npos);
  CHECK(dot.find("class=\"mixed\"") != std::string::npos);
  std::string original = render_services_dot(input_of(make_shop()));
  CHECK(original.find("style=dashed, arrowhead=vee, color=\"#1f6fb2\", class=\"async\"") != std::string::npos);
  CHECK(count(original, "class=\"service\"") == 4);
}

TEST_CASE("class graphs stay legible on a large monolith", "[reports][dot][size]") {
  Fixture f = make_big(400, 40, 12);
  ReportInput in = input_of(f, "big");
  CHECK_THROWS_AS(render_service_class_dot(in, "no-such-service"), std::invalid_argument);
  std::string dot = render_service_class_dot(in, "service00");
  CHECK(count(dot, " -> ") <= kMaxClassEdges);
  CHECK(count(dot, "class=\"class\"") <= kMaxClassNodes);
  CHECK(count(dot, "class=\"class\"") == 34);  // 400 classes over 12 services: 34 in the first
  std::string map = render_services_dot(in);
  CHECK(count(map, "class=\"service\"") == 12);
  CHECK(count(map, " -> ") <= 12 * 11);
}

TEST_CASE("a dense service map keeps each service's strongest links and stays within budget", "[reports][dot][size]") {
  Fixture f = make_big(600, 40, 20);
  ReportInput in = input_of(f, "big");
  ReportContext ctx(in);
  const std::size_t all = ctx.links().size();
  REQUIRE(all > 40);  // the fixture must be dense for this to test anything
  const std::string map = render_services_dot(in);
  const std::size_t drawn = count(map, " -> ");
  CHECK(drawn < all);
  CHECK(drawn <= 40);  // the budget holds: past it no layout stays readable
  CHECK(map.find(std::to_string(all - drawn) + " lighter dependencies not drawn") != std::string::npos);
  // Every service that calls another keeps an outgoing arrow, and every
  // service another calls an incoming one.
  for (const auto& name : ctx.service_names()) {
    bool calls = false, called = false;
    for (const auto& l : ctx.links()) {
      calls = calls || l.from == name;
      called = called || l.to == name;
    }
    INFO(name);
    if (calls) CHECK(map.find("\"svc:" + name + "\" -> ") != std::string::npos);
    if (called) CHECK(map.find("-> \"svc:" + name + "\"") != std::string::npos);
  }
  // Curved splines again: the drawn map is small enough to route them.
  CHECK(map.find("splines=line") == std::string::npos);
}

TEST_CASE("the ownership matrix carries CRUD letters and conflicts", "[reports][html]") {
  Fixture f = make_shop();
  ReportContext ctx(input_of(f));
  CHECK(ctx.crud("payments", "billing") == "UD");
  CHECK(ctx.crud("orders", "orders") == "C");
  CHECK(ctx.crud("orders", "billing") == "R");
  CHECK(ctx.crud("products", "catalog") == "RU");  // the split controller method updates prices
  CHECK(ctx.is_conflict("audit_log"));
  CHECK_FALSE(ctx.is_conflict("orders"));
  std::string html = render_html(input_of(f));
  CHECK(html.find("<tr data-table=\"audit_log\" data-owner=\"orders\" class=\"conflict\">") != std::string::npos);
}

// The matrix of `cleave tables` and the ownership matrix of report.html
// draw on one rule: every cell agrees, MERGE (CUD) included.
TEST_CASE("the CLI's CRUD matrix and the HTML agree on every cell, MERGE included", "[reports][html][crud]") {
  Fixture f = make_shop();
  const std::string charge = "c:@S@shop::PaymentGateway@F@shop::PaymentGateway::charge";
  REQUIRE(f.model.find(charge));
  const std::string billing_cpp = std::string(kRoot) + "/billing/invoice_service.cpp";
  auto add = [&](const std::string& table, AccessMode mode, const std::string& sql, const std::string& verb) {
    f.model.data.accesses.push_back(TableAccess{charge, table, mode, {billing_cpp, 97, 5}, sql, "PQexec", verb});
  };
  add("invoices", AccessMode::Write, "MERGE INTO invoices i USING staged s ON i.id = s.id WHEN MATCHED THEN DELETE",
      "MERGE");
  add("staged", AccessMode::Read, "MERGE INTO invoices i USING staged s ON i.id = s.id WHEN MATCHED THEN DELETE",
      "SELECT");
  add("payments", AccessMode::Ddl, "CREATE TABLE IF NOT EXISTS payments (id int)", "CREATE");
  add("close_period", AccessMode::Call, "CALL close_period()", "CALL");
  f.model.index();
  const ReportContext ctx(input_of(f));
  CHECK(ctx.crud("invoices", "billing") == "CUD");  // MERGE, with the INSERT of InvoiceService::issue
  CHECK(ctx.crud("staged", "billing") == "R");
  CHECK(ctx.crud("payments", "billing") == "UD");  // the DDL adds no letter
  CHECK(ctx.crud("close_period", "billing").empty());

  const sql::CrudMatrix matrix =
      sql::crud_matrix(f.model.data, [&](const std::string& usr) { return ctx.service_of_symbol(usr); });
  std::size_t compared = 0;
  for (const auto& table : matrix.tables) {
    for (const auto& component : matrix.components) {
      const std::string service = component == "(none)" ? "" : component;
      INFO(table << " x " << component);
      CHECK(matrix.letters(table, component) == ctx.crud(table, service));
      ++compared;
    }
  }
  CHECK(compared >= 20);
  CHECK(sql::render_crud_matrix(matrix).find("close_period") == std::string::npos);  // a routine is not a table
  // The HTML prints the context's cells: the owner's cell of invoices.
  const std::string html = render_html(input_of(f));
  const auto row = html.find("<tr data-table=\"invoices\"");
  REQUIRE(row != std::string::npos);
  CHECK(html.substr(row, html.find("</tr>", row) - row).find("<td class=\"crud owner\">CUD</td>") != std::string::npos);
}

TEST_CASE("schema tables nothing accesses and tables no schema declares are listed", "[reports][html][markdown]") {
  Fixture f = make_shop();
  Table legacy;
  legacy.name = "legacy_coupons";
  legacy.in_schema = true;
  legacy.defined_at = Location{std::string(kRoot) + "/schema/shop.sql", 88, 1};
  f.model.data.tables.push_back(legacy);
  f.model.data.unaccessed_tables = {"legacy_coupons"};
  f.model.data.undeclared_tables = {"payments"};
  f.model.index();
  const std::string html = render_html(input_of(f));
  const auto unaccessed = html.find("id=\"unaccessed-tables\"");
  const auto undeclared = html.find("id=\"undeclared-tables\"");
  REQUIRE(unaccessed != std::string::npos);
  REQUIRE(undeclared != std::string::npos);
  // Each list names its tables between its heading and the next one.
  const std::string after_unaccessed = html.substr(unaccessed, undeclared - unaccessed);
  CHECK(after_unaccessed.find("legacy_coupons") != std::string::npos);
  CHECK(after_unaccessed.find("schema/shop.sql:88") != std::string::npos);
  const std::string after_undeclared = html.substr(undeclared, html.find("</section>", undeclared) - undeclared);
  CHECK(after_undeclared.find("payments") != std::string::npos);
  CHECK(after_undeclared.find("billing") != std::string::npos);             // who reaches it
  CHECK(html.find("schema tables no code accesses") != std::string::npos);  // overview card

  const std::string md = render_markdown(input_of(f));
  const auto gaps = md.find("## Schema gaps");
  REQUIRE(gaps != std::string::npos);
  CHECK(md.find("legacy_coupons", gaps) != std::string::npos);
  CHECK(md.find("payments", gaps) != std::string::npos);

  // No gaps, no section and no noise.
  Fixture clean = make_shop();
  CHECK(render_markdown(input_of(clean)).find("## Schema gaps") == std::string::npos);
  CHECK(render_html(input_of(clean)).find("Every schema table is accessed") != std::string::npos);
}

TEST_CASE("the HTML report is one offline file that names every location", "[reports][html]") {
  Fixture f = make_shop();
  std::string html = render_html(input_of(f));
  CHECK(html.find("Content-Security-Policy\" content=\"default-src 'none'") != std::string::npos);
  for (const char* remote : {"http://", "https://", "src=\"", "<link"}) {
    // The SVG namespace URIs are names, not fetches.
    std::string stripped = std::regex_replace(html, std::regex("xmlns(:xlink)?=\"[^\"]*\""), "");
    stripped = std::regex_replace(stripped, std::regex("<!DOCTYPE[^>]*>"), "");
    INFO(remote);
    CHECK(stripped.find(remote) == std::string::npos);
  }
  CHECK(html.find("id=\"partial-warning\"") != std::string::npos);
  CHECK(html.find("orders/order_service.cpp:21") != std::string::npos);  // transaction
  CHECK(html.find("web/shop_controller.cpp:230") != std::string::npos);  // unresolved SQL
  CHECK(html.find("web/shop_controller.cpp:200") != std::string::npos);  // split method
  CHECK(html.find("/src/shop/") == std::string::npos);                   // paths are relative
  for (const char* route :
       {"overview", "map", "tables", "dsm", "god", "order", "transactions", "health", "search", "service/orders"}) {
    CHECK(html.find(std::string("data-route=\"") + route + "\"") != std::string::npos);
  }
  Fixture clean = make_shop();
  clean.model.tus.resize(4);
  clean.model.data.unresolved.clear();
  CHECK(render_html(input_of(clean)).find("id=\"partial-warning\"") == std::string::npos);
}

TEST_CASE("big tables travel as JSON and render lazily", "[reports][html][size]") {
  Fixture f = make_big(400, 40, 12);
  std::string html = render_html(input_of(f, "big"));
  auto start = html.find("<script type=\"application/json\" id=\"cleave-data\">");
  REQUIRE(start != std::string::npos);
  start = html.find('>', start) + 1;
  auto data = nlohmann::json::parse(html.substr(start, html.find("</script>", start) - start));
  CHECK(data["lazy"]["symbols"].size() == 400 * 9);
  CHECK(html.size() < 4u * 1024 * 1024);
}

TEST_CASE("hostile names, paths and SQL render as text in every format", "[reports][escaping]") {
  Fixture f = make_shop(true);
  ReportInput in{f.model, f.proposal, std::string("shop") + kInjection, kRoot, &f.findings};
  const std::string escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;";

  std::string html = render_html(in);
  CHECK(count(html, "<script") == 2);  // the data block and the report's own script
  CHECK(count(html, "</script>") == 2);
  CHECK(html.find("alert(1)</script>") == std::string::npos);
  CHECK(count(html, escaped) >= 5);  // class name, file path, SQL excerpt, diagnostic, title
  auto start = html.find("<script type=\"application/json\" id=\"cleave-data\">");
  REQUIRE(start != std::string::npos);
  start = html.find('>', start) + 1;
  std::string json_text = html.substr(start, html.find("</script>", start) - start);
  CHECK(json_text.find('<') == std::string::npos);
  CHECK(json_text.find('>') == std::string::npos);
  CHECK(nlohmann::json::parse(json_text).dump().find(kInjection) != std::string::npos);  // round-trips

  std::string svg = dot_to_svg(render_service_class_dot(in, "orders"));
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("&lt;/script&gt;") != std::string::npos);

  std::string md = render_markdown(in);
  // Code and SQL in code spans, verbatim; elsewhere '<' is backslash-escaped (test_pages.cpp checks every line).
  CHECK(md.find("\\</script>\\<script>alert(1)\\</script>") != std::string::npos);
  CHECK(md.find("&lt;") == std::string::npos);

  // In CML the project name only reaches comments; identifiers never hold it.
  std::string cml = render_cml(in);
  std::istringstream cml_lines(cml);
  for (std::string line; std::getline(cml_lines, line);) {
    auto p = line.find("<script");
    if (p != std::string::npos) CHECK(line.find("//") < p);
  }
  CHECK(cml.find("ContextMap ShopScriptScriptAlert1ScriptMap {") != std::string::npos);
  CHECK(cml_identifier(kInjection, true) == "ScriptScriptAlert1Script");
}

TEST_CASE("escaping helpers", "[reports][escaping]") {
  CHECK(html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  CHECK(html_escape(std::string("x\x01y", 3)) == "x y");
  CHECK(sanitize_utf8("ok\xff\xc0\xaf") == "ok\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(sanitize_utf8("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(sanitize_utf8("caf\xc3\xa9 \xe2\x82\xac") == "caf\xc3\xa9 \xe2\x82\xac");
  nlohmann::json j = std::string("</script>&\xe2\x80\xa8\xe2\x80\xa9");
  CHECK(json_for_script(j) == "\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\"");
  CHECK(json_for_script(nlohmann::json(std::string("bad\xff"))) == "\"bad\xEF\xBF\xBD\"");
  CHECK(dot_quote("a\"b\\n\nc") == "\"a\\\"b\\\\n c\"");
  CHECK(dot_quote_lines({"a\"", "b"}) == "\"a\\\"\\nb\"");
  CHECK(md_escape("*a*|[b](c)<d>") == "\\*a\\*\\|\\[b\\](c)\\<d>");
  CHECK(cml_identifier("order_items", true) == "OrderItems");
  CHECK(cml_identifier("2fa codes", true) == "T2faCodes");
  CHECK(cml_identifier("key", false) == "^key");
  CHECK(cml_identifier("Entity", true) == "^Entity");
  CHECK(cml_identifier("", true) == "Unnamed");
  CHECK(cml_identifier("a-b c", false) == "a_b_c");
  CHECK(cml_string("say \"hi\"\n") == "\"say \\\"hi\\\" \"");
  CHECK(slug("orders") == "orders");
  CHECK(slug("Orders") != slug("orders"));
  CHECK(slug("a b") != slug("a-b"));
  CHECK(std::regex_match(slug(kInjection), std::regex("[a-z0-9_-]+")));
}

TEST_CASE("CML: aggregates follow foreign keys, relationships follow calls", "[reports][cml]") {
  Fixture f = make_shop();
  std::string cml = render_cml(input_of(f));
  // orders <- order_items: one aggregate rooted at orders, with a reference.
  CHECK(cml.find("Aggregate OrdersAggregate {\n    Entity Orders {\n      aggregateRoot") != std::string::npos);
  CHECK(cml.find("- Orders order_id") != std::string::npos);
  // order_items references products, owned by catalog: a plain attribute.
  CHECK(cml.find("int product_id key // references products") != std::string::npos);
  // orders calls billing: billing is upstream.
  CHECK(cml.find("BillingContext [U]->[D] OrdersContext") != std::string::npos);
  CHECK(cml.find("BillingContext [SK]<->[SK] OrdersContext") != std::string::npos);
  // Mutual calls become a partnership.
  for (auto& s : f.proposal.services) {
    if (s.name == "billing") s.depends_on.push_back({"orders", 1, "sync"});
  }
  std::string mutual = render_cml(input_of(f));
  CHECK(mutual.find("BillingContext [P]<->[P] OrdersContext") != std::string::npos);
  CHECK(mutual.find("BillingContext [U]->[D] OrdersContext") == std::string::npos);
  // Braces balance.
  CHECK(count(cml, "{") == count(cml, "}"));
}

TEST_CASE("a service shows the stateless parts folded into it", "[reports][html][markdown]") {
  Fixture f = make_shop();
  const std::string html = render_html(input_of(f));
  const auto folded = html.find("<h3>Folded in</h3>");
  REQUIRE(folded != std::string::npos);
  CHECK(html.find("shop::Cart with 2 classes", folded) != std::string::npos);
  CHECK(render_markdown(input_of(f)).find("- into **orders**: shop::Cart") != std::string::npos);
  // Nothing folded, no section.
  for (auto& s : f.proposal.services) s.folded.clear();
  CHECK(render_html(input_of(f)).find("Folded in") == std::string::npos);
  CHECK(render_markdown(input_of(f)).find("## Folded stateless parts") == std::string::npos);
}
