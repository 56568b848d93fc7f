// The whole stage against TuFacts built by hand: sinks, constants, wrappers,
// schema, transactions. No libclang involved.
#include "sql/sql.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace cleave;
using cleave::DataAccessFacts;
using cleave::sql::SqlOptions;

namespace {

Piece lit(std::string t) { return {PieceKind::Literal, std::move(t), -1}; }
Piece var(std::string usr) { return {PieceKind::VarRef, std::move(usr), -1}; }
Piece param(int i) { return {PieceKind::Param, {}, i}; }
Piece unk(std::string t) { return {PieceKind::Unknown, std::move(t), -1}; }
StrValue sv(std::vector<Piece> pieces) { return StrValue{{std::move(pieces)}}; }

CallSite call(std::string caller, std::string callee, std::string callee_name, unsigned line, std::vector<CallArg> args,
              std::string object_type = {}) {
  CallSite c;
  c.caller = std::move(caller);
  c.callee = std::move(callee);
  c.callee_name = std::move(callee_name);
  c.object_type = std::move(object_type);
  c.site = {"/src/a.cpp", line, 5};
  c.args = std::move(args);
  c.order = line;
  return c;
}

Symbol sym(std::string id, std::string name, SymbolKind kind, std::string parent = {}) {
  Symbol s;
  s.id = std::move(id);
  s.name = std::move(name);
  s.kind = kind;
  s.parent = std::move(parent);
  s.is_definition = true;
  return s;
}

Edge edge(std::string from, std::string to, unsigned line, EdgeKind kind = EdgeKind::Call) {
  return Edge{std::move(from), std::move(to), kind, {"/src/a.cpp", line, 3}};
}

SqlOptions options() {
  SqlOptions o;
  o.rule_files = {std::string(CLEAVE_SOURCE_DIR) + "/rules/db_apis.json"};
  return o;
}

// "symbol table mode verb via" per access.
std::vector<std::string> accesses(const DataAccessFacts& a) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a.accesses.size(); ++i) {
    const auto& x = a.accesses[i];
    out.push_back(x.symbol + " " + x.table + " " + std::string(to_string(x.mode)) + " " + x.verb + " " + x.via);
  }
  return out;
}

using V = std::vector<std::string>;

const Transaction* tx_of(const DataAccessFacts& a, const std::string& fn) {
  for (const auto& t : a.transactions) {
    if (t.function == fn) return &t;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a literal passed to a C API is an access at the call site") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@load", "c:@F@sqlite3_prepare_v2", "sqlite3_prepare_v2", 10,
                               {{1, sv({lit("SELECT id, "), lit("name FROM pets WHERE id = ?")})}}));
  tu.call_sites.push_back(call("c:@F@load", "c:@F@sqlite3_bind_text", "sqlite3_bind_text", 11, {{2, sv({lit("x")})}}));
  auto a = sql::analyze({tu}, options());
  CHECK(accesses(a) == V{"c:@F@load pets read SELECT sqlite3_prepare_v2"});
  CHECK(a.accesses[0].sql == "SELECT id, name FROM pets WHERE id = ?");
  CHECK(a.accesses[0].loc.line == 10);
  CHECK(a.sql_sites == 1);
  CHECK(a.resolved_sites == 1);
  CHECK(a.unresolved.empty());
  CHECK_FALSE(a.accesses[0].every_row);
}

TEST_CASE("a SELECT of every row marks its access", "[fitness]") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@all", "c:@F@sqlite3_prepare_v2", "sqlite3_prepare_v2", 10,
                               {{1, sv({lit("SELECT id, name FROM pets")})}}));
  auto a = sql::analyze({tu}, options());
  REQUIRE(a.accesses.size() == 1);
  CHECK(a.accesses[0].every_row);
}

TEST_CASE("constants from other TUs, class statics, arrays indexed at run time") {
  TuFacts header;
  header.file = "/src/queries.cpp";
  header.var_values.push_back({"c:@kCols", "kCols", {"/src/q.hpp", 1, 1}, sv({lit("id, total")}), {}});
  header.var_values.push_back({"c:@S@Repo@kTable", "Repo::kTable", {"/src/q.hpp", 2, 1}, sv({lit("invoices")}), {}});
  VarValue arr{"c:@kStmts", "kStmts", {"/src/q.hpp", 3, 1}, {}, {}};
  arr.elements = {sv({lit("DELETE FROM carts WHERE id = ?")}), sv({lit("UPDATE stock SET n = n - 1")})};
  header.var_values.push_back(arr);
  TuFacts user;
  user.file = "/src/user.cpp";
  user.call_sites.push_back(call("c:@F@a", "", "PQexec", 5,
                                 {{1, sv({lit("SELECT "), var("c:@kCols"), lit(" FROM "), var("c:@S@Repo@kTable")})}}));
  user.call_sites.push_back(call("c:@F@b", "", "mysql_query", 6, {{1, sv({var("c:@kStmts")})}}));
  auto a = sql::analyze({user, header}, options());
  CHECK(accesses(a) == V{"c:@F@a invoices read SELECT PQexec", "c:@F@b carts write DELETE mysql_query",
                         "c:@F@b stock write UPDATE mysql_query"});
  CHECK(a.accesses[0].sql == "SELECT id, total FROM invoices");
}

