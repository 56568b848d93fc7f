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
//  - Deterministic: the result does not depend on the order of the TUs or of
//    anything inside them; every output vector is sorted.
//  - Nothing is dropped silently: a site that reaches a sink but whose SQL or
//    tables cannot be determined is in DataAccessFacts::unresolved with a reason.
//  - Tables: those in the schema (files, then CREATE TABLE in code) with their
//    columns and keys, plus every table accessed (in_schema = false when no
//    schema defines it). Mode `call` accesses name a stored routine; the
//    tables its body touches (when the schema has the body) are accesses too.
//  - Table names the code writes with placeholders ("{prefix}_users", "{prefix}_"
//    + kind + "list") are matched against the schema: one match is that table;
//    several are each an access marked one_of; none leaves the static part as
//    the name only when the placeholders stand apart from it (a prefix or a
//    suffix after a separator), else the site is unresolved: no table is ever
//    invented from a fragment. Names the code writes plainly that the schema
//    only has behind a common prefix (code "users", schema "cockatrice_users")
//    are matched when most unmatched names agree on that prefix (or it is
//    configured); DataAccessFacts::table_prefix says which was applied.
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

struct SqlOptions {
  std::vector<std::string> rule_files;    // rules/db_apis.json and project additions
  std::vector<std::string> schema_files;  // .sql files found in the project
  std::vector<SourceText> rule_texts;     // in-memory rules (tests, embedded defaults)
  std::vector<SourceText> schema_texts;   // in-memory schema
  // What the schema puts before the names the code writes (`sql.table_prefix`
  // in .cleave.yaml); empty: detected from the data.
  std::string table_prefix;
};

// The data access of a merged program. Does not depend on the order its
// TUs were added in.
DataAccessFacts analyze(const Program& program, const SqlOptions& options);
// Fold `tus` into a program first (tests, small inputs).
DataAccessFacts analyze(std::vector<TuFacts> tus, const SqlOptions& options);

}  // namespace cleave::sql
