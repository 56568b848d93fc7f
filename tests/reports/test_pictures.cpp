// The pictures of report.html (issue 18): the extraction roadmap, the sagas
// as sequence diagrams, the ownership heat map and the god-class split. Each
// is checked for the marks that carry its meaning (one step per extraction
// step, one lifeline per participant, one cell per access...), inside the
// page it belongs to, and for escaping of hostile names.
#include "reports/common/escape.hpp"
#include "reports/html/html_pictures.hpp"
#include "reports/html/html_report.hpp"
#include "tests/reports/fixture.hpp"
#include "tests/reports/predicates.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace cleave;
using namespace cleave::report;
using namespace cleave::report::testing;

namespace {

ReportInput input_of(const Fixture& f, const std::string& name = "shop") {
  return {f.model, f.proposal, name, kRoot, &f.findings};
}

// The page of report.html with route `route`.
std::string page(const std::string& html, const std::string& route) {
  auto b = html.find("data-route=\"" + route + "\"");
  if (b == std::string::npos) return "";
  return html.substr(b, html.find("</section>", b) - b);
}

// Every <svg>...</svg> of a text.
std::vector<std::string> svgs(const std::string& text) {
  std::vector<std::string> out;
  for (auto b = text.find("<svg"); b != std::string::npos; b = text.find("<svg", b + 1)) {
    out.push_back(text.substr(b, text.find("</svg>", b) + 6 - b));
  }
  return out;
}

// An accessible picture: role, a label, a title as its first child.
void check_accessible(const std::string& svg) {
  INFO(svg.substr(0, 200));
  CHECK(svg.find("role=\"img\"") != std::string::npos);
  CHECK(svg.find("aria-label=\"") != std::string::npos);
  CHECK(svg.find("\"><title>") != std::string::npos);
}

}  // namespace

TEST_CASE("the roadmap draws one step per extraction step, keep-long-running apart", "[reports][html][pictures]") {
  Fixture f = make_shop();
  add_fitness(f);
  const ReportContext ctx(input_of(f));
  const std::string svg = html::roadmap_picture(ctx);
  check_accessible(svg);
  CHECK(count(svg, "<g class=\"step") == f.proposal.extraction_order.size());
  CHECK(count(svg, "<g class=\"step keep\"") == 1);
  CHECK(svg.find("class=\"step keep\" data-service=\"orders\" data-rank=\"4\"") != std::string::npos);
  // Steps in rank order, whatever the proposal's order.
  std::reverse(f.proposal.extraction_order.begin(), f.proposal.extraction_order.end());
  const std::string reversed = html::roadmap_picture(ReportContext(input_of(f)));
  CHECK(reversed == svg);
  const auto catalog = svg.find("data-rank=\"1\""), orders = svg.find("data-rank=\"4\"");
  CHECK(svg.find("data-service=\"catalog\" data-rank=\"1\"") != std::string::npos);
  CHECK(catalog < orders);
  // What each step moves.
  CHECK(svg.find("2 classes, 0 functions \u00b7 takes 3 tables (audit_log, order_items, orders) \u00b7 creates 1 API, "
                 "0 events") != std::string::npos);
  CHECK(svg.find("takes 1 table (customers) \u00b7 creates 0 APIs, 1 event") != std::string::npos);
  CHECK(svg.find("impact 0.9") != std::string::npos);
  CHECK(svg.find("keep as a long-running service") != std::string::npos);
  // On its page, before the table.
  const std::string order = page(render_html(input_of(f)), "order");
  CHECK(order.find("<svg class=\"pic roadmap\"") < order.find("<table"));
  // No order, no picture.
  f.proposal.extraction_order.clear();
  CHECK(html::roadmap_picture(ReportContext(input_of(f))).empty());
}

