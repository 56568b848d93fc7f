// The decomposition on a small hand-built shop: three areas (billing,
// orders, shipping), helpers everybody uses, a controller that calls every
// area, a transaction that spans two areas and a cross-area foreign key.
#include "core/errors.hpp"
#include "decompose/compare.hpp"
#include "decompose/decompose.hpp"
#include "reports/json/proposal_json.hpp"
#include "shop.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace cleave;
using cleave::test::no_file;
using cleave::test::shop;
using cleave::test::ShopBuilder;

namespace {

const Service* find_service(const Proposal& p, const std::string& member) {
  for (const auto& s : p.services) {
    if (std::count(s.classes.begin(), s.classes.end(), member) ||
        std::count(s.functions.begin(), s.functions.end(), member)) {
      return &s;
    }
  }
  return nullptr;
}

const TableOwnership& table(const Proposal& p, const std::string& name) {
  for (const auto& t : p.tables) {
    if (t.name == name) return t;
  }
  FAIL("no table " << name);
  return p.tables.front();
}

}  // namespace

TEST_CASE("decompose: areas become named services owning their tables") {
  Proposal p = decompose::decompose(shop(), no_file());
  REQUIRE(p.services.size() == 3);
  const Service* billing = find_service(p, "shop::billing::InvoiceService");
  const Service* orders = find_service(p, "shop::orders::OrderService");
  const Service* shipping = find_service(p, "shop::shipping::ShipmentService");
  REQUIRE(billing);
  REQUIRE(orders);
  REQUIRE(shipping);
  CHECK(billing->name == "billing");
  CHECK(orders->name == "orders");
  CHECK(shipping->name == "shipping");
  CHECK(find_service(p, "shop::billing::PaymentRepo") == billing);
  CHECK(find_service(p, "shop::orders::OrderRepo") == orders);
  CHECK(find_service(p, "shop::shipping::ShipmentRepo") == shipping);

  CHECK(table(p, "invoices").owner == "billing");
  CHECK(table(p, "payments").owner == "billing");
  CHECK(table(p, "order_items").owner == "orders");
  // orders is written by order (2 statements) and by shipping (1): write dominance.
  CHECK(table(p, "orders").owner == "orders");
  CHECK(table(p, "orders").writers == std::vector<std::string>{"orders", "shipping"});
  CHECK(table(p, "orders").readers == std::vector<std::string>{"billing"});
  CHECK(table(p, "shipments").owner == "shipping");
  CHECK(table(p, "invoices").entropy == 0);
  CHECK(table(p, "orders").entropy > 0);
}

TEST_CASE("decompose: helpers used everywhere form the shared kernel") {
  Proposal p = decompose::decompose(shop(), no_file());
  CHECK(std::count(p.shared_kernel_functions.begin(), p.shared_kernel_functions.end(), "shop::common::trim") == 1);
  CHECK(std::count(p.shared_kernel_classes.begin(), p.shared_kernel_classes.end(), "shop::common::Logger") == 1);
  CHECK(std::count(p.shared_kernel_functions.begin(), p.shared_kernel_functions.end(), "main") == 1);
  CHECK(p.shared_kernel_reasons.count("shop::common::trim"));
  CHECK(decompose::placement(p, "shop::common::Logger") == decompose::kSharedKernelGroup);
}

TEST_CASE("decompose: the controller is split per method") {
  Proposal p = decompose::decompose(shop(), no_file());
  REQUIRE(p.split_classes.size() == 1);
  const auto& sc = p.split_classes[0];
  CHECK(sc.name == "shop::AppController");
  std::map<std::string, std::string> plan;
  for (const auto& m : sc.methods) plan[m.method] = m.service;
  CHECK(plan["shop::AppController::handleInvoice"] == "billing");
  CHECK(plan["shop::AppController::handleOrder"] == "orders");
  CHECK(plan["shop::AppController::handleCancel"] == "orders");
  CHECK(plan["shop::AppController::handleShipment"] == "shipping");
  CHECK(plan["shop::AppController::handleTracking"] == "shipping");
  CHECK(decompose::placement(p, "shop::AppController::handleInvoice") == "billing");
  CHECK(decompose::placement(p, "shop::AppController").empty());  // only in split_classes
}

TEST_CASE("decompose: database per service costs are listed") {
  Proposal p = decompose::decompose(shop(), no_file());
  // shipments -> orders crosses services; payments -> invoices and
  // order_items -> orders do not.
  REQUIRE(p.foreign_keys_to_cut.size() == 1);
  CHECK(p.foreign_keys_to_cut[0].table == "shipments");
  CHECK(p.foreign_keys_to_cut[0].ref_owner == "orders");
  // ShipmentRepo::save writes orders (order) and shipments (shipping) in one transaction.
  REQUIRE(p.distributed_transactions.size() == 1);
  const auto& d = p.distributed_transactions[0];
  CHECK(d.services == std::vector<std::string>{"orders", "shipping"});
  REQUIRE(d.saga.size() == 2);
  CHECK(d.saga[0].service == "shipping");  // the initiator's local step first
  CHECK_FALSE(d.saga[0].compensation.empty());
  CHECK(d.saga[1].pivot);
  // Non-owners get a resolution per access.
  const auto& orders = table(p, "orders");
  REQUIRE(orders.accesses.size() == 2);
  CHECK(orders.accesses[0].service == "shipping");
  CHECK(orders.accesses[0].resolution == "command");
  CHECK(orders.accesses[1].service == "billing");
  CHECK(orders.accesses[1].resolution == "api-query");
  // The DDL of a service keeps its own keys and cuts the foreign ones.
  const Service* shipping = find_service(p, "shop::shipping::ShipmentService");
  CHECK_THAT(shipping->ddl, Catch::Contains("CREATE TABLE shipments") && Catch::Contains("-- cut:"));
  const Service* billing = find_service(p, "shop::billing::InvoiceService");
  CHECK_THAT(billing->ddl, Catch::Contains("FOREIGN KEY (ref_id) REFERENCES invoices (id)"));
  CHECK(p.metrics.at("distributed_transactions") == 1);
}

