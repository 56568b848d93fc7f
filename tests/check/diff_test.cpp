// `cleave diff` on hand-built models: what crosses contexts on each side,
// what was added and removed, cycles between contexts, metric deltas, and
// the three outputs.
#include "check/diff.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace cleave;
using namespace cleave::check;

namespace {

const std::string kRoot = "/repo";

// A small clinic: billing, patients, notify, a kernel helper; each class has
// one method per call it makes, so edges can be added one at a time.
struct Clinic {
  Model m;

  void cls(const std::string& name, const std::string& file) {
    Symbol s;
    s.id = "c:" + name;
    s.name = name;
    s.kind = SymbolKind::Class;
    s.loc = {kRoot + "/" + file, 1, 1};
    m.symbols.push_back(s);
  }
  void method(const std::string& cls_name, const std::string& name, const std::string& usr_suffix = "") {
    Symbol s;
    s.id = "c:" + cls_name + "::" + name + usr_suffix;
    s.name = cls_name + "::" + name;
    s.kind = SymbolKind::Method;
    s.parent = "c:" + cls_name;
    m.symbols.push_back(s);
  }
  void call(const std::string& from, const std::string& to, unsigned line, unsigned weight = 1) {
    m.edges.push_back({"c:" + from, "c:" + to, EdgeKind::Call, weight, {kRoot + "/src/a.cpp", line, 3}});
  }
  void access(const std::string& fn, const std::string& table, AccessMode mode, unsigned line) {
    TableAccess a;
    a.symbol = "c:" + fn;
    a.table = table;
    a.mode = mode;
    a.loc = {kRoot + "/src/sql.cpp", line, 1};
    m.data.accesses.push_back(a);
  }
  Model done() {
    m.index();
    return m;
  }
};

Clinic clinic() {
  Clinic c;
  c.cls("Invoices", "src/billing/invoices.cpp");
  c.method("Invoices", "create");
  c.method("Invoices", "total");
  c.cls("Pets", "src/patients/pets.cpp");
  c.method("Pets", "find");
  c.method("Pets", "rename");
  c.cls("Reminders", "src/notify/reminders.cpp");
  c.method("Reminders", "send");
  c.cls("Log", "src/common/log.cpp");
  c.method("Log", "info");
  c.call("Invoices::create", "Pets::find", 10);       // billing -> patients
  c.call("Invoices::create", "Invoices::total", 11);  // inside billing
  c.call("Invoices::create", "Log::info", 12);        // into the kernel: a library, not a crossing
  c.access("Invoices::create", "invoices", AccessMode::Write, 20);
  c.access("Reminders::send", "pets", AccessMode::Read, 21);  // notify reads a patients table
  return c;
}

ContextMap contexts() {
  ContextMap map;
  map.source = "proposal";
  map.of_symbol = {{"c:Invoices", "billing"},
                   {"c:Pets", "patients"},
                   {"c:Reminders", "notify"},
                   {"c:Log", std::string(kKernelName)}};
  map.table_owner = {{"invoices", "billing"}, {"pets", "patients"}};
  return map;
}

Diff run(const Model& was, const Model& now, const ContextMap& old_map = contexts(),
         const ContextMap& new_map = contexts(), const std::map<std::string, double>& old_metrics = {},
         const std::map<std::string, double>& new_metrics = {}) {
  return diff({was, old_map, old_metrics, kRoot, "old"}, {now, new_map, new_metrics, kRoot, "new"});
}

}  // namespace

TEST_CASE("diff: what crosses contexts on one side", "[check][diff]") {
  const Model m = clinic().done();
  const Crossings c = crossings_of(m, contexts(), kRoot);
  // Calls inside a context and into the kernel are no crossing.
  REQUIRE(c.calls.size() == 1);
  CHECK(c.calls[0] == CrossCall{"Invoices::create", "Pets::find", "billing", "patients", 1, {"src/a.cpp", 10, 3}});
  REQUIRE(c.accesses.size() == 1);  // billing writing its own table is none
  CHECK(c.accesses[0] == CrossAccess{"Reminders::send", "pets", "read", "notify", "patients", {"src/sql.cpp", 21, 1}});
  CHECK(c.cycles.empty());
}

TEST_CASE("diff: a run against itself adds and removes nothing", "[check][diff]") {
  const Model m = clinic().done();
  const Diff d = run(m, m);
  CHECK(d.unchanged());
  for (const auto& t : d.totals) CHECK(t.old_value == t.new_value);
}

TEST_CASE("diff: a call added across contexts, with the new side's contexts and site", "[check][diff]") {
  Clinic later = clinic();
  later.call("Reminders::send", "Invoices::total", 40, 2);  // notify -> billing
  later.call("Pets::rename", "Pets::find", 41);             // inside patients: not reported
  const Diff d = run(clinic().done(), later.done());
  REQUIRE(d.calls_added.size() == 1);
  CHECK(d.calls_added[0] ==
        CrossCall{"Reminders::send", "Invoices::total", "notify", "billing", 2, {"src/a.cpp", 40, 3}});
  CHECK(d.calls_removed.empty());
  CHECK(d.accesses_added.empty());
  CHECK(d.accesses_removed.empty());
  CHECK(d.cycles_added.empty());
  CHECK(d.totals[2] == MetricDelta{"cross_context_calls", 1, 2});
}

