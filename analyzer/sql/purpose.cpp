#include "sql/purpose.hpp"

#include "sql/ddl.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

namespace cleave::sql {
namespace detail {
namespace {

bool any_word(const Token& t, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return t.is(w); });
}

}  // namespace

// LOCK and UNLOCK statements, in either dialect (see the Contract).
void read_lock(const std::vector<Token>& t, Statement& st) {
  if (t.empty()) return;
  if (t[0].is("UNLOCK")) {
    if (t.size() > 1 && (t[1].is("TABLES") || t[1].is("TABLE"))) st.tx = TxControl::Unlock;
    return;
  }
  if (!t[0].is("LOCK")) return;
  std::size_t i = 1;
  bool mysql = i < t.size() && t[i].is("TABLES");
  if (i < t.size() && (t[i].is("TABLES") || t[i].is("TABLE"))) ++i;
  if (i < t.size() && t[i].is("INSTANCE")) return;  // MySQL's LOCK INSTANCE FOR BACKUP: no table
  mysql = mysql || std::any_of(t.begin(), t.end(), [](const Token& k) { return k.is("READ") || k.is("WRITE"); });
  // A possibly qualified name at j -> normalised (empty for a catalog table); j moves past it.
  auto name_at = [&](std::size_t& j) {
    std::string first = j < t.size() ? t[j].text : std::string(), last;
    std::size_t parts = 0;
    while (j < t.size() && is_name(t[j])) {
      last = t[j].kind == TokKind::Placeholder ? std::string(kPlaceholderWord) : t[j].text;
      ++j;
      ++parts;
      if (j + 1 < t.size() && t[j].punct('.') && is_name(t[j + 1]))
        ++j;
      else
        break;
    }
    return is_catalog(parts > 1 ? first : std::string(), last) ? std::string() : normalise_segment(last);
  };
  if (mysql) {
    // tbl [[AS] alias] {READ [LOCAL] | [LOW_PRIORITY] WRITE}, ...
    while (i < t.size()) {
      if (t[i].is("ONLY")) ++i;
      std::string name = name_at(i);
      bool write = false;
      while (i < t.size() && !t[i].punct(',')) write = write || t[i++].is("WRITE");
      if (!name.empty()) st.locked.push_back({name, write ? AccessMode::Write : AccessMode::Read, "LOCK"});
      ++i;
    }
    st.tx = TxControl::Lock;
    return;
  }
  // PostgreSQL: [ONLY] name [*] [, ...] [IN mode MODE] [NOWAIT]; the default
  // mode is ACCESS EXCLUSIVE. Every mode with EXCLUSIVE but SHARE UPDATE
  // EXCLUSIVE (which VACUUM takes) blocks writers' peers: a write lock.
  std::vector<std::string> names;
  while (i < t.size() && !t[i].is("IN") && !t[i].is("NOWAIT")) {
    if (t[i].is("ONLY") || t[i].punct('*') || t[i].punct(',')) {
      ++i;
      continue;
    }
    const std::size_t before = i;
    std::string name = name_at(i);
    if (!name.empty()) names.push_back(name);
    if (i == before) ++i;
  }
  bool write = true;
  if (i < t.size() && t[i].is("IN")) {
    bool exclusive = false, update = false;
    for (std::size_t j = i + 1; j < t.size() && !t[j].is("MODE"); ++j) {
      exclusive = exclusive || t[j].is("EXCLUSIVE");
      update = update || t[j].is("UPDATE");
    }
    write = exclusive && !update;
  }
  for (auto& n : names) st.locked.push_back({std::move(n), write ? AccessMode::Write : AccessMode::Read, "LOCK"});
}

// What a statement is for (Purpose), from its leading words once its tables,
// calls and locks are known.
Purpose purpose_of(const std::vector<Token>& t, const Statement& st) {
  if (!st.tables.empty() || !st.dynamic.empty()) return Purpose::Data;
  std::size_t first = 0;
  while (first < t.size() && t[first].punct('(')) ++first;
  if (first >= t.size()) return Purpose::Other;
  const Token& lead = t[first];
  const Token* second = first + 1 < t.size() ? &t[first + 1] : nullptr;
  if (st.tx == TxControl::Lock || st.tx == TxControl::Unlock || !st.locked.empty() ||
      any_word(lead, {"LOCK", "UNLOCK"}))
    return Purpose::Lock;
  if (st.tx != TxControl::None ||
      any_word(lead, {"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE"}))
    return Purpose::Transaction;
  if (lead.is("SET")) {
    // SET TRANSACTION, SET SESSION CHARACTERISTICS AS TRANSACTION, SET [SESSION] autocommit.
    for (std::size_t i = first + 1; i < t.size() && i <= first + 4; ++i) {
      if (any_word(t[i], {"TRANSACTION", "AUTOCOMMIT", "@@AUTOCOMMIT"})) return Purpose::Transaction;
      if (t[i].kind == TokKind::BindParam && lower(t[i].text).find("autocommit") != std::string::npos)
        return Purpose::Transaction;
    }
    return Purpose::Session;
  }
  if (any_word(lead, {"SHOW", "USE", "RESET", "DISCARD"})) return Purpose::Session;
  if (lead.is("PRAGMA")) {
    if (second && any_word(*second, {"INTEGRITY_CHECK", "QUICK_CHECK", "OPTIMIZE", "WAL_CHECKPOINT",
                                     "INCREMENTAL_VACUUM", "SHRINK_MEMORY", "FOREIGN_KEY_CHECK"}))
      return Purpose::Maintenance;
    return Purpose::Session;
  }
  if (any_word(lead, {"VACUUM", "ANALYZE", "ANALYSE", "OPTIMIZE", "REINDEX", "CHECKPOINT", "CLUSTER", "FLUSH", "REPAIR",
                      "CHECK", "CHECKSUM"}))
    return Purpose::Maintenance;
  // Application locks through functions: MySQL's GET_LOCK, PostgreSQL's advisory locks.
  for (const Token& k : t) {
    if (k.kind != TokKind::Word) continue;
    const std::string w = lower(k.text);
    if (w == "get_lock" || w == "release_lock" || w == "release_all_locks" || w == "is_free_lock" ||
        w == "is_used_lock" || w.rfind("pg_advisory", 0) == 0 || w.rfind("pg_try_advisory", 0) == 0)
      return Purpose::Lock;
  }
  if (!st.calls.empty()) return Purpose::Routine;
  if (any_word(lead, {"SELECT", "VALUES", "WITH", "TABLE"})) return Purpose::Probe;
  if (any_word(lead, {"CREATE", "ALTER", "DROP", "GRANT", "REVOKE", "COMMENT", "RENAME", "SECURITY"}))
    return Purpose::Schema;
  return Purpose::Other;
}

}  // namespace detail

std::string_view to_string(Purpose purpose) {
  switch (purpose) {
    case Purpose::Data:
      return "data";
    case Purpose::Transaction:
      return "transaction";
    case Purpose::Session:
      return "session";
    case Purpose::Lock:
      return "lock";
    case Purpose::Probe:
      return "probe";
    case Purpose::Maintenance:
      return "maintenance";
    case Purpose::Routine:
      return "routine";
    case Purpose::Schema:
      return "schema";
    case Purpose::Other:
      break;
  }
  return "other";
}

}  // namespace cleave::sql
