// Service names on small hand-built monoliths: each area is a namespace in
// a directory with a service class, a repository and the tables it writes;
// the rules of name_services.cpp are checked one at a time.
#include "decompose/decompose.hpp"
#include "shop.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace cleave;
using cleave::test::no_file;
using cleave::test::ShopBuilder;

namespace {

// An area: namespace app::<ns> in /src/<dir>/, a class <Word>Keeper and
// a <Word>Store that writes the area's tables (the first is referenced by
// the others). The role words are not the point here, so the class names
// carry the area's word.
void area(ShopBuilder& b, const std::string& ns, const std::string& dir, const std::string& word,
          const std::vector<std::string>& tables) {
  const std::string n = "app::" + ns + "::";
  b.cls(n + word + "Keeper", "/src/" + dir + "/keeper.cpp");
  b.method(n + word + "Keeper", "keep");
  b.method(n + word + "Keeper", "look");
  b.cls(n + word + "Store", "/src/" + dir + "/store.cpp");
  b.method(n + word + "Store", "put");
  b.method(n + word + "Store", "fetch");
  b.call(n + word + "Keeper::keep", n + word + "Store::put", 3);
  b.call(n + word + "Keeper::look", n + word + "Store::fetch", 3);
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (i == 0) {
      b.table(tables[i]);
    } else {
      b.table(tables[i], {{{"ref_id"}, tables[0], {"id"}}});
    }
    b.access(n + word + "Store::put", tables[i], AccessMode::Write, static_cast<unsigned>(10 + i));
    b.access(n + word + "Store::fetch", tables[i], AccessMode::Read, static_cast<unsigned>(20 + i));
  }
}

std::string name_of(const Proposal& p, const std::string& member) {
  for (const auto& s : p.services) {
    if (std::count(s.classes.begin(), s.classes.end(), member)) return s.name;
  }
  return "(not placed)";
}

Proposal decompose_areas(ShopBuilder& b) {
  area(b, "billing", "billing", "Invoice", {"invoices", "invoice_lines"});
  area(b, "fleet", "fleet", "Vehicle", {"vehicles", "drivers"});
  b.m.index();
  return decompose::decompose(b.m, no_file());
}

}  // namespace

TEST_CASE("names: a module word is spelled as the code spells it") {
  // The directory and namespace say "patients"; the singular is cleave's
  // own word for comparing, not the code's.
  ShopBuilder b;
  area(b, "patients", "patients", "Pet", {"pets", "owners"});
  Proposal p = decompose_areas(b);
  CHECK(name_of(p, "app::patients::PetKeeper") == "patients");
  CHECK(name_of(p, "app::billing::InvoiceKeeper") == "billing");
}

TEST_CASE("names: an abbreviated namespace takes its directory's full word") {
  // shelf::acq in acquisitions/, shelf::circ in circulation/.
  ShopBuilder b;
  area(b, "acq", "acquisitions", "Purchase", {"purchase_orders", "po_lines"});
  area(b, "circ", "circulation", "Loan", {"loans", "holds"});
  Proposal p = decompose_areas(b);
  CHECK(name_of(p, "app::acq::PurchaseKeeper") == "acquisitions");
  CHECK(name_of(p, "app::circ::LoanKeeper") == "circulation");
}

TEST_CASE("names: an initialism is spelled by the service's table that starts like it") {
  // crm (customer relationship management) keeps customers; wms keeps
  // warehouses. Neither word is known to cleave: the tables spell them.
  ShopBuilder b;
  area(b, "crm", "crm", "Account", {"customers", "customer_contacts"});
  area(b, "wms", "wms", "Stock", {"stock_items", "warehouses"});
  Proposal p = decompose_areas(b);
  CHECK(name_of(p, "app::crm::AccountKeeper") == "customers");
  CHECK(name_of(p, "app::wms::StockKeeper") == "warehouses");
}

TEST_CASE("names: a module named by a verb in -ify is named by what it makes") {
  ShopBuilder b;
  area(b, "notify", "notify", "Reminder", {"reminders", "notification_log"});
  Proposal p = decompose_areas(b);
  CHECK(name_of(p, "app::notify::ReminderKeeper") == "notifications");
}

TEST_CASE("names: a service named after its aggregate root is spelled as the table") {
  ShopBuilder b;
  area(b, "core", "core", "Room", {"rooms"});  // core: a layer word, no module name
  Proposal p = decompose_areas(b);
  CHECK(name_of(p, "app::core::RoomKeeper") == "rooms");
}

TEST_CASE("names: a service that owns no table is named by its folder, not its classes' words") {
  // A front desk: command-line classes in desk/, in the project's root
  // namespace, calling every area. "command" is its strongest word, but
  // it says what its parts do; the folder says what it is.
  ShopBuilder b;
  for (const std::string c : {"CommandArgs", "CommandError", "CommandLine", "CommandTable"}) {
    b.cls("app::" + c, "/src/desk/" + c + ".cpp");
    b.method("app::" + c, "run" + c);
  }
  b.call("app::CommandLine::runCommandLine", "app::CommandArgs::runCommandArgs", 3);
  b.call("app::CommandLine::runCommandLine", "app::CommandError::runCommandError", 3);
  b.call("app::CommandLine::runCommandLine", "app::CommandTable::runCommandTable", 3);
  b.call("app::CommandTable::runCommandTable", "app::CommandArgs::runCommandArgs", 3);
  area(b, "patients", "patients", "Pet", {"pets", "owners"});
  Proposal p = decompose_areas(b);
  REQUIRE(name_of(p, "app::CommandLine") != name_of(p, "app::patients::PetKeeper"));
  CHECK(name_of(p, "app::CommandLine") == "desk");
}