TEST_CASE("formatted SQL: placeholders for the non-constant parts") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  // fmt::format("SELECT `name` FROM `players` WHERE `id` = {}", id) as the front end folds it.
  tu.call_sites.push_back(call("c:@F@f", "", "mysql_real_query", 5,
                               {{1, sv({lit("SELECT `name` FROM `players` WHERE `id` = "), unk("id")})}}));
  // snprintf-style: "... WHERE id = '%u'" kept as text.
  tu.call_sites.push_back(
      call("c:@F@g", "", "sqlite3_exec", 6, {{1, sv({lit("UPDATE pets SET name = '%s' WHERE id = %u")})}}));
  // QString("SELECT * FROM %1").arg(table): the table is not known.
  tu.call_sites.push_back(
      call("c:@F@h", "", "QSqlQuery::exec", 7, {{0, sv({lit("SELECT * FROM "), unk("table")})}}, "QSqlQuery"));
  // The whole SQL is a run-time value.
  tu.call_sites.push_back(call("c:@F@i", "", "sqlite3_exec", 8, {{1, sv({unk("query")})}}));
  auto a = sql::analyze({tu}, options());
  CHECK(accesses(a) == V{"c:@F@f players read SELECT mysql_real_query", "c:@F@g pets write UPDATE sqlite3_exec"});
  REQUIRE(a.unresolved.size() == 2);
  CHECK(a.unresolved[0].symbol == "c:@F@h");
  CHECK(a.unresolved[0].reason.find("table name is not statically known") == 0);
  CHECK(a.unresolved[0].excerpt == "SELECT * FROM <table>");
  CHECK(a.unresolved[1].symbol == "c:@F@i");
  CHECK(a.unresolved[1].reason == "SQL is not a compile-time constant");
  CHECK(a.sql_sites == 4);
  CHECK(a.resolved_sites == 2);
}

TEST_CASE("project wrappers become sinks through any number of layers, across TUs") {
  TuFacts db;
  db.file = "/src/db.cpp";
  db.symbols.push_back(sym("c:@S@Db@F@exec#", "shop::Db::exec", SymbolKind::Method));
  // Db::exec(const std::string& sql) { sqlite3_exec(h, sql.c_str(), ...); }
  db.call_sites.push_back(call("c:@S@Db@F@exec#", "c:@F@sqlite3_exec", "sqlite3_exec", 3, {{1, sv({param(0)})}}));
  TuFacts repo;
  repo.file = "/src/repo.cpp";
  repo.symbols.push_back(sym("c:@S@Repo@F@run#", "shop::Repo::run", SymbolKind::Method));
  // Repo::run(int kind, std::string where) { db.exec("SELECT * FROM orders WHERE " + where); }
  repo.call_sites.push_back(call("c:@S@Repo@F@run#", "c:@S@Db@F@exec#", "shop::Db::exec", 7,
                                 {{0, sv({lit("SELECT * FROM orders WHERE "), param(1)})}}, "shop::Db"));
  TuFacts svc;
  svc.file = "/src/svc.cpp";
  svc.call_sites.push_back(call("c:@F@place", "c:@S@Db@F@exec#", "shop::Db::exec", 20,
                                {{0, sv({lit("INSERT INTO orders (id) VALUES (1)")})}}));
  svc.call_sites.push_back(
      call("c:@F@report", "c:@S@Repo@F@run#", "shop::Repo::run", 30, {{1, sv({lit("total > 5")})}}));
  auto a = sql::analyze({svc, repo, db}, options());
  CHECK(accesses(a) ==
        V{"c:@F@place orders write INSERT shop::Db::exec", "c:@F@report orders read SELECT shop::Repo::run"});
  CHECK(a.accesses[1].sql == "SELECT * FROM orders WHERE total > 5");
  CHECK(a.unresolved.empty());
  CHECK(a.sql_sites == 2);  // forwarding sites inside wrappers are not SQL sites
}

TEST_CASE("a table name passed through a wrapper parameter is resolved at the caller") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(
      call("c:@F@count_rows", "", "sqlite3_exec", 3, {{1, sv({lit("SELECT count(*) FROM "), param(0)})}}));
  tu.call_sites.push_back(call("c:@F@main", "c:@F@count_rows", "count_rows", 9, {{0, sv({lit("users")})}}));
  tu.call_sites.push_back(call("c:@F@dyn", "c:@F@count_rows", "count_rows", 12, {{0, sv({unk("name")})}}));
  auto a = sql::analyze({tu}, options());
  CHECK(accesses(a) == V{"c:@F@main users read SELECT count_rows"});
  REQUIRE(a.unresolved.size() == 1);
  CHECK(a.unresolved[0].symbol == "c:@F@dyn");
}

TEST_CASE("a virtual wrapper: calls through the base reach the override") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.edges.push_back(edge("c:@S@PgDb@F@exec#", "c:@S@IDb@F@exec#", 1, EdgeKind::Override));
  tu.call_sites.push_back(call("c:@S@PgDb@F@exec#", "", "PQexec", 3, {{1, sv({param(0)})}}));
  tu.call_sites.push_back(
      call("c:@F@use", "c:@S@IDb@F@exec#", "IDb::exec", 9, {{0, sv({lit("DELETE FROM sessions")})}}));
  auto a = sql::analyze({tu}, options());
  CHECK(accesses(a) == V{"c:@F@use sessions write DELETE IDb::exec"});
}

TEST_CASE("a wrapper nobody calls with a string is reported, not dropped") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.symbols.push_back(sym("c:@F@run_sql", "run_sql", SymbolKind::Function));
  tu.call_sites.push_back(call("c:@F@run_sql", "", "mysql_query", 3, {{1, sv({param(0)})}}));
  auto a = sql::analyze({tu}, options());
  CHECK(a.accesses.empty());
  REQUIRE(a.unresolved.size() == 1);
  CHECK(a.unresolved[0].reason.find("parameter of run_sql") != std::string::npos);
}

TEST_CASE("a query builder with a table in a member: unresolved with the reason") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  // QueryBuilder::run() { db.exec("SELECT * FROM " + table_ + " WHERE " + where_); }
  tu.call_sites.push_back(call("c:@S@QueryBuilder@F@run#", "", "QSqlQuery::exec", 3,
                               {{0, sv({lit("SELECT * FROM "), unk("table_"), lit(" WHERE "), unk("where_")})}}));
  auto a = sql::analyze({tu}, options());
  REQUIRE(a.unresolved.size() == 1);
  CHECK(a.unresolved[0].reason == "table name is not statically known ({?})");
  CHECK(a.unresolved[0].excerpt == "SELECT * FROM <table_> WHERE <where_>");
}

