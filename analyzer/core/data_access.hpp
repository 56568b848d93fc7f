// Data-access facts: tables, who reads and writes them, and in which
// transaction. Produced by analyzer/sql from TuFacts, merged into the Model.
//
// Contract
//  - Table names are normalised: lower case, unquoted, without schema prefix
//    ("public.Orders", `orders`, [Orders] -> "orders").
//  - Every SQL site the SQL stage could not turn into tables is kept in
//    UnresolvedSql with a reason; a site that names no table (BEGIN, SET,
//    LOCK TABLES, SELECT 1...) is counted by kind; nothing is dropped silently.
#pragma once

#include "core/facts.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cleave {

enum class AccessMode : std::uint8_t { Read, Write, Ddl, Call };
std::string_view to_string(AccessMode mode);
bool parse_access_mode(std::string_view text, AccessMode& out);

struct ForeignKey {
  std::vector<std::string> columns;
  std::string ref_table;  // normalised
  std::vector<std::string> ref_columns;
};

struct Column {
  std::string name;
  std::string type;
};

struct Table {
  std::string name;  // normalised
  std::vector<Column> columns;
  std::vector<std::string> primary_key;
  std::vector<ForeignKey> foreign_keys;
  Location defined_at;  // schema file or code; empty file when in no schema
  bool in_schema = false;
  // The database (or schema) the schema puts the table in: its qualifier
  // (`auth.account`), else the USE or SET search_path before it, else a file
  // or folder named for one (`auth_database.sql`, `db_world/`). Empty unless
  // the schema names at least two: one database draws no boundary.
  std::string database;
};

struct TableAccess {
  std::string symbol;  // USR of the accessing function
  std::string table;   // normalised
  AccessMode mode = AccessMode::Read;
  Location loc;            // the call site that runs the SQL
  std::string sql;         // excerpt, at most ~200 characters
  std::string via;         // the sink reached, e.g. "sqlite3_prepare_v2" or a wrapper's name
  std::string verb;        // statement verb: SELECT, INSERT, UPDATE, DELETE, UPSERT, REPLACE, CREATE, CALL ...
  bool every_row = false;  // a read of the whole table: a SELECT with no WHERE, LIMIT, GROUP BY or aggregate
  // > 1 when the name was partly dynamic ("{prefix}_" + kind + "list") and the
  // schema holds that many tables it may be: this is one of them.
  unsigned one_of = 0;
};

// The CRUD letters one access contributes, in "CRUD" order: the one rule
// behind `cleave tables` and every report. A read is R. A write's letters
// follow the verb the SQL stage recorded for that table (per table: in
// "WITH d AS (DELETE FROM a ...) INSERT INTO b ...", a is D and b is C):
// SELECT R, INSERT C, UPDATE U, DELETE and TRUNCATE D, UPSERT and REPLACE CU,
// MERGE CUD (its WHEN MATCHED ... THEN DELETE may delete rows), an unknown
// verb CUD (it may do any of the three). DDL and stored-routine calls are not
// data access and get "": the tables a routine's body touches are accesses of
// their own.
std::string crud_letters(AccessMode mode, std::string_view verb);
std::string crud_letters(const TableAccess& access);

struct Transaction {
  std::string id;        // stable: function USR + "#" + ordinal
  std::string function;  // USR
  Location loc;          // where it begins
  // "sql" (BEGIN..COMMIT) | "raii" (a transaction object) | "call" (begin()/commit())
  // | "lock" (LOCK TABLES..UNLOCK TABLES: its tables change together)
  std::string kind;
  std::vector<std::string> reads;   // normalised table names, sorted, unique
  std::vector<std::string> writes;  // normalised table names, sorted, unique
};

struct UnresolvedSql {
  std::string symbol;  // USR of the function holding the site
  Location loc;
  std::string reason;
  std::string excerpt;
  // The `.cleave.yaml` entry that would resolve the site, as one line of
  // YAML under `sql:` (`apis: [{function: Db::query, sql_arg: 0}]`).
  std::string suggestion;
};

struct DataAccessFacts {
  std::vector<Table> tables;
  std::vector<TableAccess> accesses;
  std::vector<Transaction> transactions;
  std::vector<UnresolvedSql> unresolved;
  std::vector<std::string> unaccessed_tables;  // in a schema, accessed by nothing (sorted)
  std::vector<std::string> undeclared_tables;  // accessed, in no schema (sorted)
  // Call sites that reach a database sink; each is counted once, in one of
  // three kinds: sql_sites = resolved_sites + unresolved_sites + no_table_sites.
  unsigned sql_sites = 0;
  unsigned resolved_sites = 0;    // turned into at least one table
  unsigned partly_resolved = 0;   // of the resolved, those with an unresolved part too
  unsigned unresolved_sites = 0;  // no table, and something could not be read (UnresolvedSql)
  unsigned no_table_sites = 0;    // read whole, naming no table: BEGIN, COMMIT, SET, SELECT 1...
  // What a table-name prefix in the code stood for in the schema: the
  // placeholder's value ("{prefix}_users" -> cockatrice_users gives
  // "cockatrice_"), or a prefix the schema adds to the names the code writes;
  // empty when none. `prefixed_tables` counts the tables matched through it.
  std::string table_prefix;
  unsigned prefixed_tables = 0;
  // The no-table sites by what they are for (sql::Purpose, one kind per
  // site; the values add up to no_table_sites): "transaction", "session",
  // "lock", "probe", "maintenance", "routine", "schema", "other".
  std::map<std::string, unsigned> no_table_kinds;
  // The .sql files read as the schema, in the order read; and the .sql files
  // found under the project root that were not (no CREATE TABLE, routine or
  // ALTER TABLE in them: queries, seed rows, scratch), sorted.
  std::vector<std::string> schema_files;
  std::vector<std::string> sql_files_not_schema;
  // What the SQL stage assumed or set aside, in sentences a user can act on
  // (a function taken as a database API, a config entry that matched
  // nothing); sorted.
  std::vector<std::string> notes;
};

}  // namespace cleave
