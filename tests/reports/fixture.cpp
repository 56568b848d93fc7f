#include "tests/reports/fixture.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>

namespace cleave::report::testing {
namespace {

class Builder {
 public:
  explicit Builder(Fixture& f) : f_(f) {}

  std::string cls(const std::string& name, const std::string& file, unsigned line) {
    std::string id = "c:@S@" + name;
    f_.model.symbols.push_back(Symbol{id, name, SymbolKind::Class, "class", {file, line, 1}, true});
    return id;
  }
  std::string method(const std::string& cls_id, const std::string& name, const std::string& file, unsigned line) {
    std::string id = cls_id + "@F@" + name;
    Symbol s{id, name, SymbolKind::Method, "", {file, line, 1}, true};
    s.parent = cls_id;
    f_.model.symbols.push_back(s);
    return id;
  }
  std::string function(const std::string& name, const std::string& file, unsigned line) {
    std::string id = "c:@F@" + name;
    f_.model.symbols.push_back(Symbol{id, name, SymbolKind::Function, "", {file, line, 1}, true});
    return id;
  }
  void edge(const std::string& from, const std::string& to, EdgeKind kind, unsigned weight) {
    f_.model.class_edges.push_back(ModelEdge{from, to, kind, weight, {}});
    f_.model.edges.push_back(ModelEdge{from, to, kind, weight, {}});
  }
  // The verb is the statement's first word, as the SQL stage records it for
  // these one-table statements.
  void access(const std::string& symbol, const std::string& table, AccessMode mode, const std::string& file,
              unsigned line, const std::string& sql) {
    std::string verb = sql.substr(0, sql.find(' '));
    for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    f_.model.data.accesses.push_back(TableAccess{symbol, table, mode, {file, line, 5}, sql, "sqlite3_exec", verb});
  }

