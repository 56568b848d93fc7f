// End to end for the decomposition: the cleave binary on each bundled
// sample, with no pinning, held to samples/<name>/expected/decomposition.json
// (issue 4), and proposal.json byte-identical whatever the worker count or
// the order of compile_commands.json.
#include "decompose/compare.hpp"
#include "decompose/decompose.hpp"
#include "reports/json/model_json.hpp"
#include "reports/json/proposal_json.hpp"

#include "e2e_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace cleave;

using cleave::e2e::slurp;

namespace {

fs::path scratch() {
  static const fs::path dir = e2e::fresh_dir("cleave-e2e-decompose");
  return dir;
}

fs::path sample_build(const std::string& sample) { return e2e::sample_build(sample, scratch()); }

// Runs `cleave analyze` and returns the bytes of proposal.json. The tests
// share one fact cache (tests/CMakeLists.txt); a `fresh` run parses every TU.
std::string analyze(const fs::path& db_dir, const std::string& tag, int jobs, bool fresh = false) {
  const fs::path out = scratch() / ("out-" + tag);
  const fs::path log = scratch() / ("log-" + tag);
  const std::string cmd = std::string(CLEAVE_BINARY) + " analyze --no-progress -j " + std::to_string(jobs) +
                          (fresh ? " --no-cache" : "") + " -p " + db_dir.string() + " -o " + out.string() + " >" +
                          log.string() + " 2>&1";
  int status = std::system(cmd.c_str());
  INFO(slurp(log));
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  REQUIRE(fs::exists(out / "proposal.json"));
  return slurp(out / "proposal.json");
}

const std::string& proposal_text(const std::string& sample, int jobs = 2) {
  static std::map<std::string, std::string> cache;
  const std::string tag = sample + "-j" + std::to_string(jobs);
  if (auto it = cache.find(tag); it != cache.end()) return it->second;
  // One worker parses afresh: the determinism test below compares it with two.
  return cache[tag] = analyze(sample_build(sample), tag, jobs, jobs == 1);
}

// The agreement issue 16 asks of the samples with no configuration.
constexpr double kAriBar = 0.95;

// Holds the sample to its expected decomposition; `known` names the tables
// whose owner is known to differ (the library's copies, see below).
void holds_to_expected(const std::string& sample, double bar = kAriBar, const std::string& known = "") {
  const Proposal p = report::parse_proposal_json(proposal_text(sample), sample + "/proposal.json");
  const auto expected =
      decompose::load_expected(fs::path(CLEAVE_SOURCE_DIR) / "samples" / sample / "expected" / "decomposition.json");
  const auto a = decompose::compare(p, expected);
  WARN(sample << ": ARI " << a.ari << ", MoJoFM " << a.mojofm << ", " << p.services.size() << " services, tables "
              << a.tables_owned_as_expected << "/" << a.tables << " owned as expected");
  std::string misplaced;
  for (const auto& m : a.misplaced) misplaced += "  " + m + "\n";
  for (const auto& m : a.missing) misplaced += "  not placed: " + m + "\n";
  INFO("misplaced:\n" << misplaced);
  CHECK(a.items > 0);
  CHECK(a.ari >= bar);
  std::size_t known_mismatches = 0;
  for (const auto& t : a.table_mismatches) {
    INFO("table " << t);
    if (!known.empty() && t.rfind(known + ":", 0) == 0) {
      ++known_mismatches;
      continue;
    }
    CHECK(false);
  }
  CHECK(a.tables_owned_as_expected + known_mismatches == a.tables);
}

// The service a placed class or function is in ("" when it is in none).
std::string service_of(const Proposal& p, const std::string& name) {
  for (const auto& s : p.services) {
    for (const auto* list : {&s.classes, &s.functions}) {
      if (std::find(list->begin(), list->end(), name) != list->end()) return s.name;
    }
  }
  return "";
}

// Names (issue 16, item 5): the share of proposed services whose name is
// the name of the expected context they overlap most. No rule knows a
// sample's words; the code's own namespaces, folders and tables give them.
double names_as_expected(const std::string& sample) {
  const Proposal p = report::parse_proposal_json(proposal_text(sample), sample + "/proposal.json");
  const auto expected =
      decompose::load_expected(fs::path(CLEAVE_SOURCE_DIR) / "samples" / sample / "expected" / "decomposition.json");
  const auto a = decompose::compare(p, expected);
  std::size_t same = 0;
  std::string names;
  for (const auto& s : p.services) {
    auto it = a.service_to_context.find(s.name);
    const bool hit = it != a.service_to_context.end() && it->second == s.name;
    same += hit ? 1 : 0;
    names += " " + s.name + (hit ? "" : "(" + (it == a.service_to_context.end() ? "?" : it->second) + ")");
  }
  const double share = p.services.empty() ? 0.0 : static_cast<double>(same) / static_cast<double>(p.services.size());
  WARN(sample << ": " << same << "/" << p.services.size() << " services named as expected:" << names);
  return share;
}

}  // namespace

