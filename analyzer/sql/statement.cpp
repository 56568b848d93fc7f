#include "sql/statement.hpp"

#include "sql/ddl.hpp"
#include "sql/lexer.hpp"
#include "sql/purpose.hpp"
#include "sql/routine_body.hpp"

#include <pg_query.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <set>

namespace cleave::sql {
namespace detail {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// One name as it appears in SQL (already unquoted) -> normalised table name.
std::string normalise_segment(std::string_view raw) {
  std::string s = lower(raw);
  for (std::size_t p; (p = s.find(kPlaceholderWord)) != std::string::npos;) s.erase(p, kPlaceholderWord.size());
  std::size_t b = s.find_first_not_of("_.- ");
  std::size_t e = s.find_last_not_of("_.- ");
  if (b == std::string::npos) return {};
  return s.substr(b, e - b + 1);
}

std::string name_pattern(std::string_view raw) {
  std::string s = lower(raw);
  if (s.find(kPlaceholderWord) == std::string::npos) return {};
  for (std::size_t p; (p = s.find(kPlaceholderWord)) != std::string::npos;)
    s.replace(p, kPlaceholderWord.size(), kUnknownMarker);
  return s;
}

bool is_name(const Token& t) {
  return t.kind == TokKind::Word || t.kind == TokKind::QuotedIdent || t.kind == TokKind::Placeholder;
}

bool is_catalog(std::string_view schema, std::string_view name) {
  std::string sc = lower(schema);
  if (sc == "information_schema" || sc == "pg_catalog" || sc == "performance_schema" || sc == "sys" || sc == "mysql")
    return true;
  std::string n = lower(name);
  return n == "sqlite_master" || n == "sqlite_schema" || n == "sqlite_temp_master" || n == "sqlite_sequence" ||
         n == "sqlite_stat1" || n == "dual" || n.rfind("pg_", 0) == 0;
}

}  // namespace detail
namespace {

using detail::is_catalog;
using detail::is_name;
using detail::lower;
using detail::name_pattern;
using detail::normalise_segment;
using detail::purpose_of;
using detail::read_alter_keys;
using detail::read_create_table;
using detail::read_lock;
using detail::read_routine;
using nlohmann::json;

// A schema whose functions are the database's own.
bool is_system_schema(std::string_view schema) {
  std::string sc = lower(schema);
  return sc == "pg_catalog" || sc == "information_schema" || sc == "sys" || sc == "mysql";
}

// ---------------------------------------------------------------------------
// libpg_query
struct PgOutcome {
  bool ok = false;
  json tree;
  std::string error;
};

PgOutcome pg_parse(const std::string& text) {
  PgOutcome out;
  PgQueryParseResult r = pg_query_parse(text.c_str());
  if (r.error) {
    out.error = r.error->message ? r.error->message : "parse error";
  } else if (r.parse_tree) {
    out.tree = json::parse(r.parse_tree, nullptr, /*allow_exceptions=*/false);
    out.ok = !out.tree.is_discarded();
    if (!out.ok) out.error = "unreadable parse tree";
  }
  pg_query_free_parse_result(r);
  return out;
}

class PgWalker {
 public:
  PgWalker(std::string verb_override, Statement& st) : override_(std::move(verb_override)), st_(st) {}

  void run(const json& tree) {
    collect_ctes(tree);
    const json* stmts = find(tree, "stmts");
    if (!stmts || !stmts->is_array()) return;
    for (const json& raw : *stmts) {
      const json* stmt = find(raw, "stmt");
      if (!stmt || !stmt->is_object() || stmt->empty()) continue;
      if (st_.verb.empty()) st_.verb = verb_of(stmt->begin().key());
      node(*stmt, AccessMode::Read, "SELECT");
    }
  }

 private:
  static const json* find(const json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
  }
  static std::string str(const json& j, const char* key) {
    const json* v = find(j, key);
    return v && v->is_string() ? v->get<std::string>() : std::string();
  }

  std::string verb_of(const std::string& key) const {
    if (key == "InsertStmt") return override_.empty() ? "INSERT" : override_;
    if (key == "SelectStmt") return "SELECT";
    if (key == "UpdateStmt") return "UPDATE";
    if (key == "DeleteStmt") return "DELETE";
    if (key == "MergeStmt") return "MERGE";
    if (key == "TruncateStmt") return "TRUNCATE";
    if (key == "CallStmt") return "CALL";
    if (key == "DropStmt") return "DROP";
    if (key == "AlterTableStmt") return "ALTER";
    if (key == "TransactionStmt") return "TRANSACTION";
    if (key.rfind("Create", 0) == 0 || key == "IndexStmt" || key == "ViewStmt") return "CREATE";
    std::string v = key.size() > 4 ? key.substr(0, key.size() - 4) : key;
    for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return v;
  }