 private:
  Fixture& f_;
};

Table table(const std::string& name, std::vector<Column> cols, std::vector<std::string> pk,
            std::vector<ForeignKey> fks = {}) {
  Table t;
  t.name = name;
  t.columns = std::move(cols);
  t.primary_key = std::move(pk);
  t.foreign_keys = std::move(fks);
  t.defined_at = {std::string(kRoot) + "/db/schema.sql", 1, 1};
  t.in_schema = true;
  return t;
}

// What the pipeline would report about the shop: its parse failures,
// unresolved SQL, unmatched configuration and distributed transaction.
void add_findings(Fixture& f, const std::string& inj) {
  const std::string root = kRoot;
  const std::string controller_cpp = root + "/web/shop_controller.cpp";
  const std::string legacy = f.model.tus.back().file;
  f.findings = {
      make_finding(rules::kSqlUnresolved,
                   "the table name of \"SELECT * FROM \" + table" + inj + " is built at run time",
                   "shop::ShopController::handleCatalog", {controller_cpp, 230, 7}),
      make_finding(rules::kTuErrors, "parsed with 1 error: 'QtNetwork/QTcpSocket' file not found", controller_cpp,
                   {controller_cpp, 3, 10}),
      make_finding(rules::kTuFailed, "could not be parsed: unknown argument: '-fno-canonical-system-headers'" + inj,
                   legacy, {legacy, 1, 1}),
      make_finding(rules::kConfigUnmatched, "service 'shipping' matched no class", "shipping"),
      make_finding(rules::kDistributedTx, "shop::OrderService::place writes invoices (billing) and orders (orders)",
                   "shop::OrderService::place", {root + "/orders/order_service.cpp", 21, 3}),
  };
  assign_fingerprints(f.findings);
}

}  // namespace

Fixture make_shop(bool inject) {
  Fixture f;
  Builder b(f);
  const std::string root = kRoot;
  const std::string inj = inject ? kInjection : "";
  const std::string orders_cpp = root + "/orders/order_service.cpp";
  const std::string repo_hpp = root + "/orders/" + (inject ? std::string("evil") + inj : "order_repository") + ".hpp";
  const std::string billing_cpp = root + "/billing/invoice_service.cpp";
  const std::string catalog_cpp = root + "/catalog/catalog.cpp";
  const std::string customers_cpp = root + "/customers/directory.cpp";
  const std::string controller_cpp = root + "/web/shop_controller.cpp";
  const std::string kernel_hpp = root + "/common/money.hpp";

  std::string order_service = b.cls("shop::OrderService", orders_cpp, 10);
  std::string place = b.method(order_service, "shop::OrderService::place", orders_cpp, 20);
  std::string repo_name = "shop::OrderRepository" + inj;
  std::string repo = b.cls(repo_name, repo_hpp, 8);
  std::string save = b.method(repo, repo_name + "::save", repo_hpp, 14);
  std::string invoice_service = b.cls("shop::InvoiceService", billing_cpp, 12);
  std::string issue = b.method(invoice_service, "shop::InvoiceService::issue", billing_cpp, 30);
  std::string gateway = b.cls("shop::PaymentGateway", billing_cpp, 80);
  std::string charge = b.method(gateway, "shop::PaymentGateway::charge", billing_cpp, 90);
  std::string nightly = b.function("shop::nightly_report", billing_cpp, 140);
  std::string catalog = b.cls("shop::Catalog", catalog_cpp, 5);
  std::string price = b.method(catalog, "shop::Catalog::price", catalog_cpp, 22);
  std::string directory = b.cls("shop::CustomerDirectory", customers_cpp, 7);
  std::string find = b.method(directory, "shop::CustomerDirectory::find", customers_cpp, 19);
  std::string controller = b.cls("shop::ShopController", controller_cpp, 15);
  std::string handle_order = b.method(controller, "shop::ShopController::handleOrder", controller_cpp, 40);
  std::string handle_invoice = b.method(controller, "shop::ShopController::handleInvoice", controller_cpp, 120);
  std::string handle_catalog = b.method(controller, "shop::ShopController::handleCatalog", controller_cpp, 200);
  std::string money = b.cls("shop::Money", kernel_hpp, 3);
  b.function("shop::log_line", kernel_hpp, 40);

  b.edge(order_service, repo, EdgeKind::Call, 4);
  b.edge(order_service, invoice_service, EdgeKind::Call, 12);
  b.edge(order_service, catalog, EdgeKind::Call, 5);
  b.edge(invoice_service, directory, EdgeKind::Call, 3);
  b.edge(order_service, directory, EdgeKind::Call, 2);
  b.edge(repo, money, EdgeKind::FieldType, 1);
  b.edge(gateway, invoice_service, EdgeKind::TypeUse, 2);
  b.edge(controller, order_service, EdgeKind::Call, 6);

  auto& data = f.model.data;
  data.tables.push_back(table("customers", {{"id", "integer"}, {"email", "text"}, {"name", "text"}}, {"id"}));
  data.tables.push_back(table("orders", {{"id", "integer"}, {"customer_id", "integer"}, {"total", "numeric"}}, {"id"},
                              {{{"customer_id"}, "customers", {"id"}}}));
  data.tables.push_back(table("order_items", {{"order_id", "integer"}, {"product_id", "integer"}, {"qty", "integer"}},
                              {"order_id", "product_id"},
                              {{{"order_id"}, "orders", {"id"}}, {{"product_id"}, "products", {"id"}}}));
  data.tables.push_back(
      table("invoices", {{"id", "integer"}, {"order_id", "integer"}}, {"id"}, {{{"order_id"}, "orders", {"id"}}}));
  data.tables.push_back(table("payments", {{"id", "integer"}, {"invoice_id", "integer"}, {"amount", "numeric"}}, {"id"},
                              {{{"invoice_id"}, "invoices", {"id"}}}));
  data.tables.push_back(table("products", {{"id", "integer"}, {"title", "varchar(80)"}, {"price", "numeric"}}, {"id"}));

  b.access(save, "orders", AccessMode::Write, repo_hpp, 15,
           "INSERT INTO orders (customer_id, total) VALUES (?, ?)" + inj);
  b.access(save, "order_items", AccessMode::Write, repo_hpp, 16, "INSERT INTO order_items VALUES (?, ?, ?)");
  b.access(place, "audit_log", AccessMode::Write, orders_cpp, 25, "INSERT INTO audit_log(msg) VALUES ('order')");
  b.access(issue, "invoices", AccessMode::Write, billing_cpp, 33, "INSERT INTO invoices(order_id) VALUES (?)");
  b.access(issue, "orders", AccessMode::Read, billing_cpp, 31, "SELECT total FROM orders WHERE id = ?");
  b.access(issue, "audit_log", AccessMode::Write, billing_cpp, 35, "INSERT INTO audit_log(msg) VALUES ('invoice')");
  b.access(charge, "payments", AccessMode::Write, billing_cpp, 95, "UPDATE payments SET amount = ? WHERE id = ?");
  b.access(nightly, "payments", AccessMode::Write, billing_cpp, 150, "DELETE FROM payments WHERE amount = 0");
  b.access(price, "products", AccessMode::Read, catalog_cpp, 24, "SELECT price FROM products WHERE id = ?");
  b.access(find, "customers", AccessMode::Read, customers_cpp, 21, "SELECT * FROM customers WHERE id = ?");
  b.access(handle_catalog, "products", AccessMode::Write, controller_cpp, 210, "UPDATE products SET price = ?");
  // A table only the hostile fixture has: its name reaches the heat map.
  if (inject) b.access(nightly, "ledger" + inj, AccessMode::Read, billing_cpp, 151, "SELECT * FROM ledger");
  data.transactions.push_back(Transaction{place + "#0", place, {orders_cpp, 21, 3}, "sql", {}, {"invoices", "orders"}});
  data.unresolved.push_back(
      UnresolvedSql{handle_catalog,
                    {controller_cpp, 230, 7},
                    "table name built at run time",
                    "\"SELECT * FROM \" + table" + inj,
                    "accesses: [{function: shop::ShopController::handleCatalog, reads: [TABLE]}]" + inj});
  data.sql_sites = 12;  // = resolved + unresolved + naming no table
  data.resolved_sites = 10;
  data.unresolved_sites = 1;
  data.no_table_sites = 1;
  data.no_table_kinds = {{"transaction", 1}};
  data.schema_files = {root + "/db/schema.sql"};

  f.model.unresolved_calls.push_back(
      UnresolvedCall{handle_order, {controller_cpp, 60, 9}, "std::function", "callback_(req)"});

  auto tu = [&](const std::string& file, ParseStatus status, std::vector<ParseDiagnostic> diags) {
    TuSummary t;
    t.file = file;
    t.status = status;
    t.error_count = static_cast<unsigned>(diags.size());
    t.diagnostics = std::move(diags);
    f.model.tus.push_back(std::move(t));
  };
  tu(orders_cpp, ParseStatus::Clean, {});
  tu(billing_cpp, ParseStatus::Clean, {});
  tu(catalog_cpp, ParseStatus::Clean, {});
  tu(customers_cpp, ParseStatus::Clean, {});
  tu(controller_cpp, ParseStatus::WithErrors,
     {{"error", {controller_cpp, 3, 10}, "'QtNetwork/QTcpSocket' file not found"}});
  std::string legacy = root + "/legacy/" + (inject ? "x" + inj : std::string("report_gen")) + ".cpp";
  tu(legacy, ParseStatus::Failed,
     {{"fatal", {legacy, 1, 1}, "unknown argument: '-fno-canonical-system-headers'" + inj}});

  Proposal& p = f.proposal;
  Service orders;
  orders.name = "orders";
  orders.classes = {"shop::OrderService", repo_name};
  std::sort(orders.classes.begin(), orders.classes.end());
  orders.files = {orders_cpp, repo_hpp};
  orders.tables = {"audit_log", "order_items", "orders"};
  orders.depends_on = {{"billing", 12, "sync"}, {"catalog", 5, "sync"}, {"customers", 2, "mixed"}};
  orders.api = {{place, "shop::OrderService::place", "command", "POST /orders", {}, 0}};
  orders.metrics = {{"classes", 2}, {"cohesion", 0.8}};
  orders.naming_evidence = {"tables orders, order_items", "namespace path orders/"};
  orders.folded = {"shop::Cart" + inj +
                   " with 2 classes and 0 functions: they own no table and 70% of their dependency "
                   "weight crosses their boundary, 90% of it to this service"};
  orders.ddl = "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, total numeric);";

  Service billing;
  billing.name = "billing";
  billing.classes = {"shop::InvoiceService", "shop::PaymentGateway"};
  billing.functions = {"shop::nightly_report"};
  billing.files = {billing_cpp};
  billing.tables = {"invoices", "payments"};
  // billing reads orders' table: a dependency without calls (weight 0), which no report lists.
  billing.depends_on = {{"customers", 3, "async"}, {"orders", 0, "async"}};
  billing.api = {{issue, "shop::InvoiceService::issue", "query", "POST /invoices", {"orders"}, 12}};
  billing.metrics = {{"classes", 2}, {"cohesion", 0.6}};

  Service catalog_svc;
  catalog_svc.name = "catalog";
  catalog_svc.classes = {"shop::Catalog"};
  catalog_svc.files = {catalog_cpp};
  catalog_svc.tables = {"products"};
  catalog_svc.api = {{price, "shop::Catalog::price", "query", "GET /products/{id}/price", {"orders"}, 5}};

  Service customers;
  customers.name = "customers";
  customers.classes = {"shop::CustomerDirectory"};
  customers.files = {customers_cpp};
  customers.tables = {"customers"};
  customers.api = {
      {find, "shop::CustomerDirectory::find", "event", "customers.customer-changed", {"billing", "orders"}, 5}};

  p.services = {billing, catalog_svc, customers, orders};
  p.shared_kernel_classes = {"shop::Money"};
  p.shared_kernel_functions = {"shop::log_line"};
  p.shared_kernel_reasons = {{"shop::Money", "used by 3 services, touches no table"}};
  p.warnings = {make_finding(rules::kConfigUnmatched, "config: service 'shipping' matched no class", "shipping")};
  // By unit name; PaymentGateway is billing's least certain placement.
  p.placements = {
      {"shop::InvoiceService", "billing", "pull", "its strongest pull", "orders", 12, 3, 1, 0.8},
      {"shop::Money", "", "kernel", "used by 3 services, touches no table", "billing", 0, 4, 1, 1},
      {"shop::OrderService", "orders", "pull", "its strongest pull", "billing", 9, 2, 1, 0.82},
      {"shop::PaymentGateway", "billing", "community", "its community <b>" + inj, "orders" + inj, 2, 5, 0.75, 0.21},
      {"shop::nightly_report", "billing", "pull", "its strongest pull", "", 1, 0, 0.5, 0.5}};
  p.split_classes = {{"shop::ShopController",
                      {{"shop::ShopController::handleCatalog", "catalog"},
                       {"shop::ShopController::handleInvoice", "billing"},
                       {"shop::ShopController::handleOrder", "orders"}},
                      "3 of 3 methods belong to different services; 41 methods, 3.7k lines" + inj}};
  p.tables = {
      {"audit_log",
       "orders",
       {},
       {"billing", "orders"},
       "billing publishes audit events; orders stores them",
       {"orders writes first"}},
      {"customers", "customers", {"customers"}, {}, "", {}},
      {"invoices", "billing", {}, {"billing"}, "", {}},
      {"order_items", "orders", {}, {"orders"}, "", {}},
      {"orders",
       "orders",
       {"billing"},
       {"orders"},
       "billing reads orders through GET /orders/{id}",
       {},
       {{"billing", "read", "api-query", "GET /orders/{id} on orders", 1}},
       0.5},
      {"payments", "billing", {}, {"billing"}, "", {}},
      {"products", "catalog", {"catalog"}, {"catalog"}, "", {}},
  };
  p.foreign_keys_to_cut = {{"invoices", "orders", "billing", "orders", {"order_id"}},
                           {"order_items", "products", "orders", "catalog", {"product_id"}},
                           {"orders", "customers", "orders", "customers", {"customer_id"}}};
  DistributedTransaction dt;
  dt.id = place + "#0";
  dt.function = "shop::OrderService::place";
  dt.loc = {orders_cpp, 21, 3};
  dt.services = {"billing", "orders"};
  dt.tables = {"invoices", "orders"};
  dt.saga = {{"orders", "write orders", "cancel the order" + inj, false}, {"billing", "write invoices", "", true}};
  p.distributed_transactions = {dt};
  p.extraction_order = {{1, "catalog", 0.1, {"no callers inside the monolith write its tables", "1 table"}},
                        {2, "customers", 0.2, {"read by 2 services through one API"}},
                        {3, "billing", 0.5, {"shares audit_log with orders", "1 distributed transaction"}},
                        {4, "orders", 0.9, {"the core: depends on every other service" + inj}}};
  p.metrics = {{"icp", 0.21}, {"sm", 0.43}, {"ned", 1.0}, {"distributed_transactions", 1}};
  p.candidates = {{3, {{"sm", 0.39}}, false}, {4, {{"sm", 0.43}}, true}};
  p.assignment = {{order_service, "orders"},    {repo, "orders"},
                  {invoice_service, "billing"}, {gateway, "billing"},
                  {nightly, "billing"},         {catalog, "catalog"},
                  {directory, "customers"},     {money, ""},
                  {handle_order, "orders"},     {handle_invoice, "billing"},
                  {handle_catalog, "catalog"}};

  add_findings(f, inj);
  std::sort(f.model.symbols.begin(), f.model.symbols.end(),
            [](const Symbol& a, const Symbol& b) { return std::tie(a.name, a.id) < std::tie(b.name, b.id); });
  f.model.index();
  return f;
}

void add_fitness(Fixture& f, const std::string& what_suffix) {
  const std::string root = kRoot;
  const std::string billing_cpp = root + "/billing/invoice_service.cpp";
  const std::string controller_cpp = root + "/web/shop_controller.cpp";
  const std::string kernel_hpp = root + "/common/money.hpp";
  const std::string stateless =
      "Lambda functions are stateless: each instance has its own memory, and instances "
      "come and go between requests";
  FitnessFinding cache{std::string(rules::kFitState),
                       "state",
                       "static std::map<int, double> rate_cache",
                       "shop::PaymentGateway::charge",
                       "",
                       {billing_cpp, 88, 5},
                       stateless,
                       "ElastiCache or DynamoDB, or per-invocation state",
                       "",
                       2,
                       false};
  FitnessFinding csv{std::string(rules::kFitLocalFile),
                     "local-file",
                     "std::ofstream(\"/var/reports/nightly.csv\")" + what_suffix,
                     "shop::nightly_report",
                     "",
                     {billing_cpp, 152, 3},
                     "A function's disk is ephemeral and only /tmp is writable",
                     "S3",
                     "",
                     1,
                     false};
  FitnessFinding database{std::string(rules::kFitDatabase),
                          "downstream",
                          "sqlite3_exec on the monolith's database",
                          "shop::InvoiceService::issue",
                          "",
                          {billing_cpp, 33, 5},
                          "Lambda scales per request: every instance opens its own connections",
                          "RDS Proxy and a reserved concurrency",
                          "the monolith's database",
                          2,
                          false};
  FitnessFinding server{std::string(rules::kFitServer),
                        "server",
                        "QTcpServer::listen",
                        "shop::ShopController::handleOrder",
                        "",
                        {controller_cpp, 45, 9},
                        "A function answers one request at a time and cannot listen on a socket",
                        "API Gateway in front, or keep the service as a container",
                        "",
                        3,
                        true};
  FitnessFinding buffer{std::string(rules::kFitState),
                        "state",
                        "static std::vector<std::string> g_lines",
                        "",
                        "",
                        {kernel_hpp, 38, 1},
                        stateless,
                        "CloudWatch Logs through stdout",
                        "",
                        1,
                        false};
  FitnessFinding reached = buffer;
  reached.via = "shop::OrderService::place";
  Proposal& p = f.proposal;
  p.fitness = {{"billing", "ready-after-changes", {}, {csv, cache, database}, {"the monolith's database"}},
               {"catalog", "ready", {}, {}, {}},
               {"customers", "ready", {}, {}, {}},
               {"orders",
                "keep-long-running",
                {"a server loop: shop::ShopController::handleOrder listens on a socket (web/shop_controller.cpp:45)"},
                {reached, server},
                {}}};
  p.kernel_fitness = {buffer};
}

Fixture make_big(unsigned classes, unsigned tables, unsigned services) {
  Fixture f;
  Builder b(f);
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state](unsigned bound) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<unsigned>(state % bound);
  };
  std::vector<std::string> svc_names;
  for (unsigned s = 0; s < services; ++s) svc_names.push_back("service" + std::to_string(100 + s).substr(1));
  std::vector<Service> svcs(services);
  for (unsigned s = 0; s < services; ++s) svcs[s].name = svc_names[s];
  std::vector<std::string> class_ids;
  std::vector<std::vector<std::string>> methods;
  for (unsigned c = 0; c < classes; ++c) {
    unsigned s = c % services;
    std::string name = "big::" + svc_names[s] + "::Class" + std::to_string(c);
    std::string file = std::string(kRoot) + "/" + svc_names[s] + "/class" + std::to_string(c) + ".cpp";
    class_ids.push_back(b.cls(name, file, 1 + c % 50));
    svcs[s].classes.push_back(name);
    svcs[s].files.push_back(file);
    f.proposal.assignment[class_ids.back()] = svc_names[s];
    methods.emplace_back();
    for (unsigned m = 0; m < 8; ++m) {
      methods.back().push_back(b.method(class_ids.back(), name + "::method" + std::to_string(m), file, 10 + m * 12));
    }
  }
  std::map<std::pair<std::string, std::string>, unsigned> class_calls;
  for (unsigned c = 0; c < classes; ++c) {
    for (unsigned k = 0; k < 4; ++k) {
      unsigned target = next(5) == 0 ? next(classes) : (c + services * (1 + next(6))) % classes;
      if (target != c) class_calls[{class_ids[c], class_ids[target]}] += 1 + next(9);
    }
  }
  std::map<std::pair<unsigned, unsigned>, unsigned> svc_calls;
  for (const auto& [key, w] : class_calls) {
    b.edge(key.first, key.second, EdgeKind::Call, w);
    unsigned from = static_cast<unsigned>(std::find(class_ids.begin(), class_ids.end(), key.first) - class_ids.begin());
    unsigned to = static_cast<unsigned>(std::find(class_ids.begin(), class_ids.end(), key.second) - class_ids.begin());
    if (from % services != to % services) svc_calls[{from % services, to % services}] += w;
  }
  for (const auto& [key, w] : svc_calls) {
    svcs[key.first].depends_on.push_back({svc_names[key.second], w, key.second % 3 == 0 ? "async" : "sync"});
  }
  for (unsigned t = 0; t < tables; ++t) {
    std::string name = "table_" + std::to_string(t);
    unsigned owner = t % services;
    Table tab;
    tab.name = name;
    tab.columns = {{"id", "bigint"}, {"payload", "text"}};
    tab.primary_key = {"id"};
    if (t >= services) tab.foreign_keys.push_back({{"parent_id"}, "table_" + std::to_string(t - services), {"id"}});
    f.model.data.tables.push_back(tab);
    svcs[owner].tables.push_back(name);
    TableOwnership o{name, svc_names[owner], {}, {svc_names[owner]}, "", {}};
    for (unsigned k = 0; k < 6; ++k) {
      unsigned c = owner + services * next(classes / services);
      bool write = k < 2;
      b.access(methods[c][k], name, write ? AccessMode::Write : AccessMode::Read, "/src/shop/x.cpp", 10 + k,
               write ? "UPDATE " + name + " SET payload = ?" : "SELECT payload FROM " + name);
      unsigned reader = next(classes);
      b.access(methods[reader][7], name, AccessMode::Read, "/src/shop/y.cpp", 20 + k, "SELECT id FROM " + name);
      if (reader % services != owner) o.readers.push_back(svc_names[reader % services]);
    }
    std::sort(o.readers.begin(), o.readers.end());
    o.readers.erase(std::unique(o.readers.begin(), o.readers.end()), o.readers.end());
    f.proposal.tables.push_back(o);
  }
  for (unsigned s = 0; s < services; ++s) {
    std::sort(svcs[s].classes.begin(), svcs[s].classes.end());
    std::sort(svcs[s].tables.begin(), svcs[s].tables.end());
    f.proposal.extraction_order.push_back({s + 1, svc_names[s], 0.1 * s, {"synthetic"}});
  }
  for (unsigned i = 0; i < classes / 4; ++i) {
    f.model.tus.push_back({std::string(kRoot) + "/tu" + std::to_string(i) + ".cpp", ParseStatus::Clean, 0, {}, {}});
  }
  f.model.data.sql_sites = tables * 12;
  f.model.data.resolved_sites = tables * 12;
  f.proposal.services = svcs;
  std::sort(f.model.symbols.begin(), f.model.symbols.end(),
            [](const Symbol& a, const Symbol& b) { return std::tie(a.name, a.id) < std::tie(b.name, b.id); });
  f.model.index();
  return f;
}

void add_big_plans(Fixture& f) {
  Proposal& p = f.proposal;
  const auto& services = p.services;
  if (services.size() < 6 || services[0].classes.empty()) return;
  DistributedTransaction dt;
  dt.id = "big-saga";
  dt.function = services[0].classes[0] + "::method0";
  dt.loc = {std::string(kRoot) + "/saga.cpp", 1, 1};
  for (std::size_t i = 0; i < 5; ++i) {
    const std::string& s = services[i].name;
    const std::string table = services[i].tables.empty() ? "table_" + std::to_string(i) : services[i].tables[0];
    dt.services.push_back(s);
    dt.tables.push_back(table);
    dt.saga.push_back({s, "write " + table, i < 4 ? "undo the write to " + table : "", i == 4});
  }
  p.distributed_transactions = {dt};
  SplitClass god{services[0].classes[0], {}, "synthetic: its methods reach six services"};
  for (std::size_t i = 0; i < 6; ++i) {
    const unsigned n = i == 0 ? 9 : 1;
    for (unsigned m = 0; m < n; ++m) {
      god.methods.push_back({god.name + "::part" + std::to_string(i) + "_" + std::to_string(m), services[i].name});
    }
  }
  p.split_classes = {god};
}

}  // namespace cleave::report::testing
