// Transaction scopes and their read/write sets.
//
// Contract
//  - Three shapes, one per Transaction::kind:
//    "sql":  BEGIN/START TRANSACTION ... COMMIT/ROLLBACK issued within one
//            function (savepoints ignored), directly or through a project
//            function that only begins or only ends a transaction;
//    "call": begin/commit calls named in the rules (QSqlDatabase::transaction);
//    "raii": a local object of a transaction type (rules, or a project class
//            whose constructor begins and one of whose methods commits),
//            alive from its declaration to the end of its block.
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
#include <string>
#include <vector>

namespace cleave::sql {

struct SqlSiteEvent {
  std::string function;
  Location loc;
  TxControl tx = TxControl::None;
  std::vector<TableRef> tables;
};

struct TxContext {
  std::vector<SqlSiteEvent> sites;  // resolved sink sites
  std::vector<Edge> calls;          // call edges, from the front end
  std::vector<LocalVar> locals;
  std::map<std::string, std::string> names;  // USR -> canonical qualified name
  std::map<std::string, std::string> owner;  // method/constructor USR -> canonical class name
  std::map<std::string, SymbolKind> kinds;   // USR -> kind
  const Rules* rules = nullptr;
};

std::vector<Transaction> find_transactions(const TxContext& ctx);

}  // namespace cleave::sql