TEST_CASE("a sink whose SQL argument the front end could not fold") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@f", "", "sqlite3_exec", 3, {{4, sv({lit("errmsg")})}}));
  auto a = sql::analyze({tu}, options());
  REQUIRE(a.unresolved.size() == 1);
  CHECK(a.unresolved[0].reason.find("not folded") != std::string::npos);
}

TEST_CASE("member calls match by object type, templates stripped") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  // run() is declared in a base; the rule names the class of the object.
  tu.call_sites.push_back(call("c:@F@f", "", "shop::BasicCursor<char>::run", 3, {{0, sv({lit("SELECT 1 FROM a")})}},
                               "shop::Cursor<shop::Tag<1>>"));
  tu.call_sites.push_back(
      call("c:@F@g", "", "soci::session::operator<<", 4, {{0, sv({lit("select * from b")})}}, "soci::session"));
  auto o = options();
  o.rule_texts.push_back({"shop.json", R"({"sinks": [{"callee": "shop::Cursor<T>::run", "sql_arg": 0}]})"});
  auto a = sql::analyze({tu}, o);
  CHECK(accesses(a) ==
        V{"c:@F@f a read SELECT shop::BasicCursor::run", "c:@F@g b read SELECT soci::session::operator<<"});
}

TEST_CASE("project rule files add sinks; the object can carry the SQL") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  CallSite c = call("c:@F@f", "", "legacy::Cursor::open", 3, {});
  c.object_value = sv({lit("SELECT * FROM ledger")});
  tu.call_sites.push_back(c);
  SqlOptions o = options();
  o.rule_texts.push_back({"project.json", R"({"sinks": [{"callee": "legacy::Cursor::open", "sql_arg": -1}]})"});
  auto a = sql::analyze({tu}, o);
  CHECK(accesses(a) == V{"c:@F@f ledger read SELECT legacy::Cursor::open"});
}

TEST_CASE("schema: tables, keys, unaccessed and undeclared tables") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(
      call("c:@F@f", "", "PQexec", 3, {{1, sv({lit("SELECT * FROM orders JOIN ghosts USING (id)")})}}));
  tu.call_sites.push_back(
      call("c:@F@init", "", "PQexec", 4,
           {{1, sv({lit("CREATE TABLE IF NOT EXISTS audit (id serial PRIMARY KEY, what text)")})}}));
  SqlOptions o = options();
  o.schema_texts.push_back(
      {"/db/schema.sql",
       "-- shop\nCREATE TABLE customers (id int PRIMARY KEY);\n"
       "CREATE TABLE orders (\n id int PRIMARY KEY,\n customer_id int REFERENCES customers(id)\n);\n"});
  auto a = sql::analyze({tu}, o);
  std::vector<std::string> names;
  for (const auto& t : a.tables) names.push_back(t.name + (t.in_schema ? "" : "?"));
  CHECK(names == V{"audit", "customers", "ghosts?", "orders"});
  const Table& orders = a.tables[3];
  CHECK(orders.defined_at.file == "/db/schema.sql");
  CHECK(orders.defined_at.line == 3);
  REQUIRE(orders.foreign_keys.size() == 1);
  CHECK(orders.foreign_keys[0].ref_table == "customers");
  CHECK(a.tables[0].defined_at.line == 4);  // CREATE TABLE in code: the call site
  CHECK(a.unaccessed_tables == V{"audit", "customers"});
  CHECK(a.undeclared_tables == V{"ghosts"});
}

TEST_CASE("schema: a table code creates LIKE another takes its columns", "[sql][schema]") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@archive", "", "PQexec", 3,
                               {{1, sv({lit("CREATE TABLE IF NOT EXISTS orders_2026 (LIKE orders INCLUDING ALL)")})}}));
  tu.call_sites.push_back(
      call("c:@F@stage", "", "PQexec", 4, {{1, sv({lit("CREATE TEMP TABLE staged (LIKE audit, batch int)")})}}));
  tu.call_sites.push_back(
      call("c:@F@init", "", "PQexec", 5, {{1, sv({lit("CREATE TABLE audit (id serial PRIMARY KEY, what text)")})}}));
  SqlOptions o = options();
  o.schema_texts.push_back({"/db/schema.sql", "CREATE TABLE orders (id int PRIMARY KEY, total numeric);\n"});
  auto a = sql::analyze({tu}, o);
  auto columns = [&](const std::string& name) {
    std::vector<std::string> out;
    for (const auto& t : a.tables) {
      if (t.name != name) continue;
      for (const auto& c : t.columns) out.push_back(c.name);
      if (!t.primary_key.empty()) out.push_back("pk:" + t.primary_key.front());
    }
    return out;
  };
  CHECK(columns("orders_2026") == V{"id", "total", "pk:id"});  // from the schema file, keys included
  CHECK(columns("staged") == V{"id", "what", "batch"});        // from another table code creates
}