// A world of classes in folders, no namespaces (a game server): a class
// `word` in `dir` with `methods` methods, and a `word`Store beside it that
// writes and reads `tables`, the first referenced by the others.
void folder_class(ShopBuilder& b, const std::string& dir, const std::string& word, int methods,
                  const std::vector<std::string>& tables = {}) {
  b.cls(word, dir + "/" + word + ".cpp");
  for (int i = 0; i < methods; ++i) b.method(word, "do" + std::to_string(i));
  if (tables.empty()) return;
  const std::string store = word + "Store";
  b.cls(store, dir + "/" + store + ".cpp");
  b.method(store, "put");
  b.method(store, "fetch");
  for (int i = 0; i < methods; ++i) b.call(word + "::do" + std::to_string(i), store + (i % 2 ? "::put" : "::fetch"), 3);
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (i == 0) {
      b.table(tables[i]);
    } else {
      b.table(tables[i], {{{"ref_id"}, tables[0], {"id"}}});
    }
    b.access(store + "::put", tables[i], AccessMode::Write, static_cast<unsigned>(10 + i));
    b.access(store + "::fetch", tables[i], AccessMode::Read, static_cast<unsigned>(20 + i));
  }
}

// Servatrice: every service's code sits under servatrice/src/ (the
// product's folder), and its classes carry the product's name
// (Servatrice_DatabaseInterface): the product named five of its services.
TEST_CASE("names: the folder that holds most of every service's code is the product, not a service") {
  ShopBuilder b;
  folder_class(b, "/repo/servo/src", "ServoDecks", 16, {"decks", "deck_folders"});
  folder_class(b, "/repo/servo/src", "ServoReplays", 16, {"replays", "replay_access"});
  folder_class(b, "/repo/servo/src/remote", "Remote", 4, {"sessions", "session_log"});
  folder_class(b, "/repo/servo/src/smtp", "Mailer", 4, {"mails", "mail_queue"});
  folder_class(b, "/repo/servo/src/isl", "Interlink", 4, {"servers", "server_links"});
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  REQUIRE(p.services.size() == 5);
  CHECK(name_of(p, "ServoDecks") == "decks");
  CHECK(name_of(p, "ServoReplays") == "replays");
  CHECK(name_of(p, "Remote") == "remote");
}

// canary: the service that owns players and the player_* tables holds the
// Player class whole and, beside it, helpers in a module of their own; that
// module's word, the strongest, named the service ("grouping"). A module
// word names a service that owns data only when a third of the service's
// units are in the module; else the aggregate root does.
TEST_CASE("names: a module word names a service with tables only when a third of its code is in the module") {
  ShopBuilder b;
  folder_class(b, "/src/creatures/players", "Player", 20, {"players", "player_items", "player_spells"});
  for (int i = 0; i < 4; ++i) {
    const std::string f = "grouping::check" + std::to_string(i);
    b.function(f, "/src/creatures/players/grouping.cpp");
    b.call("Player::do" + std::to_string(i), f, 3);
    b.call(f, "PlayerStore::fetch", 3);
  }
  folder_class(b, "/src/creatures/players/wheel", "PlayerWheel", 6, {"player_wheeldata"});
  folder_class(b, "/src/creatures/monsters", "Monster", 6, {"monsters", "monster_loot"});
  b.m.index();
  Proposal p = decompose::decompose(b.m, no_file());
  CHECK(name_of(p, "Player") == "players");
  // A module that holds the service's code still names it.
  CHECK(name_of(p, "PlayerWheel") == "wheel");
}

// Issue 16, item 4: an operation's path is its aggregate's, the table it
// works on as the code spells it, not the class that happens to hold it;
// overloads are one operation.
TEST_CASE("apis: an operation's path comes from the aggregate it works on; overloads are one operation") {
  ShopBuilder b;
  area(b, "patients", "patients", "Pet", {"pets", "pet_allergies"});
  const std::string K = "app::patients::PetKeeper";
  b.method(K, "allergies", "int (int)");
  b.method(K, "lookup", "int (int)");
  b.method(K, "lookup", "int (int, int)");
  b.m.symbols.back().id = "c:" + K + "::lookup#2";
  b.call(K + "::allergies", "app::patients::PetStore::fetch", 2);
  b.access(K + "::allergies", "pet_allergies", AccessMode::Read, 30);
  area(b, "billing", "billing", "Invoice", {"invoices", "invoice_lines"});
  for (const std::string m : {"allergies", "lookup", "lookup#2", "keep"}) {
    b.m.edges.push_back({"c:app::billing::InvoiceKeeper::keep", "c:" + K + "::" + m, EdgeKind::Call, 1, {}});
  }
  b.m.index();
  config::DecomposeConfig cfg;
  cfg.apart = {{"app::billing::InvoiceKeeper", K}};
  Proposal p = decompose::decompose(b.m, no_file(cfg));
  const Service* pets = nullptr;
  for (const auto& s : p.services) {
    if (std::count(s.classes.begin(), s.classes.end(), K)) pets = &s;
  }
  REQUIRE(pets);
  std::map<std::string, std::string> endpoint;
  std::set<std::string> names, paths;
  for (const auto& a : pets->api) {
    endpoint[a.name.substr(a.name.rfind("::") + 2)] = a.endpoint;
    CHECK(names.insert(a.name).second);
    CHECK(paths.insert(a.endpoint).second);
  }
  // pet_allergies is part of the pets aggregate: named after it, it references it.
  CHECK(endpoint.at("allergies") == "GET /pets/{id}/allergies");
  CHECK(endpoint.at("keep").rfind("POST /pets", 0) == 0);
  CHECK(endpoint.at("lookup").rfind("GET /pets", 0) == 0);  // no class resource: the service owns pets
}
