// Serverless fitness (issue 17) on the hand-built shop: findings land in the
// service whose code has them, kernel findings reach the services that call
// the kernel, and the verdict follows what is central to a service's design.
#include "decompose/decompose.hpp"
#include "shop.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cleave;
using cleave::test::no_file;
using cleave::test::shop;

namespace {

const std::string O = "shop::orders::";
const std::string B = "shop::billing::";
const std::string S = "shop::shipping::";

std::string service_of(const Proposal& p, const std::string& cls) {
  for (const auto& s : p.services) {
    if (std::count(s.classes.begin(), s.classes.end(), cls)) return s.name;
  }
  FAIL("no service has " << cls);
  return {};
}

const ServiceFitness& fitness_of(const Proposal& p, const std::string& cls) {
  const std::string name = service_of(p, cls);
  for (const auto& f : p.fitness) {
    if (f.service == name) return f;
  }
  FAIL("no fitness for " << name);
  return p.fitness.front();
}

std::vector<const FitnessFinding*> with_rule(const ServiceFitness& f, std::string_view rule) {
  std::vector<const FitnessFinding*> out;
  for (const auto& x : f.findings) {
    if (x.rule == rule) out.push_back(&x);
  }
  return out;
}

Hazard hazard(HazardKind kind, const std::string& function, const std::string& what, unsigned line = 40) {
  Hazard h;
  h.kind = kind;
  h.function = function.empty() ? "" : "c:" + function;
  h.loc = {"/src/hazard.cpp", line, 1};
  h.what = what;
  return h;
}

// A global the given functions use (Reference edges), as the front end reports it.
void add_global(Model& m, const std::string& what, const std::vector<std::string>& users) {
  Hazard h = hazard(HazardKind::State, "", what, 7);
  h.variable = "c:g_cache";
  m.hazards.push_back(h);
  for (const auto& u : users) m.edges.push_back({"c:" + u, "c:g_cache", EdgeKind::Reference, 1, {}});
}

Proposal propose(Model m, unsigned services = 0) {
  std::sort(m.hazards.begin(), m.hazards.end());
  m.index();
  config::DecomposeConfig cfg;
  cfg.services = services;
  return decompose::decompose(m, no_file(cfg));
}

}  // namespace

TEST_CASE("fitness: a service with nothing found is ready; foreign tables are downstream pressure", "[fitness]") {
  Proposal p = propose(shop());
  REQUIRE(p.fitness.size() == p.services.size());
  CHECK(fitness_of(p, O + "OrderService").verdict == "ready");
  CHECK(fitness_of(p, O + "OrderService").findings.empty());

  // Billing reads orders, which the orders service owns: during the migration
  // it still opens connections to the monolith's database.
  const ServiceFitness& billing = fitness_of(p, B + "InvoiceService");
  CHECK(billing.verdict == "ready-after-changes");
  auto db = with_rule(billing, rules::kFitDatabase);
  REQUIRE(db.size() == 1);
  CHECK(db[0]->what == "reads table orders (owned by " + service_of(p, O + "OrderService") + ")");
  CHECK(db[0]->function == B + "InvoiceRepo::find");
  CHECK(db[0]->loc.line == 13);
  CHECK(billing.downstream == std::vector<std::string>{"the monolith's relational database"});
}

TEST_CASE("fitness: a hazard in a service's own code is that service's, with its replacement", "[fitness]") {
  Model m = shop();
  m.hazards.push_back(hazard(HazardKind::State, O + "OrderService::get", "function-local static int next_id"));
  m.hazards.push_back(
      hazard(HazardKind::LocalFile, O + "OrderService::cancel", "std::ofstream(\"/var/exports/orders.csv\")", 50));
  Proposal p = propose(m);
  const ServiceFitness& orders = fitness_of(p, O + "OrderService");
  CHECK(orders.verdict == "ready-after-changes");
  REQUIRE(orders.findings.size() == 2);
  for (const auto& f : orders.findings) {
    CHECK(f.via.empty());
    CHECK_FALSE(f.central);
    CHECK_FALSE(f.conflict.empty());
  }
  CHECK(orders.findings[0].rule == rules::kFitState);  // effort 1, line 40 before line 50
  CHECK(orders.findings[0].function == O + "OrderService::get");
  CHECK(orders.findings[1].rule == rules::kFitLocalFile);
  CHECK(orders.findings[1].replacement.find("S3") != std::string::npos);
  CHECK(fitness_of(p, S + "ShipmentService").findings.size() ==
        with_rule(fitness_of(p, S + "ShipmentService"), rules::kFitDatabase).size());
}

