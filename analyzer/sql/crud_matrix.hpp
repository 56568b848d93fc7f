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
#pragma once

#include "core/data_access.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::sql {

// Function USR -> component (service, class or file); empty: "(none)".
using ComponentOf = std::function<std::string(const std::string& symbol)>;

std::string render_crud_matrix(const DataAccessFacts& facts, const ComponentOf& component_of);

}  // namespace cleave::sql
