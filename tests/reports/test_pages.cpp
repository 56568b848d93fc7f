// Issue 18, "outputs a user can trust": service pages with the cost of the
// cut, metrics in words, the DSM ordered to expose cycles, class graphs with
// a legend and no isolated nodes, the service map with the shared kernel and
// extraction steps, and Markdown that escapes only what Markdown needs.
#include "reports/common/escape.hpp"
#include "reports/common/metric_words.hpp"
#include "reports/common/service_facts.hpp"
#include "reports/dot/dot_report.hpp"
#include "reports/html/html_report.hpp"
#include "reports/markdown/markdown_report.hpp"
#include "reports/registry/registry.hpp"
#include "tests/reports/fixture.hpp"
#include "tests/reports/predicates.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <string>

using namespace cleave;
using namespace cleave::report;
using namespace cleave::report::testing;

namespace {

ReportInput input_of(const Fixture& f) { return {f.model, f.proposal, "shop", kRoot, &f.findings}; }

// The HTML of one page (section) of report.html.
std::string page(const std::string& html, const std::string& id) {
  const auto start =
      html.find("<section class=\"page" + std::string(id.rfind("page-service-", 0) == 0 ? " service-page" : "") +
                "\" id=\"" + id + "\"");
  REQUIRE(start != std::string::npos);
  return html.substr(start, html.find("</section>", start) - start);
}

void add_cycle(Fixture& f) {
  for (auto& s : f.proposal.services) {
    if (s.name == "billing") s.depends_on.push_back({"orders", 2, "sync"});
  }
}

// A Markdown line with its code spans removed (backtick fences of equal length).
std::string outside_code(const std::string& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size();) {
    if (line[i] != '`' || (i > 0 && line[i - 1] == '\\')) {
      out += line[i++];
      continue;
    }
    std::size_t n = line.find_first_not_of('`', i) - i;
    const std::string fence(n, '`');
    std::size_t end = line.find(fence, i + n);
    while (end != std::string::npos && end + n < line.size() && line[end + n] == '`')
      end = line.find(fence, end + n + 1);
    if (end == std::string::npos) {
      out += line.substr(i);
      break;
    }
    i = end + n;
  }
  return out;
}

}  // namespace

TEST_CASE("a service page opens with the cost of its cut, each figure once", "[reports][html][pages]") {
  Fixture f = make_shop();
  const std::string html = render_html(input_of(f));
  const std::string orders = page(html, "page-service-orders");
  const auto cut = orders.find("<div class=\"cut\" id=\"cut-orders\">");
  REQUIRE(cut != std::string::npos);
  CHECK(cut < orders.find("<h3>Dependencies</h3>"));
  auto figure = [&](const std::string& label) {
    std::smatch m;
    const std::regex re("<div class=\"n\">([^<]*)</div><div class=\"l\">" + label + "</div>");
    return std::regex_search(orders, m, re) ? m[1].str() : std::string("missing");
  };
  CHECK(figure("extraction step") == "4");
  CHECK(figure("calls that become API operations") == "1");
  CHECK(figure("events") == "0");
  CHECK(figure("tables that move") == "3");
  CHECK(figure("foreign keys to cut") == "3");
  CHECK(figure("transactions that become sagas") == "1");
  CHECK(figure("impact score \\(impact_score\\)") == "0.9");
  // No figure twice: the metrics repeat classes, functions, tables and api.
  CHECK(count(orders, "<div class=\"l\">classes</div>") == 1);
  CHECK(count(orders, "<div class=\"l\">classes (classes)</div>") == 0);
  CHECK(count(orders, "<div class=\"l\">API members</div>") == 1);
  CHECK(orders.find("<div class=\"l\">api</div>") == std::string::npos);
  CHECK(orders.find("<div class=\"l\">cohesion</div>") != std::string::npos);

  const ReportContext ctx(input_of(f));
  const CutCost customers = cut_cost(ctx, "customers");
  CHECK(customers.events == 1);
  CHECK(customers.api_operations == 0);
}

