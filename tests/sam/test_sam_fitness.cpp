// Serverless fitness in the SAM application (issue 17): reserved
// concurrency and RDS Proxy access where downstream pressure was found,
// nothing of it elsewhere; the fitness section of a service's README and
// the keep-long-running marking in it and in the root README.
#include "reports/sam/sam.hpp"
#include "tests/reports/fixture.hpp"
#include "tests/sam/fitness_fixture.hpp"
#include "tests/sam/template_checks.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

namespace cleave::sam {
namespace {

using report::testing::Fixture;
using report::testing::kRoot;
using report::testing::make_shop;
using Files = std::map<std::string, std::string>;

Files generate(const Fixture& f) {
  const report::ReportInput in{f.model, f.proposal, "shop", kRoot};
  Files files;
  for (auto& file : generate_sam(report::ReportContext(in))) files.emplace(file.path, file.content);
  return files;
}

Fixture shop_with_fitness(bool database = true, bool peer = true) {
  Fixture f = make_shop();
  test::add_fitness(f.proposal, database, peer);
  return f;
}

nlohmann::json doc(const Files& files, const std::string& path) {
  INFO(path);
  REQUIRE(files.count(path));
  return test::yaml_to_json(files.at(path));
}

void check_every_template(const Files& files) {
  for (const auto& [path, content] : files) {
    if (path.size() < 5 || path.compare(path.size() - 5, 5, ".yaml") != 0) continue;
    INFO(path);
    const std::vector<std::string> problems = test::check_template(content);
    for (const auto& p : problems) UNSCOPED_INFO(p);
    CHECK(problems.empty());
  }
}

// The functions of a service template, by logical id.
std::set<std::string> functions_of(const nlohmann::json& t) {
  std::set<std::string> out;
  for (const auto& [id, r] : t["Resources"].items()) {
    if (r["Type"] == "AWS::Serverless::Function") out.insert(id);
  }
  return out;
}

// The inline policy documents of a function, unwrapped from their Fn::If.
std::vector<nlohmann::json> inline_policies(const nlohmann::json& fn, std::string* condition = nullptr) {
  std::vector<nlohmann::json> out;
  for (const auto& policy : fn["Properties"].value("Policies", nlohmann::json::array())) {
    if (!policy.contains("Fn::If") || !policy["Fn::If"][1].contains("Statement")) continue;
    if (condition) *condition = policy["Fn::If"][0];
    CHECK(policy["Fn::If"][2] == nlohmann::json{{"Ref", "AWS::NoValue"}});
    out.push_back(policy["Fn::If"][1]);
  }
  return out;
}

std::size_t position(const std::string& text, const std::string& what) {
  INFO(what);
  const std::size_t at = text.find(what);
  CHECK(at != std::string::npos);
  return at;
}

TEST_CASE("downstream pressure: every function reserves concurrency and reaches the database through RDS Proxy",
          "[sam][fitness]") {
  const Files files = generate(shop_with_fitness());
  check_every_template(files);
  const nlohmann::json t = doc(files, "sam/services/customers/template.yaml");
  const auto& params = t["Parameters"];
  REQUIRE(params.contains("ReservedConcurrency"));
  CHECK(params["ReservedConcurrency"]["Type"] == "Number");
  CHECK(params["ReservedConcurrency"]["Default"] == 10);
  CHECK(params["ReservedConcurrency"]["MinValue"] == 2);  // its queue pollers' MaximumConcurrency is 2 at least
  const std::string description = params["ReservedConcurrency"]["Description"];
  CHECK(description.find("the monolith's database") != std::string::npos);  // who sees the burst
  CHECK(description.find("service billing") != std::string::npos);
  for (const char* p : {"DatabaseProxyEndpoint", "DatabaseProxyResourceId", "DatabaseUser", "DatabaseSubnetIds",
                        "DatabaseSecurityGroupIds"}) {
    INFO(p);
    REQUIRE(params.contains(p));
    CHECK(params[p]["Type"] == "String");
    CHECK(params[p]["Default"] == "");
  }
  const auto& vars = t["Globals"]["Function"]["Environment"]["Variables"];
  CHECK(vars["DATABASE_PROXY_ENDPOINT"] == nlohmann::json{{"Ref", "DatabaseProxyEndpoint"}});
  CHECK(vars["DATABASE_USER"] == nlohmann::json{{"Ref", "DatabaseUser"}});
  // Access is granted only once the proxy is set: all three parameters.
  const auto& has = t["Conditions"]["HasDatabaseProxy"]["Fn::And"];
  REQUIRE(has.size() == 3);
  CHECK(has[0] == nlohmann::json::parse(R"({"Fn::Not": [{"Fn::Equals": [{"Ref": "DatabaseProxyEndpoint"}, ""]}]})"));
  // The functions join the proxy's VPC once its subnets and security groups are set too.
  const auto& in_vpc = t["Conditions"]["InDatabaseVpc"]["Fn::And"];
  REQUIRE(in_vpc.size() == 5);
  CHECK(in_vpc[3] == nlohmann::json::parse(R"({"Fn::Not": [{"Fn::Equals": [{"Ref": "DatabaseSubnetIds"}, ""]}]})"));
  CHECK(in_vpc[4] ==
        nlohmann::json::parse(R"({"Fn::Not": [{"Fn::Equals": [{"Ref": "DatabaseSecurityGroupIds"}, ""]}]})"));

  // customers has its API function and two consumers: each one capped, each
  // one allowed to connect as the one database user, nothing more.
  const std::set<std::string> functions = functions_of(t);
  CHECK(functions.size() == 3);
  for (const auto& id : functions) {
    INFO(id);
    const auto& fn = t["Resources"][id];
    CHECK(fn["Properties"]["ReservedConcurrentExecutions"] == nlohmann::json{{"Ref", "ReservedConcurrency"}});
    CHECK(fn["Properties"]["VpcConfig"] == nlohmann::json::parse(R"({"Fn::If": ["InDatabaseVpc",
      {"SubnetIds": {"Fn::Split": [",", {"Ref": "DatabaseSubnetIds"}]},
       "SecurityGroupIds": {"Fn::Split": [",", {"Ref": "DatabaseSecurityGroupIds"}]}},
      {"Ref": "AWS::NoValue"}]})"));
    if (id != "ApiFunction") {  // a consumer: its poller stops where the function would throttle
      CHECK(fn["Properties"]["Events"]["Queue"]["Properties"]["ScalingConfig"] ==
            nlohmann::json{{"MaximumConcurrency", {{"Ref", "ReservedConcurrency"}}}});
    }
    std::string condition;
    const auto docs = inline_policies(fn, &condition);
    REQUIRE(docs.size() == 1);
    CHECK(condition == "HasDatabaseProxy");
    CHECK(docs[0]["Version"] == "2012-10-17");
    CHECK(docs[0]["Statement"] == nlohmann::json::parse(R"([{"Effect": "Allow", "Action": "rds-db:connect",
      "Resource": {"Fn::Sub": "arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${DatabaseProxyResourceId}/${DatabaseUser}"}}])"));
  }

