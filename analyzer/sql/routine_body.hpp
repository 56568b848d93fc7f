// Internal to parse_sql: the SQL statements inside the body of a stored
// routine (PL/pgSQL, SQL-language functions, MySQL stored programs).
//
// Contract
//  - Input: one top-level statement of a body (the body split at its
//    semicolons, as StatementReader does). Output: the SQL statements it
//    holds, each ready for the statement reader: a statement (SELECT,
//    INSERT, ..., CALL), or `SELECT <expression>` for a condition, an
//    assignment or a RETURN value, whose subqueries and function calls are
//    then read like any other.
//  - Control flow is unwrapped, not interpreted: BEGIN, DECLARE sections,
//    IF/ELSIF/ELSEIF/ELSE/WHEN ... THEN, LOOP, WHILE ... LOOP|DO, REPEAT,
//    UNTIL, FOR x IN query LOOP, CASE, EXCEPTION, labels (<<l>>, l:),
//    cursor declarations and OPEN c FOR query, DECLARE ... HANDLER FOR,
//    RETURN [QUERY|NEXT], SET x = and x := assignments, PERFORM (SELECT),
//    EXECUTE 'constant SQL'. What holds no SQL (RAISE, END IF, a variable
//    declaration, FETCH, CLOSE, EXIT, dynamic EXECUTE) yields nothing.
//  - `INTO` targets that are variables (after a select list, RETURNING or
//    FETCH; not INSERT/REPLACE/MERGE INTO) are removed, with STRICT,
//    OUTFILE and DUMPFILE targets.
#pragma once

#include "sql/lexer.hpp"

#include <cstddef>
#include <vector>

namespace cleave::sql::detail {

struct BodyStatement {
  std::vector<Token> tokens;
  std::size_t offset = 0;  // where it starts in the body text
};

std::vector<BodyStatement> body_statements(const std::vector<Token>& t);

}  // namespace cleave::sql::detail