TEST_CASE("a service page lists its least certain placements first, escaped", "[reports][html][pages]") {
  Fixture f = make_shop(true);
  const std::string billing = page(render_html(input_of(f)), "page-service-billing");
  const auto members = billing.find("<h3>Members</h3>");
  REQUIRE(members != std::string::npos);
  const auto gateway = billing.find("<td>shop::PaymentGateway</td>", members);
  const auto report = billing.find("<td>shop::nightly_report</td>", members);
  const auto invoice = billing.find("<td>shop::InvoiceService</td>", members);
  REQUIRE(gateway != std::string::npos);
  REQUIRE(report != std::string::npos);
  REQUIRE(invoice != std::string::npos);
  CHECK(gateway < report);  // 0.21 before 0.5
  CHECK(report < invoice);  // 0.5 before 0.8
  CHECK(billing.find("<td>0.21</td>") != std::string::npos);
  CHECK(billing.find("its community <b>") == std::string::npos);
  const std::string md = render_markdown(input_of(f));
  const auto least = md.find("## Least certain placements");
  REQUIRE(least != std::string::npos);
  CHECK(md.find("| billing | `shop::PaymentGateway` | 0.21 |", least) <
        md.find("| billing | `shop::InvoiceService`", least));
}

TEST_CASE("service pages: style tags inside their cells, sagas in words with their pivot", "[reports][html][pages]") {
  Fixture f = make_shop();
  const std::string html = render_html(input_of(f));
  const std::string orders = page(html, "page-service-orders");
  CHECK(orders.find("<td><span class=\"tag sync\">sync</span></td>") != std::string::npos);
  CHECK(orders.find("<td class=\"tag") == std::string::npos);
  CHECK(html.find("<td class=\"tag") == std::string::npos);  // the findings' severities too
  CHECK(orders.find("saga of 2 steps: 1. orders: write orders; 2. billing: write invoices") != std::string::npos);
  CHECK(orders.find(">Pivot</th>") != std::string::npos);
  CHECK(orders.find("<td>step 2 (billing)</td>") != std::string::npos);
  CHECK(orders.find(">transactions</a>") == std::string::npos);
}

TEST_CASE("every metric has a name, a meaning and a direction, in both reports", "[reports][metrics][pages]") {
  // Every key the decomposer writes (builder/quality.cpp, partition/candidates.cpp).
  for (const char* key : {"services",
                          "sm",
                          "icp",
                          "ifn",
                          "ned",
                          "modularity_q",
                          "turbo_mq",
                          "table_entropy_mean",
                          "table_entropy_max",
                          "distributed_transactions",
                          "foreign_keys_to_cut",
                          "shared_kernel_units",
                          "split_classes",
                          "tables_written_by_several",
                          "classes",
                          "functions",
                          "tables",
                          "api",
                          "cohesion",
                          "impact_score"}) {
    const MetricWords* w = metric_words(key);
    INFO(key);
    REQUIRE(w != nullptr);
    CHECK(!w->name.empty());
    CHECK(!w->meaning.empty());
    CHECK(!w->better.empty());
  }
  CHECK(metric_title("icp") == "inter-call percentage (icp)");
  CHECK(metric_title("services") == "services");
  CHECK(metric_title("no-such") == "no-such");
  CHECK(metric_tooltip("icp").find("Lower is better.") != std::string::npos);
  CHECK(metric_tooltip("no-such").empty());

  Fixture f = make_shop();
  const std::string html = render_html(input_of(f));
  const std::string overview = page(html, "page-overview");
  CHECK(overview.find("<td title=\"" + html_escape(metric_tooltip("icp")) + "\">inter-call percentage (icp)</td>") !=
        std::string::npos);
  CHECK(overview.find("<td>lower is better</td>") != std::string::npos);
  CHECK(overview.find("<th title=\"" + html_escape(metric_tooltip("sm")) + "\">structural modularity (sm)</th>") !=
        std::string::npos);
  const auto glossary = overview.find("<dl class=\"glossary\" id=\"glossary\">");
  REQUIRE(glossary != std::string::npos);
  for (const char* key : {"icp", "sm", "ned", "distributed_transactions"}) {
    CHECK(overview.find("<code>" + std::string(key) + "</code></dt>", glossary) != std::string::npos);
  }
  const std::string orders = page(html, "page-service-orders");
  CHECK(orders.find("title=\"" + html_escape(metric_tooltip("cohesion")) + "\"") != std::string::npos);
  CHECK(orders.find("<dl class=\"glossary\">") != std::string::npos);

  const std::string md = render_markdown(input_of(f));
  CHECK(md.find("| Metric | Value | Better | What it measures |") != std::string::npos);
  CHECK(md.find("| inter-call percentage (icp) | 0.21 | lower is better | " + md_escape(metric_words("icp")->meaning) +
                " |") != std::string::npos);
}