TEST_CASE("schema: the database of each table, when the schema names several", "[sql][schema][databases]") {
  auto databases = [](std::vector<sql::SourceText> texts) {
    SqlOptions o = options();
    o.schema_texts = std::move(texts);
    std::vector<std::string> out;
    for (const auto& t : sql::analyze(std::vector<TuFacts>{}, o).tables) out.push_back(t.name + "@" + t.database);
    return out;
  };
  SECTION("a qualifier, a USE, a search_path; the server's default schema names none") {
    CHECK(databases({{"/db/schema.sql",
                      "CREATE TABLE auth.account (id int);\n"
                      "CREATE TABLE IF NOT EXISTS `realm`.`realmlist` (id int);\n"
                      "USE characters;\nCREATE TABLE characters_list (guid int);\n"
                      "SET search_path TO world, public;\nCREATE TABLE creature (id int);\n"
                      "CREATE TABLE public.settings (k text);\nCREATE TABLE dbo.logs (id int);\n"}}) ==
          V{"account@auth", "characters_list@characters", "creature@world", "logs@", "realmlist@realm", "settings@"});
  }
  SECTION("a file or folder named for a database") {
    CHECK(databases({{"/src/sql/base/auth_database.sql", "CREATE TABLE account (id int);\n"},
                     {"/src/sql/base/db_world/creature.sql", "CREATE TABLE creature (id int);\n"},
                     {"/src/sql/characters-db.sql", "CREATE TABLE guild (id int);\n"},
                     {"/src/sql/updates/2024_01.sql", "CREATE TABLE loose (id int);\n"}}) ==
          V{"account@auth", "creature@world", "guild@characters", "loose@"});
  }
  SECTION("one database draws no boundary: the field stays empty") {
    CHECK(databases({{"/db/auth_database.sql",
                      "CREATE TABLE account (id int);\nCREATE TABLE auth.sessions (id int);\n"
                      "CREATE TABLE public.x (id int);\n"}}) == V{"account@", "sessions@", "x@"});
    CHECK(databases({{"/db/schema.sql", "USE game;\nCREATE TABLE players (id int);\n"}}) == V{"players@"});
  }
}

TEST_CASE("stored functions resolve to the tables their bodies touch") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@f", "", "PQexec", 3, {{1, sv({lit("SELECT fn_close_month($1)")})}}));
  tu.call_sites.push_back(call("c:@F@g", "", "PQexec", 4, {{1, sv({lit("CALL unknown_proc()")})}}));
  SqlOptions o = options();
  o.schema_texts.push_back({"/db/fn.sql",
                            "CREATE FUNCTION fn_close_month(m int) RETURNS void AS $$\n"
                            "BEGIN\n  INSERT INTO ledger_archive SELECT * FROM ledger WHERE month = m;\n"
                            "  PERFORM fn_touch();\nEND $$ LANGUAGE plpgsql;\n"
                            "CREATE FUNCTION fn_touch() RETURNS void AS 'UPDATE stats SET n = n + 1' LANGUAGE sql;\n"});
  auto a = sql::analyze({tu}, o);
  CHECK(accesses(a) == V{"c:@F@f fn_close_month call CALL PQexec", "c:@F@f fn_touch call CALL PQexec",
                         "c:@F@f ledger read SELECT PQexec", "c:@F@f ledger_archive write INSERT PQexec",
                         "c:@F@f stats write UPDATE PQexec", "c:@F@g unknown_proc call CALL PQexec"});
}

TEST_CASE("transactions: BEGIN..COMMIT in one function, callees included") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@pay", "", "sqlite3_exec", 10, {{1, sv({lit("BEGIN IMMEDIATE")})}}));
  tu.call_sites.push_back(call("c:@F@pay", "", "sqlite3_exec", 11, {{1, sv({lit("UPDATE accounts SET b = b - 1")})}}));
  tu.edges.push_back(edge("c:@F@pay", "c:@F@log_it", 12));
  tu.call_sites.push_back(call("c:@F@pay", "", "sqlite3_exec", 13, {{1, sv({lit("COMMIT")})}}));
  tu.call_sites.push_back(call("c:@F@pay", "", "sqlite3_exec", 14, {{1, sv({lit("SELECT * FROM after_tx")})}}));
  tu.call_sites.push_back(
      call("c:@F@log_it", "", "sqlite3_exec", 40, {{1, sv({lit("INSERT INTO journal VALUES (1)")})}}));
  auto a = sql::analyze({tu}, options());
  const Transaction* t = tx_of(a, "c:@F@pay");
  REQUIRE(t);
  CHECK(t->kind == "sql");
  CHECK(t->id == "c:@F@pay#0");
  CHECK(t->loc.line == 10);
  CHECK(t->reads.empty());
  CHECK(t->writes == V{"accounts", "journal"});
  CHECK(a.transactions.size() == 1);
}

TEST_CASE("transactions: an early ROLLBACK on an exit path does not end the transaction") {
  // BEGIN; if (!ok) { ROLLBACK; return; } UPDATE ...; COMMIT; then a second one.
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@ship", "", "sqlite3_exec", 10, {{1, sv({lit("BEGIN")})}}));
  tu.call_sites.push_back(call("c:@F@ship", "", "sqlite3_exec", 12, {{1, sv({lit("ROLLBACK")})}}));
  tu.call_sites.push_back(call("c:@F@ship", "", "sqlite3_exec", 14, {{1, sv({lit("UPDATE shipments SET s = 1")})}}));
  tu.call_sites.push_back(call("c:@F@ship", "", "sqlite3_exec", 15, {{1, sv({lit("COMMIT")})}}));
  tu.call_sites.push_back(call("c:@F@ship", "", "sqlite3_exec", 20, {{1, sv({lit("BEGIN")})}}));
  tu.call_sites.push_back(call("c:@F@ship", "", "sqlite3_exec", 21, {{1, sv({lit("DELETE FROM carts")})}}));
  tu.call_sites.push_back(call("c:@F@ship", "", "sqlite3_exec", 22, {{1, sv({lit("COMMIT")})}}));
  auto a = sql::analyze({tu}, options());
  REQUIRE(a.transactions.size() == 2);
  CHECK(a.transactions[0].writes == V{"shipments"});
  CHECK(a.transactions[1].writes == V{"carts"});
}

