#include "sql/crud_matrix.hpp"
#include "sql/sql.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace cleave;

TEST_CASE("CRUD letters follow the statement verb") {
  CHECK(crud_letters(AccessMode::Write, "INSERT") == "C");
  CHECK(crud_letters(AccessMode::Read, "SELECT") == "R");
  CHECK(crud_letters(AccessMode::Write, "UPDATE") == "U");
  CHECK(crud_letters(AccessMode::Write, "DELETE") == "D");
  CHECK(crud_letters(AccessMode::Write, "UPSERT") == "CU");
  CHECK(crud_letters(AccessMode::Ddl, "CREATE").empty());
  CHECK(crud_letters(AccessMode::Write, "") == "CUD");
}

TEST_CASE("the matrix: tables by components") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  auto site = [&](std::string caller, std::string text, unsigned line) {
    CallSite c;
    c.caller = std::move(caller);
    c.callee_name = "PQexec";
    c.site = {"/src/a.cpp", line, 1};
    c.args = {{1, StrValue{{{Piece{PieceKind::Literal, std::move(text), -1}}}}}};
    tu.call_sites.push_back(c);
  };
  site("billing::a", "INSERT INTO invoices SELECT * FROM orders", 1);
  site("billing::b", "UPDATE invoices SET x = 1", 2);
  site("orders::c", "DELETE FROM orders", 3);
  site("orders::d", "SELECT * FROM invoices", 4);
  sql::SqlOptions o;
  o.rule_files = {std::string(CLEAVE_SOURCE_DIR) + "/rules/db_apis.json"};
  o.schema_texts.push_back({"s.sql", "CREATE TABLE unused (id int);"});
  auto a = sql::analyze({tu}, o);
  std::string m = sql::render_crud_matrix(a, [](const std::string& usr) { return usr.substr(0, usr.find("::")); });
  CHECK(m ==
        "table    | billing | orders\n"
        "---------+---------+-------\n"
        "invoices | CU      | R\n"
        "orders   | R       | D\n"
        "unused   | -       | -\n");
}

namespace {

// Two components write invoices; orders writes only its own table.
sql::CrudMatrix contested(std::map<std::string, std::string> owners = {}) {
  DataAccessFacts facts;
  facts.tables.push_back(Table{"invoices"});
  facts.tables.push_back(Table{"orders, \"old\""});
  auto access = [&](std::string symbol, std::string table, AccessMode mode, std::string verb) {
    TableAccess a;
    a.symbol = std::move(symbol);
    a.table = std::move(table);
    a.mode = mode;
    a.verb = std::move(verb);
    facts.accesses.push_back(a);
  };
  access("billing::a", "invoices", AccessMode::Write, "INSERT");
  access("orders::b", "invoices", AccessMode::Write, "UPDATE");
  access("orders::c", "orders, \"old\"", AccessMode::Read, "SELECT");
  return sql::crud_matrix(
      facts, [](const std::string& usr) { return usr.substr(0, usr.find("::")); }, std::move(owners));
}

}  // namespace

TEST_CASE("the matrix marks conflicts: a foreign writer, or two writers when no owner is known", "[crud]") {
  const sql::CrudMatrix owned = contested({{"invoices", "billing"}});
  CHECK_FALSE(owned.conflict("invoices", "billing"));
  CHECK(owned.conflict("invoices", "orders"));
  CHECK_FALSE(owned.conflict("orders, \"old\"", "orders"));  // a read is never one
  CHECK(sql::render_crud_matrix(owned) ==
        "table         | owner   | billing | orders\n"
        "--------------+---------+---------+-------\n"
        "invoices      | billing | C       | U!\n"
        "orders, \"old\" | -       | -       | R\n"
        "\n! writes rows of a table another service owns\n");
  const sql::CrudMatrix unowned = contested();
  CHECK(unowned.conflict("invoices", "billing"));
  CHECK(unowned.conflict("invoices", "orders"));
  CHECK(sql::render_crud_matrix(unowned).find("! writes rows of a table another component writes too") !=
        std::string::npos);
}

TEST_CASE("the matrix as CSV and JSON", "[crud]") {
  const sql::CrudMatrix m = contested({{"invoices", "billing"}});
  CHECK(sql::render_crud_matrix(m, "csv") ==
        "table,owner,billing,orders\r\n"
        "invoices,billing,C,U!\r\n"
        "\"orders, \"\"old\"\"\",,,R\r\n");
  const auto j = nlohmann::json::parse(sql::render_crud_matrix(m, "json"));
  CHECK(j["components"] == nlohmann::json::array({"billing", "orders"}));
  REQUIRE(j["tables"].size() == 2);
  CHECK(j["tables"][0] == nlohmann::json::parse(R"({"name": "invoices", "owner": "billing",
    "access": {"billing": "C", "orders": "U"}, "conflicts": ["orders"]})"));
  CHECK(j["tables"][1]["owner"].is_null());
  CHECK(j["tables"][1]["access"] == nlohmann::json{{"orders", "R"}});
}