TEST_CASE("the DSM names its services and orders them to expose cycles", "[reports][html][dsm][pages]") {
  Fixture f = make_shop();
  {
    const ReportContext ctx(input_of(f));
    const DsmOrder order = dsm_order(ctx);
    // Callees first: catalog and customers call no one, billing calls customers, orders calls all three.
    CHECK(order.services == std::vector<std::string>{"catalog", "customers", "billing", "orders"});
    CHECK(std::none_of(order.in_cycle.begin(), order.in_cycle.end(), [](bool b) { return b; }));
    const std::string dsm = page(render_html(input_of(f)), "page-dsm");
    CHECK(dsm.find("<th class=\"col\" title=\"billing\">billing</th>") != std::string::npos);
    CHECK(dsm.find(">0</td>") == std::string::npos);  // billing -> orders has call weight 0
    CHECK(dsm.find(" back") == std::string::npos);    // no cycle, nothing above the diagonal
    CHECK(dsm.find("below the diagonal") != std::string::npos);
  }
  add_cycle(f);
  const ReportContext ctx(input_of(f));
  const DsmOrder order = dsm_order(ctx);
  CHECK(order.services == std::vector<std::string>{"catalog", "customers", "billing", "orders"});
  CHECK(order.in_cycle == std::vector<bool>{false, false, true, true});
  CHECK(order.component[2] == order.component[3]);
  const std::string dsm = page(render_html(input_of(f)), "page-dsm");
  // billing (row 3) calls orders (column 4): above the diagonal, the back edge of the cycle.
  CHECK(std::regex_search(dsm, std::regex("<td class=\"dsm cycle back\" title=\"billing calls orders: weight 2, "
                                          "closes a cycle\"[^>]*>2</td>")));
  CHECK(count(dsm, " back\"") == 1);
  CHECK(count(dsm, "class=\"cycle-start\"") == 1);

  // Inside a cycle the lighter direction goes above the diagonal: billing -> orders at 20 outweighs orders -> billing
  // at 12.
  for (auto& s : f.proposal.services) {
    if (s.name == "billing") s.depends_on.back().call_weight = 20;
  }
  CHECK(dsm_order(ReportContext(input_of(f))).services ==
        std::vector<std::string>{"catalog", "customers", "orders", "billing"});

  // Long names are abbreviated in the column header, in full in its title.
  for (auto& s : f.proposal.services) {
    if (s.name == "catalog") s.name = "product-catalog-and-pricing";
  }
  const std::string renamed = page(render_html(input_of(f)), "page-dsm");
  CHECK(renamed.find("<th class=\"col\" title=\"product-catalog-and-pricing\">product-catal\u2026</th>") !=
        std::string::npos);
}

TEST_CASE("class graphs carry a legend of edge kinds and leave isolated members out", "[reports][dot][pages]") {
  Fixture f = make_shop();
  for (auto& s : f.proposal.services) {
    if (s.name == "orders") s.functions.push_back("shop::orders_helper");  // no edge touches it
  }
  const std::string dot = render_service_class_dot(input_of(f), "orders");
  CHECK(dot.find("subgraph cluster_legend") != std::string::npos);
  for (const char* kind : {"calls (label: weight)", "inherits from", "holds as a field", "uses the type"}) {
    CHECK(dot.find("label=\"" + std::string(kind) + "\"") != std::string::npos);
  }
  CHECK(dot.find("\"m:shop::orders_helper\"") == std::string::npos);
  CHECK(dot.find("1 member without an edge left out") != std::string::npos);
  CHECK(dot.find("\"m:shop::OrderService\"") != std::string::npos);
  CHECK(dot_to_svg(dot).find("<svg") != std::string::npos);  // Graphviz reads it
}

