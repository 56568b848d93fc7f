// A small hand-built shop shared by the decomposition tests: three areas
// (billing, orders, shipping), helpers everybody uses, a controller that
// calls every area, a transaction that spans two areas and a cross-area
// foreign key.
#pragma once

#include "decompose/decompose.hpp"

#include <string>
#include <vector>

namespace cleave::test {

struct ShopBuilder {
  Model m;

  void cls(const std::string& name, const std::string& file) {
    Symbol s;
    s.id = "c:" + name;
    s.name = name;
    s.kind = SymbolKind::Class;
    s.loc = {file, 1, 1};
    s.is_definition = true;
    m.symbols.push_back(s);
  }
  void method(const std::string& cls_name, const std::string& method, const std::string& sig = "void (int)") {
    Symbol s;
    s.id = "c:" + cls_name + "::" + method;
    s.name = cls_name + "::" + method;
    s.kind = SymbolKind::Method;
    s.parent = "c:" + cls_name;
    s.signature = sig;
    const Symbol* c = nullptr;
    for (const auto& x : m.symbols) {
      if (x.id == s.parent) c = &x;
    }
    s.loc = {c ? c->loc.file : "", 2, 1};
    s.is_definition = true;
    m.symbols.push_back(s);
    m.edges.push_back({s.id, s.parent, EdgeKind::MemberOf, 1, {}});
  }
  void function(const std::string& name, const std::string& file) {
    Symbol s;
    s.id = "c:" + name;
    s.name = name;
    s.kind = SymbolKind::Function;
    s.loc = {file, 1, 1};
    s.is_definition = true;
    m.symbols.push_back(s);
  }
  void call(const std::string& from, const std::string& to, unsigned w = 1) {
    m.edges.push_back({"c:" + from, "c:" + to, EdgeKind::Call, w, {}});
  }
  void access(const std::string& fn, const std::string& table, AccessMode mode, unsigned line = 10) {
    TableAccess a;
    a.symbol = "c:" + fn;
    a.table = table;
    a.mode = mode;
    a.loc = {"/x.cpp", line, 1};
    m.data.accesses.push_back(a);
  }
  void table(const std::string& name, std::vector<ForeignKey> fks = {}) {
    Table t;
    t.name = name;
    t.columns = {{"id", "INTEGER"}, {"ref_id", "INTEGER"}};
    t.primary_key = {"id"};
    t.foreign_keys = std::move(fks);
    t.in_schema = true;
    m.data.tables.push_back(t);
  }
};

inline Model shop() {
  ShopBuilder b;
  const std::string B = "shop::billing::", O = "shop::orders::", S = "shop::shipping::";
  b.cls(B + "InvoiceService", "/src/billing/invoice_service.cpp");
  b.method(B + "InvoiceService", "create");
  b.method(B + "InvoiceService", "total", "double ()");
  b.cls(B + "InvoiceRepo", "/src/billing/invoice_repo.cpp");
  b.method(B + "InvoiceRepo", "insert");
  b.method(B + "InvoiceRepo", "find");
  b.cls(B + "PaymentRepo", "/src/billing/payment_repo.cpp");
  b.method(B + "PaymentRepo", "record");

  b.cls(O + "OrderService", "/src/orders/order_service.cpp");
  b.method(O + "OrderService", "place");
  b.method(O + "OrderService", "cancel");
  b.method(O + "OrderService", "get", "int (int)");
  b.cls(O + "OrderRepo", "/src/orders/order_repo.cpp");
  b.method(O + "OrderRepo", "insert");
  b.method(O + "OrderRepo", "load");
  b.method(O + "OrderRepo", "remove");

  b.cls(S + "ShipmentService", "/src/shipping/shipment_service.cpp");
  b.method(S + "ShipmentService", "ship");
  b.method(S + "ShipmentService", "track");
  b.cls(S + "ShipmentRepo", "/src/shipping/shipment_repo.cpp");
  b.method(S + "ShipmentRepo", "save");
  b.method(S + "ShipmentRepo", "get");

  // Helpers in an odd place (not a util directory): the kernel must come
  // from how they are used, not from where they live.
  b.function("shop::common::trim", "/src/orders/strings.cpp");
  b.cls("shop::common::Logger", "/src/shipping/log.cpp");
  b.method("shop::common::Logger", "info");
  b.method("shop::common::Logger", "warn");
  b.method("shop::common::Logger", "error");

  // A controller that calls every area.
  b.cls("shop::AppController", "/src/app/controller.cpp");
  b.method("shop::AppController", "handleInvoice");
  b.method("shop::AppController", "handleOrder");
  b.method("shop::AppController", "handleCancel");
  b.method("shop::AppController", "handleShipment");
  b.method("shop::AppController", "handleTracking");
  b.function("main", "/src/app/main.cpp");

  // Inside each area.
  b.call(B + "InvoiceService::create", B + "InvoiceRepo::insert", 2);
  b.call(B + "InvoiceService::total", B + "InvoiceRepo::find", 2);
  b.call(B + "InvoiceService::create", B + "PaymentRepo::record");
  b.call(O + "OrderService::place", O + "OrderRepo::insert", 2);
  b.call(O + "OrderService::cancel", O + "OrderRepo::remove", 2);
  b.call(O + "OrderService::get", O + "OrderRepo::load", 2);
  b.call(S + "ShipmentService::ship", S + "ShipmentRepo::save", 2);
  b.call(S + "ShipmentService::track", S + "ShipmentRepo::get", 2);
  // Across areas: billing asks orders for the order.
  b.call(B + "InvoiceService::create", O + "OrderService::get");
  // Helpers, used from every area.
  b.call(B + "InvoiceService::create", "shop::common::trim");
  b.call(O + "OrderService::place", "shop::common::trim");
  b.call(S + "ShipmentService::ship", "shop::common::trim");
  b.call(B + "InvoiceService::create", "shop::common::Logger::info");
  b.call(O + "OrderService::cancel", "shop::common::Logger::warn");
  b.call(S + "ShipmentService::ship", "shop::common::Logger::error");
  // The controller.
  b.call("shop::AppController::handleInvoice", B + "InvoiceService::create", 2);
  b.call("shop::AppController::handleOrder", O + "OrderService::place", 2);
  b.call("shop::AppController::handleCancel", O + "OrderService::cancel", 2);
  b.call("shop::AppController::handleShipment", S + "ShipmentService::ship", 2);
  b.call("shop::AppController::handleTracking", S + "ShipmentService::track", 2);
  b.call("main", "shop::AppController::handleInvoice");
  b.call("main", "shop::AppController::handleOrder");
  b.call("main", "shop::AppController::handleShipment");

  b.table("invoices");
  b.table("payments", {{{"ref_id"}, "invoices", {"id"}}});
  b.table("orders");
  b.table("order_items", {{{"ref_id"}, "orders", {"id"}}});
  b.table("shipments", {{{"ref_id"}, "orders", {"id"}}});
  b.access(B + "InvoiceRepo::insert", "invoices", AccessMode::Write);
  b.access(B + "InvoiceRepo::find", "invoices", AccessMode::Read);
  b.access(B + "PaymentRepo::record", "payments", AccessMode::Write);
  b.access(O + "OrderRepo::insert", "orders", AccessMode::Write);
  b.access(O + "OrderRepo::insert", "order_items", AccessMode::Write, 11);
  b.access(O + "OrderRepo::remove", "orders", AccessMode::Write);
  b.access(O + "OrderRepo::load", "orders", AccessMode::Read);
  b.access(S + "ShipmentRepo::save", "shipments", AccessMode::Write);
  b.access(S + "ShipmentRepo::save", "orders", AccessMode::Write, 12);  // marks the order shipped
  b.access(S + "ShipmentRepo::get", "shipments", AccessMode::Read);
  b.access(B + "InvoiceRepo::find", "orders", AccessMode::Read, 13);  // billing peeks at orders
  Transaction tx;
  tx.id = "c:" + O + "OrderRepo::insert#0";
  tx.function = "c:" + O + "OrderRepo::insert";
  tx.writes = {"order_items", "orders"};
  b.m.data.transactions.push_back(tx);
  tx.id = "c:" + S + "ShipmentRepo::save#0";
  tx.function = "c:" + S + "ShipmentRepo::save";
  tx.writes = {"orders", "shipments"};
  b.m.data.transactions.push_back(tx);
  b.m.index();
  return b.m;
}

inline decompose::DecomposeOptions no_file(config::DecomposeConfig cfg = {}) {
  decompose::DecomposeOptions o;
  o.config = std::move(cfg);
  return o;
}

}  // namespace cleave::test