TEST_CASE("vetclinic: the proposal agrees with the architect's contexts", "[e2e][decompose]") {
  holds_to_expected("vetclinic");
}

// What stays of the split ClinicManager is the front desk: it owns no table
// and calls every service, by design. It is the future API gateway, not a
// stateless slice of one service, so it is never folded.
TEST_CASE("vetclinic: the front desk stays a service of its own", "[e2e][decompose]") {
  const Proposal p = report::parse_proposal_json(proposal_text("vetclinic"), "vetclinic/proposal.json");
  const Service* desk = nullptr;
  for (const auto& s : p.services) {
    for (const auto& f : s.functions) {
      if (f == "vet::ClinicManager::handleLine") desk = &s;
    }
  }
  REQUIRE(desk);
  CHECK(desk->tables.empty());
  CHECK(desk->folded.empty());
  for (const auto& s : p.services) {
    if (&s != desk) CHECK(s.folded.empty());
  }
}

TEST_CASE("logistics: the proposal agrees with the architect's contexts", "[e2e][decompose]") {
  holds_to_expected("logistics");
}

// logistics' PostgreSQL schemas (sales, wms, fleet, ...) are its contexts:
// the databases the architects drew. Each service's tables lie in one of
// them, and the reports show them beside the services.
TEST_CASE("logistics: each service's tables lie in one of the schema's databases", "[e2e][decompose][databases]") {
  const Proposal p = report::parse_proposal_json(proposal_text("logistics"), "logistics/proposal.json");
  std::set<std::string> seen;
  for (const auto& s : p.services) {
    INFO(s.name);
    CHECK(s.databases.size() <= 1);
    for (const auto& d : s.databases) CHECK(seen.insert(d).second);  // one service per database, too
  }
  CHECK(seen == std::set<std::string>{"billing", "dispatch", "fleet", "pricing", "sales", "tracking", "wms"});
  const std::string md = slurp(scratch() / "out-logistics-j2" / "report.md");
  CHECK_THAT(md, Catch::Contains("| Databases |"));
}

// The library sample (samples/library/expected, written by its author) is
// held to a lower bar: cleave gives ARI 0.82 there. It puts `copies` in
// circulation, which updates the copies' status inside its loan
// transactions, where the architect puts it in catalogue, which creates and
// withdraws them, and it keeps the catalogue's `Title` value type in the
// shared kernel. Raising it to 0.95 is issue 16's open work; its fitness
// findings follow the placements and are not asserted either.
TEST_CASE("library: the proposal agrees with the architect's contexts, short of the full bar", "[e2e][decompose]") {
  holds_to_expected("library", 0.8, "copies");
}

// Two finishing rules of issue 16, on code that shows each one.
TEST_CASE("a handler goes where it writes; a value type follows its users out of a split class", "[e2e][decompose]") {
  // cmdCheckIn checks the appointment in (a write, through
  // AppointmentBook::checkIn) and reads the pet's allergies: scheduling.
  const Proposal vet = report::parse_proposal_json(proposal_text("vetclinic"), "vetclinic/proposal.json");
  CHECK(service_of(vet, "vet::ClinicManager::cmdCheckIn") == service_of(vet, "vet::scheduling::AppointmentBook"));
  // The desk's handlers that use Patron moved to their services when
  // BranchDesk was split; Patron goes with them, not with the parser.
  const Proposal lib = report::parse_proposal_json(proposal_text("library"), "library/proposal.json");
  CHECK_FALSE(service_of(lib, "shelf::patrons::Patron").empty());
  CHECK(service_of(lib, "shelf::patrons::Patron") == service_of(lib, "shelf::patrons::PatronService"));
}

// The candidates table's chosen row is the proposal, even when the
// finishing passes folded parts of the chosen candidate (issue 16 item 9).
TEST_CASE("the chosen candidate is the proposal", "[e2e][decompose]") {
  for (const char* sample : {"vetclinic", "logistics", "library"}) {
    INFO(sample);
    const auto j = nlohmann::json::parse(proposal_text(sample));
    std::size_t chosen = 0;
    for (const auto& c : j.at("candidates")) {
      if (!c.at("chosen").get<bool>()) continue;
      ++chosen;
      CHECK(c.at("services").get<std::size_t>() == j.at("services").size());
      CHECK(c.at("metrics").at("modularity_q").is_number());
    }
    CHECK(chosen == 1);
  }
}
// logistics 7/8 (wms is "warehouses", expected "warehouse"), library 7/7,
// vetclinic 8/9: the front desk is "clinic" (its folder; "frontdesk" is
// only in comments).
TEST_CASE("the services carry the names the architects gave their contexts", "[e2e][decompose][names]") {
  CHECK(names_as_expected("logistics") >= 0.8);
  CHECK(names_as_expected("library") >= 0.8);
  CHECK(names_as_expected("vetclinic") >= 0.8);
}