TEST_CASE("the service map shows the shared kernel, extraction steps and sizes; no call-less edge",
          "[reports][dot][pages]") {
  Fixture f = make_shop();
  const std::string dot = render_services_dot(input_of(f));
  CHECK(dot.find("label=\"4. orders\\n2 classes, 0 functions, 3 tables\\n\\naudit_log") != std::string::npos);
  CHECK(dot.find("label=\"1. catalog\\n1 class, 0 functions, 1 table") != std::string::npos);
  CHECK(dot.find("\"kernel\" [id=\"map-kernel\", class=\"kernel\"") != std::string::npos);
  CHECK(dot.find("shared kernel (a library)\\n1 class, 1 function\\nused by 1 service:\\norders\"") !=
        std::string::npos);
  CHECK(dot.find("\"svc:orders\" -> \"kernel\"") != std::string::npos);
  CHECK(dot.find("\"svc:billing\" -> \"svc:orders\"") == std::string::npos);  // weight 0
  CHECK(dot.find("label=\"0\"") == std::string::npos);
  const ReportContext ctx(input_of(f));
  CHECK(std::none_of(ctx.links().begin(), ctx.links().end(), [](const ServiceLink& l) { return l.weight == 0; }));
  CHECK(kernel_users(ctx) == std::vector<std::string>{"orders"});

  const std::string html = render_html(input_of(f));
  const std::string billing = page(html, "page-service-billing");
  CHECK(billing.find("<a href=\"#service/orders\">orders</a></td><td>0</td>") == std::string::npos);
  const std::string md = render_markdown(input_of(f));
  CHECK(md.find("orders (0,") == std::string::npos);
  CHECK(md.find("| billing | 2 | 1 | invoices, payments | 1 | customers (3, async) |") != std::string::npos);
  // A kernel every service uses says so, without a line to each.
  for (const char* user : {"shop::Catalog", "shop::InvoiceService", "shop::CustomerDirectory"}) {
    f.model.class_edges.push_back(ModelEdge{std::string("c:@S@") + user, "c:@S@shop::Money", EdgeKind::TypeUse, 1, {}});
  }
  const std::string everyone = render_services_dot(input_of(f));
  CHECK(everyone.find("used by every service (4)") != std::string::npos);
  CHECK(everyone.find("-> \"kernel\"") == std::string::npos);
  // No kernel, no kernel node.
  f.proposal.shared_kernel_classes.clear();
  f.proposal.shared_kernel_functions.clear();
  CHECK(render_services_dot(input_of(f)).find("\"kernel\"") == std::string::npos);
}

TEST_CASE("report.md links the service map and lists each service's cost of the cut", "[reports][markdown][pages]") {
  Fixture f = make_shop();
  const std::string md = render_markdown(input_of(f));
  CHECK(md.find(kServiceMapImage) != std::string::npos);
  CHECK(md.find("[services.svg](services.svg)") != std::string::npos);
  // The file the image names is the one the svg output writes.
  const ReportContext ctx(input_of(f), dot_to_svg);
  const Generator* svg = find_generator("svg");
  REQUIRE(svg != nullptr);
  bool written = false;
  for (const OutputFile& o : svg->generate(ctx)) written |= o.path == "services.svg";
  CHECK(written);

  CHECK(md.find("| Step | Service | API operations | Events | Tables that move | Foreign keys to cut | Sagas | Impact "
                "score |") != std::string::npos);
  CHECK(md.find("| 4 | orders | 1 | 0 | 3 | 3 | 1 | 0.9 |") != std::string::npos);
  CHECK(md.find("| 2 | customers | 0 | 1 | 1 | 1 | 0 | 0.2 |") != std::string::npos);
  CHECK(md.find("| 1 | catalog |") < md.find("| 2 | customers |"));
}

