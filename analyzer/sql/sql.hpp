// The SQL stage: from the call sites and constants the front end folded, find
// every statement that reaches a database API, parse it, and produce the
// data-access facts (tables, accesses, transactions, unresolved sites).
//
// Contract
//  - Sinks are data: rules name the API functions and the argument carrying
//    SQL. A project function that hands one of its parameters (alone or inside
//    a concatenation) to a sink becomes a sink itself, through any number of
//    layers and across TUs, with no configuration; an override of a virtual
//    wrapper makes the overridden method a sink too.
//  - Each access is attributed to the outermost function whose constants make
//    up the SQL, at its call site; `via` names the function that site calls.
//  - A statement prepared under a name (rule kinds prepare_named and
//    execute_named) is an access of the function that executes it, at the
//    executing site, with the SQL of every site that prepares that name; an
//    unknown or non-constant name, and a prepared statement nobody executes,
//    are unresolved. Forwarding the name (or the name and SQL to prepare)
//    makes a project function a sink of the same kind.
//  - A call of a sink that passes no string argument at all is an overload
//    that takes no SQL (QSqlQuery::exec()), not a site.
//  - Transaction calls of a library (rules' transaction_calls, with their
//    argument condition) are read from the call sites.
//  - Deterministic: the result does not depend on the order of the TUs or of
//    anything inside them; every output vector is sorted.
//  - Nothing is dropped silently: a site that reaches a sink but whose SQL or
//    tables cannot be determined is in DataAccessFacts::unresolved with a reason.
//  - Tables: those in the schema (files, then CREATE TABLE in code) with their
//    columns and keys, plus every table accessed (in_schema = false when no
//    schema defines it). Mode `call` accesses name a stored routine; the
//    tables its body touches (when the schema has the body, read as
//    SqlSource::RoutineBody, through the routines it calls) are accesses
//    too, of the function that runs the call. A routine is never a table,
//    and a site whose only accesses are calls names no table.
//  - Counts: sql_sites = resolved + unresolved + no_table; a site naming no
//    table is counted once in no_table_kinds, by its statements' Purpose.
//  - DataAccessFacts::schema_files lists the schema files read.
//  - SQL the code reads at run time from a .sql file it names is that
//    file's text when the project has it (query_files.hpp); otherwise the
//    site is unresolved, naming the file, with `query_dirs: [FOLDER]` as
//    the suggestion.
//  - Table names written with placeholders or behind a schema prefix are
//    matched to the schema's (table_names.hpp); no table is invented from a
//    fragment of a name.
//  - Throws InputError for unreadable or invalid rule/schema files.
#pragma once

#include "core/data_access.hpp"
#include "core/facts.hpp"
#include "model/program.hpp"

#include <string>
#include <vector>

namespace cleave::sql {

struct SourceText {
  std::string name;  // shown in messages and in Table::defined_at
  std::string text;
};

// The tables a function reads and writes, declared by the user (`sql.accesses`
// in .cleave.yaml): recorded as its accesses, and its SQL sites that cannot
// be read count as resolved.
struct DeclaredAccess {
  std::string function;  // qualified name, matched after canonical_name()
  std::vector<std::string> reads, writes;
  Location origin;  // the config entry
};

struct SqlOptions {
  std::vector<std::string> rule_files;    // rules/db_apis.json and project additions
  std::vector<std::string> schema_files;  // .sql files found in the project
  std::vector<SourceText> rule_texts;     // in-memory rules (tests, embedded defaults)
  std::vector<SourceText> schema_texts;   // in-memory schema
  // What the schema puts before the names the code writes (`sql.table_prefix`
  // in .cleave.yaml); empty: detected from the data.
  std::string table_prefix;
  std::vector<DeclaredAccess> declared_accesses;
  // Folders where .sql files the code reads at run time by name are looked
  // up (`sql.query_dirs`), after the project root (query_files.hpp).
  std::string project_root;
  std::vector<std::string> query_dirs;
  std::vector<SourceText> query_texts;  // in-memory query files, named relative to project_root (tests)
};

// The data access of a merged program. Does not depend on the order its
// TUs were added in.
DataAccessFacts analyze(const Program& program, const SqlOptions& options);
// Fold `tus` into a program first (tests, small inputs).
DataAccessFacts analyze(std::vector<TuFacts> tus, const SqlOptions& options);

}  // namespace cleave::sql
