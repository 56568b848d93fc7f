// What the transaction finder reads, gathered from the merged program.
//
// Contract
//  - Names, kinds and owning classes of every symbol; call edges, and
//    override edges (a virtual call reaches the overrides' tables).
//  - Library transaction calls (QSqlDatabase::transaction, setAutoCommit
//    (false), pqxx::transaction_base::commit on a member) are call sites, not
//    call edges: each one that matches a rule, and the rule's argument
//    condition (`arg_matches`), becomes an edge. A commit on a local
//    transaction object is left to that object's own scope.
//  - Where commit(), rollback() or abort() is called on each local.
//  - A class holding a transaction object by value (a field whose type is a
//    transaction type, or such a class in turn) is a transaction type; its
//    constructors begin a transaction wherever they run.
//  - The resolved SQL sites are the caller's to add (TxContext::sites).
#pragma once

#include "sql/merged.hpp"
#include "sql/rules.hpp"
#include "sql/transactions.hpp"

#include <cstddef>
#include <functional>

namespace cleave::sql {

// Whether call site `site` meets a transaction rule's argument condition.
using TxArgMatch = std::function<bool(std::size_t site, const TxCallRule& rule)>;

// `rules` must outlive the context.
TxContext transaction_context(const Merged& m, const Rules& rules, const TxArgMatch& arg_matches);

}  // namespace cleave::sql
