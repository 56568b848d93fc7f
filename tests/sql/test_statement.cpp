// One SQL text -> tables: every dialect quirk the stage claims to handle.
#include "sql/statement.hpp"

#include "sql/schema.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
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

TEST_CASE("PostgreSQL's sha224/sha256/sha384/sha512 are builtins, not routines (openstreetmap-cgimap hashes tokens)") {
  for (const char* f : {"sha224", "sha256", "sha384", "sha512"}) CHECK(cleave::sql::is_builtin_function(f));
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

// ---------------------------------------------------------------------------
// Stored routines (issue 15, item 6)

namespace {

// Like tables(), for the body of a stored routine.
std::vector<std::string> body_tables(const std::string& body) {
  std::vector<std::string> out;
  for (const auto& st : parse_sql(body, SqlSource::RoutineBody).statements) {
    for (const auto& t : st.tables) out.push_back(std::string(cleave::to_string(t.mode)) + ":" + t.name + ":" + t.verb);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> body_calls(const std::string& body) {
  std::vector<std::string> out;
  for (const auto& st : parse_sql(body, SqlSource::RoutineBody).statements) {
    out.insert(out.end(), st.calls.begin(), st.calls.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

TEST_CASE("routine bodies: SELECT ... INTO names variables, not tables", "[sql][routine]") {
  CHECK(body_tables("BEGIN SELECT s.id INTO v_x FROM stock_items s WHERE s.sku = p_sku; END") ==
        V{"read:stock_items:SELECT"});
  CHECK(body_tables("SELECT a, b INTO STRICT v_a, v_b FROM t WHERE id = 1") == V{"read:t:SELECT"});
  CHECK(body_tables("SELECT count(*) INTO n FROM t") == V{"read:t:SELECT"});
  CHECK(body_tables("INSERT INTO log (x) VALUES (1) RETURNING id INTO v_id") == V{"write:log:INSERT"});
  CHECK(body_tables("UPDATE t SET n = n + 1 WHERE id = 1 RETURNING n INTO v_n") == V{"write:t:UPDATE"});
  // MySQL: SELECT ... INTO var, FETCH ... INTO var.
  CHECK(body_tables("BEGIN DECLARE v INT; SELECT max(id) INTO v FROM orders; FETCH c INTO v; END") ==
        V{"read:orders:SELECT"});
  // Client SQL is not a body: PostgreSQL's SELECT INTO creates a table there.
  CHECK(tables("SELECT * INTO archive FROM orders") == V{"ddl:archive:CREATE", "read:orders:SELECT"});
}

TEST_CASE("routine bodies: statements inside PL/pgSQL and MySQL control flow are read", "[sql][routine]") {
  // The logistics sample's wms.reserve_stock.
  const std::string reserve =
      "DECLARE\n    line RECORD;\n    item_id BIGINT;\n    available INTEGER;\n    reserved_n INTEGER := 0;\n"
      "BEGIN\n"
      "    FOR line IN SELECT ol.sku, ol.quantity FROM sales.order_lines ol WHERE ol.order_id = p_order_id LOOP\n"
      "        SELECT s.id, s.on_hand - s.reserved INTO item_id, available\n"
      "          FROM wms.stock_items s WHERE s.warehouse_id = p_warehouse_id AND s.sku = line.sku FOR UPDATE;\n"
      "        IF item_id IS NULL OR available < line.quantity THEN\n"
      "            RAISE EXCEPTION 'insufficient stock for % in warehouse %', line.sku, p_warehouse_id;\n"
      "        END IF;\n"
      "        UPDATE wms.stock_items SET reserved = reserved + line.quantity WHERE id = item_id;\n"
      "        INSERT INTO wms.stock_reservations (order_id, stock_item_id, quantity, status)\n"
      "             VALUES (p_order_id, item_id, line.quantity, 'held');\n"
      "        reserved_n := reserved_n + 1;\n"
      "    END LOOP;\n"
      "    RETURN reserved_n;\n"
      "END;\n";
  CHECK(body_tables(reserve) == V{"read:order_lines:SELECT", "read:stock_items:SELECT", "write:stock_items:UPDATE",
                                  "write:stock_reservations:INSERT"});
  CHECK(body_calls(reserve).empty());
  // Conditions and assignments hold subqueries; branches hold statements.
  CHECK(body_tables("BEGIN IF EXISTS (SELECT 1 FROM holds WHERE id = p) THEN DELETE FROM a WHERE id = p; "
                    "ELSIF p > 0 THEN UPDATE b SET x = 1; ELSE INSERT INTO c VALUES (p); END IF; "
                    "v := (SELECT count(*) FROM d); "
                    "WHILE v > 0 LOOP DELETE FROM e WHERE id = v; v := v - 1; END LOOP; "
                    "<<outer>> LOOP EXIT outer WHEN v = 0; END LOOP; "
                    "CASE WHEN v = 1 THEN UPDATE g SET y = 2; END CASE; "
                    "RETURN QUERY SELECT * FROM f; "
                    "EXCEPTION WHEN unique_violation THEN INSERT INTO errors VALUES (p); END") ==
        V{"read:d:SELECT", "read:f:SELECT", "read:holds:SELECT", "write:a:DELETE", "write:b:UPDATE", "write:c:INSERT",
          "write:e:DELETE", "write:errors:INSERT", "write:g:UPDATE"});
  // A cursor's query runs when it is opened.
  CHECK(body_tables("DECLARE c CURSOR FOR SELECT id FROM pending; BEGIN OPEN c; END") == V{"read:pending:SELECT"});
  CHECK(body_tables("BEGIN OPEN c FOR SELECT id FROM queued; END") == V{"read:queued:SELECT"});
  // MySQL: handlers, SET, WHILE ... DO, REPEAT ... UNTIL.
  CHECK(body_tables("BEGIN DECLARE done INT DEFAULT 0; "
                    "DECLARE cur CURSOR FOR SELECT id FROM jobs; "
                    "DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1; "
                    "SET n = (SELECT count(*) FROM slots); "
                    "WHILE n > 0 DO UPDATE slots SET used = 1 WHERE id = n; SET n = n - 1; END WHILE; "
                    "REPEAT DELETE FROM stale LIMIT 100; UNTIL ROW_COUNT() = 0 END REPEAT; END") ==
        V{"read:jobs:SELECT", "read:slots:SELECT", "write:slots:UPDATE", "write:stale:DELETE"});
  // Dynamic SQL with a constant text is still SQL.
  CHECK(body_tables("BEGIN EXECUTE 'DELETE FROM scratch'; END") == V{"write:scratch:DELETE"});
}

TEST_CASE("routine bodies: PERFORM and assignments call routines", "[sql][routine]") {
  CHECK(body_calls("BEGIN PERFORM audit_touch(p_id); v_code := next_code(1); RETURN lower(v_code); END") ==
        V{"audit_touch", "next_code"});
  CHECK(body_tables("BEGIN PERFORM audit_touch(p_id); END").empty());
}

TEST_CASE("a function call is a call or a builtin, never a table", "[sql][routine]") {
  auto enc = only("SELECT getdatabaseencoding()");
  CHECK(enc.tables.empty());
  CHECK(enc.calls.empty());  // a builtin
  CHECK(only("SELECT pg_advisory_lock(42)").calls.empty());
  auto series = only("SELECT * FROM generate_series(1, 10) g");
  CHECK(series.tables.empty());
  CHECK(series.calls.empty());
  auto fn = only("SELECT * FROM my_fn(1)");
  CHECK(fn.tables.empty());
  CHECK(fn.calls == V{"my_fn"});
  auto joined = only("SELECT * FROM my_fn(1) f JOIN orders o ON o.id = f.id");
  CHECK(joined.calls == V{"my_fn"});
  CHECK(tables("SELECT * FROM my_fn(1) f JOIN orders o ON o.id = f.id") == V{"read:orders:SELECT"});
  CHECK(only("SELECT wms.reserve_stock($1, $2)").calls == V{"reserve_stock"});
  // Qualified by a schema of the project, a name a builtin also has is the project's routine.
  CHECK(only("UPDATE orders SET total = pricing.quote(a, b) WHERE id = 1").calls == V{"quote"});
  CHECK(only("SELECT quote(name) FROM t").calls.empty());  // SQLite's quote()
  // The same through the token fallback (the doubled comma makes libpg_query give up).
  auto fb = only("SELECT wms.reserve_stock(1, 2),, x FROM t");
  REQUIRE(fb.parser == "fallback");
  CHECK(fb.calls == V{"reserve_stock"});
  auto fb2 = only("SELECT getdatabaseencoding(),, FROM generate_series(1, 2) JOIN my_fn(3) ON true");
  REQUIRE(fb2.parser == "fallback");
  CHECK(fb2.tables.empty());
  CHECK(fb2.calls == V{"my_fn"});
}

TEST_CASE("CREATE TABLE x (LIKE y) takes y's columns, and its keys where it says so", "[sql][schema]") {
  Schema schema;
  add_schema_text(schema,
                  "CREATE TABLE owners (id int PRIMARY KEY);\n"
                  "CREATE TABLE pets (id int PRIMARY KEY, name text NOT NULL, owner_id int REFERENCES owners(id));\n"
                  "CREATE TABLE pets_copy (LIKE pets);\n"
                  "CREATE TABLE pets_archive (LIKE public.pets INCLUDING ALL, archived_at timestamptz);\n"
                  "CREATE TABLE pets_plain (LIKE pets INCLUDING ALL EXCLUDING INDEXES);\n"
                  "CREATE TABLE pets_mysql LIKE pets;\n"
                  "CREATE TABLE ghosts (LIKE nowhere, id int);\n",
                  "/db/schema.sql");
  auto columns = [&](const std::string& name) {
    std::vector<std::string> out;
    for (const auto& c : schema.tables.at(name).columns) out.push_back(c.name + " " + c.type);
    return out;
  };
  const V pets{"id int", "name text", "owner_id int"};
  CHECK(columns("pets_copy") == pets);
  CHECK(schema.tables.at("pets_copy").primary_key.empty());  // PostgreSQL copies keys only when told to
  CHECK(columns("pets_archive") == V{"id int", "name text", "owner_id int", "archived_at timestamptz"});
  CHECK(schema.tables.at("pets_archive").primary_key == V{"id"});
  CHECK(schema.tables.at("pets_archive").foreign_keys.empty());  // LIKE never copies foreign keys
  CHECK(columns("pets_plain") == pets);
  CHECK(schema.tables.at("pets_plain").primary_key.empty());
  CHECK(columns("pets_mysql") == pets);  // MySQL's CREATE TABLE ... LIKE copies the indexes
  CHECK(schema.tables.at("pets_mysql").primary_key == V{"id"});
  CHECK(columns("ghosts") == V{"id int"});  // an unknown source adds nothing
  CHECK(schema.tables.at("pets_mysql").defined_at.line == 6);
}

// ---------------------------------------------------------------------------
// Statements that touch no table (issue 15, item 11)

TEST_CASE("a statement that names no table says what it is for", "[sql][no-table]") {
  auto purpose = [](const std::string& sql) { return std::string(to_string(only(sql).purpose)); };
  CHECK(purpose("SELECT * FROM orders") == "data");
  CHECK(purpose("INSERT INTO {?} VALUES (1)") == "data");  // a table, even if unknown
  for (const char* tx :
       {"BEGIN", "START TRANSACTION", "COMMIT", "ROLLBACK", "SAVEPOINT a", "RELEASE SAVEPOINT a",
        "ROLLBACK TO SAVEPOINT a", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "END", "SET autocommit = 0"}) {
    INFO(tx);
    CHECK(purpose(tx) == "transaction");
  }
  for (const char* session :
       {"SET NAMES utf8mb4", "SET search_path TO app", "SHOW TABLES", "SHOW server_version", "USE shop",
        "PRAGMA foreign_keys = ON", "RESET ALL", "DISCARD ALL", "SET SESSION sql_mode = 'STRICT_ALL_TABLES'"}) {
    INFO(session);
    CHECK(purpose(session) == "session");
  }
  for (const char* lock : {"LOCK TABLES a WRITE", "UNLOCK TABLES", "LOCK TABLE orders IN EXCLUSIVE MODE",
                           "SELECT GET_LOCK('job', 10)", "SELECT pg_advisory_lock(42)", "SELECT RELEASE_LOCK('job')"}) {
    INFO(lock);
    CHECK(purpose(lock) == "lock");
  }
  for (const char* probe : {"SELECT 1", "SELECT version()", "SELECT now()", "SELECT getdatabaseencoding()",
                            "SELECT LAST_INSERT_ID()", "VALUES (1)", "SELECT nextval('invoice_no')"}) {
    INFO(probe);
    CHECK(purpose(probe) == "probe");
  }
  for (const char* m : {"VACUUM", "VACUUM ANALYZE", "ANALYZE", "CHECKPOINT", "PRAGMA integrity_check",
                        "PRAGMA wal_checkpoint(TRUNCATE)", "REINDEX DATABASE shop", "FLUSH PRIVILEGES"}) {
    INFO(m);
    CHECK(purpose(m) == "maintenance");
  }
  CHECK(purpose("SELECT my_fn(1)") == "routine");
  CHECK(purpose("CALL close_period($1)") == "routine");
  CHECK(purpose("CREATE SEQUENCE invoice_no") == "schema");
  CHECK(purpose("CREATE EXTENSION IF NOT EXISTS pgcrypto") == "schema");
  CHECK(purpose("LISTEN jobs") == "other");
  CHECK(purpose("DEALLOCATE ALL") == "other");
}

TEST_CASE("LOCK TABLES names the tables it locks, without reading or writing them", "[sql][no-table]") {
  auto my = only("LOCK TABLES accounts WRITE, `ledger` AS l LOW_PRIORITY WRITE, rates READ LOCAL");
  CHECK(my.understood);
  CHECK(my.tables.empty());
  CHECK(my.tx == TxControl::Lock);
  std::vector<std::string> locked;
  for (const auto& t : my.locked) locked.push_back(t.name + ":" + std::string(cleave::to_string(t.mode)));
  CHECK(locked == V{"accounts:write", "ledger:write", "rates:read"});
  auto un = only("UNLOCK TABLES");
  CHECK(un.understood);
  CHECK(un.tx == TxControl::Unlock);
  // PostgreSQL's LOCK TABLE lives in a transaction and ends with it.
  auto pg = only("LOCK TABLE public.orders, order_lines IN SHARE ROW EXCLUSIVE MODE");
  CHECK(pg.understood);
  CHECK(pg.tables.empty());
  CHECK(pg.tx == TxControl::None);
  REQUIRE(pg.locked.size() == 2);
  CHECK(pg.locked[0].name == "order_lines");
  CHECK(pg.locked[1].name == "orders");
  CHECK(pg.locked[1].mode == AccessMode::Write);
  auto share = only("LOCK orders IN ACCESS SHARE MODE");
  REQUIRE(share.locked.size() == 1);
  CHECK(share.locked[0].mode == AccessMode::Read);
}