// Issue 16, item 4: how an object is built and destroyed is no operation
// of a service's API, on any sample.
TEST_CASE("no constructor or destructor is an API operation", "[e2e][decompose][api]") {
  for (const char* sample : {"vetclinic", "logistics", "library"}) {
    // parse_proposal_json reads what diff and the reports need, not the API: read the JSON.
    const auto p = nlohmann::json::parse(proposal_text(sample));
    const fs::path model_file = scratch() / (std::string("out-") + sample + "-j2") / "model.json";
    const Model model = report::parse_model_json(slurp(model_file), model_file.string());
    std::size_t operations = 0;
    for (const auto& s : p.at("services")) {
      for (const auto& a : s.at("api")) {
        ++operations;
        const Symbol* sym = model.find(a.at("symbol").get<std::string>());
        INFO(sample << ": " << s.at("name") << " " << a.at("name") << " " << a.at("endpoint"));
        REQUIRE(sym);
        CHECK(sym->kind != SymbolKind::Constructor);
        CHECK(sym->kind != SymbolKind::Destructor);
      }
    }
    CHECK(operations > 0);
  }
}

// The agreement is a property of the objective, not of one lucky visiting
// order: other Louvain seeds must keep every table's owner and the ARI bar.
TEST_CASE("the agreement does not depend on the clustering seed", "[e2e][decompose]") {
  for (const char* sample : {"vetclinic", "logistics"}) {
    proposal_text(sample);  // runs analyze, which writes model.json beside proposal.json
    const fs::path model_file = scratch() / (std::string("out-") + sample + "-j2") / "model.json";
    REQUIRE(fs::exists(model_file));
    const Model model = report::parse_model_json(slurp(model_file), model_file.string());
    const auto expected =
        decompose::load_expected(fs::path(CLEAVE_SOURCE_DIR) / "samples" / sample / "expected" / "decomposition.json");
    for (unsigned seed : {1u, 7u, 99u, 1234u}) {
      decompose::DecomposeOptions options;
      options.config = config::DecomposeConfig{};  // defaults, no .cleave.yaml lookup
      options.seed = seed;
      const auto a = decompose::compare(decompose::decompose(model, options), expected);
      INFO(sample << " seed " << seed << ": ARI " << a.ari);
      CHECK(a.ari >= kAriBar);
      for (const auto& t : a.table_mismatches) {
        INFO("table " << t);
        CHECK(false);
      }
    }
  }
}

TEST_CASE("proposal.json is byte-identical with one worker and two", "[e2e][decompose][determinism]") {
  for (const char* sample : {"vetclinic", "logistics", "library"}) {
    INFO(sample);
    CHECK(proposal_text(sample, 1) == proposal_text(sample, 2));
  }
}

TEST_CASE("proposal.json does not depend on the order of compile_commands.json", "[e2e][decompose][determinism]") {
  for (const char* sample : {"vetclinic", "logistics", "library"}) {
    INFO(sample);
    auto db = nlohmann::json::parse(slurp(sample_build(sample) / "compile_commands.json"));
    REQUIRE(db.is_array());
    REQUIRE(db.size() > 2);
    // A fixed shuffle, and one that is certainly not the original order.
    std::vector<nlohmann::json> entries(db.begin(), db.end());
    std::mt19937 rng(20240917);
    std::shuffle(entries.begin(), entries.end(), rng);
    if (nlohmann::json(entries) == db) std::reverse(entries.begin(), entries.end());
    REQUIRE(nlohmann::json(entries) != db);
    const fs::path dir = scratch() / (std::string("shuffled-") + sample);
    fs::create_directories(dir);
    std::ofstream(dir / "compile_commands.json") << nlohmann::json(entries).dump(2);
    CHECK(analyze(dir, std::string("shuffled-") + sample, 2, true) == proposal_text(sample, 2));
  }
}