  // The root template sets the proxy once and hands it to customers only;
  // the reserved concurrency keeps its default.
  const nlohmann::json root = doc(files, "sam/template.yaml");
  for (const char* p : {"DatabaseProxyEndpoint", "DatabaseProxyResourceId", "DatabaseUser", "DatabaseSubnetIds",
                        "DatabaseSecurityGroupIds"}) {
    INFO(p);
    CHECK(root["Parameters"][p]["Default"] == "");
    CHECK(root["Resources"]["Customers"]["Properties"]["Parameters"][p] == nlohmann::json{{"Ref", p}});
    for (const char* other : {"Catalog", "Billing", "Orders"}) {
      CHECK_FALSE(root["Resources"][other]["Properties"].value("Parameters", nlohmann::json::object()).contains(p));
    }
  }
  CHECK_FALSE(root["Parameters"].contains("ReservedConcurrency"));
  CHECK_FALSE(root["Resources"]["Customers"]["Properties"]["Parameters"].contains("ReservedConcurrency"));
}

TEST_CASE("a synchronous call in a loop reserves concurrency but asks for no database access", "[sam][fitness]") {
  Fixture f = shop_with_fitness(false, true);
  f.proposal.fitness[0].findings.push_back(test::fitness_finding("CLV-FIT-007", "downstream",
                                                                 "catalog's API called in a loop",
                                                                 "src/billing/lines.cpp", 5, 2, "one batched call"));
  f.proposal.fitness[0].findings.back().downstream = "service catalog";
  const Files files = generate(f);
  check_every_template(files);
  // billing has no queue: any reserved concurrency from 1 up, and no poller.
  const nlohmann::json billing = doc(files, "sam/services/billing/template.yaml");
  CHECK(billing["Parameters"]["ReservedConcurrency"]["MinValue"] == 1);
  CHECK(billing["Parameters"]["ReservedConcurrency"]["Description"].get<std::string>().find("service catalog") !=
        std::string::npos);
  CHECK(billing["Resources"]["ApiFunction"]["Properties"]["ReservedConcurrentExecutions"] ==
        nlohmann::json{{"Ref", "ReservedConcurrency"}});
  const nlohmann::json t = doc(files, "sam/services/customers/template.yaml");
  CHECK(t["Parameters"]["ReservedConcurrency"]["Description"].get<std::string>().find("service billing") !=
        std::string::npos);
  for (const char* p : {"DatabaseProxyEndpoint", "DatabaseProxyResourceId", "DatabaseUser", "DatabaseSubnetIds",
                        "DatabaseSecurityGroupIds"}) {
    CHECK_FALSE(t["Parameters"].contains(p));
  }
  CHECK_FALSE(t.value("Conditions", nlohmann::json::object()).contains("HasDatabaseProxy"));
  CHECK_FALSE(t.value("Conditions", nlohmann::json::object()).contains("InDatabaseVpc"));
  for (const auto& id : functions_of(t)) {
    INFO(id);
    CHECK(t["Resources"][id]["Properties"]["ReservedConcurrentExecutions"] ==
          nlohmann::json{{"Ref", "ReservedConcurrency"}});
    CHECK_FALSE(t["Resources"][id]["Properties"].contains("VpcConfig"));
    CHECK(inline_policies(t["Resources"][id]).empty());
  }
  CHECK_FALSE(doc(files, "sam/template.yaml")["Parameters"].contains("DatabaseProxyEndpoint"));
}

