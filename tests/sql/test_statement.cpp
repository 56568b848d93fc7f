// One SQL text -> tables: every dialect quirk the stage claims to handle.
#include "sql/statement.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using cleave::AccessMode;
using namespace cleave::sql;

namespace {

// "mode:name:verb" for every table of every statement, sorted.
std::vector<std::string> tables(const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& st : parse_sql(sql).statements) {
    for (const auto& t : st.tables) {
      out.push_back(std::string(cleave::to_string(t.mode)) + ":" + t.name + ":" + t.verb);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

using V = std::vector<std::string>;

Statement only(const std::string& sql) {
  auto p = parse_sql(sql);
  REQUIRE(p.statements.size() == 1);
  return p.statements.front();
}

}  // namespace

TEST_CASE("INSERT ... SELECT writes its target and reads its source") {
  CHECK(tables("INSERT INTO t SELECT * FROM s") == V{"read:s:SELECT", "write:t:INSERT"});
}

TEST_CASE("CTE names and aliases are not tables") {
  CHECK(tables("WITH recent AS (SELECT * FROM orders o WHERE o.ts > now()) "
               "SELECT r.id FROM recent r JOIN customers c ON c.id = r.cust") ==
        V{"read:customers:SELECT", "read:orders:SELECT"});
  // The same through the fallback: MySQL backticks and ? force the dialect path.
  CHECK(tables("WITH recent AS (SELECT * FROM `orders` o WHERE o.ts > ?) SELECT r.id FROM recent r, customers c LIMIT "
               "1, 2") == V{"read:customers:SELECT", "read:orders:SELECT"});
}

TEST_CASE("names are normalised: schema prefixes, quotes, case") {
  CHECK(tables("SELECT * FROM public.Orders") == V{"read:orders:SELECT"});
  CHECK(tables("SELECT * FROM \"Public\".\"Orders\"") == V{"read:orders:SELECT"});
  CHECK(tables("SELECT * FROM main.x") == V{"read:x:SELECT"});
  CHECK(normalise_name("public.Orders") == "orders");
  CHECK(normalise_name("[Orders]") == "orders");
  CHECK(normalise_name("`orders`") == "orders");
  CHECK(normalise_name("{prefix}_bans") == "bans");
}

TEST_CASE("MySQL backticks and SQLite brackets") {
  auto s = only("SELECT `name` FROM `players` WHERE `id` = 5");
  CHECK(s.parser == "pg-normalised");
  CHECK(tables("SELECT `name` FROM `players` WHERE `id` = 5") == V{"read:players:SELECT"});
  CHECK(tables("SELECT [Name] FROM [Customer Orders] WHERE [Id] = 1") == V{"read:customer orders:SELECT"});
  // PostgreSQL array subscripts stay subscripts.
  CHECK(tables("SELECT a[1] FROM t") == V{"read:t:SELECT"});
}

TEST_CASE("placeholder prefixes: {prefix}_bans -> bans") {
  CHECK(tables("SELECT ip FROM {prefix}_bans WHERE name = :name") == V{"read:bans:SELECT"});
  CHECK(tables("INSERT INTO {prefix}_log (a) VALUES (?)") == V{"write:log:INSERT"});
}

TEST_CASE("bind parameters and format placeholders") {
  CHECK(tables("SELECT * FROM users WHERE id = ?") == V{"read:users:SELECT"});
  CHECK(tables("SELECT * FROM users WHERE id = ?1 AND x = ?2") == V{"read:users:SELECT"});
  CHECK(tables("SELECT * FROM users WHERE name = :name AND age::int > 3") == V{"read:users:SELECT"});
  CHECK(tables("SELECT * FROM users WHERE id = $1") == V{"read:users:SELECT"});
  CHECK(only("SELECT * FROM users WHERE id = $1").parser == "pg");
  CHECK(tables("SELECT * FROM users WHERE id = %d AND name = '%s'") == V{"read:users:SELECT"});
  CHECK(tables("SELECT * FROM users WHERE id = %s") == V{"read:users:SELECT"});
  CHECK(tables("UPDATE accounts SET balance = %lu WHERE id = '%u'") == V{"write:accounts:UPDATE"});
  CHECK(tables("SELECT * FROM users WHERE id = {} AND name = {0}") == V{"read:users:SELECT"});
  CHECK(tables("SELECT * FROM users WHERE id = %1 AND name = %2") == V{"read:users:SELECT"});
  CHECK(tables("SELECT * FROM users WHERE id = @id") == V{"read:users:SELECT"});
}

TEST_CASE("REPLACE INTO, INSERT OR REPLACE, ON DUPLICATE KEY UPDATE, ON CONFLICT are writes") {
  CHECK(tables("REPLACE INTO kv (k, v) VALUES (?, ?)") == V{"write:kv:REPLACE"});
  CHECK(tables("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)") == V{"write:kv:REPLACE"});
  CHECK(tables("INSERT OR IGNORE INTO kv (k, v) VALUES (?, ?)") == V{"write:kv:INSERT"});
  CHECK(tables("INSERT IGNORE INTO kv (k, v) VALUES (1, 2)") == V{"write:kv:INSERT"});
  CHECK(tables("INSERT INTO `player_storage` (`key`, `value`) VALUES (1, 2) ON DUPLICATE KEY UPDATE `value` = "
               "VALUES(`value`)") == V{"write:player_storage:UPSERT"});
  CHECK(tables("INSERT INTO kv (k, v) VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = excluded.v") ==
        V{"write:kv:UPSERT"});
  CHECK(tables("INSERT INTO kv (k, v) VALUES (1, 2) ON CONFLICT DO NOTHING") == V{"write:kv:INSERT"});
}

TEST_CASE("UPDATE ... FROM and DELETE ... USING read the joined tables") {
  CHECK(tables("UPDATE t SET a = s.a FROM s WHERE s.id = t.id") == V{"read:s:SELECT", "write:t:UPDATE"});
  CHECK(tables("DELETE FROM t USING s WHERE s.id = t.id") == V{"read:s:SELECT", "write:t:DELETE"});
}

TEST_CASE("subqueries: IN, EXISTS, derived tables") {
  CHECK(tables("SELECT * FROM a WHERE id IN (SELECT a_id FROM b) AND EXISTS (SELECT 1 FROM c WHERE c.x = a.x)") ==
        V{"read:a:SELECT", "read:b:SELECT", "read:c:SELECT"});
  CHECK(tables("DELETE FROM a WHERE id IN (SELECT a_id FROM b)") == V{"read:b:SELECT", "write:a:DELETE"});
  CHECK(tables("SELECT * FROM (SELECT * FROM inner_t) AS d") == V{"read:inner_t:SELECT"});
}

TEST_CASE("DDL") {
  CHECK(tables("CREATE TABLE IF NOT EXISTS x (id int PRIMARY KEY, y int REFERENCES z(id))") == V{"ddl:x:CREATE"});
  CHECK(tables("DROP TABLE IF EXISTS a, b") == V{"ddl:a:DROP", "ddl:b:DROP"});
  CHECK(tables("ALTER TABLE a ADD COLUMN b int") == V{"ddl:a:ALTER"});
  CHECK(tables("TRUNCATE TABLE logs") == V{"write:logs:TRUNCATE"});
  CHECK(tables("CREATE INDEX i ON t (a)") == V{"ddl:t:CREATE"});
}

TEST_CASE("MySQL CREATE TABLE yields columns and keys through the token reader") {
  auto s = only(
      "CREATE TABLE IF NOT EXISTS `players` (\n"
      "  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
      "  `name` varchar(255) NOT NULL,\n"
      "  `account_id` int(11) UNSIGNED NOT NULL DEFAULT '0',\n"
      "  PRIMARY KEY (`id`),\n"
      "  UNIQUE KEY `name` (`name`),\n"
      "  FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE\n"
      ") ENGINE=InnoDB DEFAULT CHARSET=utf8;");
  REQUIRE(s.created);
  CHECK(s.created->name == "players");
  REQUIRE(s.created->columns.size() == 3);
  CHECK(s.created->columns[0].name == "id");
  CHECK(s.created->columns[0].type == "int(11)");
  CHECK(s.created->columns[2].type == "int(11) unsigned");
  CHECK(s.created->primary_key == V{"id"});
  REQUIRE(s.created->foreign_keys.size() == 1);
  CHECK(s.created->foreign_keys[0].columns == V{"account_id"});
  CHECK(s.created->foreign_keys[0].ref_table == "accounts");
  CHECK(s.created->foreign_keys[0].ref_columns == V{"id"});
  CHECK(tables("CREATE TABLE `players` (`id` int(11) NOT NULL AUTO_INCREMENT) ENGINE=InnoDB") ==
        V{"ddl:players:CREATE"});
}

TEST_CASE("ALTER TABLE ... ADD FOREIGN KEY is read as a key") {
  auto s = only("ALTER TABLE orders ADD CONSTRAINT fk_c FOREIGN KEY (customer_id) REFERENCES public.customers (id)");
  REQUIRE(s.added_keys.size() == 1);
  CHECK(s.added_keys[0].table == "orders");
  CHECK(s.added_keys[0].key.ref_table == "customers");
}

TEST_CASE("transaction control, savepoints ignored") {
  CHECK(only("BEGIN").tx == TxControl::Begin);
  CHECK(only("BEGIN IMMEDIATE").tx == TxControl::Begin);
  CHECK(only("BEGIN IMMEDIATE TRANSACTION").understood);
  CHECK(only("START TRANSACTION").tx == TxControl::Begin);
  CHECK(only("COMMIT").tx == TxControl::Commit);
  CHECK(only("END TRANSACTION").tx == TxControl::Commit);
  CHECK(only("ROLLBACK").tx == TxControl::Rollback);
  CHECK(only("SAVEPOINT a").tx == TxControl::None);
  CHECK(only("ROLLBACK TO SAVEPOINT a").tx == TxControl::None);
  CHECK(only("RELEASE SAVEPOINT a").tx == TxControl::None);
  auto p = parse_sql("BEGIN; UPDATE a SET x = 1; COMMIT;");
  REQUIRE(p.statements.size() == 3);
  CHECK(p.statements[0].tx == TxControl::Begin);
  CHECK(p.statements[1].tables.size() == 1);
  CHECK(p.statements[2].tx == TxControl::Commit);
}

TEST_CASE("stored routines: calls and definitions") {
  auto call = only("CALL archive_orders(1)");
  CHECK(call.calls == V{"archive_orders"});
  auto sel = only("SELECT fn_total(id), count(*), coalesce(a, b) FROM orders");
  CHECK(sel.calls == V{"fn_total"});  // builtins are not routines
  auto fb = only("SELECT `fn_total`(`id`) FROM `orders`");
  CHECK(fb.calls == V{"fn_total"});
  auto def = only(
      "CREATE FUNCTION fn_total(o int) RETURNS numeric AS $$ SELECT sum(amount) FROM order_lines WHERE order_id = o $$ "
      "LANGUAGE sql");
  REQUIRE(def.routine);
  CHECK(def.routine->name == "fn_total");
  CHECK(tables(def.routine->body) == V{"read:order_lines:SELECT"});
  auto my = parse_sql(
      "CREATE PROCEDURE archive(IN d INT) BEGIN INSERT INTO archive SELECT * FROM orders WHERE ts < d; DELETE FROM "
      "orders WHERE ts < d; END; SELECT 1");
  REQUIRE(my.statements.size() == 2);
  REQUIRE(my.statements[0].routine);
  CHECK(my.statements[0].routine->name == "archive");
  CHECK(tables(my.statements[0].routine->body) ==
        V{"read:orders:SELECT", "write:archive:INSERT", "write:orders:DELETE"});
}

TEST_CASE("dynamic table names are reported, not guessed") {
  auto s = only("SELECT * FROM {?} WHERE id = 1");
  CHECK(s.tables.empty());
  CHECK(s.dynamic.size() == 1);
  auto q = only("SELECT * FROM %1 WHERE id = 1");
  CHECK(q.tables.empty());
  CHECK(q.dynamic.size() == 1);
  CHECK(parse_sql("{?}").wholly_unknown);
  CHECK_FALSE(parse_sql("SELECT {?}").wholly_unknown);
}

TEST_CASE("garbage is never silent") {
  auto s = only("this is not sql at all");
  CHECK_FALSE(s.understood);
  CHECK_FALSE(s.error.empty());
  CHECK(s.parser == "fallback");
  // Broken SQL still yields the tables the fallback can see.
  auto b = only("SELECT a,, FROM t1 JOIN t2 ON ((");
  CHECK(b.parser == "fallback");
  CHECK(b.understood);
  CHECK(tables("SELECT a,, FROM t1 JOIN t2 ON ((") == V{"read:t1:SELECT", "read:t2:SELECT"});
}

TEST_CASE("MySQL quirks handled by the normaliser") {
  CHECK(tables("SELECT SQL_CALC_FOUND_ROWS * FROM `a` LIMIT 10, 20") == V{"read:a:SELECT"});
  CHECK(only("SELECT SQL_CALC_FOUND_ROWS * FROM `a` LIMIT 10, 20").parser == "pg-normalised");
  CHECK(tables("SELECT * FROM a WHERE name = 'it\\'s'") == V{"read:a:SELECT"});
  CHECK(tables("UPDATE LOW_PRIORITY `a` SET x = 1") == V{"write:a:UPDATE"});
  CHECK(tables("DELETE QUICK FROM `a` WHERE x = 1") == V{"write:a:DELETE"});
  CHECK(tables("SELECT * FROM a USE INDEX (i) WHERE x = 1") == V{"read:a:SELECT"});
}

TEST_CASE("the normaliser keeps PostgreSQL text PostgreSQL") {
  std::string over;
  CHECK(normalise_dialect("REPLACE INTO `t` VALUES (?, :x)", &over) == "INSERT INTO \"t\" VALUES ( $1 , $2 )");
  CHECK(over == "REPLACE");
}

TEST_CASE("fallback reads MySQL multi-table statements") {
  CHECK(tables("INSERT INTO a SET x = 1, y = (SELECT max(y) FROM b)") == V{"read:b:SELECT", "write:a:INSERT"});
  CHECK(tables("UPDATE a JOIN b ON a.id = b.id SET a.x = b.x") == V{"read:b:SELECT", "write:a:UPDATE"});
}

TEST_CASE("catalog tables are not application tables") {
  CHECK(tables("SELECT name FROM sqlite_master WHERE type = 'table'").empty());
  CHECK(tables("SELECT * FROM information_schema.tables WHERE table_name = 'x'").empty());
  CHECK(tables("SELECT * FROM `information_schema`.`tables` WHERE `table_name` = ?").empty());
  CHECK(tables("SELECT * FROM pg_catalog.pg_class JOIN orders ON true") == V{"read:orders:SELECT"});
}

TEST_CASE("builtin functions are known from the first to the last of the list, and routines are not") {
  for (const char* f : {"abs", "count", "coalesce", "now", "zeroblob"}) CHECK(cleave::sql::is_builtin_function(f));
  for (const char* f : {"fn_total", "archive", "zzz"}) CHECK_FALSE(cleave::sql::is_builtin_function(f));
}

TEST_CASE("a SELECT that returns every row of its table is told apart from a bounded one", "[sql][fitness]") {
  CHECK(reads_every_row("SELECT id, name FROM players"));
  CHECK(reads_every_row("SELECT `id`, `owner` FROM `houses`"));
  CHECK(reads_every_row("select * from orders o join order_lines l on l.order_id = o.id"));
  CHECK_FALSE(reads_every_row("SELECT id FROM players WHERE account_id = ?"));
  CHECK_FALSE(reads_every_row("SELECT id FROM players ORDER BY level DESC LIMIT 10"));
  CHECK_FALSE(reads_every_row("SELECT TOP 5 id FROM players"));
  CHECK_FALSE(reads_every_row("SELECT COUNT(*) FROM players_online"));
  CHECK_FALSE(reads_every_row("SELECT vocation, MAX(level) FROM players GROUP BY vocation"));
  CHECK_FALSE(reads_every_row("SELECT * FROM a WHERE id IN (SELECT a_id FROM b)"));
  CHECK_FALSE(reads_every_row("UPDATE players SET online = 0"));
  CHECK_FALSE(reads_every_row("SELECT 1"));
  // The flag reaches the statement.
  CHECK(parse_sql("SELECT id FROM houses").statements.at(0).every_row);
  CHECK_FALSE(parse_sql("SELECT id FROM houses WHERE id = 1").statements.at(0).every_row);
}