  void collect_ctes(const json& j) {
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "CommonTableExpr" && it.value().is_object()) ctes_.insert(lower(str(it.value(), "ctename")));
        collect_ctes(it.value());
      }
    } else if (j.is_array()) {
      for (const json& e : j) collect_ctes(e);
    }
  }

  void range_var(const json& rv, AccessMode mode, const std::string& verb) {
    std::string rel = str(rv, "relname");
    if (str(rv, "schemaname").empty() && ctes_.count(lower(rel))) return;
    if (is_catalog(str(rv, "schemaname"), rel)) return;
    std::string name = normalise_segment(rel);
    if (name.empty()) {
      for (std::size_t p; (p = rel.find(kPlaceholderWord)) != std::string::npos;)
        rel.replace(p, kPlaceholderWord.size(), kUnknownMarker);
      st_.dynamic.push_back(rel);
      return;
    }
    st_.tables.push_back({name, mode, verb, name_pattern(rel)});
  }

  void relation(const json& stmt, const char* key, AccessMode mode, const std::string& verb) {
    if (const json* rv = find(stmt, key)) {
      if (const json* inner = find(*rv, "RangeVar")) rv = inner;  // some fields wrap, some do not
      range_var(*rv, mode, verb);
    }
  }

  // Walk every field of `stmt` except the ones listed.
  void rest(const json& stmt, std::initializer_list<const char*> skip, AccessMode mode, const std::string& verb) {
    for (auto it = stmt.begin(); it != stmt.end(); ++it) {
      bool skipped = false;
      for (const char* s : skip) skipped = skipped || it.key() == s;
      if (!skipped) walk(it.value(), mode, verb);
    }
  }

  void call(const json& fc, bool explicit_call) {
    const json* names = find(fc, "funcname");
    if (!names || !names->is_array() || names->empty()) return;
    std::string schema;
    if (names->size() > 1) {
      if (const json* first = find((*names)[0], "String")) schema = str(*first, "sval");
    }
    const json* last = find(names->back(), "String");
    std::string fn = last ? lower(str(*last, "sval")) : std::string();
    if (fn.empty() || is_system_schema(schema)) return;
    // pricing.quote(...) is the project's, whatever builtin shares its name.
    if (!explicit_call && schema.empty() && is_builtin_function(fn)) return;
    st_.calls.push_back(normalise_segment(fn));
  }

  // A node that may be a statement (key ends in Stmt) or any other parse node.
  void node(const json& j, AccessMode mode, const std::string& verb) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& key = it.key();
      const json& v = it.value();
      if (!v.is_object()) {
        walk(v, mode, verb);
        continue;
      }
      if (key == "RangeVar") {
        range_var(v, mode, verb);
      } else if (key == "SelectStmt") {
        if (find(v, "intoClause")) {
          if (const json* into = find(v, "intoClause")) relation(*into, "rel", AccessMode::Ddl, "CREATE");
        }
        rest(v, {"intoClause"}, AccessMode::Read, "SELECT");
      } else if (key == "InsertStmt") {
        std::string w = override_;
        if (w.empty()) {
          const json* oc = find(v, "onConflictClause");
          w = oc && str(*oc, "action") == "ONCONFLICT_UPDATE" ? "UPSERT" : "INSERT";
        }
        relation(v, "relation", AccessMode::Write, w);
        rest(v, {"relation"}, AccessMode::Read, "SELECT");
      } else if (key == "UpdateStmt" || key == "DeleteStmt" || key == "MergeStmt") {
        relation(v, "relation", AccessMode::Write, verb_of(key));
        rest(v, {"relation"}, AccessMode::Read, "SELECT");
      } else if (key == "TruncateStmt") {
        rest(v, {}, AccessMode::Write, "TRUNCATE");
      } else if (key == "CreateStmt" || key == "IndexStmt") {
        // Foreign-key targets are schema, not accesses: the schema reader keeps them.
        relation(v, "relation", AccessMode::Ddl, "CREATE");
      } else if (key == "CreateTableAsStmt") {
        if (const json* into = find(v, "into")) relation(*into, "rel", AccessMode::Ddl, "CREATE");
        if (const json* q = find(v, "query")) walk(*q, AccessMode::Read, "SELECT");
      } else if (key == "ViewStmt") {
        relation(v, "view", AccessMode::Ddl, "CREATE");
        if (const json* q = find(v, "query")) walk(*q, AccessMode::Read, "SELECT");
      } else if (key == "AlterTableStmt") {
        relation(v, "relation", AccessMode::Ddl, "ALTER");
      } else if (key == "DropStmt") {
        std::string type = str(v, "removeType");
        if (type != "OBJECT_TABLE" && type != "OBJECT_VIEW") continue;
        if (const json* objs = find(v, "objects"); objs && objs->is_array()) {
          for (const json& o : *objs) {
            const json* items = find(o, "List") ? find(*find(o, "List"), "items") : nullptr;
            if (!items || !items->is_array() || items->empty()) continue;
            const json* s = find(items->back(), "String");
            std::string n = s ? normalise_segment(str(*s, "sval")) : std::string();
            if (!n.empty()) st_.tables.push_back({n, AccessMode::Ddl, "DROP"});
          }
        }
      } else if (key == "CallStmt") {
        if (const json* fc = find(v, "funccall")) {
          call(*fc, true);
          walk(*fc, AccessMode::Read, "SELECT");
        }
      } else if (key == "FuncCall") {
        call(v, false);
        walk(v, mode, verb);
      } else if (key == "CopyStmt") {
        bool from = find(v, "is_from") && (*find(v, "is_from")).is_boolean() && (*find(v, "is_from")).get<bool>();
        relation(v, "relation", from ? AccessMode::Write : AccessMode::Read, from ? "INSERT" : "SELECT");
        rest(v, {"relation"}, AccessMode::Read, "SELECT");
      } else if (key == "ExplainStmt" || key == "CommonTableExpr" || key == "SubLink" || key == "RangeSubselect" ||
                 key == "TransactionStmt" || key == "VariableSetStmt" || key == "LockStmt" ||
                 key == "CreateFunctionStmt") {
        // Bodies of CTEs and sublinks are statements of their own; the rest
        // (transactions, SET, LOCK, routine definitions) touch no table here.
        if (key == "ExplainStmt" || key == "CommonTableExpr" || key == "SubLink" || key == "RangeSubselect") {
          walk(v, AccessMode::Read, "SELECT");
        }
      } else if (key.size() > 4 && key.compare(key.size() - 4, 4, "Stmt") == 0) {
        // Any other statement (GRANT, COMMENT, CREATE TRIGGER ...) is schema work.
        walk(v, AccessMode::Ddl, verb_of(key));
      } else {
        walk(v, mode, verb);
      }
    }
  }

  void walk(const json& j, AccessMode mode, const std::string& verb) {
    if (j.is_object()) {
      node(j, mode, verb);
    } else if (j.is_array()) {
      for (const json& e : j) walk(e, mode, verb);
    }
  }

  std::string override_;
  Statement& st_;
  std::set<std::string> ctes_;
};