// `cleave explain` agrees with the placement for every class and function of
// each sample (issue 16): the verdict it prints is where proposal.json put
// the unit, and the class, its constructor and its overloads are one entity.
TEST_CASE("explain's verdict equals the placement of every class and function", "[e2e][explain]") {
  for (const char* sample : {"vetclinic", "logistics", "library"}) {
    SECTION(sample) {
      const nlohmann::json proposal = nlohmann::json::parse(proposal_text(sample));
      std::vector<std::pair<std::string, std::string>> expected;  // unit, verdict
      for (const auto& s : proposal["services"]) {
        for (const char* list : {"classes", "functions"}) {
          for (const auto& u : s[list])
            expected.emplace_back(u.get<std::string>(), "is in service " + s["name"].get<std::string>());
        }
      }
      for (const char* list : {"classes", "functions"}) {
        for (const auto& u : proposal["shared_kernel"][list])
          expected.emplace_back(u.get<std::string>(), "is in the shared kernel");
      }
      REQUIRE(expected.size() >= 20);
      std::string names;
      for (const auto& [unit, verdict] : expected) names += " '" + unit + "'";
      const fs::path out = scratch() / ("out-" + std::string(sample) + "-j2");
      const fs::path log = scratch() / ("explain-" + std::string(sample));
      const std::string cmd =
          std::string(CLEAVE_BINARY) + " explain -o " + out.string() + names + " >" + log.string() + " 2>&1";
      const int status = std::system(cmd.c_str());
      const std::string text = slurp(log);
      REQUIRE(WIFEXITED(status));
      INFO(text.substr(0, 2000));
      REQUIRE(WEXITSTATUS(status) == 0);
      std::vector<std::string> verdicts;  // the first line of each explanation
      for (std::size_t at = 0; at < text.size();) {
        verdicts.push_back(text.substr(at, text.find('\n', at) - at));
        auto next = text.find("\n\n", at);
        at = next == std::string::npos ? text.size() : next + 2;
      }
      REQUIRE(verdicts.size() == expected.size());
      for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(expected[i].first);
        CHECK(verdicts[i] == expected[i].first + " " + expected[i].second);
      }
      if (std::string(sample) == "vetclinic") {
        const fs::path money = scratch() / "explain-money";
        REQUIRE(std::system(
                    (std::string(CLEAVE_BINARY) + " explain -o " + out.string() + " Money >" + money.string() + " 2>&1")
                        .c_str()) == 0);
        CHECK(slurp(money).rfind("vet::billing::Money is in ", 0) == 0);
      }
    }
  }
}

// Issue 16, item 3: stateless helpers (parsers, formatters, value types)
// never form a service of their own. Every service of every sample holds a
// unit that reaches a table: it reads or writes one, or calls (through any
// number of calls, or by taking a handler's address) what does. The front
// desk owns no table but drives the services' data; a bundle of string
// helpers would reach none.
TEST_CASE("no service is made only of stateless helpers", "[e2e][decompose]") {
  for (const char* sample : {"vetclinic", "logistics", "library"}) {
    const Proposal p = report::parse_proposal_json(proposal_text(sample), std::string(sample) + "/proposal.json");
    const fs::path model_file = scratch() / (std::string("out-") + sample + "-j2") / "model.json";
    const Model model = report::parse_model_json(slurp(model_file), model_file.string());
    // Callee USR -> caller USRs. Taking a handler's address (`bind(&Desk::cmdOrder)`)
    // is how a dispatcher calls it, so a reference to a function counts too.
    std::map<std::string, std::vector<std::string>> callers;
    for (const auto& e : model.edges) {
      const Symbol* to = model.find(e.to);
      const bool to_function = to && (to->kind == SymbolKind::Function || to->kind == SymbolKind::Method);
      if (e.kind == EdgeKind::Call || e.kind == EdgeKind::Dispatch || (e.kind == EdgeKind::Reference && to_function)) {
        callers[e.to].push_back(e.from);
      }
    }
    std::set<std::string> reaches;
    std::vector<std::string> stack;
    for (const auto& a : model.data.accesses) {
      if (reaches.insert(a.symbol).second) stack.push_back(a.symbol);
    }
    while (!stack.empty()) {
      const std::string usr = stack.back();
      stack.pop_back();
      for (const auto& c : callers[usr]) {
        if (reaches.insert(c).second) stack.push_back(c);
      }
    }
    // A class reaches a table when one of its members does.
    std::set<std::string> names;
    for (const auto& usr : reaches) {
      for (const Symbol* s = model.find(usr); s; s = s->parent.empty() ? nullptr : model.find(s->parent)) {
        names.insert(s->name);
      }
    }
    for (const auto& s : p.services) {
      bool stateful = false;
      for (const auto* list : {&s.classes, &s.functions}) {
        for (const auto& m : *list) stateful = stateful || names.count(m) > 0;
      }
      INFO(sample << ": service " << s.name);
      CHECK(stateful);
    }
  }
}
