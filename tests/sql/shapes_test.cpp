// Shapes of data-access code found in real monoliths (issue 15), each parsed
// from source through the front end and the SQL stage together.
#include "tests/sql/source_support.hpp"

#include <catch2/catch.hpp>

using namespace cleave;
using cleave::test::analyze_source;
using V = std::vector<std::string>;

TEST_CASE("a wrapper of sqlite3 is found across functions, with no configuration", "[sql][shapes]") {
  auto run = analyze_source(R"(
#include <sqlite3.h>
static sqlite3* db;
static void run(const char* sql) { sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
void close_orders() { run("UPDATE orders SET closed = 1"); }
)");
  CHECK(run.accesses() == V{"close_orders orders write"});
  CHECK(run.data.resolved_sites == 1);
}
