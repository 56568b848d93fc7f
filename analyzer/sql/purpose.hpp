// Internal to parse_sql: what a statement is for when it names no table
// (Purpose), and the tables a LOCK statement locks.
//
// Contract
//  - read_lock reads MySQL's LOCK TABLES/UNLOCK TABLES and PostgreSQL's
//    LOCK [TABLE] from the tokens whatever the parser made of them, as the
//    statement.hpp Contract says; it never adds to Statement::tables.
//  - purpose_of looks at the leading words once the statement's tables,
//    calls and locks are known: Data whenever a table is named, however
//    the statement starts.
#pragma once

#include "sql/lexer.hpp"
#include "sql/statement.hpp"

#include <vector>

namespace cleave::sql::detail {

// Sets st.tx (Lock, Unlock) and st.locked for a LOCK/UNLOCK statement.
void read_lock(const std::vector<Token>& t, Statement& st);
Purpose purpose_of(const std::vector<Token>& t, const Statement& st);

}  // namespace cleave::sql::detail