// ---------------------------------------------------------------------------
// Dialect normaliser: rewrite what libpg_query rejects into PostgreSQL.
std::vector<Token> rewrite_dialect(std::vector<Token> t, std::string& verb_override) {
  auto erase_at = [&](std::size_t i, std::size_t n = 1) {
    t.erase(t.begin() + static_cast<long>(i), t.begin() + static_cast<long>(std::min(t.size(), i + n)));
  };
  auto word = [](std::string w) {
    Token k;
    k.kind = TokKind::Word;
    k.text = std::move(w);
    return k;
  };
  if (t.size() >= 2 && t[0].is("REPLACE") && t[1].is("INTO")) {
    t[0] = word("INSERT");
    verb_override = "REPLACE";
  }
  if (t.size() >= 3 && (t[0].is("INSERT") || t[0].is("UPDATE")) && t[1].is("OR")) {
    if (t[2].is("REPLACE") && t[0].is("INSERT")) verb_override = "REPLACE";
    erase_at(1, 2);
  }
  static constexpr std::string_view kModifiers[] = {"IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "QUICK"};
  while (t.size() >= 2 && (t[0].is("INSERT") || t[0].is("UPDATE") || t[0].is("DELETE")) &&
         std::any_of(std::begin(kModifiers), std::end(kModifiers), [&](std::string_view m) { return t[1].is(m); })) {
    erase_at(1);
  }
  if (t.size() >= 2 && t[0].is("BEGIN") && (t[1].is("IMMEDIATE") || t[1].is("DEFERRED") || t[1].is("EXCLUSIVE")))
    erase_at(1);
  int depth = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].punct('(')) ++depth;
    if (t[i].punct(')')) --depth;
    if (depth == 0 && i + 3 < t.size() && t[i].is("ON") && t[i + 1].is("DUPLICATE") && t[i + 2].is("KEY") &&
        t[i + 3].is("UPDATE")) {
      t.resize(i);
      verb_override = "UPSERT";
      break;
    }
    if (t[i].is("SELECT")) {
      static constexpr std::string_view kSelMods[] = {"SQL_CALC_FOUND_ROWS", "SQL_NO_CACHE",  "SQL_CACHE",
                                                      "HIGH_PRIORITY",       "STRAIGHT_JOIN", "SQL_SMALL_RESULT",
                                                      "SQL_BIG_RESULT"};
      while (i + 1 < t.size() &&
             std::any_of(std::begin(kSelMods), std::end(kSelMods), [&](std::string_view m) { return t[i + 1].is(m); }))
        erase_at(i + 1);
      if (i + 1 < t.size() && t[i + 1].is("DISTINCTROW")) t[i + 1] = word("DISTINCT");
    }
    // MySQL's LIMIT offset, count.
    if (t[i].is("LIMIT") && i + 3 < t.size() && t[i + 2].punct(',')) {
      Token off = t[i + 1];
      t[i + 1] = t[i + 3];
      t[i + 2] = word("OFFSET");
      t[i + 3] = off;
    }
    // USE/FORCE/IGNORE INDEX (...) hints.
    if ((t[i].is("USE") || t[i].is("FORCE") || t[i].is("IGNORE")) && i + 2 < t.size() &&
        (t[i + 1].is("INDEX") || t[i + 1].is("KEY")) && t[i + 2].punct('(')) {
      std::size_t j = i + 2;
      while (j < t.size() && !t[j].punct(')')) ++j;
      erase_at(i, j + 1 - i);
      --i;
    }
  }
  return t;
}

