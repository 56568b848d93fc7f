// One SQL text -> the statements in it, each with the tables it touches.
//
// Contract
//  - Never throws on any input and never returns silence: a statement that
//    neither libpg_query nor the token fallback understands comes back with
//    `understood == false` and libpg_query's error, so the caller can record
//    the site as unresolved.
//  - Order of attempts: libpg_query on the text as written; libpg_query on the
//    dialect-normalised text (backticks, [brackets], ?/:name/@name params,
//    {prefix}/%s/%1 placeholders, REPLACE INTO, INSERT OR REPLACE, ON DUPLICATE
//    KEY UPDATE, BEGIN IMMEDIATE, LIMIT a,b); the token fallback.
//  - Table names are normalised (normalise_name); CTE names and aliases are
//    never tables. A table whose name is wholly unknown at compile time is
//    listed in `dynamic`, not in `tables`.
//  - Schema facts (CREATE TABLE columns/keys, ALTER TABLE ... FOREIGN KEY,
//    CREATE FUNCTION/PROCEDURE bodies) are read from tokens, whatever the
//    dialect, so MySQL DDL yields the same schema as PostgreSQL DDL.
//  - A function call is never a table: a builtin (is_builtin_function, or a
//    name qualified by pg_catalog) is dropped, anything else is a routine in
//    `calls`, in a select list, a FROM clause (SELECT * FROM fn(1)) or a CALL.
//    A name qualified by another schema (pricing.quote) is the project's
//    routine even when a builtin has the same name.
//  - Routine bodies (SqlSource::RoutineBody) are PL/pgSQL or MySQL stored
//    code: the SQL statements inside IF/ELSIF/ELSE, LOOP, FOR ... IN query
//    LOOP, WHILE, REPEAT, CASE, EXCEPTION handlers, cursor declarations,
//    assignments (x := (SELECT ...)), SET x = ..., RETURN [QUERY] and
//    EXECUTE 'constant text' are read as statements; `SELECT ... INTO v`,
//    `RETURNING ... INTO v` and `FETCH c INTO v` name variables, not tables;
//    PERFORM f() is SELECT f(), a call of f. In client SQL, PostgreSQL's
//    SELECT ... INTO t creates the table t.
//  - Locks are not accesses. MySQL's LOCK TABLES a WRITE, b READ (tx Lock)
//    and UNLOCK TABLES (tx Unlock) bracket work like a transaction
//    (transactions.hpp); PostgreSQL's LOCK [TABLE] x [IN mode MODE] (tx None)
//    lives inside the transaction it is issued in. Either way the tables are
//    in `locked`, with mode Write for a write lock (MySQL WRITE; PostgreSQL
//    ROW EXCLUSIVE and stronger, the default ACCESS EXCLUSIVE included) and
//    Read otherwise, and never in `tables`.
//  - Every statement has a Purpose: Data when it names a table (or a table
//    whose name is unknown), else what it is for (transaction control,
//    session settings, locks, probes such as SELECT 1, maintenance, routine
//    calls, schema work without a table, other). The SQL stage counts sites
//    that name no table by it (DataAccessFacts::no_table_kinds).
#pragma once

#include "core/data_access.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::sql {

// Lock and Unlock: MySQL's LOCK TABLES and UNLOCK TABLES.
enum class TxControl : std::uint8_t { None, Begin, Commit, Rollback, Lock, Unlock };

// What a statement is for. Data: it names a table; the rest name none.
enum class Purpose : std::uint8_t {
  Data,
  Transaction,  // BEGIN, COMMIT, ROLLBACK, SAVEPOINT, SET TRANSACTION, SET autocommit
  Session,      // SET, SHOW, USE, RESET, DISCARD, PRAGMA (settings)
  Lock,         // LOCK/UNLOCK TABLES, LOCK TABLE, GET_LOCK(), pg_advisory_lock()
  Probe,        // SELECT 1, SELECT version(), SELECT now(): builtins only
  Maintenance,  // VACUUM, ANALYZE, OPTIMIZE, REINDEX, CHECKPOINT, FLUSH, PRAGMA integrity_check
  Routine,      // calls stored routines, names no table itself
  Schema,       // DDL of no table: CREATE SEQUENCE, CREATE EXTENSION, GRANT ...
  Other,        // LISTEN, NOTIFY, PREPARE, DEALLOCATE, ...
};
// "data", "transaction", "session", "lock", "probe", "maintenance",
// "routine", "schema", "other".
std::string_view to_string(Purpose purpose);

