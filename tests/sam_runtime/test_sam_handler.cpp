// The generated C++ side of a service (reports/sam/handler.cpp) on hand-built
// plans: routes and stubs, consumers, build files, hostile names, determinism.
// That the output compiles, links and runs against aws-lambda-cpp is
// lambda_runtime_test.py's part.
#include "tests/sam_runtime/plans.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace cleave::sam;
using namespace cleave::sam::testing;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The bytes a C++ string literal (as the generator writes them) stands for.
std::string decode_literal(const std::string& lit) {
  REQUIRE(lit.size() >= 2);
  REQUIRE(lit.front() == '"');
  REQUIRE(lit.back() == '"');
  std::string out;
  for (size_t i = 1; i + 1 < lit.size(); ++i) {
    if (lit[i] != '\\') {
      REQUIRE(lit[i] != '"');
      out += lit[i];
      continue;
    }
    const char e = lit[++i];
    if (e >= '0' && e <= '7') {
      REQUIRE(i + 2 < lit.size());
      out += static_cast<char>(((e - '0') << 6) | ((lit[i + 1] - '0') << 3) | (lit[i + 2] - '0'));
      i += 2;
    } else if (e == 'n') {
      out += '\n';
    } else if (e == 't') {
      out += '\t';
    } else {
      REQUIRE((e == '\\' || e == '"' || e == '?'));
      out += e;
    }
  }
  return out;
}