TEST_CASE("Markdown escapes only what Markdown reads, by context", "[reports][markdown][escaping][pages]") {
  CHECK(md_escape("service(s)") == "service(s)");
  CHECK(md_escape("order_items") == "order_items");
  CHECK(md_escape("__init__") == "\\_\\_init\\_\\_");
  CHECK(md_escape("_x_") == "\\_x\\_");
  CHECK(md_escape("a & b, x < y > z") == "a & b, x < y > z");
  CHECK(md_escape("&lt; &#60;") == "\\&lt; \\&#60;");
  CHECK(md_escape("<in . rdbuf ( )>") == "\\<in . rdbuf ( )>");
  CHECK(md_escape("</script>") == "\\</script>");
  CHECK(md_escape("*a*|[b](c)") == "\\*a\\*\\|\\[b\\](c)");
  CHECK(md_escape("~x~ `y`") == "\\~x\\~ \\`y\\`");
  CHECK(md_escape("C:\\dir\\*") == "C:\\dir\\\\\\*");
  CHECK(md_escape("ends\\") == "ends\\\\");
  CHECK(md_escape("# not a heading") == "\\# not a heading");
  CHECK(md_escape("- not a list") == "\\- not a list");
  CHECK(md_escape("12. not a list") == "12\\. not a list");
  CHECK(md_escape("a - b # c 1. d") == "a - b # c 1. d");
  CHECK(md_escape("line\nbreak\ttab") == "line break tab");
  CHECK(md_escape("bad\xff") == "bad\xEF\xBF\xBD");

  CHECK(md_code("std::map<int, T*>") == "`std::map<int, T*>`");
  CHECK(md_code("a`b") == "``a`b``");
  CHECK(md_code("`x") == "`` `x ``");
  CHECK(md_code("  ") == "`  `");
  CHECK(md_code(" a ") == "`  a  `");  // one space each side is stripped when read
  CHECK(md_code("") == "");
  CHECK(md_code("a|b") == "`a|b`");
  CHECK(md_code_cell("a|b") == "`a\\|b`");
  CHECK(md_code("SELECT *\nFROM t") == "`SELECT * FROM t`");

  // In the report: code and SQL in code spans, no entities, no escaped parentheses.
  Fixture f = make_shop(true);
  f.proposal.extraction_order[0].reasons = {"0 service(s) depend on it"};
  const std::string md = render_markdown({f.model, f.proposal, "shop", kRoot, &f.findings});
  CHECK(md.find("&lt;") == std::string::npos);
  CHECK(md.find("&gt;") == std::string::npos);
  CHECK(md.find("&amp;") == std::string::npos);
  CHECK(md.find("\\(") == std::string::npos);
  CHECK(md.find("0 service(s) depend on it") != std::string::npos);
  CHECK(md.find("| `\"SELECT * FROM \" + table</script><script>alert(1)</script>` |") != std::string::npos);
  CHECK(md.find("- `shop::OrderService::place` (orders/order_service.cpp:21)") != std::string::npos);
  // Outside code spans every '<' that could open a tag is escaped.
  std::istringstream lines(md);
  for (std::string line; std::getline(lines, line);) {
    const std::string text = outside_code(line);
    INFO(line);
    CHECK(!std::regex_search(text, std::regex("(^|[^\\\\])<[A-Za-z/!?]")));
  }
}

TEST_CASE("the transactions page: every saga column has a header, the pivot says what it means",
          "[reports][html][pages]") {
  const Fixture f = make_shop();
  const std::string tx = page(render_html(input_of(f)), "page-transactions");
  CHECK(tx.find("<th>Pivot</th>") != std::string::npos);
  CHECK(tx.find("<th></th>") == std::string::npos);
  CHECK(tx.find("pivot: once it commits, the saga only goes forward") != std::string::npos);
}
