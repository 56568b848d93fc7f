// Internal to parse_sql: schema facts read from the tokens of one statement,
// whatever the dialect, so MySQL DDL yields the same schema as PostgreSQL DDL.
//
// Contract
//  - Each reader looks at one statement (already split, block syntax
//    stripped) and returns nothing when it is not the statement it reads.
//  - Names are normalised as table names are (normalise_name); column names
//    are lower-cased; column types keep their spelling, lower-cased.
//  - Tolerant: a clause it does not know (CHECK, INDEX, EXCLUDE, ...) is
//    skipped, never an error.
#pragma once

#include "core/data_access.hpp"
#include "sql/lexer.hpp"
#include "sql/statement.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::sql::detail {

// CREATE [TEMP|UNLOGGED|...] TABLE [IF NOT EXISTS] name (columns, keys);
// its LIKE clauses go to `likes` (columns copied later, by the schema). A
// qualifier (`auth.account`) goes to Table::database as written, lower-cased:
// database_name() below tells what it names.
std::optional<Table> read_create_table(const std::vector<Token>& t, std::vector<TableLike>* likes = nullptr);
// ALTER TABLE name ... [ADD [CONSTRAINT c]] FOREIGN KEY (cols) REFERENCES ...
std::vector<AddedForeignKey> read_alter_keys(const std::vector<Token>& t);
// CREATE [OR REPLACE] FUNCTION|PROCEDURE name ...: its name and body text;
// `text` is the statement as written (the body is cut from it).
std::optional<RoutineDef> read_routine(const std::vector<Token>& t, std::string_view text);

// The database a qualifier, USE or search_path names, lower-cased: "" for a
// server's default schema (public, dbo, main), which names no database of
// the project's own, and for a placeholder.
std::string database_name(std::string_view raw);

// Name helpers shared with statement.cpp, which defines them.
std::string lower(std::string_view s);
// One name as it appears in SQL (already unquoted) -> normalised table name.
std::string normalise_segment(std::string_view raw);
// TableRef::pattern of a raw name: "" when it holds no placeholder.
std::string name_pattern(std::string_view raw);
// A token that can name something: a word, a quoted identifier, a placeholder.
bool is_name(const Token& t);
// A table of the database's own catalogs (information_schema.x, pg_class,
// sqlite_master): reading it is not an access to application data.
bool is_catalog(std::string_view schema, std::string_view name);

}  // namespace cleave::sql::detail