TEST_CASE("decompose: API members, styles and endpoints") {
  Proposal p = decompose::decompose(shop(), no_file());
  const Service* orders = find_service(p, "shop::orders::OrderService");
  const ApiMember* get = nullptr;
  for (const auto& a : orders->api) {
    if (a.name == "shop::orders::OrderService::get") get = &a;
  }
  REQUIRE(get);
  CHECK(get->style == "query");
  CHECK(get->endpoint == "GET /orders/{id}");
  CHECK(get->callers == std::vector<std::string>{"billing"});
  const Service* billing = find_service(p, "shop::billing::InvoiceService");
  bool depends = false;
  for (const auto& d : billing->depends_on) depends = depends || (d.service == "orders" && d.style == "sync");
  CHECK(depends);
  // Extraction order: shipping and billing before order, which others depend on.
  REQUIRE(p.extraction_order.size() == 3);
  CHECK(p.extraction_order.back().service == "orders");
  CHECK(p.extraction_order.front().rank == 1);
}

// Issue 16, item 4: a member's HTTP method comes from what it does to data.
// Writes: the strongest SQL verb (INSERT > DELETE > UPDATE) of the member and
// of what it calls within its own service (two calls deep); reads only: GET,
// whatever the name says.
TEST_CASE("decompose: an operation's HTTP method comes from its SQL verbs, not its name") {
  ShopBuilder b;
  b.m = shop();
  const std::string O = "shop::orders::OrderService";
  const std::string R = "shop::orders::OrderRepo";
  auto verb = [&](const std::string& fn, const std::string& table, AccessMode mode, const std::string& v) {
    b.access(fn, table, mode, 40);
    b.m.data.accesses.back().verb = v;
  };
  b.method(O, "archive", "void (int)");      // UPDATE only
  b.method(O, "purge", "void (int)");        // DELETE and UPDATE
  b.method(O, "reconcile", "void (int)");    // INSERT, UPDATE, DELETE through a repository
  b.method(O, "updateTotals", "int (int)");  // named like a command, only reads
  b.method(O, "discard", "void (int)");      // DELETE two calls deep
  b.method(O, "removeLine", "void (int)");   // the name agrees with the verb
  b.method(R, "rewrite", "void (int)");
  b.method(R, "helper", "void (int)");
  verb(O + "::archive", "orders", AccessMode::Write, "UPDATE");
  verb(O + "::purge", "orders", AccessMode::Write, "DELETE");
  verb(O + "::purge", "order_items", AccessMode::Write, "UPDATE");
  b.call(O + "::reconcile", R + "::rewrite");
  verb(R + "::rewrite", "orders", AccessMode::Write, "UPDATE");
  verb(R + "::rewrite", "order_items", AccessMode::Write, "INSERT");
  verb(R + "::rewrite", "orders", AccessMode::Write, "DELETE");
  verb(O + "::updateTotals", "orders", AccessMode::Read, "SELECT");
  b.call(O + "::discard", O + "::removeLine");
  b.call(O + "::removeLine", R + "::helper");
  verb(R + "::helper", "order_items", AccessMode::Write, "DELETE");
  for (const char* m : {"archive", "purge", "reconcile", "updateTotals", "discard", "removeLine"}) {
    b.call("shop::billing::InvoiceService::create", O + "::" + m);
  }
  b.m.index();
  config::DecomposeConfig cfg;
  cfg.apart = {{"shop::billing::InvoiceService", O}};
  cfg.together = {{O, R}};
  Proposal p = decompose::decompose(b.m, no_file(cfg));
  const Service* orders = find_service(p, O);
  REQUIRE(orders == find_service(p, R));
  std::map<std::string, const ApiMember*> api;
  for (const auto& a : orders->api) api[a.name.substr(a.name.rfind("::") + 2)] = &a;
  for (const char* m : {"archive", "purge", "reconcile", "updateTotals", "discard", "removeLine"}) {
    INFO(m);
    REQUIRE(api.count(m));
  }
  CHECK(api.at("archive")->style == "command");
  CHECK(api.at("archive")->endpoint == "PUT /orders/{id}/archive");
  CHECK(api.at("purge")->endpoint == "DELETE /orders/{id}/purge");
  CHECK(api.at("reconcile")->style == "command");  // writes only through its repository
  CHECK(api.at("reconcile")->endpoint == "POST /orders/{id}/reconcile");
  CHECK(api.at("discard")->endpoint == "DELETE /orders/{id}/discard");
  CHECK(api.at("removeLine")->endpoint == "DELETE /orders/{id}");
  // The negative: a name that says "update" on a member that only reads.
  CHECK(api.at("updateTotals")->style == "query");
  CHECK(api.at("updateTotals")->endpoint.rfind("GET ", 0) == 0);
  // A member that reads only is GET, one that writes never is.
  for (const auto& a : orders->api) {
    INFO(a.name << " " << a.endpoint);
    CHECK((a.style == "query") == (a.endpoint.rfind("GET ", 0) == 0));
  }
}

// What another service calls on an object is not always an operation: how
// the object is built, copied and compared, and the getters and setters of
// its own fields, are not endpoints; two operations never share one.
TEST_CASE("decompose: constructors, operators and field accessors are not endpoints; endpoints are unique") {
  ShopBuilder b;
  b.m = shop();
  const std::string O = "shop::orders::OrderService";
  Symbol field;
  field.id = "c:" + O + "::status_";
  field.name = O + "::status_";
  field.kind = SymbolKind::Field;
  field.parent = "c:" + O;
  b.m.symbols.push_back(field);
  b.method(O, "OrderService", "void (int)");
  b.m.symbols.back().kind = SymbolKind::Constructor;
  b.method(O, "~OrderService", "void ()");
  b.m.symbols.back().kind = SymbolKind::Destructor;
  b.method(O, "operator==", "bool (const shop::orders::OrderService &)");
  b.method(O, "getStatus", "int () const");
  b.method(O, "setStatus", "void (int)");
  b.method(O, "placeBulk", "void (int)");
  b.method(O, "operations", "int ()");  // a name that starts like an operator
  b.call(O + "::placeBulk", "shop::orders::OrderRepo::insert", 2);
  b.call(O + "::operations", "shop::orders::OrderRepo::load", 2);
  for (const char* m :
       {"OrderService", "~OrderService", "operator==", "getStatus", "setStatus", "place", "placeBulk", "operations"}) {
    b.call("shop::billing::InvoiceService::create", O + "::" + m);
  }
  b.m.index();
  // Eight calls would pull billing into orders; the architect keeps them apart.
  config::DecomposeConfig cfg;
  cfg.apart = {{"shop::billing::InvoiceService", O}};
  Proposal p = decompose::decompose(b.m, no_file(cfg));
  const Service* orders = find_service(p, O);
  REQUIRE(orders != find_service(p, "shop::billing::InvoiceService"));
  std::map<std::string, std::string> endpoints;
  for (const auto& a : orders->api) endpoints[a.name.substr(a.name.rfind("::") + 2)] = a.endpoint;
  CHECK_FALSE(endpoints.count("OrderService"));
  CHECK_FALSE(endpoints.count("~OrderService"));
  CHECK_FALSE(endpoints.count("operator=="));
  CHECK_FALSE(endpoints.count("getStatus"));
  CHECK_FALSE(endpoints.count("setStatus"));
  CHECK(endpoints.count("operations"));
  CHECK(endpoints.at("place") == "POST /orders/place");
  CHECK(endpoints.at("placeBulk") == "POST /orders/place-bulk");
  std::set<std::string> unique;
  for (const auto& [name, endpoint] : endpoints) CHECK(unique.insert(endpoint).second);
  // Still a dependency: billing builds and compares orders' objects.
  bool depends = false;
  for (const auto& d : find_service(p, "shop::billing::InvoiceService")->depends_on)
    depends |= d.service == orders->name;
  CHECK(depends);
}