std::string emit(const std::vector<Token>& toks) {
  std::string out;
  int param = 0;
  for (const Token& t : toks) {
    if (!out.empty()) out += ' ';
    switch (t.kind) {
      case TokKind::Word:
      case TokKind::Number:
      case TokKind::Punct:
        out += t.text;
        break;
      case TokKind::QuotedIdent: {
        out += '"';
        for (char c : t.text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += '"';
        break;
      }
      case TokKind::String: {
        out += '\'';
        for (char c : t.text) out += c == '\'' ? std::string("''") : std::string(1, c);
        out += '\'';
        break;
      }
      case TokKind::BindParam:
        out += "$" + std::to_string(++param);
        break;
      case TokKind::Placeholder:
        out += kPlaceholderWord;
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Token fallback: keyword-driven, tolerant of any dialect.
bool clause_keyword(const Token& t) {
  static constexpr std::string_view kWords[] = {
      "WHERE",   "JOIN",    "INNER", "LEFT",   "RIGHT",  "FULL",      "OUTER",         "CROSS",     "NATURAL",
      "ON",      "USING",   "GROUP", "ORDER",  "LIMIT",  "HAVING",    "UNION",         "EXCEPT",    "INTERSECT",
      "SET",     "VALUES",  "VALUE", "WINDOW", "FOR",    "LOCK",      "STRAIGHT_JOIN", "RETURNING", "OFFSET",
      "FETCH",   "INTO",    "WHEN",  "THEN",   "ELSE",   "END",       "AND",           "OR",        "SELECT",
      "FROM",    "DEFAULT", "USE",   "FORCE",  "IGNORE", "PARTITION", "TABLESAMPLE",   "WITH",      "AS",
      "INDEXED", "NOT",     "IN",    "IS",     "LIKE",   "BETWEEN",   "SEMI",          "ANTI",      "APPLY",
      "OUTPUT",  "DO",      "WHILE"};
  if (t.kind != TokKind::Word) return false;
  return std::any_of(std::begin(kWords), std::end(kWords), [&](std::string_view k) { return t.is(k); });
}

class Fallback {
 public:
  Fallback(const std::vector<Token>& t, Statement& st, std::string verb_override)
      : t_(t), st_(st), override_(std::move(verb_override)) {}

  void run() {
    find_ctes();
    std::size_t first = 0;
    while (first < t_.size() && t_[first].punct('(')) ++first;
    if (first >= t_.size()) return;
    std::string lead = t_[first].upper();
    std::string main_verb = lead;
    if (lead == "WITH") {
      int depth = 0;
      for (std::size_t i = first + 1; i < t_.size(); ++i) {
        if (t_[i].punct('(')) ++depth;
        if (t_[i].punct(')')) --depth;
        if (depth == 0 && (t_[i].is("SELECT") || t_[i].is("INSERT") || t_[i].is("UPDATE") || t_[i].is("DELETE") ||
                           t_[i].is("REPLACE"))) {
          main_verb = t_[i].upper();
          break;
        }
      }
    }
    st_.verb = main_verb;
    static constexpr std::string_view kKnown[] = {
        "SELECT",    "INSERT",  "UPDATE",  "DELETE",  "REPLACE", "WITH",     "CREATE", "ALTER",  "DROP",
        "TRUNCATE",  "CALL",    "EXEC",    "EXECUTE", "BEGIN",   "START",    "COMMIT", "END",    "ROLLBACK",
        "SAVEPOINT", "RELEASE", "SET",     "SHOW",    "PRAGMA",  "USE",      "LOCK",   "UNLOCK", "EXPLAIN",
        "VACUUM",    "ANALYZE", "ANALYSE", "MERGE",   "UPSERT",  "DESCRIBE", "GRANT",  "REVOKE", "OPTIMIZE",
        "REINDEX",   "ATTACH",  "DETACH",  "COPY",    "VALUES",  "DECLARE",  "LISTEN", "NOTIFY"};
    st_.understood = std::any_of(std::begin(kKnown), std::end(kKnown), [&](std::string_view k) { return lead == k; });
    if (!st_.understood) return;

    std::vector<bool> func_paren;  // per open paren: opened by a function call
    bool delete_target_taken = false;
    for (std::size_t i = first; i < t_.size(); ++i) {
      const Token& k = t_[i];
      if (k.punct('(')) {
        bool fn = i > 0 && t_[i - 1].kind == TokKind::Word && !clause_keyword(t_[i - 1]) && !t_[i - 1].is("EXISTS") &&
                  !t_[i - 1].is("ANY") && !t_[i - 1].is("ALL") && !t_[i - 1].is("SOME");
        func_paren.push_back(fn);
        continue;
      }
      if (k.punct(')')) {
        if (!func_paren.empty()) func_paren.pop_back();
        continue;
      }
      bool in_func = std::find(func_paren.begin(), func_paren.end(), true) != func_paren.end();
      if (k.kind != TokKind::Word) continue;
      if (k.is("FROM") && !in_func) {
        bool write = main_verb == "DELETE" && !delete_target_taken;
        delete_target_taken = delete_target_taken || write;
        i = table_list(i + 1, write ? AccessMode::Write : AccessMode::Read, write ? "DELETE" : "SELECT", true);
      } else if ((k.is("JOIN") || k.is("APPLY")) && !in_func) {
        i = table_list(i + 1, AccessMode::Read, "SELECT", false);
      } else if (k.is("INTO") && i > first &&
                 (main_verb == "INSERT" || main_verb == "REPLACE" || main_verb == "MERGE")) {
        std::string v = !override_.empty() ? override_ : main_verb == "MERGE" ? "MERGE" : main_verb;
        i = table_list(i + 1, AccessMode::Write, v, false);
      } else if (k.is("UPDATE") && (i == first || (main_verb == "UPDATE" && i > 0 && t_[i - 1].is("WITH") == false &&
                                                   t_[i - 1].punct(')')))) {
        std::size_t j = i + 1;
        if (j + 1 < t_.size() && t_[j].is("OR")) j += 2;
        while (j < t_.size() && (t_[j].is("LOW_PRIORITY") || t_[j].is("IGNORE") || t_[j].is("ONLY"))) ++j;
        i = table_list(j, AccessMode::Write, "UPDATE", true);
      } else if (k.is("TRUNCATE") && i == first) {
        std::size_t j = i + 1;
        if (j < t_.size() && t_[j].is("TABLE")) ++j;
        i = table_list(j, AccessMode::Write, "TRUNCATE", true);
      } else if (k.is("CREATE") && i == first) {
        std::size_t j = i + 1;
        while (j < t_.size() &&
               (t_[j].is("OR") || t_[j].is("REPLACE") || t_[j].is("TEMP") || t_[j].is("TEMPORARY") ||
                t_[j].is("UNLOGGED") || t_[j].is("VIRTUAL") || t_[j].is("GLOBAL") || t_[j].is("LOCAL")))
          ++j;
        if (j < t_.size() && (t_[j].is("TABLE") || t_[j].is("VIEW"))) {
          ++j;
          if (j + 2 < t_.size() && t_[j].is("IF") && t_[j + 1].is("NOT") && t_[j + 2].is("EXISTS")) j += 3;
          j = table_list(j, AccessMode::Ddl, "CREATE", false);
          // Columns and constraints follow; only a CREATE ... AS SELECT reads.
          std::size_t as = j;
          while (as < t_.size() && !t_[as].is("SELECT")) ++as;
          i = as < t_.size() ? as : t_.size();
        } else if (j < t_.size() && (t_[j].is("INDEX") || t_[j].is("UNIQUE") || t_[j].is("TRIGGER"))) {
          while (j < t_.size() && !t_[j].is("ON")) ++j;
          if (j < t_.size()) table_list(j + 1, AccessMode::Ddl, "CREATE", false);
          return;  // a trigger's body runs later, on the trigger table's writes
        } else {
          return;
        }
      } else if (k.is("ALTER") && i == first && i + 1 < t_.size() && t_[i + 1].is("TABLE")) {
        std::size_t j = i + 2;
        while (j < t_.size() && (t_[j].is("ONLY") || t_[j].is("IF") || t_[j].is("EXISTS"))) ++j;
        table_list(j, AccessMode::Ddl, "ALTER", false);
        return;
      } else if (k.is("DROP") && i == first && i + 1 < t_.size() && (t_[i + 1].is("TABLE") || t_[i + 1].is("VIEW"))) {
        std::size_t j = i + 2;
        if (j + 1 < t_.size() && t_[j].is("IF") && t_[j + 1].is("EXISTS")) j += 2;
        table_list(j, AccessMode::Ddl, "DROP", true);
        return;
      } else if ((k.is("CALL") || k.is("EXEC") || k.is("EXECUTE")) && i == first && i + 1 < t_.size() &&
                 is_name(t_[i + 1])) {
        std::string n = qualified_name(i + 1).first;
        if (!n.empty()) st_.calls.push_back(n);
      } else if (i + 1 < t_.size() && t_[i + 1].punct('(') && !clause_keyword(k) && i > first) {
        // The qualified name the call starts with: wms.reserve_stock(...).
        std::size_t start = i;
        while (start >= first + 2 && t_[start - 1].punct('.') && is_name(t_[start - 2])) start -= 2;
        const bool qualified = start < i;
        if (qualified && is_system_schema(t_[start].text)) continue;
        if ((qualified || !is_builtin_function(lower(k.text))) && !k.is("EXISTS") && !k.is("ANY") && !k.is("ALL") &&
            !k.is("KEY") && !k.is("PRIMARY") && !k.is("REFERENCES") && !k.is("UNIQUE") && !k.is("CHECK") &&
            !k.is("INDEX")) {
          // INTO t (cols), TABLE t (...), JOIN t (...): a table and its columns.
          if (!(start > 0 && (t_[start - 1].is("INTO") || t_[start - 1].is("TABLE") || t_[start - 1].is("UPDATE") ||
                              t_[start - 1].is("JOIN")))) {
            std::string nn = normalise_segment(k.text);
            if (!nn.empty()) st_.calls.push_back(nn);
          }
        }
      }
    }
  }

 private:
  void find_ctes() {
    for (std::size_t i = 0; i + 2 < t_.size(); ++i) {
      if (!is_name(t_[i]) || i == 0) continue;
      const Token& prev = t_[i - 1];
      if (!(prev.is("WITH") || prev.is("RECURSIVE") || prev.punct(','))) continue;
      std::size_t j = i + 1;
      if (t_[j].punct('(')) {  // column list
        while (j < t_.size() && !t_[j].punct(')')) ++j;
        ++j;
      }
      if (j + 1 < t_.size() && t_[j].is("AS") &&
          (t_[j + 1].punct('(') || t_[j + 1].is("NOT") || t_[j + 1].is("MATERIALIZED"))) {
        ctes_.insert(lower(t_[i].text));
      }
    }
  }

  // A possibly qualified name at i: its normalised form and the index past it.
  // Catalog tables (information_schema.x, sqlite_master) come back as "".
  std::pair<std::string, std::size_t> qualified_name(std::size_t i, bool* catalog = nullptr,
                                                     std::string* raw = nullptr) const {
    std::string last;
    std::string first;
    std::size_t j = i;
    while (j < t_.size() && is_name(t_[j])) {
      last = t_[j].kind == TokKind::Placeholder ? std::string(kPlaceholderWord) : t_[j].text;
      if (j == i) first = last;
      ++j;
      if (j + 1 < t_.size() && t_[j].punct('.') && is_name(t_[j + 1])) {
        ++j;
        continue;
      }
      break;
    }
    if (catalog) *catalog = is_catalog(j > i + 1 ? first : std::string(), last);
    if (raw) *raw = last;
    return {normalise_segment(last), j};
  }

  // Tables separated by commas (when `list`), each with an optional alias.
  // Returns the index of the last token consumed.
  std::size_t table_list(std::size_t i, AccessMode mode, const std::string& verb, bool list) {
    while (i < t_.size()) {
      while (i < t_.size() && (t_[i].is("ONLY") || t_[i].is("LATERAL"))) ++i;
      if (i >= t_.size() || !is_name(t_[i]) || (t_[i].kind == TokKind::Word && clause_keyword(t_[i]))) return i - 1;
      std::size_t start = i;
      bool catalog = false;
      std::string raw;
      auto [name, next] = qualified_name(i, &catalog, &raw);
      // A name followed by '(' is a table function: a call (or a builtin), never a table.
      if (next < t_.size() && t_[next].punct('(') && mode == AccessMode::Read) {
        const bool qualified = next > start + 1;
        if (!name.empty() && !(qualified && is_system_schema(t_[start].text)) &&
            (qualified || !is_builtin_function(name)))
          st_.calls.push_back(name);
        return next - 1;
      }
      bool cte = next == start + 1 && ctes_.count(lower(t_[start].text));
      if (!cte && !catalog) {
        if (name.empty()) {
          st_.dynamic.push_back(t_[start].text);
        } else {
          st_.tables.push_back({name, mode, verb, name_pattern(raw)});
        }
      }
      i = next;
      if (i < t_.size() && t_[i].is("AS")) ++i;
      if (i < t_.size() && is_name(t_[i]) && !(t_[i].kind == TokKind::Word && clause_keyword(t_[i]))) ++i;  // alias
      if (list && i < t_.size() && t_[i].punct(',')) {
        ++i;
        continue;
      }
      return i - 1;
    }
    return i - 1;
  }

  const std::vector<Token>& t_;
  Statement& st_;
  std::string override_;
  std::set<std::string> ctes_;
};

TxControl tx_of(const std::vector<Token>& t) {
  if (t.empty()) return TxControl::None;
  const Token& a = t[0];
  if (a.is("BEGIN") && (t.size() == 1 || t[1].is("TRANSACTION") || t[1].is("WORK") || t[1].is("IMMEDIATE") ||
                        t[1].is("DEFERRED") || t[1].is("EXCLUSIVE") || t[1].is("ISOLATION") || t[1].is("READ"))) {
    return TxControl::Begin;
  }
  if (a.is("START") && t.size() > 1 && t[1].is("TRANSACTION")) return TxControl::Begin;
  if (a.is("COMMIT") || (a.is("END") && (t.size() == 1 || t[1].is("TRANSACTION") || t[1].is("WORK"))))
    return TxControl::Commit;
  if (a.is("ROLLBACK") || a.is("ABORT")) {
    for (const Token& k : t) {
      if (k.is("TO")) return TxControl::None;  // ROLLBACK TO SAVEPOINT: the transaction goes on
    }
    return TxControl::Rollback;
  }
  return TxControl::None;
}

// Routine bodies (PL/pgSQL, MySQL) wrap their statements in block syntax:
// BEGIN [ATOMIC] opens a block rather than a transaction when a statement
// follows it; PERFORM f() is SELECT f(); RETURN [QUERY] precedes a query.
void strip_block_syntax(std::vector<Token>& toks) {
  auto is_tx_word = [](const Token& t) {
    return t.is("TRANSACTION") || t.is("WORK") || t.is("IMMEDIATE") || t.is("DEFERRED") || t.is("EXCLUSIVE") ||
           t.is("ISOLATION") || t.is("READ");
  };
  for (int guard = 0; guard < 4 && !toks.empty(); ++guard) {
    if (toks[0].is("BEGIN") && toks.size() > 1 && !is_tx_word(toks[1])) {
      toks.erase(toks.begin());
      if (!toks.empty() && toks[0].is("ATOMIC")) toks.erase(toks.begin());
    } else if (toks[0].is("PERFORM")) {
      toks[0].text = "SELECT";
    } else if (toks[0].is("RETURN") && toks.size() > 1 &&
               (toks[1].is("QUERY") || toks[1].is("SELECT") || toks[1].punct('('))) {
      toks.erase(toks.begin());
      if (!toks.empty() && toks[0].is("QUERY")) toks.erase(toks.begin());
    } else {
      break;
    }
  }
}

template <typename T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::string normalise_name(std::string_view qualified) {
  auto toks = tokenize(qualified);
  std::string last;
  for (const Token& t : toks) {
    if (is_name(t)) last = t.kind == TokKind::Placeholder ? std::string(kPlaceholderWord) : t.text;
  }
  return normalise_segment(last);
}

std::string normalise_dialect(std::string_view text, std::string* verb_override) {
  std::string over;
  std::string out;
  for (const auto& stmt : split_statements(text)) {
    if (!out.empty()) out += "; ";
    out += emit(rewrite_dialect(stmt, over));
  }
  if (verb_override) *verb_override = over;
  return out;
}

namespace {

// Conservative on purpose: any WHERE, LIMIT or aggregate, even in a subquery,
// means the statement is not flagged, so a finding is never a guess.
bool every_row(const std::vector<Token>& toks) {
  if (toks.empty() || !toks[0].is("SELECT")) return false;
  static constexpr std::array<std::string_view, 14> kBounded{"WHERE", "LIMIT",  "TOP",      "FETCH", "OFFSET",
                                                             "GROUP", "HAVING", "DISTINCT", "COUNT", "SUM",
                                                             "MIN",   "MAX",    "AVG",      "EXISTS"};
  bool from = false;
  for (const Token& t : toks) {
    if (t.kind != TokKind::Word) continue;
    if (t.is("FROM")) from = true;
    for (std::string_view k : kBounded) {
      if (t.is(k)) return false;
    }
  }
  return from;
}

}  // namespace

bool reads_every_row(std::string_view sql) {
  auto statements = split_statements(sql);
  return statements.size() == 1 && every_row(statements[0]);
}

namespace {

// One statement's tokens -> st (whose text and offset are set); `source`
// is the text the tokens' offsets point into (routine definitions cut their
// bodies from it), empty for a statement rebuilt from tokens.
void read_statement(const std::vector<Token>& toks, std::string_view source, Statement& st) {
  st.tx = tx_of(toks);
  st.every_row = every_row(toks);
  if (toks[0].is("CREATE")) {
    st.created = read_create_table(toks, &st.created_like);
    if (!source.empty()) st.routine = read_routine(toks, source.substr(st.offset, toks.back().end - st.offset));
  }
  st.added_keys = read_alter_keys(toks);
  if (st.routine) {
    // A routine definition touches nothing until it is called.
    st.verb = "CREATE";
    st.understood = true;
    st.parser = "tokens";
    st.purpose = Purpose::Schema;
    return;
  }
  std::string over;
  auto rewritten = rewrite_dialect(toks, over);
  PgOutcome pg = pg_parse(st.text);
  if (pg.ok) {
    st.parser = "pg";
    // The original text parsed, but a REPLACE/upsert verb is still MySQL's.
    PgWalker(over, st).run(pg.tree);
  } else {
    st.error = pg.error;
    PgOutcome pg2 = pg_parse(emit(rewritten));
    if (pg2.ok) {
      st.parser = "pg-normalised";
      PgWalker(over, st).run(pg2.tree);
    } else {
      st.parser = "fallback";
      Fallback(toks, st, over).run();
    }
  }
  read_lock(toks, st);
  if (st.parser != "fallback") st.understood = true;
  if (st.tx != TxControl::None) st.understood = true;
  sort_unique(st.tables);
  sort_unique(st.calls);
  sort_unique(st.dynamic);
  sort_unique(st.locked);
  st.purpose = purpose_of(toks, st);
}

}  // namespace

ParsedSql parse_sql(std::string_view text, SqlSource source) {
  ParsedSql out;
  StatementReader reader(text);
  bool names_nothing = true;  // no word glued to a placeholder leaves a name behind
  while (auto statement = reader.next()) {
    std::vector<Token>& toks = *statement;
    names_nothing = names_nothing && std::all_of(toks.begin(), toks.end(), [](const Token& t) {
                      return !t.has_placeholder || normalise_segment(t.text).empty();
                    });
    if (source == SqlSource::RoutineBody) {
      for (detail::BodyStatement& part : detail::body_statements(toks)) {
        if (part.tokens.empty()) continue;
        Statement st;
        st.offset = part.offset;
        st.text = emit(part.tokens);
        read_statement(part.tokens, {}, st);
        out.statements.push_back(std::move(st));
      }
      continue;
    }
    strip_block_syntax(toks);
    if (toks.empty()) continue;
    Statement st;
    st.offset = toks.front().begin;
    st.text = source_text(text, toks);
    read_statement(toks, text, st);
    out.statements.push_back(std::move(st));
  }
  out.wholly_unknown = reader.wholly_unknown() && names_nothing;
  return out;
}

}  // namespace cleave::sql