TEST_CASE("transactions: RAII objects from the rules live to the end of their block") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.locals.push_back({"c:@F@move", "c:@F@move@w", "w", "pqxx::work", {"/src/a.cpp", 20, 3}, 25, 1});
  tu.call_sites.push_back(call("c:@F@move", "", "pqxx::transaction_base::exec", 21,
                               {{0, sv({lit("UPDATE stock SET n = 0")})}}, "pqxx::work"));
  tu.call_sites.push_back(call("c:@F@move", "", "pqxx::transaction_base::exec", 22,
                               {{0, sv({lit("SELECT * FROM depots")})}}, "pqxx::work"));
  tu.call_sites.push_back(call("c:@F@move", "", "PQexec", 30, {{1, sv({lit("SELECT * FROM outside")})}}));
  auto a = sql::analyze({tu}, options());
  const Transaction* t = tx_of(a, "c:@F@move");
  REQUIRE(t);
  CHECK(t->kind == "raii");
  CHECK(t->reads == V{"depots"});
  CHECK(t->writes == V{"stock"});
}

TEST_CASE("transactions: Qt's QSqlDatabase::transaction()/commit() calls") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.edges.push_back(edge("c:@F@ban", "c:@S@QSqlDatabase@F@transaction#", 5));
  tu.call_sites.push_back(call("c:@F@ban", "", "QSqlQuery::prepare", 6,
                               {{0, sv({lit("INSERT INTO {prefix}_bans (ip) VALUES (:ip)")})}}, "QSqlQuery"));
  tu.call_sites.push_back(call("c:@F@ban", "", "QSqlQuery::prepare", 7,
                               {{0, sv({lit("DELETE FROM {prefix}_sessions WHERE ip = :ip")})}}, "QSqlQuery"));
  tu.edges.push_back(edge("c:@F@ban", "c:@S@QSqlDatabase@F@commit#", 8));
  auto a = sql::analyze({tu}, options());
  const Transaction* t = tx_of(a, "c:@F@ban");
  REQUIRE(t);
  CHECK(t->kind == "call");
  CHECK(t->writes == V{"bans", "sessions"});
}

TEST_CASE("transactions: a project class that begins in its constructor and commits in a method") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.symbols.push_back(sym("c:@S@Tx", "app::Tx", SymbolKind::Class));
  tu.symbols.push_back(sym("c:@S@Tx@F@Tx#", "app::Tx::Tx", SymbolKind::Constructor, "c:@S@Tx"));
  tu.symbols.push_back(sym("c:@S@Tx@F@commit#", "app::Tx::commit", SymbolKind::Method, "c:@S@Tx"));
  tu.call_sites.push_back(call("c:@S@Tx@F@Tx#", "", "mysql_query", 2, {{1, sv({lit("START TRANSACTION")})}}));
  tu.call_sites.push_back(call("c:@S@Tx@F@commit#", "", "mysql_query", 3, {{1, sv({lit("COMMIT")})}}));
  tu.locals.push_back({"c:@F@transfer", "c:@F@transfer@t", "t", "app::Tx", {"/src/a.cpp", 50, 3}, 60, 1});
  tu.call_sites.push_back(call("c:@F@transfer", "", "mysql_query", 51, {{1, sv({lit("UPDATE a SET x = 1")})}}));
  tu.edges.push_back(edge("c:@F@transfer", "c:@S@Tx@F@commit#", 52));
  auto a = sql::analyze({tu}, options());
  const Transaction* t = tx_of(a, "c:@F@transfer");
  REQUIRE(t);
  CHECK(t->kind == "raii");
  CHECK(t->writes == V{"a"});
  // The constructor's lone BEGIN is the helper itself, not a transaction.
  CHECK(tx_of(a, "c:@S@Tx@F@Tx#") == nullptr);
}

TEST_CASE("transactions: a transaction object whose constructor begins is one transaction, not two (issue 16)") {
  // `app::Tx t(db);` is both a local of a transaction type (RAII) and a call
  // to a constructor that begins (begin()/commit()): one site, one transaction.
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.symbols.push_back(sym("c:@S@Tx", "app::Tx", SymbolKind::Class));
  tu.symbols.push_back(sym("c:@S@Tx@F@Tx#", "app::Tx::Tx", SymbolKind::Constructor, "c:@S@Tx"));
  tu.symbols.push_back(sym("c:@S@Tx@F@commit#", "app::Tx::commit", SymbolKind::Method, "c:@S@Tx"));
  tu.call_sites.push_back(call("c:@S@Tx@F@Tx#", "", "mysql_query", 2, {{1, sv({lit("START TRANSACTION")})}}));
  tu.call_sites.push_back(call("c:@S@Tx@F@commit#", "", "mysql_query", 3, {{1, sv({lit("COMMIT")})}}));
  tu.locals.push_back({"c:@F@transfer", "c:@F@transfer@t", "t", "app::Tx", {"/src/a.cpp", 50, 10}, 60, 1});
  tu.edges.push_back(edge("c:@F@transfer", "c:@S@Tx@F@Tx#", 50));  // the construction, another column
  tu.call_sites.push_back(call("c:@F@transfer", "", "mysql_query", 51, {{1, sv({lit("UPDATE a SET x = 1")})}}));
  tu.edges.push_back(edge("c:@F@transfer", "c:@S@Tx@F@commit#", 52));
  // After commit() but still in the object's block: the RAII scope has it.
  tu.call_sites.push_back(call("c:@F@transfer", "", "mysql_query", 53, {{1, sv({lit("SELECT * FROM b")})}}));
  auto a = sql::analyze({tu}, options());
  REQUIRE(a.transactions.size() == 1);
  const Transaction& t = a.transactions[0];
  CHECK(t.function == "c:@F@transfer");
  CHECK(t.id == "c:@F@transfer#0");
  CHECK(t.kind == "raii");
  CHECK(t.loc.line == 50);
  CHECK(t.writes == V{"a"});
  CHECK(t.reads == V{"b"});
}