// The string literals on a line, in order.
std::vector<std::string> literals(const std::string& line) {
  static const std::regex literal(R"re("(?:[^"\\]|\\.)*")re");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(line.begin(), line.end(), literal); it != std::sregex_iterator(); ++it) {
    out.push_back(decode_literal(it->str()));
  }
  return out;
}

bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

TEST_CASE("every operation is routed by its exact routeKey to a stub that answers 501 naming itself",
          "[sam][handler]") {
  const std::string src = handler_source(orders_plan());
  CHECK(contains(src, "#include <aws/lambda-runtime/runtime.h>"));
  CHECK(contains(src, "#include <nlohmann/json.hpp>"));
  CHECK(contains(src, "const std::array<Route, 2> routes = {{"));
  CHECK(contains(src, "    {\"GET /orders/{id}\", api::get_order},\n"));
  CHECK(contains(src, "    {\"POST /orders\", api::create_order},\n"));
  CHECK(contains(src,
                 "// GET /orders/{id}\n"
                 "// Replaces shop::OrderRepo::find (src/orders/repo.cpp:42).\n"
                 "// Reads: orders, order_lines. Writes: none.\n"
                 "// Called by: billing, shipping.\n"
                 "support::Response get_order([[maybe_unused]] const support::Event& event) {\n"
                 "  return support::not_implemented(\"get_order\", \"shop::OrderRepo::find\");\n"));
  CHECK(contains(src, "// Reads: none. Writes: orders, order_lines.\n"));
  CHECK(contains(src, "return http_response(501, {{\"error\", \"not implemented\"}, {\"operation\", operation}"));
  CHECK(contains(src, "return http_response(404, {{\"error\", \"no such route\"}, {\"route\", name}});"));
  CHECK(contains(src, "return http_response(400, {{\"error\", \"malformed event\"}"));
  CHECK(contains(src, "{\"content-type\", \"application/json\"}"));
  CHECK(contains(
      src, "if (name.empty() || name == \"bootstrap\") {\n    aws::lambda_runtime::run_handler(support::route);"));
}

TEST_CASE("saga steps and compensations are routed like operations and say they are not on the HTTP API",
          "[sam][handler]") {
  ServicePlan plan = orders_plan();
  Operation step = plan.operations[1];
  step.style = "saga-step";
  step.route_key = "POST /sagas/checkout/write-orders";
  step.stub = "checkout_write_orders";
  Operation undo = step;
  undo.style = "compensation";
  undo.route_key = "POST /sagas/checkout/write-orders/compensate";
  undo.stub = "undo_checkout_write_orders";
  plan.operations = {step, undo};
  const std::string src = handler_source(plan);
  CHECK(contains(src, "    {\"POST /sagas/checkout/write-orders\", api::checkout_write_orders},\n"));
  CHECK(contains(src, "    {\"POST /sagas/checkout/write-orders/compensate\", api::undo_checkout_write_orders},\n"));
  CHECK(contains(src,
                 "// POST /sagas/checkout/write-orders\n"
                 "// A saga step; the saga's state machine invokes it, it is not on the HTTP API.\n"
                 "// Part of shop::OrderRepo::create (src/orders/repo.cpp:77).\n"));
  CHECK(contains(src, "// A compensation: undoes its saga step when a later step fails; the saga's state machine"));
}

TEST_CASE("each consumer runs under its Handler name and reports its whole batch as failed until implemented",
          "[sam][handler]") {
  const std::string src = handler_source(orders_plan());
  CHECK(contains(src, "// Consumes \"billing.invoices-changed\", published by \"billing\".\n"));
  CHECK(contains(src, "// Function OrdersInvoicesChangedConsumer, Handler \"consume_invoices_changed\".\n"));
  CHECK(contains(src, "// Handled today by shop::Orders::on_invoice (src/orders/orders.cpp:120).\n"));
  CHECK(contains(src, "dead-letter queue"));
  CHECK(contains(src,
                 "support::Response consume_invoices_changed(const support::Event& event) {\n"
                 "  return support::fail_every_record(event);\n"));
  CHECK(contains(src, "  if (name == \"consume_invoices_changed\") {\n"));
  CHECK(contains(src, "support::consume(request, consumers::consume_invoices_changed)"));
  CHECK(contains(src, "failures.push_back({{\"itemIdentifier\", *id}});"));
  CHECK(contains(src, "{\"batchItemFailures\", std::move(failures)}"));

  const std::string empty = handler_source(empty_plan());
  CHECK(contains(empty, "const std::array<Route, 0> routes = {{\n}};"));
  CHECK_FALSE(contains(empty, "consumers::"));
}

TEST_CASE("CMakeLists.txt builds one uniquely named target into bootstrap on the Lambda runtime", "[sam][handler]") {
  const std::string cmake = handler_cmake(orders_plan());
  CHECK(contains(cmake, "find_package(aws-lambda-runtime REQUIRED)\n"));
  CHECK(contains(cmake, "find_package(nlohmann_json 3 REQUIRED)\n"));
  CHECK(contains(cmake, "add_executable(orders_bootstrap src/handler.cpp)\n"));
  CHECK(contains(cmake, "  OUTPUT_NAME bootstrap\n"));
  CHECK(contains(cmake,
                 "target_link_libraries(orders_bootstrap PRIVATE AWS::aws-lambda-runtime "
                 "nlohmann_json::nlohmann_json)\n"));
  CHECK(contains(cmake, "aws_lambda_package_target(orders_bootstrap)\n"));
  ServicePlan dashed = orders_plan();
  dashed.dir = "order-lines";
  CHECK(contains(handler_cmake(dashed), "add_executable(order_lines_bootstrap src/handler.cpp)\n"));
}

TEST_CASE("the Makefile has one build target per function, copying bootstrap into ARTIFACTS_DIR", "[sam][handler]") {
  const std::string make = handler_makefile(orders_plan());
  CHECK(contains(make, "\nbuild-OrdersApiFunction: bootstrap\n"));
  CHECK(contains(make, "\nbuild-OrdersInvoicesChangedConsumer: bootstrap\n"));
  CHECK(contains(make, ".PHONY: bootstrap build-OrdersApiFunction build-OrdersInvoicesChangedConsumer\n"));
  CHECK(contains(make, "\tcp \"$(BUILD_DIR)/bootstrap\" \"$(ARTIFACTS_DIR)/bootstrap\"\n"));
  CHECK(contains(make, "CMAKE_PREFIX_PATH ?=\n"));
  CHECK(contains(make, "-DCMAKE_BUILD_TYPE=\"$(CMAKE_BUILD_TYPE)\""));
  CHECK(contains(make, "CMAKE_BUILD_TYPE ?= Release\n"));
  CHECK(contains(make, "--target orders_bootstrap\n"));
  for (const auto& line : lines(make)) {
    // A recipe line must start with a tab; anything else is a comment, a variable, a rule or blank.
    const bool ok = line.empty() || line[0] == '#' || line[0] == '\t' || line.find(":") != std::string::npos ||
                    line.find("?=") != std::string::npos;
    CHECK(ok);
  }
}

TEST_CASE("hostile names cannot break the generated source, CMakeLists.txt or Makefile", "[sam][handler][escaping]") {
  const ServicePlan plan = hostile_plan();
  const std::string src = handler_source(plan);
  const std::string cmake = handler_cmake(plan);
  const std::string make = handler_makefile(plan);
  for (const std::string* text : {&src, &cmake, &make}) {
    CHECK(valid_utf8(*text));
    CHECK_FALSE(contains(*text, "\xe2\x80\xae"));  // the right-to-left override stays escaped
    for (const auto& line : lines(*text)) {
      CHECK((line.empty() || line.back() != '\\'));  // no line splices into the next
      const bool printable = std::all_of(line.begin(), line.end(),
                                         [](char c) { return static_cast<unsigned char>(c) >= 0x20 || c == '\t'; });
      CHECK(printable);
    }
  }
  // The names are comments only, one line each: as many lines as for a plain service.
  CHECK(lines(cmake).size() == lines(handler_cmake(orders_plan())).size());
  for (const auto& line : lines(cmake)) {
    if (contains(line, "next line")) CHECK(line.rfind("#", 0) == 0);
  }
  CHECK(contains(make, "\nbuild-EvilConsumerId: bootstrap\n"));  // ':' and ' ' cannot reach a rule

  // The literals hold exactly the plan's bytes: the router matches the real routeKey.
  std::vector<std::string> keys, stubs;
  std::set<std::string> names;
  const std::regex stub_line(R"(^support::Response ([A-Za-z_][A-Za-z0-9_]*)\()");
  for (const auto& line : lines(src)) {
    std::smatch m;
    if (line.rfind("    {\"", 0) == 0) keys.push_back(literals(line).at(0));
    if (std::regex_search(line, m, stub_line)) {
      const std::string id = m[1];
      CHECK(names.insert(id).second);
      CHECK_FALSE(contains(id, "__"));
      CHECK(id[0] != '_');
      CHECK(id != "delete");
      CHECK(id != "class");
    }
    if (contains(line, "support::not_implemented(\"get_cafe\""))
      CHECK(literals(line).at(1) == plan.operations[0].member);
  }
  REQUIRE(keys.size() == plan.operations.size());
  for (size_t i = 0; i < keys.size(); ++i) CHECK(keys[i] == plan.operations[i].route_key);
  CHECK(names.size() == plan.operations.size() + plan.consumers.size());
  CHECK(contains(src, "  if (name == \"consume \\\"it\\\"\\\\\") {\n"));  // the Handler, byte for byte
  CHECK(contains(src, "// Replaces ns::A<\"x\">::operator()\\x0a*/ int x = 1; /* \\x5c (src/a\\x5cb.cpp:1\\x5c).\n"));
  CHECK(
      contains(src, "// Reads: t\"1\\x5c, line\\x0abreak, \\xe2\\x80\\xae. Writes: */ evil, ok\\x0d\\x0a#define X.\n"));
  CHECK(contains(src, "\\xff"));        // not UTF-8: escaped byte by byte
  CHECK(contains(src, "caf\xc3\xa9"));  // readable non-ASCII stays in comments
  CHECK_FALSE(contains(src, "?\?/"));   // no trigraph anywhere
}

TEST_CASE("the same plan gives the same bytes", "[sam][handler][determinism]") {
  for (const ServicePlan& plan : all_plans()) {
    const ServicePlan copy = plan;
    CHECK(handler_source(plan) == handler_source(copy));
    CHECK(handler_cmake(plan) == handler_cmake(copy));
    CHECK(handler_makefile(plan) == handler_makefile(copy));
  }
  CHECK(handler_source(orders_plan()) != handler_source(empty_plan()));
}
