// The drift check's library (analyzer/check): architecture.yaml read and
// written, each rule's violation on a small hand-built model, accept's
// compact rules, and baselines.
#include "check/check.hpp"
#include "core/errors.hpp"
#include "decompose/decompose.hpp"
#include "tests/decompose/shop.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace cleave;
using namespace cleave::check;

namespace {

// Billing (src/billing), orders (src/orders), a kernel helper (src/util).
test::ShopBuilder shop_model() {
  test::ShopBuilder b;
  b.cls("shop::billing::Invoices", "/p/src/billing/invoices.cpp");
  b.method("shop::billing::Invoices", "create");
  b.method("shop::billing::Invoices", "total", "double ()");
  b.method("shop::billing::Invoices", "onOrderPlaced", "bool (int)");
  b.cls("shop::orders::Orders", "/p/src/orders/orders.cpp");
  b.method("shop::orders::Orders", "place");
  b.function("shop::util::format", "/p/src/util/format.cpp");
  b.table("invoices");
  b.table("orders");
  b.access("shop::billing::Invoices::create", "invoices", AccessMode::Write);
  b.access("shop::orders::Orders::place", "orders", AccessMode::Write);
  b.call("shop::orders::Orders::place", "shop::util::format");
  b.m.index();
  return b;
}

const char* const kArchitecture = R"(version: 1
shared_kernel:
  paths: [src/util/**]
contexts:
  billing:
    paths: [src/billing/**]
    tables: [invoices]
  orders:
    paths: [src/orders/**]
    tables: [orders]
    depends_on:
      billing: async
)";

std::vector<std::string> rules_of(const std::vector<Violation>& vs) {
  std::vector<std::string> out;
  for (const auto& v : vs) out.push_back(v.rule + " " + v.from + " -> " + v.to);
  return out;
}

const Violation* find(const std::vector<Violation>& vs, std::string_view rule) {
  for (const auto& v : vs) {
    if (v.rule == rule) return &v;
  }
  return nullptr;
}

void add_edge(test::ShopBuilder& b, const std::string& from, const std::string& to, EdgeKind kind, unsigned line) {
  b.m.edges.push_back({"c:" + from, "c:" + to, kind, 1, {"/p/src/x.cpp", line, 5}});
  b.m.index();
}

}  // namespace

TEST_CASE("architecture.yaml: errors name the file, the line and what to do", "[check]") {
  auto error = [](const std::string& text) {
    try {
      parse_architecture(text, "arch.yaml");
    } catch (const InputError& e) {
      return std::string(e.what()) + " @" + std::to_string(e.line());
    }
    return std::string("no error");
  };
  CHECK_THAT(error("version: 1\ncontext:\n  a: {}\n"), Catch::Contains("unknown key") && Catch::Contains("@2"));
  CHECK_THAT(error("version: 2\n"), Catch::Contains("not 1"));
  CHECK_THAT(error("rules: {CLV-ARC-001: loud}\n"), Catch::Contains("unknown severity") && Catch::Contains("@1"));
  CHECK_THAT(error("rules: {CLV-SQL-001: off}\n"), Catch::Contains("no rule of the check"));
  CHECK_THAT(error("contexts:\n  a:\n    depends_on: {b: sync}\n"), Catch::Contains("which is no context"));
  CHECK_THAT(error("contexts:\n  a:\n    depends_on: {a: sync}\n  b: {}\n"), Catch::Contains("depends on itself"));
  CHECK_THAT(error("contexts:\n  a:\n    depends_on: {b: later}\n  b: {}\n"), Catch::Contains("unknown kind"));
  CHECK_THAT(error("contexts:\n  a: {paths: [src/**]}\n  b: {paths: [src/**]}\n"),
             Catch::Contains("is in both 'a' and 'b'"));
  CHECK_THAT(error("contexts:\n  a: {tables: [t]}\n  b:\n    depends_on: {a: {kind: sync, tables: {u: read}}}\n"),
             Catch::Contains("does not own it"));
  CHECK_THAT(error("shared_kernel: {tables: [t]}\n"), Catch::Contains("unknown key"));
  CHECK_THAT(error("contexts:\n  a: {limits: {max_units: -1}}\n"), Catch::Contains("out of range"));
  CHECK_THAT(error("contexts: [a, b\n"), Catch::Contains("@"));
}

TEST_CASE("architecture.yaml: written, read back the same, comments kept on re-write", "[check]") {
  Architecture a = parse_architecture(kArchitecture, "arch.yaml");
  a.notes = "Owned by the platform team: see #42";
  a.severities["CLV-ARC-006"] = Severity::Warning;
  a.severities["CLV-ARC-009"] = std::nullopt;
  a.contexts[0].symbols = {"shop::Weird<int, char>::run", "true", "-x", "a: b"};
  a.contexts[0].limits.max_units = 12;
  a.contexts[1].depends_on[0].tables = {};
  const std::string text = write_architecture(a);
  INFO(text);
  const Architecture back = parse_architecture(text, "arch.yaml");
  CHECK(back.notes == a.notes);
  CHECK(back.severities == a.severities);
  std::vector<std::string> sorted = a.contexts[0].symbols;
  std::sort(sorted.begin(), sorted.end());
  CHECK(back.contexts[0].symbols == sorted);
  CHECK(back.contexts[0].limits.max_units == 12u);
  CHECK(back.contexts[1].depends_on[0].kind == DependencyKind::Async);
  CHECK(write_architecture(back) == text);  // stable

  // Comments above and beside keys survive; one whose key is gone is kept at the end.
  std::string edited = text;
  edited.insert(edited.find("  billing:"), "  # billing is audited yearly\n");
  edited.replace(edited.find("      - src/orders/**"), 21, "      - src/orders/**  # the old monolith folder");
  edited += "# end of file\n";
  Architecture next = back;
  next.contexts[1].paths.push_back("src/orders2/**");
  const std::string rewritten = write_architecture(next, edited);
  INFO(rewritten);
  CHECK_THAT(rewritten, Catch::Contains("  # billing is audited yearly\n  billing:\n"));
  CHECK_THAT(rewritten, Catch::Contains("      - src/orders/**  # the old monolith folder\n"));
  CHECK_THAT(rewritten, Catch::EndsWith("# end of file\n"));
  CHECK(write_architecture(next, rewritten) == rewritten);
}

TEST_CASE("check: a clean model against its architecture gives no violation", "[check]") {
  const auto b = shop_model();
  const auto vs = evaluate(b.m, parse_architecture(kArchitecture, "/p/architecture.yaml"), "/p");
  CHECK(rules_of(vs).empty());
}

TEST_CASE("check: each rule on a small model, with identity and location", "[check]") {
  auto b = shop_model();
  // CLV-ARC-001: billing calls orders; billing may not depend on orders.
  add_edge(b, "shop::billing::Invoices::total", "shop::orders::Orders::place", EdgeKind::Call, 30);
  add_edge(b, "shop::billing::Invoices::total", "shop::orders::Orders::place", EdgeKind::TypeUse, 20);
  // CLV-ARC-002: orders asks billing for a result where only async is allowed;
  // an event handler (onOrderPlaced) is fine.
  add_edge(b, "shop::orders::Orders::place", "shop::billing::Invoices::total", EdgeKind::Call, 40);
  add_edge(b, "shop::orders::Orders::place", "shop::billing::Invoices::onOrderPlaced", EdgeKind::Call, 41);
  // CLV-ARC-003/004: orders reads and writes invoices.
  b.access("shop::orders::Orders::place", "invoices", AccessMode::Read, 50);
  b.access("shop::orders::Orders::place", "invoices", AccessMode::Write, 51);
  // CLV-ARC-007 and CLV-ARC-008: the kernel writes a table nobody owns.
  b.access("shop::util::format", "audit", AccessMode::Write, 60);
  // CLV-ARC-006: a class in no context, pulled to billing.
  b.cls("shop::loyalty::Points", "/p/src/loyalty/points.cpp");
  b.method("shop::loyalty::Points", "add");
  add_edge(b, "shop::loyalty::Points::add", "shop::billing::Invoices::create", EdgeKind::Call, 70);
  Architecture a = parse_architecture(kArchitecture, "/p/architecture.yaml");
  a.contexts[0].limits.max_units = 0;         // CLV-ARC-009
  a.contexts[0].namespaces = {"shop::gone"};  // CLV-ARC-010
  const auto vs = evaluate(b.m, a, "/p");
  INFO(Catch::Detail::stringify(rules_of(vs)));

  const Violation* forbidden = find(vs, rules::kArcForbidden);
  REQUIRE(forbidden);
  CHECK(forbidden->from == "shop::billing::Invoices::total");
  CHECK(forbidden->to == "shop::orders::Orders::place");
  CHECK(forbidden->location == Location{"src/x.cpp", 20, 5});  // the smallest site of that identity
  CHECK(forbidden->fingerprint == fingerprint_of(rules::kArcForbidden, forbidden->from, forbidden->to));
  CHECK(std::count_if(vs.begin(), vs.end(), [](const Violation& v) { return v.rule == rules::kArcForbidden; }) == 1);

  const Violation* kind = find(vs, rules::kArcWrongKind);
  REQUIRE(kind);
  CHECK(kind->to == "shop::billing::Invoices::total");
  CHECK(std::count_if(vs.begin(), vs.end(), [](const Violation& v) { return v.rule == rules::kArcWrongKind; }) == 1);

  REQUIRE(find(vs, rules::kArcForeignRead));
  CHECK(find(vs, rules::kArcForeignRead)->location.line == 50);
  REQUIRE(find(vs, rules::kArcForeignWrite));
  CHECK(find(vs, rules::kArcForeignWrite)->to == "invoices");
  REQUIRE(find(vs, rules::kArcCycle));
  // Identity: the undeclared dependency that closes the cycle (orders -> billing is declared).
  CHECK(find(vs, rules::kArcCycle)->from == "billing");
  CHECK(find(vs, rules::kArcCycle)->to == "orders");
  CHECK(find(vs, rules::kArcCycle)->location.line == 20);

  const Violation* unassigned = find(vs, rules::kArcUnassigned);
  REQUIRE(unassigned);
  CHECK(unassigned->from == "shop::loyalty::Points");
  CHECK_THAT(unassigned->message, Catch::Contains("cleave suggests billing"));
  CHECK(unassigned->location.file == "src/loyalty/points.cpp");

  REQUIRE(find(vs, rules::kArcTableUnowned));
  CHECK(find(vs, rules::kArcTableUnowned)->from == "audit");
  REQUIRE(find(vs, rules::kArcKernelTable));
  CHECK(find(vs, rules::kArcKernelTable)->from == "shop::util::format");

  const Violation* limit = find(vs, rules::kArcLimit);
  REQUIRE(limit);
  CHECK(limit->to == "max_units");
  CHECK(limit->location.file == "architecture.yaml");
  CHECK(limit->location.line == a.contexts[0].line);
  REQUIRE(find(vs, rules::kArcStaleEntry));
  CHECK(find(vs, rules::kArcStaleEntry)->to == "namespace shop::gone");
  CHECK(find(vs, rules::kArcStaleEntry)->severity == Severity::Warning);

  // Sorted by identity; severities from the file; a rule turned off is gone.
  CHECK(std::is_sorted(vs.begin(), vs.end(), [](const Violation& x, const Violation& y) {
    return std::tie(x.rule, x.from, x.to) < std::tie(y.rule, y.from, y.to);
  }));
  a.severities["CLV-ARC-006"] = Severity::Note;
  a.severities["CLV-ARC-001"] = std::nullopt;
  const auto tuned = evaluate(b.m, a, "/p");
  CHECK_FALSE(find(tuned, rules::kArcForbidden));
  CHECK(find(tuned, rules::kArcUnassigned)->severity == Severity::Note);
}

TEST_CASE("check: where code belongs, most specific entry first", "[check]") {
  auto b = shop_model();
  Architecture a = parse_architecture(kArchitecture, "arch.yaml");
  a.contexts[0].symbols = {"shop::orders::Orders::place"};  // a method placed alone
  a.contexts[1].namespaces = {"shop::billing"};             // beats billing's path
  const auto where = contexts_of(b.m, a, "/p");
  CHECK(where.at("c:shop::orders::Orders::place") == "billing");
  CHECK(where.at("c:shop::orders::Orders") == "orders");
  CHECK(where.at("c:shop::billing::Invoices::total") == "orders");
  CHECK(where.at("c:shop::util::format") == std::string(kKernelName));
  // Globs are anchored at the root: "src/*" is not "lib/src/x.cpp".
  Architecture anchored = parse_architecture("contexts:\n  a: {paths: [\"src/*\"]}\n", "arch.yaml");
  test::ShopBuilder c;
  c.function("f", "/p/src/f.cpp");
  c.function("g", "/p/lib/src/g.cpp");
  c.m.index();
  const auto placed = contexts_of(c.m, anchored, "/p");
  CHECK(placed.count("c:f") == 1);
  CHECK(placed.count("c:g") == 0);
}

TEST_CASE("accept: compact rules that hold the code they came from", "[check]") {
  auto b = shop_model();
  b.cls("shop::billing::Odd", "/p/src/billing/odd.cpp");  // lives in billing's folder, proposed for orders
  b.cls("shop::billing::Tax", "/p/src/billing/tax.cpp");
  b.cls("shop::billing::Rate", "/p/src/billing/tax.cpp");  // shares a file with billing code, proposed for orders
  b.access("shop::orders::Orders::place", "invoices", AccessMode::Read, 80);
  add_edge(b, "shop::orders::Orders::place", "shop::billing::Invoices::onOrderPlaced", EdgeKind::Call, 81);
  Proposal p;
  p.services = {Service{}, Service{}};
  p.services[0].name = "billing";
  p.services[1].name = "orders";
  p.assignment = {{"c:shop::billing::Invoices", "billing"}, {"c:shop::billing::Odd", "orders"},
                  {"c:shop::billing::Tax", "billing"},      {"c:shop::billing::Rate", "orders"},
                  {"c:shop::orders::Orders", "orders"},     {"c:shop::util::format", ""}};
  p.tables = {TableOwnership{}, TableOwnership{}};
  p.tables[0].name = "invoices";
  p.tables[0].owner = "billing";
  p.tables[1].name = "orders";
  p.tables[1].owner = "orders";
  const Architecture a = accept(b.m, p, "/p");
  const std::string text = write_architecture(a);
  INFO(text);
  const Context& billing = *a.find("billing");
  // Not src/billing/**: odd.cpp is orders'; the file named wins over the folder's "*".
  CHECK(billing.paths == std::vector<std::string>{"src/billing/*"});
  CHECK(a.find("orders")->paths == std::vector<std::string>{"src/billing/odd.cpp", "src/orders/**"});
  CHECK(a.find("orders")->symbols == std::vector<std::string>{"shop::billing::Rate"});  // a mixed file
  CHECK(a.find(kKernelName)->paths == std::vector<std::string>{"src/util/**"});
  REQUIRE(a.find("orders")->depends_on.size() == 1);
  const AllowedDependency& d = a.find("orders")->depends_on[0];
  CHECK(d.context == "billing");
  CHECK(d.kind == DependencyKind::Sync);  // it reads billing's table: it asks billing
  CHECK(d.tables == std::map<std::string, std::string>{{"invoices", "read"}});
  CHECK(text.find("/p/") == std::string::npos);  // no absolute path
  Architecture reread = parse_architecture(text, "/p/architecture.yaml");
  CHECK(rules_of(evaluate(b.m, reread, "/p")).empty());

  // Overloads share a name, and a symbols entry names them all: they go
  // where most of them go, and the result still holds the code.
  test::ShopBuilder o = b;
  for (const char* id : {"c:shop::fmt#1", "c:shop::fmt#2", "c:shop::fmt#3"}) {
    o.function("shop::fmt", "/p/src/billing/invoices.cpp");
    o.m.symbols.back().id = id;
  }
  o.m.index();
  Proposal op = p;
  op.assignment["c:shop::fmt#1"] = "orders";
  op.assignment["c:shop::fmt#2"] = "orders";
  op.assignment["c:shop::fmt#3"] = "";
  const Architecture overloads = accept(o.m, op, "/p");
  CHECK(overloads.find("orders")->symbols == std::vector<std::string>{"shop::billing::Rate", "shop::fmt"});
  CHECK(overloads.find(kKernelName)->symbols.empty());
  CHECK(rules_of(evaluate(o.m, parse_architecture(write_architecture(overloads), "/p/a.yaml"), "/p")).empty());

  // Re-accept keeps people's names and notes: "orders" renamed "ordering".
  Architecture edited = reread;
  edited.contexts[1].name = "ordering";
  edited.contexts[1].notes = "the checkout flow";
  edited.contexts[0].depends_on.clear();
  const Architecture again = accept(b.m, p, "/p", &edited);
  REQUIRE(again.find("ordering"));
  CHECK(again.find("ordering")->notes == "the checkout flow");
  CHECK_FALSE(again.find("orders"));
}

TEST_CASE("baseline: matched by identity, stale entries fail unless allowed", "[check]") {
  Violation a{"CLV-ARC-001", Severity::Error, "x::f", "y::g", "f calls g", {"src/x.cpp", 3, 1}, "", {}};
  Violation b{"CLV-ARC-003", Severity::Error, "x::f", "orders", "f reads orders", {"src/x.cpp", 9, 1}, "", {}};
  const std::string text = write_baseline({b, a}, "architecture.yaml");
  const auto base = parse_baseline(text, "base.json");
  REQUIRE(base.size() == 2);
  CHECK(base[0].rule == "CLV-ARC-001");  // sorted

  // a moved to another line: still the same entry; b is gone: stale; c is new.
  Violation moved = a;
  moved.location.line = 300;
  Violation c{"CLV-ARC-006", Severity::Warning, "z::Z", "", "no context", {"src/z.cpp", 1, 1}, "", {}};
  CheckResult r = compare({c, moved}, &base);
  REQUIRE(r.violations.size() == 2);
  CHECK(r.violations[0].state == BaselineState::Unchanged);
  CHECK(r.violations[1].state == BaselineState::New);
  REQUIRE(r.stale.size() == 1);
  CHECK(r.stale[0].rule == "CLV-ARC-003");
  CHECK(r.stale[0].state == BaselineState::Absent);
  CHECK(fails(r));
  r.allow_stale = true;
  CHECK_FALSE(fails(r));  // the new one is a warning
  CHECK(fails(r, Severity::Warning));
  CHECK_FALSE(fails(compare({moved}, &base), Severity::Error) == false);  // b stale again

  CHECK_THROWS_WITH(parse_baseline("{\"violations\": [", "base.json"), Catch::Contains("not valid JSON"));
  CHECK_THROWS_AS(parse_baseline("{\"version\": 1}", "base.json"), InputError);
  CHECK_THROWS_AS(parse_baseline("{\"version\": 1, \"violations\": [{\"rule\": 3}]}", "base.json"), InputError);
}