TEST_CASE("decompose: candidates table marks the chosen count") {
  Proposal p = decompose::decompose(shop(), no_file());
  REQUIRE_FALSE(p.candidates.empty());
  std::size_t chosen = 0;
  for (const auto& c : p.candidates) {
    if (c.chosen) {
      ++chosen;
      CHECK(c.services == p.services.size());
    }
    CHECK(c.metrics.count("modularity_q"));
  }
  CHECK(chosen == 1);
}

TEST_CASE("decompose: output does not depend on input order") {
  Model base = shop();
  std::string expected = report::proposal_json_text(decompose::decompose(base, no_file()));
  for (unsigned seed : {1u, 2u, 3u}) {
    Model m = base;
    std::mt19937 rng(seed);
    std::shuffle(m.symbols.begin(), m.symbols.end(), rng);
    std::shuffle(m.edges.begin(), m.edges.end(), rng);
    std::shuffle(m.data.accesses.begin(), m.data.accesses.end(), rng);
    std::shuffle(m.data.tables.begin(), m.data.tables.end(), rng);
    m.index();
    CHECK(report::proposal_json_text(decompose::decompose(m, no_file())) == expected);
  }
}

TEST_CASE("decompose: config pins, kernel paths and apart rules are obeyed") {
  config::DecomposeConfig cfg;
  config::ContextPin pin;
  pin.name = "payments";
  pin.classes = {"shop::billing::PaymentRepo"};
  pin.tables = {"payments"};
  cfg.contexts.push_back(pin);
  cfg.kernel_paths = {"**/src/orders/strings.cpp"};
  cfg.apart = {{"shop::orders::OrderService", "shop::orders::OrderRepo"}};
  Proposal p = decompose::decompose(shop(), no_file(cfg));
  const Service* pay = find_service(p, "shop::billing::PaymentRepo");
  REQUIRE(pay);
  CHECK(pay->name == "payments");
  CHECK(table(p, "payments").owner == "payments");
  CHECK(find_service(p, "shop::orders::OrderService") != find_service(p, "shop::orders::OrderRepo"));
  CHECK_THAT(p.shared_kernel_reasons["shop::common::trim"], Catch::Contains("config"));

  // A target count: 2 services.
  auto o = no_file();
  o.target_services = 2;
  CHECK(decompose::decompose(shop(), o).services.size() == 2);
}

TEST_CASE("explain: symbols and tables, with close matches for typos") {
  Model m = shop();
  Proposal p = decompose::decompose(m, no_file());
  std::string why = decompose::explain(m, p, "InvoiceService");
  CHECK_THAT(why, Catch::Contains("shop::billing::InvoiceService is in service billing"));
  CHECK_THAT(why, Catch::Contains("pull towards billing"));
  CHECK_THAT(why, Catch::Contains("pull towards order"));  // the call to OrderService::get
  why = decompose::explain(m, p, "shop::common::trim");
  CHECK_THAT(why, Catch::Contains("shared kernel") && Catch::Contains("because: used from 3 services"));
  why = decompose::explain(m, p, "orders");
  CHECK_THAT(why, Catch::Contains("table orders is owned by order") && Catch::Contains("shipping"));
  try {
    decompose::explain(m, p, "InvoiceServce");
    FAIL("no error for an unknown name");
  } catch (const InputError& e) {
    CHECK_THAT(e.remedy(), Catch::Contains("shop::billing::InvoiceService"));
  }
}

TEST_CASE("proposal.json carries the design contract fields") {
  auto j = report::proposal_to_json(decompose::decompose(shop(), no_file()));
  for (const char* key : {"services", "shared_kernel", "split_classes", "tables", "distributed_transactions",
                          "extraction_order", "metrics"}) {
    CHECK(j.contains(key));
  }
  for (const char* key : {"name", "classes", "functions", "files", "tables", "api", "depends_on"}) {
    CHECK(j["services"][0].contains(key));
  }
  for (const char* key : {"name", "owner", "readers", "writers", "resolution"}) CHECK(j["tables"][0].contains(key));
  for (const char* key :
       {"sm", "icp", "ifn", "ned", "modularity_q", "turbo_mq", "table_entropy_mean", "distributed_transactions"}) {
    CHECK(j["metrics"].contains(key));
  }
}