TEST_CASE("services without downstream findings get no reserved concurrency, proxy or database permission",
          "[sam][fitness]") {
  for (const bool judged : {true, false}) {
    INFO((judged ? "billing, catalog and orders judged" : "no fitness in the proposal"));
    const Files files = generate(judged ? shop_with_fitness(false, false) : make_shop());
    check_every_template(files);
    for (const char* dir : {"billing", "catalog", "customers", "orders"}) {
      INFO(dir);
      const std::string path = std::string("sam/services/") + dir + "/template.yaml";
      const nlohmann::json t = doc(files, path);
      const nlohmann::json params = t.value("Parameters", nlohmann::json::object());
      for (const char* p : {"ReservedConcurrency", "DatabaseProxyEndpoint", "DatabaseProxyResourceId", "DatabaseUser",
                            "DatabaseSubnetIds", "DatabaseSecurityGroupIds"})
        CHECK_FALSE(params.contains(p));
      for (const auto& id : functions_of(t)) {
        CHECK_FALSE(t["Resources"][id]["Properties"].contains("ReservedConcurrentExecutions"));
        CHECK_FALSE(t["Resources"][id]["Properties"].contains("VpcConfig"));
        CHECK(inline_policies(t["Resources"][id]).empty());
      }
      CHECK(files.at(path).find("rds-db") == std::string::npos);
    }
    CHECK_FALSE(doc(files, "sam/template.yaml")["Parameters"].contains("DatabaseProxyEndpoint"));
  }
}

TEST_CASE("a service's README lists its fitness findings in the proposal's order with their replacements",
          "[sam][fitness]") {
  const Files files = generate(shop_with_fitness());
  const std::string md = files.at("sam/services/customers/README.md");
  const std::size_t section = position(md, "## Serverless fitness\n\nVerdict: **ready after changes**.");
  // by effort as the proposal gives them; paths relative to the project root
  const std::size_t first = position(md,
                                     "1. `CLV-FIT-001` at `src/customers/cache.cpp:12` in "
                                     "`shop::CustomerCache::get`, effort small: "
                                     "`static std::map<int, Customer> cache`.");
  const std::size_t second = position(md, "1. `CLV-FIT-006` at `src/customers/history.cpp:40`");
  const std::size_t third = position(md,
                                     "1. `CLV-FIT-007` at `src/customers/statement.cpp:77` in "
                                     "`shop::Statement::build` (shared code, reached from "
                                     "`shop::Customers::statement`), effort large");
  CHECK(section < first);
  CHECK(first < second);
  CHECK(second < third);
  position(md, "   - replace with: DynamoDB or ElastiCache\n");
  position(md, "   - replace with: one batched call, or an event\n");
  position(md, "   - would see the burst: service billing\n");
  position(md,
           "### Downstream pressure\n\nLambda scales per request, so service billing and the monolith's "
           "database would see the burst.");
  position(md, "`ReservedConcurrency` concurrent executions (default 10; its queue pollers stop at the same number");
  position(md, "Set `DatabaseProxyEndpoint`, `DatabaseProxyResourceId` and `DatabaseUser` on the root template");
  position(md,
           "with `DatabaseSubnetIds` and `DatabaseSecurityGroupIds` set as well, the functions attach to those "
           "subnets (condition `InDatabaseVpc`)");
  CHECK(md.find("/src/shop/") == std::string::npos);  // never the absolute path
  CHECK(md.find("keep as a long-running service") == std::string::npos);
  CHECK(md.find("not analysed yet") == std::string::npos);

  const std::string billing = files.at("sam/services/billing/README.md");
  position(billing, "1. `CLV-FIT-002` at `src/billing/export.cpp:9`");
  CHECK(billing.find("Downstream pressure") == std::string::npos);
  position(files.at("sam/services/catalog/README.md"),
           "Verdict: **ready**: nothing in its code assumes a long-lived process on one machine.");
  // Without the fitness step's output the README says so, and claims nothing.
  position(generate(make_shop()).at("sam/services/catalog/README.md"),
           "## Serverless fitness\n\nNot judged: the proposal carries no serverless fitness for this service.");
}