TEST_CASE("each saga is a sequence diagram with its compensations as dashed returns", "[reports][html][pictures]") {
  Fixture f = make_shop();
  const DistributedTransaction& t = f.proposal.distributed_transactions.at(0);
  const std::string svg = html::saga_picture(t);
  check_accessible(svg);
  std::set<std::string> participants;
  for (const SagaStep& s : t.saga) participants.insert(s.service);
  CHECK(count(svg, "<g class=\"lifeline\"") == participants.size());
  for (const std::string& s : participants) CHECK(svg.find("data-service=\"" + s + "\"") != std::string::npos);
  CHECK(count(svg, "<g class=\"orchestrator\"") == 1);
  CHECK(count(svg, "class=\"forward\"") == t.saga.size());
  CHECK(count(svg, "class=\"compensation\"") == 1);  // the pivot (billing) is never undone
  CHECK(svg.find("1. write orders") < svg.find("2. write invoices (pivot)"));
  CHECK(svg.find("2. write invoices (pivot)") < svg.find("undo 1: cancel the order"));
  // Compensations run in reverse: with three steps before the pivot, 3 comes first.
  DistributedTransaction longer = t;
  longer.saga = {{"orders", "write orders", "cancel the order", false},
                 {"customers", "write customers", "restore the customer", false},
                 {"catalog", "write products", "restore stock", false},
                 {"billing", "write invoices", "", true}};
  const std::string three = html::saga_picture(longer);
  CHECK(count(three, "<g class=\"lifeline\"") == 4);
  CHECK(count(three, "class=\"compensation\"") == 3);
  CHECK(three.find("undo 3: restore stock") < three.find("undo 2: restore the customer"));
  CHECK(three.find("undo 2: restore the customer") < three.find("undo 1: cancel the order"));
  const std::string transactions = page(render_html(input_of(f)), "transactions");
  CHECK(count(transactions, "<svg class=\"pic saga\"") == f.proposal.distributed_transactions.size());
}

TEST_CASE("the heat map has one cell per access, owners framed, conflicts marked", "[reports][html][pictures]") {
  Fixture f = make_shop();
  Table legacy;  // in the schema, accessed by no code
  legacy.name = "legacy_coupons";
  legacy.in_schema = true;
  f.model.data.tables.push_back(legacy);
  f.model.index();
  const ReportContext ctx(input_of(f));
  const std::string html = html::ownership_heat_map(ctx);
  const auto svg = svgs(html);
  REQUIRE(svg.size() == 1);
  check_accessible(svg[0]);
  std::size_t accesses = 0;
  std::set<std::string> accessed;
  for (const auto& [key, letters] : ctx.crud_map()) {
    if (letters.empty()) continue;
    ++accesses;
    accessed.insert(key.first);
  }
  CHECK(count(svg[0], "<g class=\"cell") == accesses);
  CHECK(count(svg[0], "<g class=\"row") == accessed.size());
  CHECK(count(svg[0], "class=\"owner-mark\"") == accessed.size() + 1);  // every accessed table is owned, + legend
  CHECK(svg[0].find("<g class=\"row conflict\" data-table=\"audit_log\"") != std::string::npos);
  CHECK(count(svg[0], "<g class=\"row conflict\"") == 1);
  // Writes darker than reads; the owner's cell says so.
  CHECK(svg[0].find(
            "<g class=\"cell s3 owner\" data-service=\"billing\"><title>payments \u00d7 billing: UD (owner)</title>") !=
        std::string::npos);
  CHECK(svg[0].find("<g class=\"cell s1\" data-service=\"billing\"><title>orders \u00d7 billing: R</title>") !=
        std::string::npos);
  CHECK(svg[0].find(
            "<g class=\"cell s2 owner\" data-service=\"orders\"><title>orders \u00d7 orders: C (owner)</title>") !=
        std::string::npos);
  CHECK(svg[0].find(">UD</text>") != std::string::npos);
  // The schema's tables no code accesses are left out, and the note says so.
  const std::size_t left_out = ctx.table_names().size() - accessed.size();
  REQUIRE(left_out > 0);
  CHECK(html.find("Showing " + std::to_string(accessed.size()) + " of " + std::to_string(ctx.table_names().size()) +
                  " tables. " + std::to_string(left_out)) != std::string::npos);
  // Above the matrix on the tables page, which stays.
  const std::string tables = page(render_html(input_of(f)), "tables");
  CHECK(tables.find("<svg class=\"pic heatmap\"") < tables.find("id=\"ownership-matrix\""));
}