TEST_CASE("transactions: two transaction objects in one function stay two transactions") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.symbols.push_back(sym("c:@S@Tx", "app::Tx", SymbolKind::Class));
  tu.symbols.push_back(sym("c:@S@Tx@F@Tx#", "app::Tx::Tx", SymbolKind::Constructor, "c:@S@Tx"));
  tu.symbols.push_back(sym("c:@S@Tx@F@commit#", "app::Tx::commit", SymbolKind::Method, "c:@S@Tx"));
  tu.call_sites.push_back(call("c:@S@Tx@F@Tx#", "", "mysql_query", 2, {{1, sv({lit("START TRANSACTION")})}}));
  tu.call_sites.push_back(call("c:@S@Tx@F@commit#", "", "mysql_query", 3, {{1, sv({lit("COMMIT")})}}));
  for (unsigned at : {50u, 60u}) {
    tu.locals.push_back(
        {"c:@F@two", "c:@F@two@t" + std::to_string(at), "t", "app::Tx", {"/src/a.cpp", at, 10}, at + 5, 1});
    tu.edges.push_back(edge("c:@F@two", "c:@S@Tx@F@Tx#", at));
    tu.call_sites.push_back(call("c:@F@two", "", "mysql_query", at + 1,
                                 {{1, sv({lit(at == 50 ? "UPDATE a SET x = 1" : "DELETE FROM b")})}}));
    tu.edges.push_back(edge("c:@F@two", "c:@S@Tx@F@commit#", at + 2));
  }
  auto a = sql::analyze({tu}, options());
  REQUIRE(a.transactions.size() == 2);
  CHECK(a.transactions[0].loc.line == 50);
  CHECK(a.transactions[0].writes == V{"a"});
  CHECK(a.transactions[1].loc.line == 60);
  CHECK(a.transactions[1].writes == V{"b"});
}

TEST_CASE("transactions: begin()/commit() helpers (The Forgotten Server's DBTransaction)") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(
      call("c:@S@Database@F@beginTransaction#", "", "mysql_real_query", 2, {{1, sv({lit("BEGIN")})}}));
  tu.call_sites.push_back(call("c:@S@Database@F@commit#", "", "mysql_real_query", 3, {{1, sv({lit("COMMIT")})}}));
  tu.edges.push_back(edge("c:@S@DBTransaction@F@begin#", "c:@S@Database@F@beginTransaction#", 5));
  tu.edges.push_back(edge("c:@S@DBTransaction@F@commit#", "c:@S@Database@F@commit#", 6));
  tu.edges.push_back(edge("c:@F@save", "c:@S@DBTransaction@F@begin#", 10));
  tu.call_sites.push_back(call("c:@F@save", "", "mysql_real_query", 11,
                               {{1, sv({lit("DELETE FROM `player_items` WHERE `id` = "), unk("id")})}}));
  tu.call_sites.push_back(
      call("c:@F@save", "", "mysql_real_query", 12, {{1, sv({lit("INSERT INTO `player_items` VALUES (1)")})}}));
  tu.edges.push_back(edge("c:@F@save", "c:@S@DBTransaction@F@commit#", 13));
  auto a = sql::analyze({tu}, options());
  REQUIRE(a.transactions.size() == 1);
  const Transaction& t = a.transactions[0];
  CHECK(t.function == "c:@F@save");
  CHECK(t.kind == "call");
  CHECK(t.writes == V{"player_items"});
}

TEST_CASE("results do not depend on TU order") {
  TuFacts a;
  a.file = "/src/a.cpp";
  a.call_sites.push_back(call("c:@F@x", "", "PQexec", 3, {{1, sv({lit("SELECT * FROM t1, t2")})}}));
  a.var_values.push_back({"c:@k", "k", {"/src/k.hpp", 1, 1}, sv({lit("DELETE FROM t3")}), {}});
  TuFacts b;
  b.file = "/src/b.cpp";
  b.call_sites.push_back(call("c:@F@y", "", "PQexec", 4, {{1, sv({var("c:@k")})}}));
  b.call_sites.push_back(
      call("c:@F@x", "", "PQexec", 3, {{1, sv({lit("SELECT * FROM t1, t2")})}}));  // header duplicate
  auto ab = sql::analyze({a, b}, options());
  auto ba = sql::analyze({b, a}, options());
  CHECK(accesses(ab) == accesses(ba));
  CHECK(accesses(ab) ==
        V{"c:@F@x t1 read SELECT PQexec", "c:@F@x t2 read SELECT PQexec", "c:@F@y t3 write DELETE PQexec"});
  CHECK(ab.sql_sites == 2);
}

// ---------------------------------------------------------------------------
// Stored routines (issue 15, item 6)

namespace {

std::vector<std::string> table_names(const DataAccessFacts& a) {
  std::vector<std::string> out;
  for (const auto& t : a.tables) out.push_back(t.name);
  return out;
}

// The logistics sample's stored code, trimmed.
const char* kRoutines =
    "CREATE TABLE order_lines (order_id int, sku text, quantity int);\n"
    "CREATE TABLE stock_items (id int PRIMARY KEY, sku text, on_hand int, reserved int);\n"
    "CREATE TABLE stock_reservations (order_id int, stock_item_id int, quantity int);\n"
    "CREATE TABLE tariffs (origin text, rate numeric);\n"
    "CREATE FUNCTION wms.reserve_stock(p_order_id BIGINT, p_warehouse_id BIGINT) RETURNS INTEGER\n"
    "LANGUAGE plpgsql AS $$\n"
    "DECLARE line RECORD; item_id BIGINT; reserved_n INTEGER := 0;\n"
    "BEGIN\n"
    "  FOR line IN SELECT ol.sku, ol.quantity FROM sales.order_lines ol WHERE ol.order_id = p_order_id LOOP\n"
    "    SELECT s.id INTO item_id FROM wms.stock_items s WHERE s.sku = line.sku FOR UPDATE;\n"
    "    IF item_id IS NULL THEN RAISE EXCEPTION 'no stock'; END IF;\n"
    "    UPDATE wms.stock_items SET reserved = reserved + line.quantity WHERE id = item_id;\n"
    "    INSERT INTO wms.stock_reservations VALUES (p_order_id, item_id, line.quantity);\n"
    "    PERFORM wms.touch(item_id);\n"
    "    reserved_n := reserved_n + 1;\n"
    "  END LOOP;\n"
    "  RETURN reserved_n;\n"
    "END $$;\n"
    "CREATE FUNCTION wms.touch(p_id BIGINT) RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;\n"
    "CREATE FUNCTION pricing.quote(p_origin TEXT) RETURNS NUMERIC LANGUAGE sql STABLE AS $$\n"
    "  SELECT t.rate FROM pricing.tariffs t WHERE t.origin = p_origin LIMIT 1 $$;\n"
    "CREATE FUNCTION wms.free_items() RETURNS SETOF stock_items LANGUAGE sql AS $$\n"
    "  SELECT * FROM wms.stock_items WHERE reserved = 0 $$;\n";

}  // namespace