TEST_CASE("fitness: a hazard in the shared kernel belongs to the kernel and to each service that calls it",
          "[fitness]") {
  Model m = shop();
  m.hazards.push_back(
      hazard(HazardKind::State, "shop::common::Logger::info", "function-local static std::map<int, int> seen"));
  Proposal p = propose(m);
  REQUIRE(p.kernel_fitness.size() == 1);
  CHECK(p.kernel_fitness[0].function == "shop::common::Logger::info");
  // Only billing calls Logger::info.
  auto billing = with_rule(fitness_of(p, B + "InvoiceService"), rules::kFitState);
  REQUIRE(billing.size() == 1);
  CHECK(billing[0]->via == B + "InvoiceService::create");
  CHECK(with_rule(fitness_of(p, O + "OrderService"), rules::kFitState).empty());
  CHECK(fitness_of(p, O + "OrderService").verdict == "ready");
}

TEST_CASE("fitness: resident state used across a service is central; a little is a change", "[fitness]") {
  SECTION("three functions use the cache: keep it long-running") {
    Model m = shop();
    add_global(m, "global std::map<int, Order> g_cache",
               {O + "OrderService::place", O + "OrderService::cancel", O + "OrderService::get"});
    Proposal p = propose(m);
    const ServiceFitness& orders = fitness_of(p, O + "OrderService");
    CHECK(orders.verdict == "keep-long-running");
    REQUIRE(orders.evidence.size() == 1);
    CHECK(orders.evidence[0].find("used by 3 of its functions") != std::string::npos);
    REQUIRE(with_rule(orders, rules::kFitState).size() == 1);
    CHECK(with_rule(orders, rules::kFitState)[0]->central);
    // Only the orders service uses the global: it is that service's alone.
    CHECK(p.kernel_fitness.empty());
    // The extraction order puts it last and says why.
    REQUIRE_FALSE(p.extraction_order.empty());
    CHECK(p.extraction_order.back().service == orders.service);
    const auto& reasons = p.extraction_order.back().reasons;
    CHECK(std::any_of(reasons.begin(), reasons.end(), [](const std::string& r) {
      return r.rfind(
                 "keep as a long-running service, after every service that can become "
                 "functions: resident state at its core",
                 0) == 0;
    }));
  }
  SECTION("two functions, or a scalar used by three: a change, not the core") {
    Model m = shop();
    add_global(m, "global std::map<int, Order> g_cache", {O + "OrderService::place", O + "OrderService::get"});
    CHECK(fitness_of(propose(m), O + "OrderService").verdict == "ready-after-changes");
    Model n = shop();
    add_global(n, "global int g_cache",
               {O + "OrderService::place", O + "OrderService::cancel", O + "OrderService::get"});
    CHECK(fitness_of(propose(n), O + "OrderService").verdict == "ready-after-changes");
    Model a = shop();
    add_global(a, "global std::atomic<shop::Stats *> g_cache",
               {O + "OrderService::place", O + "OrderService::cancel", O + "OrderService::get"});
    CHECK(fitness_of(propose(a), O + "OrderService").verdict == "ready-after-changes");
  }
  SECTION("a container keyed by string is still a cache") {
    Model m = shop();
    add_global(m, "static member std::map<std::string, Tariff> PricingEngine::tariffCache_",
               {O + "OrderService::place", O + "OrderService::cancel", O + "OrderService::get"});
    CHECK(fitness_of(propose(m), O + "OrderService").verdict == "keep-long-running");
  }
  SECTION("a global object that holds the service's own objects is its core, even used once") {
    Model m = shop();
    Symbol world;
    world.id = "c:shop::World";
    world.name = "shop::World";
    world.kind = SymbolKind::Class;
    world.loc = {"/src/app/world.h", 1, 1};
    world.is_definition = true;
    m.symbols.push_back(world);
    m.edges.push_back({world.id, "c:" + O + "OrderService", EdgeKind::FieldType, 1, {}});
    add_global(m, "global shop::World * g_cache", {O + "OrderService::get"});
    Proposal p = propose(m);
    const ServiceFitness& orders = fitness_of(p, O + "OrderService");
    CHECK(orders.verdict == "keep-long-running");
    REQUIRE(orders.evidence.size() == 1);
    CHECK(orders.evidence[0] == "its " + O +
                                    "OrderService objects live in global shop::World * g_cache, held for the "
                                    "life of the process");
  }
  SECTION("a global two services use is the kernel's too") {
    Model m = shop();
    add_global(m, "global int g_cache", {O + "OrderService::place", B + "InvoiceService::create"});
    Proposal p = propose(m);
    REQUIRE(p.kernel_fitness.size() == 1);
    CHECK(p.kernel_fitness[0].what == "global int g_cache");
    CHECK(with_rule(fitness_of(p, O + "OrderService"), rules::kFitState).size() == 1);
    CHECK(with_rule(fitness_of(p, B + "InvoiceService"), rules::kFitState).size() == 1);
  }
}

