// Database API rules: which functions take SQL (and in which argument), which
// types and calls delimit transactions. Rules are data (rules/db_apis.json and
// project additions); nothing about a particular API is hard-coded elsewhere.
//
// Contract
//  - load_rules throws InputError naming the file and the offending key
//    (e.g. "sinks[3].sql_arg: expected an integer >= -1"); unknown keys are
//    errors too, so a typo never silently disables a rule.
//  - Names are matched after canonical_name(): template arguments and a
//    leading "::" dropped ("pqxx::transaction<serializable>" -> "pqxx::transaction").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::sql {

// PrepareNamed: prepares `sql_arg` under the name in `name_arg` and runs
// nothing (PQprepare, pqxx::connection::prepare); ExecuteNamed: runs the
// statement named by `name_arg` (PQexecPrepared, exec_prepared). The access
// belongs to the site that executes.
// BulkWrite, BulkRead: sql_arg names a table the call loads rows into or
// reads rows out of (COPY ... FROM STDIN / TO STDOUT: pqxx::stream_to).
enum class SinkKind : std::uint8_t { Execute, Prepare, PrepareNamed, ExecuteNamed, BulkWrite, BulkRead };

struct SinkRule {
  std::string api;     // "sqlite3", "libpq", ... (for reports)
  std::string callee;  // qualified function or method: sqlite3_exec, QSqlQuery::exec
  int sql_arg = 0;     // argument carrying SQL (a table's name for Bulk*); -1: the object itself (QString(..).arg())
  SinkKind kind = SinkKind::Execute;
  int name_arg = -1;  // PrepareNamed, ExecuteNamed: the argument naming the statement
};

enum class TxAction : std::uint8_t { Begin, Commit, Rollback };

struct TxCallRule {
  std::string api;
  std::string callee;  // QSqlDatabase::transaction
  TxAction action = TxAction::Begin;
  // When arg >= 0, the call counts only when that argument is the literal
  // `value`: setAutoCommit(false) begins, setAutoCommit(true) does not.
  int arg = -1;
  std::string value;
};

struct TxTypeRule {
  std::string api;
  std::string type;  // RAII: the transaction lives while the object does (pqxx::work)
};

struct Rules {
  std::vector<SinkRule> sinks;
  std::vector<TxCallRule> tx_calls;
  std::vector<TxTypeRule> tx_types;
};

// `origin` names the source in error messages.
Rules parse_rules(std::string_view json_text, const std::string& origin);
Rules load_rules(const std::vector<std::string>& files);

std::string canonical_name(std::string_view qualified);

}  // namespace cleave::sql