TEST_CASE("diff: a call removed is reported as the old side had it", "[check][diff]") {
  Clinic later = clinic();
  later.m.edges.erase(later.m.edges.begin());  // Invoices::create -> Pets::find
  const Diff d = run(clinic().done(), later.done());
  CHECK(d.calls_added.empty());
  REQUIRE(d.calls_removed.size() == 1);
  CHECK(d.calls_removed[0].caller == "Invoices::create");
  CHECK(d.calls_removed[0].callee == "Pets::find");
  CHECK(d.calls_removed[0].location == Location{"src/a.cpp", 10, 3});
}

TEST_CASE("diff: a call's identity is its names, not its line nor its overload", "[check][diff]") {
  Clinic later = clinic();
  later.method("Pets", "find", "#I#");    // an overload: same name, another USR
  later.m.edges[0].first_site.line = 99;  // the call moved
  later.call("Invoices::create", "Pets::find#I#", 50, 3);
  const Model now = later.done();
  const Diff d = run(clinic().done(), now);
  CHECK(d.unchanged());
  const Crossings c = crossings_of(now, contexts(), kRoot);
  REQUIRE(c.calls.size() == 1);
  CHECK(c.calls[0].sites == 4);                                // summed over the overloads
  CHECK(c.calls[0].location == Location{"src/a.cpp", 50, 3});  // the smallest site
}

TEST_CASE("diff: a method placed on its own wins over its class", "[check][diff]") {
  // A split class: Pets::rename is assigned to billing on its own; the rest
  // of Pets stays in patients through Model::unit_of.
  Clinic later = clinic();
  later.call("Pets::rename", "Pets::find", 41);
  ContextMap split = contexts();
  split.of_symbol["c:Pets::rename"] = "billing";
  const Diff d = run(clinic().done(), later.done(), contexts(), split);
  REQUIRE(d.calls_added.size() == 1);
  CHECK(d.calls_added[0].from_context == "billing");
  CHECK(d.calls_added[0].to_context == "patients");
}

TEST_CASE("diff: table accesses across owners, added and removed", "[check][diff]") {
  Clinic later = clinic();
  later.m.data.accesses.pop_back();                                    // notify no longer reads pets
  later.access("Reminders::send", "invoices", AccessMode::Write, 30);  // but writes billing's invoices
  later.access("Log::info", "pets", AccessMode::Read, 31);             // the kernel owns nothing
  later.access("Reminders::send", "audit", AccessMode::Read, 32);      // no owner: left out
  later.access("Reminders::send", "pets", AccessMode::Ddl, 33);        // DDL touches no rows
  const Diff d = run(clinic().done(), later.done());
  REQUIRE(d.accesses_added.size() == 2);
  CHECK(d.accesses_added[0] ==
        CrossAccess{"Log::info", "pets", "read", std::string(kKernelName), "patients", {"src/sql.cpp", 31, 1}});
  CHECK(d.accesses_added[1] ==
        CrossAccess{"Reminders::send", "invoices", "write", "notify", "billing", {"src/sql.cpp", 30, 1}});
  REQUIRE(d.accesses_removed.size() == 1);
  CHECK(d.accesses_removed[0].function == "Reminders::send");
  CHECK(d.accesses_removed[0].table == "pets");
  CHECK(d.calls_added.empty());
}

TEST_CASE("diff: a new cycle between contexts, through calls or table access", "[check][diff]") {
  SECTION("a call back closes billing <-> patients") {
    Clinic later = clinic();
    later.call("Pets::rename", "Invoices::total", 60);
    const Diff d = run(clinic().done(), later.done());
    CHECK(d.cycles_added == std::vector<ContextCycle>{{"billing", "patients"}});
    CHECK(d.cycles_removed.empty());
  }
  SECTION("an access to a table of billing closes it too (accessor -> owner)") {
    Clinic later = clinic();
    later.access("Pets::rename", "invoices", AccessMode::Read, 61);
    const Diff d = run(clinic().done(), later.done());
    CHECK(d.cycles_added == std::vector<ContextCycle>{{"billing", "patients"}});
  }
  SECTION("breaking it is a removed cycle") {
    Clinic earlier = clinic();
    earlier.call("Pets::rename", "Invoices::total", 60);
    const Diff d = run(earlier.done(), clinic().done());
    CHECK(d.cycles_added.empty());
    CHECK(d.cycles_removed == std::vector<ContextCycle>{{"billing", "patients"}});
    CHECK(d.totals[0] == MetricDelta{"context_cycles", 1, 0});
  }
}