namespace {

// A game server's shape: one persistence class (Storage) that every area
// calls for its own tables, through one database wrapper (Db, with its
// result type beside it), and an engine class that calls every area. Left
// to the code structure, Storage gathers every table into one service.
Model persistence_hub() {
  ShopBuilder b;
  b.cls("Db", "/src/db.h");
  b.method("Db", "exec");
  b.method("Db", "query");
  b.cls("DbResult", "/src/db.h");
  b.method("DbResult", "next");
  b.method("DbResult", "get");
  b.cls("Storage", "/src/storage.cpp");
  const char* areas[] = {"User", "Guild", "Offer"};
  for (const char* a : areas) {
    std::string A = a;
    b.method("Storage", "save" + A);
    b.method("Storage", "load" + A);
    b.cls(A + "Service", "/src/" + A + "_service.cpp");
    for (const char* m : {"create", "rename", "remove", "show"}) {
      b.method(A + "Service", std::string(m) + A);
      b.call(A + "Service::" + m + A, "Storage::save" + A, 3);
      b.call(A + "Service::" + m + A, "Storage::load" + A, 3);
      b.call(A + "Service::" + m + A, "Engine::tick", 2);
      b.call("Engine::run", A + "Service::" + m + A, 2);
    }
    b.call("Session::handle", "Storage::save" + A, 8);
    b.call("Session::handle", "Storage::load" + A, 8);
    b.call("Storage::save" + A, "Db::exec", 4);
    b.call("Storage::load" + A, "Db::query", 4);
    b.m.edges.push_back({"c:Storage::load" + A, "c:DbResult", EdgeKind::TypeUse, 2, {}});
    b.call("Storage::load" + A, "DbResult::next", 2);
  }
  b.cls("Session", "/src/session.cpp");
  b.method("Session", "handle");
  b.method("Session", "close");
  b.call("Session::close", "Session::handle", 1);
  b.call("Db::query", "DbResult::next", 1);
  b.m.edges.push_back({"c:Db::query", "c:DbResult", EdgeKind::TypeUse, 1, {}});
  b.cls("Engine", "/src/engine.cpp");
  b.method("Engine", "run");
  b.method("Engine", "tick");
  b.method("Engine", "stop");
  auto access = [&](const std::string& fn, const std::string& table, AccessMode mode, const std::string& via,
                    const std::string& file) {
    TableAccess a;
    a.symbol = "c:" + fn;
    a.table = table;
    a.mode = mode;
    a.via = via;
    a.loc = {file, 10, 1};
    b.m.data.accesses.push_back(a);
  };
  b.table("users");
  b.table("user_items", {{{"user_id"}, "users", {"id"}}});
  b.table("user_friends", {{{"user_id"}, "users", {"id"}}});
  b.table("guilds", {{{"leader_id"}, "users", {"id"}}});
  b.table("guild_members", {{{"guild_id"}, "guilds", {"id"}}, {{"user_id"}, "users", {"id"}}});
  b.table("offers", {{{"seller_id"}, "users", {"id"}}});
  b.table("offer_history", {{{"offer_id"}, "offers", {"id"}}});
  for (const char* t : {"users", "user_items", "user_friends"}) {
    access("Storage::saveUser", t, AccessMode::Write, "Db::exec", "/src/storage.cpp");
    access("Storage::loadUser", t, AccessMode::Read, "Db::query", "/src/storage.cpp");
  }
  for (const char* t : {"guilds", "guild_members"}) {
    access("Storage::saveGuild", t, AccessMode::Write, "Db::exec", "/src/storage.cpp");
    access("Storage::loadGuild", t, AccessMode::Read, "Db::query", "/src/guild_sql.cpp");
  }
  for (const char* t : {"offers", "offer_history"}) {
    access("Storage::saveOffer", t, AccessMode::Write, "Db::exec", "/src/offer_sql.cpp");
    access("Storage::loadOffer", t, AccessMode::Read, "Db::query", "/src/storage.cpp");
  }
  access("Storage::loadOffer", "users", AccessMode::Read, "Db::query", "/src/storage.cpp");
  access("Storage::loadGuild", "users", AccessMode::Read, "Db::query", "/src/storage.cpp");
  b.m.index();
  return b.m;
}

}  // namespace

// The same tables behind a persistence class that only the engine calls,
// heavily: the engine's calls must not pull every table into its service.
Model engine_driven() {
  ShopBuilder b;
  b.cls("Storage", "/src/storage.cpp");
  b.cls("Engine", "/src/engine.cpp");
  b.method("Engine", "run");
  b.method("Engine", "tick");
  b.cls("ChatRoom", "/src/chat.cpp");
  for (const char* m : {"join", "leave", "say", "mute"}) b.method("ChatRoom", m);
  for (const char* m : {"join", "leave", "say"}) b.call(std::string("ChatRoom::") + m, "ChatRoom::mute", 5);
  b.call("Engine::tick", "ChatRoom::say", 1);
  b.table("users");
  b.table("user_items", {{{"user_id"}, "users", {"id"}}});
  b.table("guilds", {{{"leader_id"}, "users", {"id"}}});
  b.table("guild_members", {{{"guild_id"}, "guilds", {"id"}}, {{"user_id"}, "users", {"id"}}});
  b.table("offers", {{{"seller_id"}, "users", {"id"}}});
  b.table("offer_history", {{{"offer_id"}, "offers", {"id"}}});
  const std::vector<std::pair<std::string, std::vector<std::string>>> areas = {{"User", {"users", "user_items"}},
                                                                               {"Guild", {"guilds", "guild_members"}},
                                                                               {"Offer", {"offers", "offer_history"}}};
  for (const auto& [a, tables] : areas) {
    b.method("Storage", "save" + a);
    b.method("Storage", "load" + a);
    b.call("Engine::run", "Storage::save" + a, 20);
    b.call("Engine::tick", "Storage::load" + a, 20);
    for (const auto& t : tables) {
      b.access("Storage::save" + a, t, AccessMode::Write);
      b.access("Storage::load" + a, t, AccessMode::Read);
    }
  }
  b.m.index();
  return b.m;
}

// users, guilds and offers each have their own owner, which also owns the
// aggregate's second table.
void check_one_service_per_aggregate(const Proposal& p) {
  const std::string users = table(p, "users").owner, guilds = table(p, "guilds").owner,
                    offers = table(p, "offers").owner;
  CHECK(users != guilds);
  CHECK(users != offers);
  CHECK(guilds != offers);
  CHECK(table(p, "user_items").owner == users);
  CHECK(table(p, "guild_members").owner == guilds);
  CHECK(table(p, "offer_history").owner == offers);
}

bool warned(const Proposal& p, const std::string& text) {
  return std::any_of(p.warnings.begin(), p.warnings.end(),
                     [&](const Finding& w) { return w.message.find(text) != std::string::npos; });
}

