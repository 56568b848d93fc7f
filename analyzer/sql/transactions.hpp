// Transaction scopes and their read/write sets.
//
// Contract
//  - Three shapes, one per Transaction::kind:
//    "sql":  BEGIN/START TRANSACTION ... COMMIT/ROLLBACK issued within one
//            function (savepoints ignored), directly or through a project
//            function that only begins or only ends a transaction (one that
//            touches tables after it begins is where a transaction is, so
//            its callers are not inside it; an end after the function's own
//            begin, a rollback in a catch, is an exit path); a runner that
//            begins and ends around a callback it is handed, touching no
//            table itself (executeWithinTransaction([&] {...})), begins one
//            at each call, and its own empty scope is not reported;
//    "call": begin/commit calls named in the rules (QSqlDatabase::transaction);
//    "raii": a local object of a transaction type (rules, or a project class
//            whose constructor begins and one of whose methods commits),
//            alive from its declaration to the end of its block, or to the
//            last commit/rollback/abort called on it in that block (what
//            runs after `w.commit()` is outside the transaction);
//    "lock": MySQL's LOCK TABLES ... UNLOCK TABLES within one function (as
//            "sql"): the tables locked change together, so the tables it
//            locks for writing are among its writes and those it locks for
//            reading among its reads, beside what it does while they are
//            locked. A BEGIN..COMMIT inside is part of it.
//  - PostgreSQL's LOCK TABLE inside a transaction adds the tables it locks to
//    that transaction the same way (a write lock to the writes). A lock is
//    never an access (TableAccess): only transactions see it.
//  - One site, one transaction: a site is the function and the line where
//    the transaction begins. `Tx t(db);` matches both "raii" and "call" (its
//    constructor begins); it is reported once, as "raii", with the tables of
//    both readings.
//  - The read/write sets hold what the function does inside the scope and,
//    transitively, what the functions it calls there do (bounded depth).
//  - A transaction that never closes and touches nothing is not reported:
//    that is a helper that merely begins one (it is used by its callers).
//  - Event order inside a function is source order (line, column).
#pragma once

#include "core/data_access.hpp"
#include "sql/rules.hpp"
#include "sql/statement.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace cleave::sql {

struct SqlSiteEvent {
  std::string function;
  Location loc;
  TxControl tx = TxControl::None;
  std::vector<TableRef> tables;
  std::vector<TableRef> locked;  // Statement::locked of its statements
};

// What one statement run at the site does to it: the transaction control
// (a begin or lock counts unless the site already has one; an end always
// wins) and the tables it locks.
void note_statement(SqlSiteEvent& event, const Statement& statement);

struct TxContext {
  std::vector<SqlSiteEvent> sites;  // resolved sink sites
  std::vector<Edge> calls;          // call edges, from the front end
  std::vector<LocalVar> locals;
  // Local variable USR -> where commit(), rollback() or abort() is called on it.
  std::map<std::string, std::vector<Location>> object_ends;
  std::map<std::string, std::string> names;  // USR -> canonical qualified name
  std::map<std::string, std::string> owner;  // method/constructor USR -> canonical class name
  std::map<std::string, SymbolKind> kinds;   // USR -> kind
  // Project classes that hold a transaction object by value (a pqxx::work
  // member): transaction types themselves, whose constructors begin one.
  std::set<std::string> holder_types;  // canonical class names
  std::set<std::string> begin_calls;   // their constructors' USRs
  const Rules* rules = nullptr;
};

std::vector<Transaction> find_transactions(const TxContext& ctx);

}  // namespace cleave::sql
