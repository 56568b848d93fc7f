// The SAM application of the shop fixture: templates that validate and
// resolve, least privilege, the strangler root, sagas, hostile names, golden
// files for one small service.
#include "reports/registry/registry.hpp"
#include "reports/sam/sam.hpp"
#include "tests/reports/fixture.hpp"
#include "tests/sam/fitness_fixture.hpp"
#include "tests/sam/template_checks.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace cleave::sam {
namespace {

namespace fs = std::filesystem;
using report::testing::Fixture;
using report::testing::kRoot;
using report::testing::make_shop;

std::map<std::string, std::string> generate(const Fixture& f, config::SamConfig settings = {}) {
  const report::ReportInput in{f.model, f.proposal, "shop", kRoot, nullptr, settings};
  const report::ReportContext ctx(in);
  std::map<std::string, std::string> files;
  for (auto& file : generate_sam(ctx)) {
    INFO(file.path);
    CHECK(files.emplace(file.path, file.content).second);  // no path twice
  }
  return files;
}

AppPlan plan_of(const Fixture& f) {
  const report::ReportInput in{f.model, f.proposal, "shop", kRoot};
  return plan_application(report::ReportContext(in), {});
}

nlohmann::json doc(const std::map<std::string, std::string>& files, const std::string& path) {
  INFO(path);
  REQUIRE(files.count(path));
  return test::yaml_to_json(files.at(path));
}

void check_every_template(const std::map<std::string, std::string>& files) {
  unsigned templates = 0;
  for (const auto& [path, content] : files) {
    if (path.size() < 5 || path.compare(path.size() - 5, 5, ".yaml") != 0) continue;
    ++templates;
    INFO(path);
    const std::vector<std::string> problems = test::check_template(content);
    for (const auto& p : problems) UNSCOPED_INFO(p);
    CHECK(problems.empty());
  }
  CHECK(templates > 1);
}

void check_golden(const std::string& name, const std::string& actual) {
  const fs::path path = fs::path(CLEAVE_SOURCE_DIR) / "tests" / "sam" / "golden" / name;
  if (const char* update = std::getenv("CLEAVE_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    WARN("golden file rewritten: " << path.string());
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream expected;
  expected << in.rdbuf();
  INFO("golden file " << path.string() << " (CLEAVE_UPDATE_GOLDEN=1 rewrites it after review)");
  CHECK(actual == expected.str());
}

// Renames a service everywhere the proposal names it.
void rename_service(Proposal& p, const std::string& from, const std::string& to) {
  auto fix = [&](std::string& s) {
    if (s == from) s = to;
  };
  for (auto& s : p.services) {
    fix(s.name);
    for (auto& d : s.depends_on) fix(d.service);
    for (auto& a : s.api) {
      for (auto& c : a.callers) fix(c);
    }
  }
  for (auto& t : p.tables) {
    fix(t.owner);
    for (auto& r : t.readers) fix(r);
    for (auto& w : t.writers) fix(w);
    for (auto& a : t.accesses) fix(a.service);
  }
  for (auto& fk : p.foreign_keys_to_cut) {
    fix(fk.table_owner);
    fix(fk.ref_owner);
  }
  for (auto& dt : p.distributed_transactions) {
    for (auto& s : dt.services) fix(s);
    for (auto& step : dt.saga) fix(step.service);
  }
  for (auto& e : p.extraction_order) fix(e.service);
  for (auto& [usr, s] : p.assignment) fix(s);
}

TEST_CASE("every template of the shop validates, resolves and stays within CloudFormation's limits", "[sam]") {
  const Fixture f = make_shop();
  check_every_template(generate(f));
  config::SamConfig single;
  single.table_mode = "single-table";
  single.architecture = "x86_64";
  check_every_template(generate(f, single));
}

TEST_CASE("service templates: runtime, sizes, tracing, routes and one table per owned table", "[sam]") {
  const Fixture f = make_shop();
  config::SamConfig settings;
  settings.memory = 1024;
  settings.timeout = 20;
  const auto files = generate(f, settings);
  const nlohmann::json orders = doc(files, "sam/services/orders/template.yaml");
  const auto& g = orders["Globals"]["Function"];
  CHECK(g["Runtime"] == "provided.al2023");
  CHECK(g["Architectures"] == nlohmann::json::array({"arm64"}));
  CHECK(g["MemorySize"] == 1024);
  CHECK(g["Timeout"] == 20);
  CHECK(g["Tracing"] == "Active");
  CHECK(orders["Transform"] == "AWS::Serverless-2016-10-31");

  const auto& api = orders["Resources"]["ApiFunction"];
  CHECK(api["Metadata"]["BuildMethod"] == "makefile");
  CHECK(api["Properties"]["Handler"] == "bootstrap");
  const auto& events = api["Properties"]["Events"];
  REQUIRE(events.size() == 1);
  const auto& route = events.begin().value();
  CHECK(route["Type"] == "HttpApi");
  CHECK(route["Properties"]["Method"] == "POST");
  CHECK(route["Properties"]["Path"] == "/orders");

  std::set<std::string> tables;
  for (const auto& [id, r] : orders["Resources"].items()) {
    if (r["Type"] != "AWS::DynamoDB::Table") continue;
    tables.insert(id);
    const auto& p = r["Properties"];
    CHECK(p["BillingMode"] == "PAY_PER_REQUEST");
    CHECK(p["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] == true);
    CHECK(p["SSESpecification"]["SSEEnabled"] == true);
    CHECK(r["DeletionPolicy"] == "Retain");
  }
  CHECK(tables == std::set<std::string>{"AuditLogTable", "OrderItemsTable", "OrdersTable"});
  // orders has "id integer PRIMARY KEY": a numeric partition key named id.
  const auto& key = orders["Resources"]["OrdersTable"]["Properties"];
  CHECK(key["KeySchema"] == nlohmann::json::parse(R"([{"AttributeName":"id","KeyType":"HASH"}])"));
  CHECK(key["AttributeDefinitions"] == nlohmann::json::parse(R"([{"AttributeName":"id","AttributeType":"N"}])"));
  CHECK(orders["Outputs"].contains("ApiUrl"));
  CHECK(orders["Outputs"]["ApiUrl"]["Export"]["Name"] == nlohmann::json{{"Fn::Sub", "${AWS::StackName}-ApiUrl"}});
}

// Every policy of every function and state machine names a resource of its
// own template (or, for a saga, a peer's function handed in as a parameter);
// writes get Crud, reads only Read, and queues and topics only where used.
TEST_CASE("least privilege: a service's policies name only its own tables, queues and topics", "[sam]") {
  Fixture f = make_shop();
  const bool fitness = GENERATE(false, true);  // downstream pressure adds rds-db:connect, and only that
  if (fitness) test::add_fitness(f.proposal);
  INFO("fitness " << fitness);
  const AppPlan plan = plan_of(f);
  const auto files = generate(f);
  for (const ServicePlan& s : plan.services) {
    INFO(s.name);
    const nlohmann::json t = doc(files, "sam/services/" + s.dir + "/template.yaml");
    const auto& resources = t["Resources"];
    std::set<std::string> saga_params;
    for (const auto& p : s.saga_peers) saga_params.insert(p.param);
    for (const auto& [id, r] : resources.items()) {
      if (!r.contains("Properties") || !r["Properties"].contains("Policies")) continue;
      for (nlohmann::json policy : r["Properties"]["Policies"]) {
        if (policy.contains("Fn::If")) policy = policy["Fn::If"][1];
        if (policy.contains("Statement")) {  // the one inline document: connect as the one database user
          CHECK(s.fitness.database_proxy);
          CHECK(policy["Statement"] == nlohmann::json::parse(R"([{"Effect": "Allow", "Action": "rds-db:connect",
            "Resource": {"Fn::Sub": "arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${DatabaseProxyResourceId}/${DatabaseUser}"}}])"));
          continue;
        }
        REQUIRE(policy.size() == 1);
        const std::string name = policy.begin().key();
        const nlohmann::json& arg = policy.begin().value().begin().value();
        const std::string target =
            arg.contains("Ref") ? arg["Ref"].get<std::string>() : arg["Fn::GetAtt"][0].get<std::string>();
        INFO(id << " " << name << " -> " << target);
        if (name == "LambdaInvokePolicy") {
          CHECK((target == "ApiFunction" || saga_params.count(target)));
          continue;
        }
        REQUIRE(resources.contains(target));
        const std::string type = resources[target]["Type"];
        if (name == "DynamoDBCrudPolicy" || name == "DynamoDBReadPolicy") {
          CHECK(type == "AWS::DynamoDB::Table");
          for (const auto& table : s.tables) {
            if (table.logical_id == target) CHECK(table.written == (name == "DynamoDBCrudPolicy"));
          }
        } else if (name == "SQSPollerPolicy") {
          CHECK(type == "AWS::SQS::Queue");
          // only the function its queue feeds
          bool feeds = false;
          for (const auto& c : s.consumers) feeds = feeds || (c.function_id == id && c.queue_id == target);
          CHECK(feeds);
        } else if (name == "SNSPublishMessagePolicy") {
          CHECK(type == "AWS::SNS::Topic");
          CHECK(id == "ApiFunction");
        } else if (name == "StepFunctionsExecutionPolicy") {
          CHECK(type == "AWS::Serverless::StateMachine");
        } else {
          FAIL("unexpected policy " << name);
        }
      }
    }
  }
  // billing only reads orders through orders' API: no policy on it.
  const std::string billing = files.at("sam/services/billing/template.yaml");
  CHECK(billing.find("OrdersTable") == std::string::npos);
}

TEST_CASE("events: a consumer's queue redrives to a dead-letter queue and outlasts six timeouts", "[sam]") {
  const Fixture f = make_shop();
  const AppPlan plan = plan_of(f);
  const auto files = generate(f);
  unsigned consumers = 0;
  for (const ServicePlan& s : plan.services) {
    const nlohmann::json t = doc(files, "sam/services/" + s.dir + "/template.yaml");
    for (const Consumer& c : s.consumers) {
      ++consumers;
      const auto& q = t["Resources"][c.queue_id]["Properties"];
      CHECK(q["VisibilityTimeout"].get<unsigned>() >= 6 * t["Globals"]["Function"]["Timeout"].get<unsigned>());
      CHECK(q["RedrivePolicy"]["deadLetterTargetArn"] == nlohmann::json{{"Fn::GetAtt", {c.dlq_id, "Arn"}}});
      CHECK(q["RedrivePolicy"]["maxReceiveCount"].get<unsigned>() > 0);
      const auto& fn = t["Resources"][c.function_id]["Properties"];
      CHECK(fn["Handler"] == c.stub);
      CHECK(fn["Events"]["Queue"]["Properties"]["FunctionResponseTypes"] ==
            nlohmann::json::array({"ReportBatchItemFailures"}));
      CHECK_FALSE(fn.contains("DeadLetterQueue"));  // polled, not invoked asynchronously
    }
    for (const Publication& pub : s.publications) {
      CHECK(t["Resources"][pub.topic_id]["Type"] == "AWS::SNS::Topic");
      CHECK(t["Outputs"].contains(pub.output_id));
    }
  }
  // customers' find is an event billing and orders raise: each consumed in customers.
  CHECK(consumers == 2);
}

TEST_CASE("the root template: applications in extraction order behind a strangler facade", "[sam]") {
  const Fixture f = make_shop();
  const auto files = generate(f);
  const nlohmann::ordered_json root = test::yaml_to_ordered_json(files.at("sam/template.yaml"));
  std::vector<std::string> apps;
  std::map<std::string, std::string> route_stacks;  // location -> condition
  for (const auto& [id, r] : root["Resources"].items()) {
    if (r["Type"] != "AWS::Serverless::Application") continue;
    const std::string location = r["Properties"]["Location"];
    if (location.find("/routes") != std::string::npos) {
      route_stacks[location] = r["Condition"];
      continue;
    }
    apps.push_back(location);
    CHECK(r["Condition"] == id + "Extracted");
    CHECK(root["Parameters"]["Extract" + id]["AllowedValues"] == nlohmann::json::array({"true", "false"}));
  }
  CHECK(apps == std::vector<std::string>{"services/catalog/template.yaml", "services/customers/template.yaml",
                                         "services/billing/template.yaml", "services/orders/template.yaml"});
  CHECK(root["Parameters"]["ExtractCatalog"]["Default"] == "true");
  CHECK(root["Parameters"]["ExtractOrders"]["Default"] == "false");
  CHECK(root["Resources"]["StranglerApi"]["Type"] == "AWS::Serverless::HttpApi");
  // Everything else goes to the monolith; each extracted route to its service.
  CHECK(root["Resources"]["MonolithRoute"]["Properties"]["RouteKey"] == "ANY /{proxy+}");
  CHECK_FALSE(root["Resources"]["MonolithRoute"].contains("Condition"));
  CHECK(root["Resources"]["MonolithIntegration"]["Properties"]["IntegrationUri"] ==
        nlohmann::json{{"Fn::Sub", "${MonolithUrl}/{proxy}"}});
  // customers has no HTTP operation (its member is an event): no routes.
  CHECK(route_stacks == std::map<std::string, std::string>{{"services/billing/routes.yaml", "BillingExtracted"},
                                                           {"services/catalog/routes.yaml", "CatalogExtracted"},
                                                           {"services/orders/routes.yaml", "OrdersExtracted"}});
  const nlohmann::json catalog = doc(files, "sam/services/catalog/routes.yaml");
  std::map<std::string, nlohmann::json> routes;  // route key -> integration URI
  for (const auto& [id, r] : catalog["Resources"].items()) {
    if (r["Type"] != "AWS::ApiGatewayV2::Route") continue;
    const std::string target = r["Properties"]["Target"]["Fn::Join"][1][1]["Ref"];
    routes[r["Properties"]["RouteKey"]] = catalog["Resources"][target]["Properties"]["IntegrationUri"];
  }
  CHECK(routes == std::map<std::string, nlohmann::json>{
                      {"GET /products/{id}/price", {{"Fn::Sub", "${ServiceUrl}/products/{id}/price"}}}});
}

TEST_CASE("a service with more routes than one stack holds spreads them over several", "[sam]") {
  Fixture f = make_shop();
  for (auto& s : f.proposal.services) {
    if (s.name != "catalog") continue;
    for (unsigned i = 0; i < kRoutesPerStack + 5; ++i) {
      s.api.push_back({"c:op" + std::to_string(i),
                       "shop::Catalog::op" + std::to_string(i),
                       "query",
                       "GET /products/{id}/op-" + std::to_string(i),
                       {"orders"},
                       1});
    }
  }
  const auto files = generate(f);
  REQUIRE(files.count("sam/services/catalog/routes-2.yaml"));
  CHECK_FALSE(files.count("sam/services/catalog/routes-3.yaml"));
  CHECK(doc(files, "sam/services/catalog/routes.yaml")["Resources"].size() == 2 * kRoutesPerStack);
  CHECK(doc(files, "sam/services/catalog/routes-2.yaml")["Resources"].size() == 2 * 6);
  // The function itself takes one event for the whole /products resource:
  // SAM would otherwise add 206 permissions to the stack.
  const nlohmann::json t = doc(files, "sam/services/catalog/template.yaml");
  CHECK(t["Resources"]["ApiFunction"]["Properties"]["Events"] ==
        nlohmann::json::parse(R"({"ProductsRoutes": {"Type": "HttpApi", "Properties":
          {"ApiId": {"Ref": "HttpApi"}, "Method": "ANY", "Path": "/products/{proxy+}"}}})"));
  check_every_template(files);
}

TEST_CASE("a distributed transaction becomes a saga with compensations in reverse order", "[sam]") {
  const Fixture f = make_shop();
  const auto files = generate(f);
  const nlohmann::json orders = doc(files, "sam/services/orders/template.yaml");
  REQUIRE(orders["Resources"].contains("PlaceSaga"));
  const auto& machine = orders["Resources"]["PlaceSaga"];
  CHECK(machine["Type"] == "AWS::Serverless::StateMachine");
  CHECK(machine["Condition"] == "HasBillingFunctionName");  // exists once billing is extracted
  const auto& states = machine["Properties"]["Definition"]["States"];
  CHECK(machine["Properties"]["Definition"]["StartAt"] == "WriteOrdersInOrders");
  const auto& first = states["WriteOrdersInOrders"];
  CHECK(first["Type"] == "Task");
  CHECK(first["Retry"][0]["BackoffRate"] == 2);
  CHECK(first["Catch"][0]["Next"] == "SagaFailed");  // nothing before it to undo
  // billing (the pivot) failing undoes the order.
  CHECK(states["WriteInvoicesInBilling"]["Catch"][0]["Next"] == "UndoWriteOrdersInOrders");
  CHECK(states["CheckWriteInvoicesInBilling"]["Choices"][0]["Next"] == "UndoWriteOrdersInOrders");
  CHECK(states["UndoWriteOrdersInOrders"]["Comment"] == "cancel the order");
  CHECK(states["UndoWriteOrdersInOrders"]["Next"] == "SagaFailed");
  CHECK_FALSE(states.contains("UndoWriteInvoicesInBilling"));  // the pivot is not compensated
  // Each step invokes its service's router with that step's route.
  const std::string billing_handler = files.at("sam/services/billing/src/handler.cpp");
  const std::string route = states["WriteInvoicesInBilling"]["Parameters"]["Payload"]["routeKey"];
  CHECK(billing_handler.find(route) != std::string::npos);
}

TEST_CASE("hostile service and table names give safe paths and valid logical ids", "[sam]") {
  Fixture f = make_shop(true);
  rename_service(f.proposal, "orders", "../../etc/or\"ders $HOME");
  rename_service(f.proposal, "billing", "bïlling ünïcode 請求");
  rename_service(f.proposal, "catalog", "..");
  for (auto& t : f.proposal.tables) {
    if (t.name == "products") t.name = "pro'ducts; DROP TABLE x --";
  }
  for (auto& s : f.proposal.services) {
    for (auto& t : s.tables) {
      if (t == "products") t = "pro'ducts; DROP TABLE x --";
    }
  }
  const auto files = generate(f);
  const std::regex safe_segment("[a-z0-9_][a-z0-9_-]*|[A-Za-z]+\\.(yaml|toml|md|txt|cpp)|Makefile|CMakeLists\\.txt");
  for (const auto& [path, content] : files) {
    INFO(path);
    CHECK(path.rfind("sam/", 0) == 0);
    for (const auto& part : fs::path(path)) {
      CHECK(std::regex_match(part.string(), safe_segment));
    }
  }
  check_every_template(files);
}

TEST_CASE("the application is deterministic", "[sam]") {
  const Fixture f = make_shop(true);
  CHECK(generate(f) == generate(f));
}

TEST_CASE("golden: the catalog service's template and handler", "[sam][golden]") {
  const auto files = generate(make_shop());
  check_golden("shop.catalog.template.yaml", files.at("sam/services/catalog/template.yaml"));
  check_golden("shop.catalog.handler.cpp", files.at("sam/services/catalog/src/handler.cpp"));
}

}  // namespace
}  // namespace cleave::sam
