// The table x component CRUD matrix behind `cleave tables`.
//
// Contract
//  - Rows: every table in facts.tables (sorted), then any accessed table not
//    listed there. Columns: every component that touches a table (sorted).
//  - Cells hold letters in CRUD order: INSERT = C, SELECT = R, UPDATE = U,
//    DELETE/TRUNCATE = D, upserts and REPLACE = CU, MERGE = CUD; DDL = "ddl"
//    is not a CRUD letter and is left out. "-" marks no access.
//  - Stored-routine calls (mode call) are not tables; the tables their bodies
//    touch already appear as accesses of their own.
#pragma once

#include "core/data_access.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::sql {

// Function USR -> component (service, class or file); empty: "(none)".
using ComponentOf = std::function<std::string(const std::string& symbol)>;

// The CRUD letters one access contributes (verb from TableAccess::verb; when
// the verb is unknown, Read gives R and Write gives CUD).
std::string crud_letters(AccessMode mode, std::string_view verb);

std::string render_crud_matrix(const DataAccessFacts& facts, const ComponentOf& component_of);

}  // namespace cleave::sql
