// Table names as the code writes them -> the schema's tables.
//
// Contract
//  - A name written with placeholders (TableRef::pattern: "{?}_users",
//    "{?}_{?}list") is matched against the schema: one match is that table;
//    several are each returned (the caller marks them one_of), narrowed to the
//    configured prefix when that leaves any; none leaves the static part as
//    the name only when the placeholders stand apart from it (a prefix or
//    suffix after a separator) or the schema has it, else no name and a
//    reason: a fragment is never a table.
//  - apply_prefix: names the code writes plainly that the schema has only
//    behind a prefix most of the unmatched names agree on (or the configured
//    one) are renamed to the schema's, in accesses and transactions; it sets
//    DataAccessFacts::table_prefix to what a leading placeholder stood for
//    when that covers more tables, else to the plain-name prefix.
//  - Deterministic: candidates come from the schema's sorted map.
#pragma once

#include "core/data_access.hpp"
#include "sql/schema.hpp"
#include "sql/statement.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::sql {

// `pattern` with {?} standing for any text (possibly empty) matches `name`.
bool matches_pattern(std::string_view pattern, std::string_view name);

class TableNames {
 public:
  TableNames() = default;
  TableNames(const Schema* schema, std::string configured_prefix)
      : schema_(schema), table_prefix_(std::move(configured_prefix)) {}

  // The tables `t` stands for; empty with `why` set when none.
  std::vector<std::string> names(const TableRef& t, std::string& why);
  void apply_prefix(DataAccessFacts& facts) const;

 private:
  const Schema* schema_ = nullptr;
  std::string table_prefix_;
  std::set<std::string> placeholder_matched_;  // schema tables a name with a leading placeholder matched
  std::map<std::string, std::set<std::string>> placeholder_prefixes_;  // what a leading placeholder stood for -> tables
};

}  // namespace cleave::sql
