// The table x component CRUD matrix behind `cleave tables`.
//
// Contract
//  - Rows: every table in facts.tables (sorted), then any accessed table not
//    listed there. Columns: every component that touches a table (sorted).
//  - Cells hold the letters of cleave::crud_letters (core/data_access.hpp),
//    the rule report.html uses too, merged in CRUD order; "-" marks no
//    access. DDL and stored-routine calls have no letters and are left out
//    (a routine is not a table; the tables its body touches appear as
//    accesses of their own).
//  - A conflict is a component that creates, updates or deletes rows of a
//    table it does not own (when owners are known: `cleave tables --by
//    service`), or of a table another component writes too (when not).
//  - Three renderings of one matrix: text (aligned columns, conflicts marked
//    "!", a legend when any), CSV (RFC 4180) and JSON.
#pragma once

#include "core/data_access.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cleave::sql {

// Function USR -> component (service, class or file); empty: "(none)".
using ComponentOf = std::function<std::string(const std::string& symbol)>;

struct CrudMatrix {
  std::vector<std::string> tables;                                   // rows, sorted
  std::vector<std::string> components;                               // columns, sorted
  std::map<std::pair<std::string, std::string>, std::string> cells;  // (table, component) -> "CRUD" letters
  std::map<std::string, std::string> owners;                         // table -> owning component, when known

  // The letters, "" when the component does not touch the table.
  std::string letters(const std::string& table, const std::string& component) const;
  // Whether that access is a conflict (see the contract).
  bool conflict(const std::string& table, const std::string& component) const;
};

CrudMatrix crud_matrix(const DataAccessFacts& facts, const ComponentOf& component_of,
                       std::map<std::string, std::string> owners = {});

// format: "text", "csv" or "json".
std::string render_crud_matrix(const CrudMatrix& m, std::string_view format = "text");
inline std::string render_crud_matrix(const DataAccessFacts& facts, const ComponentOf& component_of) {
  return render_crud_matrix(crud_matrix(facts, component_of));
}

}  // namespace cleave::sql
