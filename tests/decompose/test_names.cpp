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
