// Hand-built service plans for the handler tests: an ordinary service, one
// whose every name is hostile, and one with nothing to serve. Shared by the
// unit test and sam_handler_tool, which writes them out for the compile and
// runtime tests.
#pragma once

#include "reports/sam/sam.hpp"

#include <vector>

namespace cleave::sam::testing {

inline ServicePlan orders_plan() {
  ServicePlan s;
  s.name = "orders";
  s.dir = "orders";
  s.id = "Orders";
  s.rank = 1;
  s.api_function_id = "OrdersApiFunction";
  Operation get;
  get.member = "shop::OrderRepo::find";
  get.style = "query";
  get.method = "GET";
  get.path = "/orders/{id}";
  get.route_key = "GET /orders/{id}";
  get.stub = "get_order";
  get.event_id = "GetOrder";
  get.origin = "src/orders/repo.cpp:42";
  get.reads = {"orders", "order_lines"};
  get.callers = {"billing", "shipping"};
  Operation create = get;
  create.member = "shop::OrderRepo::create";
  create.style = "command";
  create.method = "POST";
  create.path = "/orders";
  create.route_key = "POST /orders";
  create.stub = "create_order";
  create.event_id = "CreateOrder";
  create.origin = "src/orders/repo.cpp:77";
  create.reads = {};
  create.writes = {"orders", "order_lines"};
  create.callers = {"billing"};
  s.operations = {get, create};
  Consumer c;
  c.event = "billing.invoices-changed";
  c.publisher = "billing";
  c.stub = "consume_invoices_changed";
  c.function_id = "OrdersInvoicesChangedConsumer";
  c.queue_id = "OrdersInvoicesChangedQueue";
  c.dlq_id = "OrdersInvoicesChangedDlq";
  c.topic_param = "BillingInvoicesChangedTopicArn";
  c.reason = "orders reads invoices, which billing writes";
  c.member = "shop::Orders::on_invoice";
  c.origin = "src/orders/orders.cpp:120";
  s.consumers = {c};
  return s;
}

// Quotes, backslashes, comment ends and starts, newlines, a trigraph, a
// right-to-left override, a byte that is not UTF-8, non-ASCII letters, and
// stubs that are keywords, reserved or the names the generated code uses.
inline ServicePlan hostile_plan() {
  ServicePlan s;
  s.name = "evil \"svc\" \\ */ /* ?\?/\nnext line \xc3\xbc \xe2\x80\xae \xff";
  s.dir = "evil-svc";
  s.id = "EvilSvc";
  s.api_function_id = "EvilSvcApiFunction";
  Operation op;
  op.member = "ns::A<\"x\">::operator()\n*/ int x = 1; /* \\";
  op.style = "query";
  op.method = "GET";
  op.path = "/caf\xc3\xa9/\"q\"\\/{id}";
  op.route_key = "GET /caf\xc3\xa9/\"q\"\\/{id}?\?/%s";
  op.stub = "get_cafe";
  op.event_id = "GetCafe";
  op.origin = "src/a\\b.cpp:1\\";
  op.reads = {"t\"1\\", "line\nbreak", "\xe2\x80\xae"};
  op.writes = {"*/ evil", "ok\r\n#define X"};
  op.callers = {"s\\", "\xff\xfe"};
  s.operations.push_back(op);
  // Stubs the plan should never produce; the generator must still compile.
  const char* stubs[] = {"delete", "main",   "support",  "not_implemented", "route", "_Reserved",
                         "a__b",   "9lives", "get_cafe", "bad-name\"",      ""};
  int n = 0;
  for (const char* stub : stubs) {
    Operation extra = op;
    extra.stub = stub;
    extra.route_key = "POST /extra/" + std::to_string(++n);
    s.operations.push_back(extra);
  }
  Consumer c;
  c.event = "evil.\"event\"\n";
  c.publisher = "pub\\";
  c.stub = "consume \"it\"\\";
  c.function_id = "Evil:Consumer Id";
  c.reason = "because */ \\";
  c.member = "ns::B::on\n";
  c.origin = "x.cpp:1\\";
  s.consumers.push_back(c);
  Consumer keyword = c;
  keyword.stub = "class";
  keyword.function_id = "EvilKeywordConsumer";
  s.consumers.push_back(keyword);
  return s;
}

inline ServicePlan empty_plan() {
  ServicePlan s;
  s.name = "empty";
  s.dir = "empty";
  s.id = "Empty";
  s.api_function_id = "EmptyApiFunction";
  return s;
}

inline std::vector<ServicePlan> all_plans() { return {orders_plan(), hostile_plan(), empty_plan()}; }

}  // namespace cleave::sam::testing