TEST_CASE("a call of a stored routine is the routine's reads and writes, by the calling function", "[sql][routine]") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@reserve", "", "PQexec", 3, {{1, sv({lit("SELECT wms.reserve_stock($1, $2)")})}}));
  tu.call_sites.push_back(
      call("c:@F@reprice", "", "PQexec", 4, {{1, sv({lit("UPDATE orders SET total = pricing.quote(origin)")})}}));
  tu.call_sites.push_back(call("c:@F@free", "", "PQexec", 5, {{1, sv({lit("SELECT * FROM wms.free_items()")})}}));
  SqlOptions o = options();
  o.schema_texts.push_back({"/db/schema.sql", kRoutines});
  auto a = sql::analyze({tu}, o);
  CHECK(accesses(a) == V{"c:@F@free free_items call CALL PQexec", "c:@F@free stock_items read SELECT PQexec",
                         "c:@F@reprice orders write UPDATE PQexec", "c:@F@reprice quote call CALL PQexec",
                         "c:@F@reprice tariffs read SELECT PQexec", "c:@F@reserve order_lines read SELECT PQexec",
                         "c:@F@reserve reserve_stock call CALL PQexec", "c:@F@reserve stock_items read SELECT PQexec",
                         "c:@F@reserve stock_items write UPDATE PQexec",
                         "c:@F@reserve stock_reservations write INSERT PQexec", "c:@F@reserve touch call CALL PQexec"});
  // Routines, their variables and their builtins are never tables.
  CHECK(table_names(a) == V{"order_lines", "orders", "stock_items", "stock_reservations", "tariffs"});
  CHECK(a.resolved_sites == 3);
}

TEST_CASE("EXECUTE format() in a routine: its fixed tables count, a %I table is reported at the calling site",
          "[sql][routine]") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@archive", "", "PQexec", 3, {{1, sv({lit("CALL archive_month($1)")})}}));
  tu.call_sites.push_back(call("c:@F@stamp", "", "PQexec", 4, {{1, sv({lit("SELECT stamp(1)")})}}));
  SqlOptions o = options();
  o.schema_texts.push_back(
      {"/db/schema.sql",
       "CREATE TABLE orders (id int, placed date);\nCREATE TABLE audit (what text);\n"
       "CREATE PROCEDURE archive_month(m text) LANGUAGE plpgsql AS $$\nBEGIN\n"
       "  EXECUTE format('INSERT INTO %I SELECT * FROM orders WHERE to_char(placed, ''YYYYMM'') = %L', "
       "'orders_' || m, m);\n"
       "  EXECUTE format('DELETE FROM orders WHERE to_char(placed, ''YYYYMM'') = %1$L', m);\nEND $$;\n"
       "CREATE FUNCTION stamp(n int) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n"
       "  EXECUTE format('INSERT INTO audit (what) VALUES (%s)', quote_literal('100%% done'));\nEND $$;\n"});
  auto a = sql::analyze({tu}, o);
  CHECK(accesses(a) == V{"c:@F@archive archive_month call CALL PQexec", "c:@F@archive orders read SELECT PQexec",
                         "c:@F@archive orders write DELETE PQexec", "c:@F@stamp audit write INSERT PQexec",
                         "c:@F@stamp stamp call CALL PQexec"});
  REQUIRE(a.unresolved.size() == 1);
  CHECK(a.unresolved[0].symbol == "c:@F@archive");
  CHECK_THAT(a.unresolved[0].reason, Catch::Contains("table name is not statically known (in routine archive_month"));
  CHECK(a.resolved_sites == 2);
  CHECK(a.partly_resolved == 1);
}

TEST_CASE("builtins and routines of no known body are calls, not tables, and their sites name no table",
          "[sql][routine]") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@enc", "", "PQexec", 3, {{1, sv({lit("SELECT getdatabaseencoding()")})}}));
  tu.call_sites.push_back(
      call("c:@F@series", "", "PQexec", 4, {{1, sv({lit("SELECT * FROM generate_series(1, 10)")})}}));
  tu.call_sites.push_back(call("c:@F@ext", "", "PQexec", 5, {{1, sv({lit("SELECT * FROM my_fn(1)")})}}));
  tu.call_sites.push_back(call("c:@F@proc", "", "PQexec", 6, {{1, sv({lit("CALL unknown_proc()")})}}));
  auto a = sql::analyze({tu}, options());
  CHECK(accesses(a) == V{"c:@F@ext my_fn call CALL PQexec", "c:@F@proc unknown_proc call CALL PQexec"});
  CHECK(a.tables.empty());
  CHECK(a.sql_sites == 4);
  CHECK(a.resolved_sites == 0);
  CHECK(a.no_table_sites == 4);
  CHECK(a.no_table_kinds == std::map<std::string, unsigned>{{"probe", 2}, {"routine", 2}});
}

// ---------------------------------------------------------------------------
// Statements that touch no table (issue 15, item 11)

