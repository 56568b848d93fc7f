#include "sql/crud_matrix.hpp"
#include "sql/sql.hpp"

#include <catch2/catch.hpp>

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