TEST_CASE("diff: metrics present on both sides, with deltas", "[check][diff]") {
  const Model m = clinic().done();
  const Diff d = run(m, m, contexts(), contexts(), {{"icp", 0.5}, {"table_entropy_mean", 0.75}, {"gone", 1}},
                     {{"icp", 0.625}, {"table_entropy_mean", 0.5}, {"new_only", 2}});
  REQUIRE(d.metrics.size() == 2);
  CHECK(d.metrics[0] == MetricDelta{"icp", 0.5, 0.625});
  CHECK(d.metrics[0].delta() == Approx(0.125));
  CHECK(d.metrics[1] == MetricDelta{"table_entropy_mean", 0.75, 0.5});
  CHECK(d.metrics[1].delta() == Approx(-0.25));
}

TEST_CASE("diff: the proposal's contexts", "[check][diff]") {
  Proposal p;
  p.assignment = {{"c:A", "billing"}, {"c:K", ""}, {"c:A::m", "notify"}};
  p.tables.push_back({});
  p.tables.back().name = "invoices";
  p.tables.back().owner = "billing";
  p.tables.push_back({});
  p.tables.back().name = "orphans";  // no service writes it
  const ContextMap map = contexts_from_proposal(p);
  CHECK(map.of_symbol == std::map<std::string, std::string>{
                             {"c:A", "billing"}, {"c:A::m", "notify"}, {"c:K", std::string(kKernelName)}});
  CHECK(map.table_owner == std::map<std::string, std::string>{{"invoices", "billing"}});
  CHECK(map.source == "proposal");
}

namespace {

Diff changed() {
  Clinic later = clinic();
  later.call("Reminders::send", "Invoices::total", 40, 2);
  later.call("Pets::rename", "Invoices::total", 60);
  later.m.data.accesses.pop_back();
  return run(clinic().done(), later.done(), contexts(), contexts(), {{"icp", 0.5}}, {{"icp", 0.625}});
}

}  // namespace

TEST_CASE("diff outputs: aligned text", "[check][diff][output]") {
  const std::string text = render_diff_text(changed());
  INFO(text);
  CHECK(text.find("cleave diff: old -> new (contexts: proposal)\n") == 0);
  CHECK(text.find("icp                     0.5  0.625  +0.125\n") != std::string::npos);
  CHECK(text.find("cross-context calls: 2 added, 0 removed\n") != std::string::npos);
  CHECK(text.find("  +  Pets::rename -> Invoices::total     (patients -> billing)  src/a.cpp:60\n") !=
        std::string::npos);
  CHECK(text.find("  +  Reminders::send -> Invoices::total  (notify -> billing)    src/a.cpp:40\n") !=
        std::string::npos);
  CHECK(text.find("  -  Reminders::send reads pets  (notify -> owner patients)  src/sql.cpp:21\n") !=
        std::string::npos);
  CHECK(text.find("  + billing <-> patients\n") != std::string::npos);
  CHECK(render_diff_text(changed()) == text);
}

TEST_CASE("diff outputs: a stable JSON document", "[check][diff][output]") {
  const std::string text = render_diff_json(changed());
  const auto doc = nlohmann::json::parse(text);
  CHECK(doc["version"] == 1);
  CHECK(doc["contexts"] == "proposal");
  CHECK(doc["unchanged"] == false);
  CHECK(doc["metrics"] == nlohmann::json::parse(R"([{"key":"icp","old":0.5,"new":0.625,"delta":0.125}])"));
  REQUIRE(doc["calls"]["added"].size() == 2);
  CHECK(doc["calls"]["added"][0] == nlohmann::json::parse(R"({"caller":"Pets::rename","callee":"Invoices::total",
      "from_context":"patients","to_context":"billing","sites":1,"file":"src/a.cpp","line":60})"));
  CHECK(doc["calls"]["removed"].empty());
  CHECK(doc["table_accesses"]["removed"][0]["table"] == "pets");
  CHECK(doc["cycles"]["added"] == nlohmann::json::parse(R"([["billing","patients"]])"));
  CHECK(render_diff_json(changed()) == text);
}

TEST_CASE("diff outputs: Markdown for a pull-request comment", "[check][diff][output]") {
  const std::string md = render_diff_markdown(changed());
  INFO(md);
  CHECK(md.find("## Coupling trend: `old` → `new`\n") == 0);
  CHECK(md.find("| `icp` | 0.5 | 0.625 | +0.125 |\n") != std::string::npos);
  CHECK(md.find("| added | `Reminders::send` | `Invoices::total` | notify → billing | `src/a.cpp:40` |\n") !=
        std::string::npos);
  CHECK(md.find("| removed | `Reminders::send` | `pets` | read | notify → patients | `src/sql.cpp:21` |\n") !=
        std::string::npos);
  CHECK(md.find("- added: billing <-> patients\n") != std::string::npos);
  const std::string same = render_diff_markdown(run(clinic().done(), clinic().done()));
  CHECK(same.find("No cross-context call, table access or cycle was added or removed.") != std::string::npos);
  CHECK(same.find("\n\n\n") == std::string::npos);
}