TEST_CASE("decompose: a persistence class only the engine calls still gives one service per aggregate") {
  check_one_service_per_aggregate(decompose::decompose(engine_driven(), no_file()));
}

TEST_CASE("decompose: tables are clustered first when one service would hold most of them") {
  // Kept whole, Storage takes every table into one service: the tables are
  // then grouped on data evidence alone, and the proposal says so.
  config::DecomposeConfig cfg;
  cfg.keep_classes = {"Storage"};
  Proposal p = decompose::decompose(engine_driven(), no_file(cfg));
  CHECK(warned(p,
               "data contexts seeded first (one service would hold 4 of the 6 tables in use): "
               "guild_members, guilds; offer_history, offers; user_items, users"));
  // Seeded groups constrain the clustering; they are no config pin, and
  // every table still goes to the service that writes it.
  const std::string writer = table(p, "users").writers.at(0);
  for (const char* t : {"users", "user_items", "guilds", "guild_members", "offers", "offer_history"}) {
    CAPTURE(t);
    CHECK(table(p, t).owner == writer);
    REQUIRE_FALSE(table(p, t).evidence.empty());
    CHECK_THAT(table(p, t).evidence.front(), Catch::StartsWith("written by"));
  }
  // A target count is the architect's choice of granularity: no second guess.
  auto o = no_file(cfg);
  o.target_services = 2;
  CHECK_FALSE(warned(decompose::decompose(engine_driven(), o), "data contexts seeded"));
}

TEST_CASE("decompose: the database wrapper and the types beside it are shared kernel") {
  Proposal p = decompose::decompose(persistence_hub(), no_file());
  CHECK(find_service(p, "Db") == nullptr);
  CHECK_THAT(p.shared_kernel_reasons["Db"], Catch::Contains("database wrapper") && Catch::Contains("3 files"));
  CHECK_THAT(p.shared_kernel_reasons["DbResult"], Catch::Contains("beside the database wrapper"));
}

TEST_CASE("decompose: a persistence class every area calls does not gather all tables into one service") {
  Proposal p = decompose::decompose(persistence_hub(), no_file());
  check_one_service_per_aggregate(p);
  // Services that own data are named after their aggregate root.
  for (const auto& [tbl, name] : {std::pair{"users", "users"}, {"guilds", "guilds"}, {"offers", "offers"}}) {
    const std::string owner = table(p, tbl).owner;
    CHECK(owner == name);
    auto s = std::find_if(p.services.begin(), p.services.end(), [&](const Service& x) { return x.name == owner; });
    REQUIRE(s != p.services.end());
    REQUIRE_FALSE(s->naming_evidence.empty());
    CHECK_THAT(s->naming_evidence.front(), Catch::StartsWith(std::string("aggregate root ") + tbl));
  }
}

TEST_CASE("decompose: the specialisations of one function template are one unit, too small to be a service") {
  // pugi::cast in The Forgotten Server: a template and its specialisations,
  // each a symbol of its own with the same name, calling the template.
  Model m = shop();
  for (const char* spec : {"", "<int>", "<double>", "<bool>"}) {
    Symbol s;
    s.id = std::string("c:cast") + spec;
    s.name = "shop::conv::cast";
    s.kind = SymbolKind::Function;
    s.loc = {"/src/conv/cast.h", 10, 1};
    s.is_definition = true;
    m.symbols.push_back(s);
    if (*spec) m.edges.push_back({s.id, "c:cast", EdgeKind::Call, 6, {}});
  }
  m.edges.push_back({"c:shop::orders::OrderService::place", "c:cast<int>", EdgeKind::Call, 1, {}});
  m.index();
  Proposal p = decompose::decompose(m, no_file());
  for (const auto& s : p.services) {
    CAPTURE(s.name);
    CHECK_FALSE((s.functions == std::vector<std::string>{"shop::conv::cast"} && s.classes.empty()));
  }
}

TEST_CASE("decompose: the project's root namespace names no service and is no naming evidence") {
  Proposal p = decompose::decompose(shop(), no_file());
  REQUIRE(p.services.size() >= 3);
  for (const auto& s : p.services) {
    CAPTURE(s.name);
    CHECK(s.name != "shop");
    for (const auto& e : s.naming_evidence) CHECK(e.rfind("shop ", 0) != 0);
  }
}

TEST_CASE("decompose: a technical layer's directory or namespace names no service; the data it owns does") {
  // The shipping area moved under threads/ and shop::threads: a word for a
  // layer of code (services, utils, threads, functions), not for a domain.
  Model m = shop();
  auto move = [](std::string& s, const std::string& from, const std::string& to) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  };
  for (auto& s : m.symbols) {
    for (auto* f : {&s.id, &s.name, &s.parent, &s.loc.file}) {
      move(*f, "shop::shipping::", "shop::threads::");
      move(*f, "/src/shipping/", "/src/threads/");
    }
  }
  for (auto& e : m.edges) {
    move(e.from, "shop::shipping::", "shop::threads::");
    move(e.to, "shop::shipping::", "shop::threads::");
  }
  for (auto& a : m.data.accesses) move(a.symbol, "shop::shipping::", "shop::threads::");
  for (auto& t : m.data.transactions) {
    move(t.id, "shop::shipping::", "shop::threads::");
    move(t.function, "shop::shipping::", "shop::threads::");
  }
  m.index();
  Proposal p = decompose::decompose(m, no_file());
  const Service* shipping = find_service(p, "shop::threads::ShipmentService");
  REQUIRE(shipping);
  CHECK(shipping->name == "shipments");
  CHECK(table(p, "shipments").owner == "shipments");
  // The other areas keep their module names.
  CHECK(find_service(p, "shop::billing::InvoiceService")->name == "billing");
}

