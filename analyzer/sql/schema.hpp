// The schema: tables (columns, keys) and stored routines, read from .sql files
// and from CREATE statements found in code.
//
// Contract
//  - Any dialect: statements are split by the tolerant lexer; MySQL's
//    DELIMITER blocks are honoured. Nothing in a schema file is fatal: an
//    unreadable statement is skipped (the file is data, not our input format).
//  - The first definition of a table wins (files in the order given, then code).
//  - CREATE TABLE x (LIKE y) takes the columns of a y defined before it (and
//    its primary key where the clause says so: TableLike); an unknown y adds
//    nothing. A CREATE TABLE in code takes them from any table, schema or
//    code, once all are known.
//  - defines_schema() tells a schema file from a file of queries: it holds a
//    CREATE TABLE, a CREATE FUNCTION/PROCEDURE or an ALTER TABLE.
#pragma once

#include "core/data_access.hpp"
#include "sql/statement.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::sql {

struct Schema {
  std::map<std::string, Table> tables;          // by normalised name
  std::map<std::string, std::string> routines;  // routine name -> body SQL
};

void add_schema_text(Schema& schema, std::string_view text, const std::string& file);
// Throws InputError when the file cannot be read.
void add_schema_file(Schema& schema, const std::string& path);

// CREATE TABLE x (LIKE y): y's columns where the clause stands, and its
// primary key when the clause says so and x declares none. `known`: the
// tables y may be.
void apply_likes(Table& table, const std::vector<TableLike>& likes, const std::map<std::string, Table>& known);

// True when `text` creates a table or a stored routine, or alters a table:
// what tells a schema (or a migration) from a file of queries, seed rows or
// scratch work. Reads statements one at a time and stops at the first.
bool defines_schema(std::string_view text);

}  // namespace cleave::sql