TEST_CASE("a keep-long-running service is emitted, marked so in its README and the root README", "[sam][fitness]") {
  const Files files = generate(shop_with_fitness());
  REQUIRE(files.count("sam/services/orders/template.yaml"));  // still emitted
  const std::string md = files.at("sam/services/orders/README.md");
  const std::size_t banner = position(md, "**Keep as a long-running service**");
  const std::size_t verdict = position(md, "Verdict: **keep as a long-running service**.");
  CHECK(banner < verdict);
  position(md, "Evidence:\n\n- accepts connections on a listening socket\n");
  position(md, "emitted so the team can see its shape");
  position(md, "should run as a long-running service (a container");
  position(md, "rather than on Lambda. Why:");
  position(md, "- a function does not listen on a socket: requests come to it as events\n");  // the central conflict
  position(md, "1. `CLV-FIT-004` at `src/orders/server.cpp:30`, effort large, central to the design");
  CHECK(files.at("sam/services/customers/README.md").find("**Keep as a long-running service**") == std::string::npos);

  const std::string root = files.at("sam/README.md");
  position(root, "| serverless fitness |");
  position(root, "| 4 | orders | `ExtractOrders` |");
  const std::string orders_row = root.substr(
      root.find("| 4 | orders |"), root.find('\n', root.find("| 4 | orders |")) - root.find("| 4 | orders |"));
  CHECK(orders_row.find("**keep as a long-running service**") != std::string::npos);
  const std::string customers_row = root.substr(root.find("| customers |"), 200);
  CHECK(customers_row.find("ready after changes (3 findings)") != std::string::npos);
  position(root, "Marked **keep as a long-running service**: orders.");
  position(root, "## Downstream pressure");
  position(root, "- customers: service billing and the monolith's database; each of its functions reserves");
  position(root, "sam deploy --parameter-overrides DatabaseProxyEndpoint=");
  position(root, "DatabaseSubnetIds=subnet-...,subnet-... DatabaseSecurityGroupIds=sg-...\n```");
}

TEST_CASE("the first step on by default is the first service that can become functions", "[sam][fitness]") {
  Fixture f = shop_with_fitness();
  for (auto& s : f.proposal.fitness) {
    if (s.service == "catalog") s.verdict = "keep-long-running";  // catalog is step 1
  }
  const nlohmann::json params = doc(generate(f), "sam/template.yaml")["Parameters"];
  std::map<std::string, std::string> by_step;
  for (const auto& [name, p] : params.items()) {
    const std::string why = p.value("Description", "");
    if (name.rfind("Extract", 0) == 0) by_step[why.substr(0, why.find(':'))] = name;
  }
  REQUIRE(by_step.count("Step 1"));
  REQUIRE(by_step.count("Step 2"));
  CHECK(by_step["Step 1"] == "ExtractCatalog");
  CHECK(params["ExtractCatalog"]["Default"] == "false");
  CHECK(params[by_step["Step 2"]]["Default"] == "true");
  for (const auto& [step, name] : by_step) {
    if (step != "Step 2") CHECK(params[name]["Default"] == "false");
  }
}

TEST_CASE("findings with hostile text stay on one line of Markdown", "[sam][fitness]") {
  Fixture f = shop_with_fitness();
  f.proposal.fitness[0].findings[0].what = "std::map<`x`>\n# injected heading";
  const std::string md = generate(f).at("sam/services/billing/README.md");
  CHECK(md.find("\n# injected heading") == std::string::npos);
  position(md, "`std::map<'x'> # injected heading`");
}

}  // namespace
}  // namespace cleave::sam