TEST_CASE("decompose: a service named after a table owns that table") {
  // Names follow ownership (write dominance), not where the clustering put a
  // table: shipping writes orders too, yet only the owner may carry its name.
  for (const Model& m : {shop(), [] {
                           Model x = shop();
                           // Shipping now writes orders more often than the order area does.
                           for (unsigned line = 20; line < 24; ++line) {
                             TableAccess a;
                             a.symbol = "c:shop::shipping::ShipmentRepo::save";
                             a.table = "orders";
                             a.mode = AccessMode::Write;
                             a.loc = {"/x.cpp", line, 1};
                             x.data.accesses.push_back(a);
                           }
                           x.index();
                           return x;
                         }()}) {
    Proposal p = decompose::decompose(m, no_file());
    for (const auto& s : p.services) {
      for (const auto& e : s.naming_evidence) {
        for (const std::string prefix : {"aggregate root ", "its only table in use, "}) {
          if (e.rfind(prefix, 0) != 0) continue;
          const std::string t = e.substr(prefix.size(), e.find(',', prefix.size()) - prefix.size());
          CAPTURE(s.name, e);
          CHECK(table(p, t).owner == s.name);
        }
      }
    }
  }
}

namespace {

// A game's shape: the world (creatures, monsters, NPCs, spawns) keeps no
// table of its own and spends most of its calls on the player, which owns
// the player tables; a pricing engine keeps no table either but works
// inside itself; guilds own theirs.
Model world_and_player() {
  ShopBuilder b;
  auto area = [&](const std::string& ns, const std::string& dir, const std::vector<std::string>& classes,
                  const std::vector<std::string>& methods) {
    for (const auto& c : classes) {
      b.cls(ns + "::" + c, "/src/" + dir + "/" + c + ".cpp");
      for (const auto& m : methods) b.method(ns + "::" + c, m + c);
    }
  };
  area("game::player", "player", {"Player", "PlayerRepo", "Inventory", "Party"}, {"load", "save", "move", "hit"});
  area("game::world", "world", {"Creature", "Monster", "Npc", "Spawn"}, {"think", "walk", "talk"});
  area("game::pricing", "pricing", {"PriceTable", "Discount", "Tax"}, {"rate", "apply", "round"});
  area("game::guild", "guild", {"Guild", "GuildRepo"}, {"load", "save", "invite"});
  const std::string P = "game::player::", W = "game::world::", R = "game::pricing::", G = "game::guild::";
  // The player area works together.
  for (const std::string c : {"Player", "Inventory", "Party"}) {
    b.call(P + c + "::save" + c, P + "PlayerRepo::savePlayerRepo", 3);
    b.call(P + c + "::load" + c, P + "PlayerRepo::loadPlayerRepo", 3);
    b.call(P + c + "::move" + c, P + "Player::hitPlayer", 2);
  }
  b.table("players");
  b.table("player_items", {{{"player_id"}, "players", {"id"}}});
  for (const char* t : {"players", "player_items"}) {
    b.access(P + "PlayerRepo::savePlayerRepo", t, AccessMode::Write);
    b.access(P + "PlayerRepo::loadPlayerRepo", t, AccessMode::Read);
  }
  // The world: a class hierarchy and a little traffic of its own, but most
  // of its calls mutate the player.
  for (const std::string c : {"Monster", "Npc", "Spawn"}) {
    b.m.edges.push_back({"c:" + W + c, "c:" + W + "Creature", EdgeKind::Inherits, 1, {}});
    b.call(W + c + "::think" + c, W + "Creature::walkCreature", 1);
    for (const std::string m : {"think", "walk", "talk"}) {
      b.call(W + c + "::" + m + c, P + "Player::hitPlayer", 2);
      b.call(W + c + "::" + m + c, P + "Inventory::moveInventory", 2);
    }
  }
  b.call(P + "Player::movePlayer", W + "Creature::thinkCreature", 2);
  // Pricing: busy inside, one call in from the player.
  for (const std::string c : {"PriceTable", "Discount", "Tax"}) {
    for (const std::string o : {"PriceTable", "Discount", "Tax"}) {
      if (c != o) b.call(R + c + "::rate" + c, R + o + "::apply" + o, 3);
    }
    b.call(R + c + "::apply" + c, R + c + "::round" + c, 2);
  }
  b.call(P + "Inventory::saveInventory", R + "PriceTable::ratePriceTable", 1);
  // Guilds own their tables.
  b.call(G + "Guild::inviteGuild", G + "GuildRepo::saveGuildRepo", 3);
  b.call(G + "Guild::loadGuild", G + "GuildRepo::loadGuildRepo", 3);
  b.call(G + "Guild::inviteGuild", P + "Player::loadPlayer", 1);
  b.table("guilds");
  b.access(G + "GuildRepo::saveGuildRepo", "guilds", AccessMode::Write);
  b.access(G + "GuildRepo::loadGuildRepo", "guilds", AccessMode::Read);
  b.m.index();
  return b.m;
}

}  // namespace

TEST_CASE("decompose: a stateless part more tied to another service than to itself folds into it") {
  Proposal p = decompose::decompose(world_and_player(), no_file());
  const Service* player = find_service(p, "game::player::PlayerRepo");
  REQUIRE(player);
  // The world owns no table and most of its traffic is with the player:
  // one in-memory model with the player, not a service.
  for (const char* c : {"game::world::Creature", "game::world::Monster", "game::world::Npc", "game::world::Spawn"}) {
    CAPTURE(c);
    CHECK(find_service(p, c) == player);
  }
  REQUIRE(player->folded.size() == 1);
  CHECK_THAT(player->folded[0], Catch::Contains("own no table") && Catch::Contains("% of their dependency weight"));
  CHECK_THAT(decompose::explain(world_and_player(), p, "game::world::Monster"),
             Catch::Contains("holds parts folded into it") && Catch::Contains(player->folded[0]));
  // Pricing owns no table either, but its work stays inside it.
  const Service* pricing = find_service(p, "game::pricing::PriceTable");
  REQUIRE(pricing);
  CHECK(pricing != player);
  CHECK(pricing->folded.empty());
  CHECK(find_service(p, "game::guild::GuildRepo") != player);
  // A target count is the architect's granularity: nothing is folded.
  auto o = no_file();
  o.target_services = 4;
  Proposal q = decompose::decompose(world_and_player(), o);
  for (const auto& s : q.services) CHECK(s.folded.empty());
}

namespace {

// A one-class area that writes its one table.
void add_ledger(ShopBuilder& b, const std::string& table) {
  b.cls("Ledger", "/src/ledger.cpp");
  b.method("Ledger", "post");
  b.method("Ledger", "close");
  b.call("Ledger::post", "Ledger::close", 3);
  b.table(table);
  b.access("Ledger::post", table, AccessMode::Write);
}

}  // namespace

