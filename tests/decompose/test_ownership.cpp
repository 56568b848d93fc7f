// Table ownership as the proposal settles it, and what is decided from it:
// the owner of a table no code uses (the clustered service, only through a
// foreign key to a table it owns). It was decided from another notion of
// ownership before (issue 16: on canary a table went to "house, which
// writes players" while another service owned players).
#include "decompose/decompose.hpp"
#include "shop.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cleave;
using cleave::test::no_file;
using cleave::test::shop;
using cleave::test::ShopBuilder;

namespace {

const Service* find_service(const Proposal& p, const std::string& member) {
  for (const auto& s : p.services) {
    if (std::count(s.classes.begin(), s.classes.end(), member)) return &s;
  }
  return nullptr;
}

const TableOwnership* table(const Proposal& p, const std::string& name) {
  for (const auto& t : p.tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("decompose: a table no code uses goes to its cluster's service only through a table that service owns",
          "[decompose][databases]") {
  ShopBuilder b;
  b.m = shop();
  // Dispatch slots: shipping books one and reads them all the time (the
  // clustering puts the table beside it), orders writes them most (it owns
  // them). A log of them that no code uses is keyed to them only.
  b.table("dispatch_slots");
  b.access("shop::shipping::ShipmentRepo::save", "dispatch_slots", AccessMode::Write, 30);
  for (unsigned line = 31; line < 35; ++line)
    b.access("shop::shipping::ShipmentRepo::get", "dispatch_slots", AccessMode::Read, line);
  b.access("shop::orders::OrderRepo::insert", "dispatch_slots", AccessMode::Write, 30);
  b.access("shop::orders::OrderRepo::remove", "dispatch_slots", AccessMode::Write, 31);
  b.table("dispatch_slot_log", {{{"ref_id"}, "dispatch_slots", {"id"}}});
  // Keyed to a table shipping owns.
  b.table("shipment_notes", {{{"ref_id"}, "shipments", {"id"}}});
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  const Service* shipping = find_service(p, "shop::shipping::ShipmentService");
  REQUIRE(shipping);
  REQUIRE(table(p, "dispatch_slots"));
  REQUIRE(table(p, "shipment_notes"));
  REQUIRE(table(p, "dispatch_slot_log"));
  CHECK(table(p, "dispatch_slots")->owner == "orders");
  CHECK(table(p, "shipment_notes")->owner == shipping->name);
  CHECK_THAT(table(p, "shipment_notes")->evidence.front(), Catch::Contains("which owns shipments"));
  CAPTURE(table(p, "dispatch_slot_log")->evidence);
  CHECK(table(p, "dispatch_slot_log")->owner.empty());
  CHECK_THAT(table(p, "dispatch_slot_log")->evidence.front(), !Catch::Contains("which writes dispatch_slots"));
}
