// SQL whose text lives elsewhere than the call (issue 15, item 5): arrays of
// statements indexed by an enum, statements pulled in by #include, .sql files
// the code reads at run time; and a generic repository whose table comes
// from a template argument (item 7). Parsed from source through the front
// end and the SQL stage together.
#include "tests/sql/source_support.hpp"

#include <catch2/catch.hpp>

using namespace cleave;
using cleave::test::analyze_source;
using cleave::test::analyze_sources;
using V = std::vector<std::string>;

// Item 5a: arrays of statements indexed by an enum.
TEST_CASE("a C array of statements indexed by an enumerator", "[sql][elsewhere][arrays]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
    enum Query { Q_FIND_USER, Q_DELETE_ORDER, QUERY_COUNT };
    static const char* const kQueries[] = {"SELECT * FROM users WHERE id = ?", "DELETE FROM orders WHERE id = ?"};
    static const char* q[QUERY_COUNT] = {"SELECT name FROM items", "UPDATE carts SET n = 0"};
    sqlite3* db;
    static void run(const char* sql) { sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
    void find_user() { run(kQueries[Q_FIND_USER]); }
    void delete_order() { run(kQueries[Q_DELETE_ORDER]); }
    void reset_cart() { run(q[1]); }
  )cpp");
  CHECK(run.accesses() == V{"delete_order orders write", "find_user users read", "reset_cart carts write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a constexpr std::array of statements indexed by an enum class", "[sql][elsewhere][arrays]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <array>
#include <cstddef>
    enum class Stmt : std::size_t { FindUser, DeleteOrder, Count };
    constexpr std::array<const char*, 2> kStatements{"SELECT * FROM users WHERE id = ?",
                                                     "DELETE FROM orders WHERE id = ?"};
    sqlite3* db;
    void find_user() {
      sqlite3_exec(db, kStatements[static_cast<std::size_t>(Stmt::FindUser)], nullptr, nullptr, nullptr);
    }
    void delete_order() { sqlite3_exec(db, kStatements.at(1), nullptr, nullptr, nullptr); }
  )cpp");
  CHECK(run.accesses() == V{"delete_order orders write", "find_user users read"});
  CHECK(run.unresolved().empty());
}

// Item 5b: statements pulled into an initializer by #include.
TEST_CASE("an array whose statements come from an included .inc file", "[sql][elsewhere][include]") {
  auto run = analyze_sources({{"main.cpp", R"cpp(
#include <sqlite3.h>
    enum { FIND_USER, DELETE_ORDER };
    static const char* kSql[] = {
#include "queries.inc"
    };
    sqlite3* db;
    void find_user() { sqlite3_exec(db, kSql[FIND_USER], nullptr, nullptr, nullptr); }
    void delete_order() { sqlite3_exec(db, kSql[DELETE_ORDER], nullptr, nullptr, nullptr); }
  )cpp"},
                              {"queries.inc", "\"SELECT * FROM users WHERE id = ?\",\n"
                                              "\"DELETE FROM orders \"\n  \"WHERE id = ?\",\n"}});
  CHECK(run.accesses() == V{"delete_order orders write", "find_user users read"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a generated .inc of QUERY(name, SQL) entries expanded into an enum and an array",
          "[sql][elsewhere][include]") {
  auto run = analyze_sources({{"main.cpp", R"cpp(
#include <sqlite3.h>
    enum QueryId {
#define QUERY(name, sql) name,
#include "queries.inc"
#undef QUERY
    };
    static const char* const kSql[] = {
#define QUERY(name, sql) sql,
#include "queries.inc"
#undef QUERY
    };
    sqlite3* db;
    void find_user() { sqlite3_exec(db, kSql[FIND_USER], nullptr, nullptr, nullptr); }
    void delete_order() { sqlite3_exec(db, kSql[DELETE_ORDER], nullptr, nullptr, nullptr); }
  )cpp"},
                              {"queries.inc", "QUERY(FIND_USER, \"SELECT * FROM users WHERE id = ?\")\n"
                                              "QUERY(DELETE_ORDER, \"DELETE FROM orders WHERE id = ?\")\n"}});
  CHECK(run.accesses() == V{"delete_order orders write", "find_user users read"});
  CHECK(run.unresolved().empty());
}