// Where a text comes from: client code, or the body of a stored routine.
enum class SqlSource : std::uint8_t { Client, RoutineBody };

struct TableRef {
  std::string name;  // normalised
  AccessMode mode = AccessMode::Read;
  // What the statement does to the table: SELECT, INSERT, UPDATE, DELETE,
  // UPSERT (insert or update), REPLACE, TRUNCATE, MERGE, CREATE, ALTER, DROP, CALL.
  std::string verb;
  // The name as written, lower case, with each placeholder or non-constant
  // part as {?}, when it had any ("{?}_users", "{?}_{?}list"); empty for a
  // wholly static name. The SQL stage matches it against the schema.
  std::string pattern;

  friend bool operator==(const TableRef&, const TableRef&) = default;
  friend auto operator<=>(const TableRef&, const TableRef&) = default;
};

struct RoutineDef {
  std::string name;  // normalised like a table name
  std::string body;  // the SQL of the body, analysed by the caller (routines may call routines)
};

// CREATE TABLE x (LIKE y [INCLUDING ...]) and MySQL's CREATE TABLE x LIKE y:
// x takes y's columns at `position` (an index into x's own columns), and
// y's primary key when `keys` (INCLUDING ALL/INDEXES, or MySQL's form).
// PostgreSQL never copies foreign keys; neither does MySQL.
struct TableLike {
  std::string source;  // normalised
  std::size_t position = 0;
  bool keys = false;

  friend bool operator==(const TableLike&, const TableLike&) = default;
};

struct AddedForeignKey {
  std::string table;
  ForeignKey key;
};

struct Statement {
  std::string text;                  // the statement as written, long VALUES lists shortened (tokenize())
  std::size_t offset = 0;            // where it starts in the text given to parse_sql
  std::string verb;                  // leading verb in upper case (SELECT, INSERT, BEGIN, ...)
  std::vector<TableRef> tables;      // sorted, unique
  std::vector<std::string> calls;    // stored routines called (builtins excluded), sorted, unique
  std::vector<std::string> dynamic;  // table positions whose name is not statically known, as written
  std::vector<TableRef> locked;      // tables a LOCK statement locks, sorted (verb "LOCK"); never in `tables`
  TxControl tx = TxControl::None;
  Purpose purpose = Purpose::Data;
  std::optional<Table> created;             // CREATE TABLE (no defined_at)
  std::vector<TableLike> created_like;      // its LIKE clauses (the schema resolves them)
  std::vector<AddedForeignKey> added_keys;  // ALTER TABLE ... ADD FOREIGN KEY
  std::optional<RoutineDef> routine;        // CREATE FUNCTION / PROCEDURE
  std::string parser;                       // "pg" | "pg-normalised" | "fallback"
  std::string error;                        // libpg_query's complaint when it rejected the text
  bool understood = false;
  // A SELECT that returns every row of its tables: no WHERE, LIMIT, TOP,
  // FETCH, GROUP BY or aggregate anywhere in it. Its cost grows with the data.
  bool every_row = false;
};

struct ParsedSql {
  std::vector<Statement> statements;
  bool wholly_unknown = false;  // the text is nothing but placeholders
};

ParsedSql parse_sql(std::string_view text, SqlSource source = SqlSource::Client);

// "public.Orders", `orders`, [Orders], {prefix}_orders -> "orders"; empty when
// nothing static is left.
std::string normalise_name(std::string_view qualified);

// True for a plain SELECT that returns a row per row of its tables (see
// Statement::every_row); exposed for tests.
bool reads_every_row(std::string_view sql);

// The text libpg_query is given on the second attempt (exposed for tests).
std::string normalise_dialect(std::string_view text, std::string* verb_override = nullptr);

// A function the database provides (builtins.cpp), by its lower-case
// unqualified name; PostgreSQL's pg_* functions included.
bool is_builtin_function(std::string_view lower_name);

}  // namespace cleave::sql