TEST_CASE("a large schema's heat map keeps the cap and says what it left out", "[reports][html][pictures][size]") {
  Fixture f = make_big(240, 260, 24);
  const ReportContext ctx(input_of(f, "big"));
  const std::string html = html::ownership_heat_map(ctx);
  CHECK(count(html, "<g class=\"row") == html::kHeatMapRows);
  CHECK(html.find("Showing 200 of 260 tables. 60 more that code accesses are left out") != std::string::npos);
  CHECK(html.find("class=\"svgbox picture scroll\"") != std::string::npos);  // scrolls, never shrinks to nothing
  CHECK(
      html::ownership_heat_map(ReportContext(input_of(make_shop()))).find("All 7 tables, as the code accesses them.") !=
      std::string::npos);
  CHECK(html == html::ownership_heat_map(ReportContext(input_of(f, "big"))));
  // A saga over five services, a split over six: every participant and part drawn.
  add_big_plans(f);
  CHECK(count(html::saga_picture(f.proposal.distributed_transactions.at(0)), "<g class=\"lifeline\"") == 5);
  const std::string split = html::split_picture(f.proposal.split_classes.at(0));
  CHECK(count(split, "<g class=\"part\"") == 6);
  CHECK(split.find(">+ 1 more</text>") != std::string::npos);
}

TEST_CASE("a god class's split shows one box per receiving service", "[reports][html][pictures]") {
  Fixture f = make_shop();
  const SplitClass& c = f.proposal.split_classes.at(0);
  const std::string svg = html::split_picture(c);
  check_accessible(svg);
  CHECK(count(svg, "<g class=\"god\"") == 1);
  CHECK(count(svg, "<g class=\"part\"") == 3);
  for (const char* s : {"billing", "catalog", "orders"}) {
    INFO(s);
    CHECK(svg.find(std::string("<g class=\"part\" data-service=\"") + s + "\"") != std::string::npos);
  }
  CHECK(svg.find(">handleCatalog</text>") != std::string::npos);
  CHECK(svg.find(">1 method</text>") != std::string::npos);
  // Many methods to one service: eight shown, the rest counted.
  SplitClass big = c;
  for (int i = 0; i < 12; ++i) big.methods.push_back({"shop::ShopController::extra" + std::to_string(i), "orders"});
  const std::string more = html::split_picture(big);
  CHECK(more.find(">13 methods</text>") != std::string::npos);
  CHECK(more.find(">+ 5 more</text>") != std::string::npos);
  // Six services: two rows, still one box each.
  for (int i = 0; i < 3; ++i)
    big.methods.push_back({"shop::ShopController::x" + std::to_string(i), "s" + std::to_string(i)});
  CHECK(count(html::split_picture(big), "<g class=\"part\"") == 6);
  const std::string god = page(render_html(input_of(f)), "god");
  CHECK(count(god, "<svg class=\"pic split\"") == f.proposal.split_classes.size());
}

TEST_CASE("hostile names are escaped inside every picture", "[reports][html][pictures][escaping]") {
  Fixture f = make_shop(true);
  add_fitness(f, kInjection);
  const std::string html = render_html(input_of(f, std::string("shop") + kInjection));
  const std::string escaped = html_escape(kInjection);
  for (const char* route : {"order", "transactions", "tables", "god"}) {
    INFO(route);
    const auto pictures = svgs(page(html, route));
    REQUIRE(!pictures.empty());
    bool hostile = false;
    for (const std::string& svg : pictures) {
      CHECK(svg.find("<script") == std::string::npos);
      CHECK(svg.find(kInjection) == std::string::npos);
      hostile = hostile || svg.find(escaped) != std::string::npos;
    }
    CHECK(hostile);  // the hostile text is there, as text
  }
}