TEST_CASE("fitness: a server is central; a lone job thread is a change", "[fitness]") {
  SECTION("a thread alone") {
    Model m = shop();
    m.hazards.push_back(hazard(HazardKind::Background, S + "ShipmentService::track", "std::thread"));
    const Proposal p = propose(m);
    const ServiceFitness& f = fitness_of(p, S + "ShipmentService");
    CHECK(f.verdict == "ready-after-changes");
    REQUIRE(with_rule(f, rules::kFitBackground).size() == 1);
    CHECK(with_rule(f, rules::kFitBackground)[0]->replacement.find("EventBridge Scheduler") != std::string::npos);
  }
  SECTION("a thread beside a listening socket") {
    Model m = shop();
    m.hazards.push_back(hazard(HazardKind::Background, S + "ShipmentService::track", "std::thread"));
    m.hazards.push_back(hazard(HazardKind::Server, S + "ShipmentService::ship", "listen(...)", 60));
    const Proposal p = propose(m);
    const ServiceFitness& f = fitness_of(p, S + "ShipmentService");
    CHECK(f.verdict == "keep-long-running");
    CHECK(f.evidence.size() == 2);
    CHECK(with_rule(f, rules::kFitServer)[0]->central);
    CHECK(with_rule(f, rules::kFitBackground)[0]->central);
    CHECK(f.findings.back().rule == rules::kFitServer);  // effort 3, the later line
    // Not a step towards Lambda: after every service that can become functions.
    REQUIRE_FALSE(p.extraction_order.empty());
    CHECK(p.extraction_order.back().service == f.service);
  }
  SECTION("an HTTP server's listener, threads and loop are what API Gateway replaces") {
    Model m = shop();
    m.hazards.push_back(hazard(HazardKind::Background, S + "ShipmentService::track", "std::thread"));
    m.hazards.push_back(hazard(HazardKind::Background, S + "ShipmentService::track", "asio::io_context::run", 41));
    m.hazards.push_back(hazard(HazardKind::Server, S + "ShipmentService::ship", "tcp::acceptor::listen", 60));
    m.hazards.push_back(
        hazard(HazardKind::Server, S + "ShipmentService::ship", "boost::beast::http::async_read (serves HTTP)", 70));
    const Proposal p = propose(m);
    const ServiceFitness& f = fitness_of(p, S + "ShipmentService");
    CHECK(f.verdict == "ready-after-changes");
    CHECK(f.evidence.empty());
    const auto servers = with_rule(f, rules::kFitServer);
    REQUIRE(servers.size() == 2);
    for (const auto* s : servers) CHECK_FALSE(s->central);
    CHECK(servers[1]->replacement.rfind("Put API Gateway's HTTP API in front", 0) == 0);
  }
}

TEST_CASE("fitness: long work and synchronous calls in a loop", "[fitness]") {
  Model m = shop();
  for (auto& a : m.data.accesses) {
    if (a.symbol == "c:" + O + "OrderRepo::load") {
      a.every_row = true;
      a.sql = "SELECT id, status FROM orders";
    }
  }
  for (auto& e : m.edges) {
    if (e.from == "c:" + B + "InvoiceService::create" && e.to == "c:" + O + "OrderService::get") {
      e.loop_weight = 1;
      e.first_loop_site = {"/src/billing/invoice_service.cpp", 21, 5};
    }
  }
  Proposal p = propose(m);
  auto long_work = with_rule(fitness_of(p, O + "OrderService"), rules::kFitLongWork);
  REQUIRE(long_work.size() == 1);
  CHECK(long_work[0]->what == "reads every row of table orders: SELECT id, status FROM orders");
  const ServiceFitness& billing = fitness_of(p, B + "InvoiceService");
  auto loop = with_rule(billing, rules::kFitLoopCall);
  REQUIRE(loop.size() == 1);
  CHECK(loop[0]->function == B + "InvoiceService::create");
  CHECK(loop[0]->loc.line == 21);
  CHECK(loop[0]->what ==
        "calls service " + service_of(p, O + "OrderService") + "'s API in a loop: " + O + "OrderService::get");
  CHECK(loop[0]->downstream == "service " + service_of(p, O + "OrderService"));
  CHECK(std::count(billing.downstream.begin(), billing.downstream.end(), loop[0]->downstream) == 1);

  // The same loop building the other service's object calls no operation of
  // its API: nothing to find. (As many services as before: without the
  // call, the coarser candidate is as good and billing and orders merge.)
  for (auto& sym : m.symbols) {
    if (sym.id == "c:" + O + "OrderService::get") sym.kind = SymbolKind::Constructor;
  }
  Proposal q = propose(m, static_cast<unsigned>(p.services.size()));
  REQUIRE(service_of(q, B + "InvoiceService") != service_of(q, O + "OrderService"));
  CHECK(with_rule(fitness_of(q, B + "InvoiceService"), rules::kFitLoopCall).empty());
}
