// The tokenizer's folding of long lists and the statement reader: a 5 MB
// literal must not cost a token per value (issue 18), and folding must never
// hide a table.
#include "sql/lexer.hpp"
#include "sql/schema.hpp"
#include "sql/statement.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace cleave::sql;

namespace {

std::string rows(int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i)
    out += (out.empty() ? "" : ", ") + ("(" + std::to_string(i) + ", 'n''" + std::to_string(i) + "', NULL)");
  return out;
}

}  // namespace

TEST_CASE("a long VALUES list keeps 16 rows and counts the rest") {
  std::string sql = "INSERT INTO items (id, name, note) VALUES " + rows(0, 1000) + " ON CONFLICT DO NOTHING";
  auto tokens = tokenize(sql);
  CHECK(tokens.size() < 150);  // 16 rows of 7 tokens and the statement around them
  std::size_t elided = 0;
  for (const Token& t : tokens) elided += t.elided;
  CHECK(elided == 984);
  CHECK(tokens.back().is("NOTHING"));  // what follows the list is kept

  Statement st = parse_sql(sql).statements.at(0);
  CHECK(st.parser == "pg");  // the folded text still parses
  CHECK(st.text.find("/* 984 more rows */ ON CONFLICT") != std::string::npos);
  CHECK(st.text.find("ON CONFLICT DO NOTHING") != std::string::npos);
  REQUIRE(st.tables.size() == 1);
  CHECK(st.tables[0].name == "items");
}

TEST_CASE("short lists and rows that hold more than values are never folded") {
  std::string small = "INSERT INTO t VALUES " + rows(0, 16);
  CHECK(parse_sql(small).statements.at(0).text == small);

  // Row 20 reads a table: it stays, and so does the table.
  std::string sql =
      "INSERT INTO t (a) VALUES " + rows(0, 20) + ", ((SELECT max(id) FROM audit), 'x', NULL), " + rows(21, 40);
  auto st = parse_sql(sql).statements.at(0);
  std::vector<std::string> names;
  for (const auto& t : st.tables) names.push_back(t.name);
  CHECK(names == std::vector<std::string>{"audit", "t"});
  CHECK(st.text.find("/* 4 more rows */") != std::string::npos);
  CHECK(st.text.find("/* 19 more rows */") != std::string::npos);
}

TEST_CASE("a long IN list is folded to 16 values and still reads its table") {
  std::string ids;
  for (int i = 0; i < 5000; ++i) ids += (ids.empty() ? "" : ",") + std::to_string(i);
  std::string sql = "SELECT name FROM items WHERE id IN (" + ids + ") AND kind = 'a'";
  auto st = parse_sql(sql).statements.at(0);
  CHECK(st.parser == "pg");
  CHECK(st.text.find("/* 4984 more values */") != std::string::npos);
  CHECK(st.text.find("AND kind = 'a'") != std::string::npos);
  REQUIRE(st.tables.size() == 1);
  CHECK(st.tables[0].name == "items");
  // A call's arguments are a list too, but a column among them keeps its item.
  CHECK(tokenize("SELECT coalesce(a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, b) FROM t").back().is("t"));
}

TEST_CASE("the statement reader hands out statements one by one, semicolons and routine bodies as before") {
  StatementReader reader(
      "SELECT 1; ; CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE u SET n = n + 1; END; "
      "CREATE PROCEDURE p() BEGIN IF x THEN SELECT 1; END IF; END; DELETE FROM v");
  std::vector<std::string> firsts;
  std::vector<std::size_t> sizes;
  while (auto st = reader.next()) {
    firsts.push_back(st->front().text);
    sizes.push_back(st->size());
  }
  CHECK(firsts == std::vector<std::string>{"SELECT", "CREATE", "CREATE", "DELETE"});
  CHECK(sizes.back() == 3);
  CHECK_FALSE(reader.wholly_unknown());

  StatementReader unknown("{?} {?}");
  while (unknown.next()) {
  }
  CHECK(unknown.wholly_unknown());
}

TEST_CASE("schema lines stay right after a folded seed statement") {
  std::string text = "INSERT INTO seed VALUES\n";
  for (int i = 0; i < 100; ++i) text += "(" + std::to_string(i) + ", 'x'),\n";
  text += "(100, 'x');\n\nCREATE TABLE after_seed (id int PRIMARY KEY);\n";
  Schema schema;
  add_schema_text(schema, text, "/db/seed.sql");
  REQUIRE(schema.tables.count("after_seed") == 1);
  CHECK(schema.tables.at("after_seed").defined_at.line == 104);
}
