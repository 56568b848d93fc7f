// Table ownership as the proposal settles it, and what is decided from it:
// the stateful-core flag (a service that owns no table once owners are
// settled and keeps state in fields) and the owner of a table no code uses
// (the clustered service, only through a foreign key to a table it owns).
// Both were decided from another notion of ownership before (issue 16:
// on canary `wheel` was a "stateful core that owns no table" while owning
// player_wheeldata, and a table went to "house, which writes players"
// while another service owned players).
#include "decompose/decompose.hpp"
#include "reports/json/proposal_json.hpp"
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

const std::string W = "shop::world::";

// A game world beside the shop: a map and its creatures mutate each other
// on every tick and hold their state in fields; no code of theirs writes a
// table.
void add_world(ShopBuilder& b) {
  for (const std::string c : {"map::Map", "map::Tile", "map::Item", "mob::Creature", "mob::Monster", "mob::Npc"}) {
    b.cls(W + c, "/src/world/" + c.substr(0, c.find(':')) + ".cpp");
    b.method(W + c, "tick");
    b.method(W + c, "update");
    Symbol f;
    f.id = "c:" + W + c + "@FI@state";
    f.name = W + c + "::state_";
    f.kind = SymbolKind::Field;
    f.parent = "c:" + W + c;
    b.m.symbols.push_back(f);
  }
  b.call(W + "map::Map::tick", W + "map::Tile::update", 10);
  b.call(W + "map::Tile::tick", W + "map::Map::update", 10);
  b.call(W + "mob::Creature::tick", W + "mob::Monster::update", 10);
  b.call(W + "mob::Monster::tick", W + "mob::Creature::update", 10);
  b.call(W + "map::Tile::tick", W + "map::Item::update", 10);
  b.call(W + "mob::Monster::tick", W + "mob::Npc::update", 10);
  b.call(W + "map::Map::tick", W + "mob::Creature::update", 4);
  b.call(W + "mob::Creature::tick", W + "map::Tile::update", 4);
}

}  // namespace

TEST_CASE("decompose: tableless parts that keep state and are tied to each other are one stateful core",
          "[decompose][stateful-core]") {
  ShopBuilder b;
  b.m = shop();
  add_world(b);
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  const Service* map = find_service(p, W + "map::Map");
  const Service* mob = find_service(p, W + "mob::Creature");
  REQUIRE((map && mob));
  CHECK(map == mob);
  CHECK(map->tables.empty());
  CHECK_THAT(map->stateful_core, Catch::Contains("keep state in memory (6 fields); joined from 2 parts") &&
                                     Catch::Contains("keep it together as one long-running process"));
  for (const auto& s : p.services) {
    if (!s.tables.empty()) CHECK(s.stateful_core.empty());
  }
  const Proposal back = report::parse_proposal_json(report::proposal_json_text(p), "proposal.json");
  CHECK(find_service(back, W + "map::Map")->stateful_core == map->stateful_core);
}

TEST_CASE("decompose: a service that owns a table once owners are settled is no stateful core",
          "[decompose][stateful-core]") {
  // The world reads a rate table nobody writes; its foreign key keeps it in
  // billing's cluster, but its only reader, the world, owns it.
  ShopBuilder b;
  b.m = shop();
  add_world(b);
  b.table("invoice_rates", {{{"ref_id"}, "invoices", {"id"}}});
  b.access(W + "map::Map::tick", "invoice_rates", AccessMode::Read, 20);
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  const Service* world = find_service(p, W + "map::Map");
  REQUIRE(world);
  REQUIRE(table(p, "invoice_rates"));
  CHECK(table(p, "invoice_rates")->owner == world->name);
  CHECK(world->tables == std::vector<std::string>{"invoice_rates"});
  for (const auto& s : p.services) {
    CAPTURE(s.name, s.tables, s.stateful_core);
    CHECK(s.tables.empty() != s.stateful_core.empty());  // no table, state in fields: flagged; a table: never
  }
}

TEST_CASE("decompose: a service left with no table once owners are settled is a stateful core",
          "[decompose][stateful-core]") {
  // A table named like the world's creatures that no code reads or writes:
  // the clustering puts it beside them, the builder gives it to nobody.
  ShopBuilder b;
  b.m = shop();
  add_world(b);
  b.table("creature_spawns");
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  const Service* world = find_service(p, W + "map::Map");
  REQUIRE(world);
  REQUIRE(table(p, "creature_spawns"));
  CHECK(table(p, "creature_spawns")->owner.empty());
  const Service* mob = find_service(p, W + "mob::Creature");
  REQUIRE(mob);
  CHECK(mob->tables.empty());
  CHECK_THAT(mob->stateful_core, Catch::Contains("owns no table, yet its 3 classes keep state in memory (3 fields)") &&
                                     Catch::Contains("keep it together as one long-running process"));
  for (const auto& s : p.services) {
    CAPTURE(s.name, s.tables, s.stateful_core);
    CHECK(s.tables.empty() != s.stateful_core.empty());
  }
  const Proposal back = report::parse_proposal_json(report::proposal_json_text(p), "proposal.json");
  CHECK(find_service(back, W + "map::Map")->stateful_core == world->stateful_core);
}

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