TEST_CASE("decompose: a role word shared as a class-name suffix names no service") {
  // Script bindings: every class is a *Functions class. The suffix says
  // what the classes are (bindings), the modifiers say what they are about.
  ShopBuilder b;
  const std::vector<std::string> bindings = {"ChatFunctions", "MailFunctions", "PartyFunctions", "ChatMailFunctions"};
  for (const auto& c : bindings) {
    b.cls(c, "/src/" + c + ".cpp");
    b.method(c, "push");
    b.method(c, "pop");
  }
  for (std::size_t i = 0; i < bindings.size(); ++i) {
    b.call(bindings[i] + "::push", bindings[(i + 1) % bindings.size()] + "::pop", 3);
  }
  add_ledger(b, "ledger");
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  const Service* s = find_service(p, "ChatFunctions");
  REQUIRE(s);
  CAPTURE(s->name);
  CHECK(s->name.find("function") == std::string::npos);
  CHECK((s->name == "chat" || s->name == "mail"));
}

TEST_CASE("decompose: a service is named after its only table only when its SQL is a real part of it") {
  // A world model of 24 classes that also saves one table of tile items,
  // beside a ledger of one class and one table: the ledger is named after
  // its table, the world is not.
  ShopBuilder b;
  std::vector<std::string> world;
  for (const char* c : {"Creature", "Monster", "Npc",   "Spawn",    "Raid", "Quest", "Spell", "Rune",
                        "Wand",     "Door",    "Bed",   "Teleport", "Trap", "Fire",  "Field", "Zone",
                        "Town",     "Temple",  "Depot", "Mailbox",  "Sign", "Torch", "Lever", "TileSaver"}) {
    world.push_back(c);
    b.cls(c, "/src/game.cpp");
    b.method(c, "tick");
    b.method(c, "react");
  }
  for (const auto& from : world) {
    for (const auto& to : world) {
      if (from != to) b.call(from + "::tick", to + "::react", 1);
    }
    if (from != "TileSaver") b.call(from + "::react", "TileSaver::tick", 3);  // the world saves its tiles
  }
  b.table("tile_store");
  b.access("TileSaver::tick", "tile_store", AccessMode::Write);
  add_ledger(b, "ledger_entries");
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  const Service* w = find_service(p, "Monster");
  const Service* l = find_service(p, "Ledger");
  REQUIRE(w);
  REQUIRE(l);
  REQUIRE(w != l);
  CHECK(table(p, "tile_store").owner == w->name);
  CHECK(w->name != "tile-store");
  CHECK(l->name == "ledger-entries");
}

TEST_CASE("decompose: a split class's methods on its own state that lead to no table stay with its core") {
  // The controller keeps a carrier handle; carrierLabel reads that field
  // and asks the shipping area's Carrier (which holds no table) for its
  // name. It is the class's behaviour on its own state: it stays where the
  // state stays, beside uptime, which reads a field and calls nothing.
  ShopBuilder b;
  b.m = shop();
  b.cls("shop::shipping::Carrier", "/src/shipping/carrier.cpp");
  b.method("shop::shipping::Carrier", "name");
  b.method("shop::shipping::Carrier", "code");
  b.call("shop::shipping::Carrier::name", "shop::shipping::Carrier::code", 1);
  Symbol field;
  field.id = "c:shop::AppController::carrier_";
  field.name = "shop::AppController::carrier_";
  field.kind = SymbolKind::Field;
  field.parent = "c:shop::AppController";
  field.loc = {"/src/app/controller.cpp", 3, 1};
  b.m.symbols.push_back(field);
  b.method("shop::AppController", "carrierLabel");
  b.method("shop::AppController", "uptime");
  for (const char* m : {"carrierLabel", "uptime"}) {
    b.m.edges.push_back({std::string("c:shop::AppController::") + m, field.id, EdgeKind::Reference, 1, {}});
  }
  b.call("shop::AppController::carrierLabel", "shop::shipping::Carrier::name", 3);
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  REQUIRE(p.split_classes.size() == 1);
  const std::string label = decompose::placement(p, "shop::AppController::carrierLabel");
  CAPTURE(label, decompose::placement(p, "shop::shipping::Carrier"));
  CHECK_FALSE(label.empty());
  CHECK(label == decompose::placement(p, "shop::AppController::uptime"));
  // Methods that lead to data still go where their data is.
  CHECK(decompose::placement(p, "shop::AppController::handleInvoice") ==
        decompose::placement(p, "shop::billing::InvoiceRepo"));
  CHECK(decompose::placement(p, "shop::AppController::handleShipment") ==
        decompose::placement(p, "shop::shipping::ShipmentRepo"));
}

TEST_CASE("extraction order: dependents are the service's in-degree in the service graph", "[decompose][graph]") {
  Proposal p = decompose::decompose(shop(), no_file());
  REQUIRE(!p.extraction_order.empty());
  for (const auto& step : p.extraction_order) {
    CAPTURE(step.service);
    std::size_t dependents = 0;
    for (const auto& s : p.services) {
      for (const auto& d : s.depends_on) dependents += d.service == step.service;
    }
    CHECK(step.reasons.at(0) == std::to_string(dependents) + " service(s) depend on it");
  }
  // billing calls the order service, so order has a dependent and billing has none from it.
  const Service* billing = find_service(p, "shop::billing::InvoiceService");
  const Service* order = find_service(p, "shop::orders::OrderService");
  REQUIRE(billing);
  REQUIRE(order);
  for (const auto& step : p.extraction_order) {
    if (step.service == order->name) CHECK(step.reasons.at(0) != "0 service(s) depend on it");
  }
}

TEST_CASE("explain: the services a unit reaches and is reached from through calls", "[decompose][graph]") {
  Model m = shop();
  Proposal p = decompose::decompose(m, no_file());
  const Service* billing = find_service(p, "shop::billing::InvoiceService");
  const Service* order = find_service(p, "shop::orders::OrderService");
  REQUIRE(billing);
  REQUIRE(order);
  // InvoiceService::create calls OrderService::get: billing reaches order,
  // and order is reached from billing, not the other way round.
  std::string why = decompose::explain(m, p, "InvoiceService");
  CHECK_THAT(why, Catch::Contains("through calls it reaches " + order->name));
  CHECK_THAT(why, !Catch::Contains("reached from " + order->name));
  why = decompose::explain(m, p, "OrderRepo");
  CHECK_THAT(why, Catch::Contains("through calls it reaches no other service"));
  CHECK_THAT(why, Catch::Contains("reached from " + billing->name));  // through OrderService::get
  // Unchanged lines come first; the reach line is the last.
  CHECK(why.rfind("  through calls it reaches ", 0) != 0);
  CHECK(why.substr(why.rfind('\n', why.size() - 2) + 1).rfind("  through calls it reaches", 0) == 0);
}