TEST_CASE("sites that name no table are counted by kind, and the counts add up", "[sql][no-table]") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  unsigned line = 10;
  for (const char* text :
       {"BEGIN", "COMMIT", "SAVEPOINT s1", "SET NAMES utf8mb4", "SHOW TABLES", "PRAGMA foreign_keys = ON",
        "LOCK TABLES a WRITE", "UNLOCK TABLES", "SELECT 1", "SELECT version()", "VACUUM", "SELECT archive_all()",
        "CREATE SEQUENCE s", "LISTEN jobs", "SELECT * FROM a", "this is not sql"}) {
    tu.call_sites.push_back(call("c:@F@f" + std::to_string(line), "", "sqlite3_exec", line, {{1, sv({lit(text)})}}));
    ++line;
  }
  auto a = sql::analyze({tu}, options());
  CHECK(a.sql_sites == 16);
  CHECK(a.resolved_sites == 1);
  CHECK(a.unresolved_sites == 1);
  CHECK(a.no_table_sites == 14);
  CHECK(a.sql_sites == a.resolved_sites + a.unresolved_sites + a.no_table_sites);
  CHECK(a.no_table_kinds == std::map<std::string, unsigned>{{"lock", 2},
                                                            {"maintenance", 1},
                                                            {"other", 1},
                                                            {"probe", 2},
                                                            {"routine", 1},
                                                            {"schema", 1},
                                                            {"session", 3},
                                                            {"transaction", 3}});
  unsigned sum = 0;
  for (const auto& [kind, n] : a.no_table_kinds) sum += n;
  CHECK(sum == a.no_table_sites);
}

TEST_CASE("transactions: LOCK TABLES ... UNLOCK TABLES in one function holds its tables together", "[sql][no-table]") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@transfer", "", "mysql_query", 10,
                               {{1, sv({lit("LOCK TABLES accounts WRITE, ledger WRITE, rates READ")})}}));
  tu.call_sites.push_back(
      call("c:@F@transfer", "", "mysql_query", 11, {{1, sv({lit("UPDATE accounts SET b = b - 1 WHERE id = 1")})}}));
  tu.edges.push_back(edge("c:@F@transfer", "c:@F@journal", 12));
  tu.call_sites.push_back(call("c:@F@transfer", "", "mysql_query", 13, {{1, sv({lit("UNLOCK TABLES")})}}));
  tu.call_sites.push_back(call("c:@F@transfer", "", "mysql_query", 14, {{1, sv({lit("SELECT * FROM after_unlock")})}}));
  tu.call_sites.push_back(
      call("c:@F@journal", "", "mysql_query", 40, {{1, sv({lit("INSERT INTO journal VALUES (1)")})}}));
  auto a = sql::analyze({tu}, options());
  const Transaction* t = tx_of(a, "c:@F@transfer");
  REQUIRE(t);
  CHECK(t->kind == "lock");
  CHECK(t->loc.line == 10);
  CHECK(t->writes == V{"accounts", "journal", "ledger"});  // what it locks for writing, and what it writes
  CHECK(t->reads == V{"rates"});
  CHECK(a.transactions.size() == 1);
  // The lock itself is no access: nothing reads or writes `ledger` or `rates`.
  for (const auto& x : a.accesses) CHECK((x.table != "ledger" && x.table != "rates"));
}

// Servatrice: lock tables {prefix}_sessions write, {prefix}_users read. The
// locked names are the schema's, as the accesses' are: never a second table.
TEST_CASE("transactions: a lock's {prefix}_ names are the schema's prefixed tables", "[sql][no-table][prefix]") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@lock", "", "mysql_query", 10,
                               {{1, sv({lit("lock tables {prefix}_sessions write, {prefix}_users read")})}}));
  tu.call_sites.push_back(
      call("c:@F@lock", "", "mysql_query", 11, {{1, sv({lit("UPDATE {prefix}_sessions SET end_time = NOW()")})}}));
  tu.call_sites.push_back(call("c:@F@lock", "", "mysql_query", 12, {{1, sv({lit("unlock tables")})}}));
  SqlOptions o = options();
  o.schema_texts.push_back(
      {"/db/servatrice.sql", "CREATE TABLE cockatrice_sessions (id int);\nCREATE TABLE cockatrice_users (id int);\n"});
  auto a = sql::analyze({tu}, o);
  const Transaction* t = tx_of(a, "c:@F@lock");
  REQUIRE(t);
  CHECK(t->writes == V{"cockatrice_sessions"});
  CHECK(t->reads == V{"cockatrice_users"});
  CHECK(a.undeclared_tables.empty());
}

TEST_CASE("transactions: PostgreSQL's LOCK TABLE inside a transaction adds the locked tables", "[sql][no-table]") {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.call_sites.push_back(call("c:@F@close", "", "PQexec", 10, {{1, sv({lit("BEGIN")})}}));
  tu.call_sites.push_back(
      call("c:@F@close", "", "PQexec", 11, {{1, sv({lit("LOCK TABLE invoices IN SHARE ROW EXCLUSIVE MODE")})}}));
  tu.call_sites.push_back(call("c:@F@close", "", "PQexec", 12, {{1, sv({lit("SELECT * FROM payments")})}}));
  tu.call_sites.push_back(call("c:@F@close", "", "PQexec", 13, {{1, sv({lit("COMMIT")})}}));
  auto a = sql::analyze({tu}, options());
  const Transaction* t = tx_of(a, "c:@F@close");
  REQUIRE(t);
  CHECK(t->kind == "sql");
  CHECK(t->writes == V{"invoices"});
  CHECK(t->reads == V{"payments"});
  CHECK(accesses(a) == V{"c:@F@close payments read SELECT PQexec"});
  CHECK(a.no_table_kinds == std::map<std::string, unsigned>{{"lock", 1}, {"transaction", 2}});
}