TEST_CASE("decompose: no SQL found is said first, and only when code was read", "[counts]") {
  Model m = shop();
  m.tus.push_back(TuSummary{"/src/billing/invoice_service.cpp", ParseStatus::Clean, 0, {}, {}});
  m.data.sql_sites = 0;
  Proposal p = decompose::decompose(m, no_file());
  REQUIRE_FALSE(p.warnings.empty());
  CHECK(p.warnings.front().rule == rules::kNoSql);
  CHECK(p.warnings.front().message.find("are a guess from names and keys") != std::string::npos);

  m.data.sql_sites = 4;
  p = decompose::decompose(m, no_file());
  CHECK(std::none_of(p.warnings.begin(), p.warnings.end(), [](const Finding& f) { return f.rule == rules::kNoSql; }));
}

TEST_CASE("decompose: a split class's command goes where it writes, whatever it reads") {
  // handleReturn reads the shipment three times over (tracking) and changes
  // one thing: it cancels the order. The order is what it changes, so the
  // handler belongs to the orders service; the reads become queries.
  ShopBuilder b;
  b.m = shop();
  b.method("shop::AppController", "handleReturn");
  b.call("shop::AppController::handleReturn", "shop::shipping::ShipmentService::track", 3);
  b.call("shop::AppController::handleReturn", "shop::shipping::ShipmentRepo::get", 3);
  b.call("shop::AppController::handleReturn", "shop::orders::OrderService::cancel", 1);
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  REQUIRE(p.split_classes.size() == 1);
  CAPTURE(decompose::placement(p, "shop::shipping::ShipmentRepo"));
  CHECK(decompose::placement(p, "shop::AppController::handleReturn") ==
        decompose::placement(p, "shop::orders::OrderRepo"));
}

TEST_CASE("decompose: data nobody uses goes by foreign keys, never by a name alone", "[decompose][databases]") {
  ShopBuilder b;
  b.m = shop();
  b.table("invoice_archive");                                    // like billing's invoices by name only
  b.table("invoice_notes", {{{"ref_id"}, "invoices", {"id"}}});  // keyed to a table billing writes
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  const Service* billing = find_service(p, "shop::billing::InvoiceService");
  REQUIRE(billing);
  CHECK(table(p, "invoice_notes").owner == billing->name);
  CHECK_THAT(table(p, "invoice_notes").evidence.front(), Catch::Contains("which owns invoices"));
  CHECK(table(p, "invoice_archive").owner.empty());
  CHECK_THAT(table(p, "invoice_archive").evidence.front(), Catch::Contains("left unowned"));
}

TEST_CASE("decompose: several databases are a boundary the proposal shows", "[decompose][databases]") {
  ShopBuilder b;
  b.m = shop();
  // The orders database keys a table to billing's; billing's own database
  // holds a table named like orders' that no code uses.
  b.table("order_ledger", {{{"ref_id"}, "invoices", {"id"}}});
  for (Table& t : b.m.data.tables) {
    t.database = t.name.rfind("invoice", 0) == 0 || t.name == "payments" || t.name == "order_ledger" ? "billing_db"
                 : t.name == "shipments"                                                             ? "logistics"
                                                                                                     : "sales";
  }
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  const Service* billing = find_service(p, "shop::billing::InvoiceService");
  const Service* orders = find_service(p, "shop::orders::OrderService");
  const Service* shipping = find_service(p, "shop::shipping::ShipmentService");
  REQUIRE((billing && orders && shipping));
  CHECK(billing->databases == std::vector<std::string>{"billing_db"});
  CHECK(orders->databases == std::vector<std::string>{"sales"});
  CHECK(shipping->databases == std::vector<std::string>{"logistics"});
  CHECK(table(p, "order_ledger").owner == billing->name);  // its key, not its name
  CHECK(table(p, "shipments").database == "logistics");
  // proposal.json carries both, and reads them back.
  const Proposal back = report::parse_proposal_json(report::proposal_json_text(p), "proposal.json");
  CHECK(back.services.front().databases == p.services.front().databases);
  CHECK(back.tables.front().database == p.tables.front().database);
}

// Servatrice: every table is cockatrice_<name>; services were called
// "cockatrice-games" and "cockatrice-users".
TEST_CASE("decompose: the prefix every table shares names no service and no resource", "[decompose][names]") {
  ShopBuilder b;
  for (const auto& [area, word] :
       std::vector<std::pair<std::string, std::string>>{{"Game", "game"}, {"Deck", "deck"}}) {
    const std::string cls = area + "Keeper", t = "app_" + word + "s";
    b.cls(cls, "/src/server.cpp");
    for (const std::string m : {"create", "remove", "load"}) b.method(cls, m);
    b.call(cls + "::create", cls + "::load", 3);
    b.call(cls + "::remove", cls + "::load", 3);
    b.table(t);
    b.table("app_" + word + "_cards", {{{"ref_id"}, t, {"id"}}});
    b.access(cls + "::create", t, AccessMode::Write);
    b.access(cls + "::create", "app_" + word + "_cards", AccessMode::Write, 11);
    b.access(cls + "::remove", t, AccessMode::Write, 12);
    b.access(cls + "::load", t, AccessMode::Read, 13);
  }
  b.access("DeckKeeper::load", "app_games", AccessMode::Read, 14);
  b.m.data.table_prefix = "app_";
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  std::set<std::string> names;
  for (const auto& s : p.services) names.insert(s.name);
  CHECK(names == std::set<std::string>{"decks", "games"});
  REQUIRE(table(p, "app_games").accesses.size() == 1);
  CHECK_THAT(table(p, "app_games").accesses[0].detail, Catch::Contains("GET /games/{id}"));
}
