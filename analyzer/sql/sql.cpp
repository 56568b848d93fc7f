#include "sql/sql.hpp"

#include "sql/fold.hpp"
#include "sql/rules.hpp"
#include "sql/schema.hpp"
#include "sql/statement.hpp"
#include "sql/transactions.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>

namespace cleave::sql {
namespace {

constexpr std::size_t kMaxTemplatesPerWrapper = 8;
constexpr int kMaxWrapperRounds = 32;
constexpr int kMaxRoutineDepth = 8;

// Best-effort qualified name from a clang USR, for callees the front end saw
// only as declarations in library headers: c:@S@QSqlDatabase@F@transaction# ->
// QSqlDatabase::transaction.
std::string decode_usr(const std::string& usr) {
  if (usr.rfind("c:", 0) != 0) return {};
  std::vector<std::string> parts;
  std::size_t pos = 2;
  while (pos <= usr.size()) {
    std::size_t at = usr.find('@', pos);
    parts.push_back(usr.substr(pos, at == std::string::npos ? std::string::npos : at - pos));
    if (at == std::string::npos) break;
    pos = at + 1;
  }
  std::string out;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& k = parts[i];
    if (k == "N" || k == "S" || k == "C" || k == "U" || k == "E" || k == "F" || k == "FI" || k.rfind("ST", 0) == 0 ||
        k.rfind("SP", 0) == 0 || k.rfind("FT", 0) == 0 || k == "CT") {
      std::string name = parts[i + 1].substr(0, parts[i + 1].find_first_of("#<>("));
      if (name.empty()) continue;
      if (!out.empty()) out += "::";
      out += name;
      ++i;
    }
  }
  return out;
}

// A site that names no table is counted once, by the first purpose of its
// statements in Purpose's order ("BEGIN; SET ..." is transaction control).
Purpose site_purpose(const std::set<Purpose>& purposes) {
  for (Purpose p : purposes) {
    if (p != Purpose::Data) return p;
  }
  return Purpose::Other;
}

std::string last_component(const std::string& q) {
  std::size_t p = q.rfind("::");
  return p == std::string::npos ? q : q.substr(p + 2);
}

// What the stage reads of the program, in the shapes it walks.
struct Merged {
  const std::vector<CallSite>& sites;
  std::vector<Edge> edges;  // call and override, one per site
  const std::vector<LocalVar>& locals;
  const std::map<std::string, Symbol>& symbols;
  VarTable vars;

  explicit Merged(const Program& p)
      : sites(p.call_sites), edges(p.call_and_override_sites()), locals(p.locals), symbols(p.symbols) {
    for (const VarValue& v : p.var_values) vars.add(v);
  }
};

struct Wrapper {
  std::string name;
  std::vector<StrAlternative> templates;
  Location first_site;  // a forwarding site, for the report when nobody calls it
};

struct Hit {
  const SinkRule* rule = nullptr;    // an API from the rules
  const Wrapper* wrapper = nullptr;  // or a project wrapper
  std::string via;
};

class Stage {
 public:
  Stage(const Program& program, const SqlOptions& options) : m_(program) {
    rules_ = load_rules(options.rule_files);
    for (const auto& src : options.rule_texts) {
      Rules r = parse_rules(src.text, src.name);
      rules_.sinks.insert(rules_.sinks.end(), r.sinks.begin(), r.sinks.end());
      rules_.tx_calls.insert(rules_.tx_calls.end(), r.tx_calls.begin(), r.tx_calls.end());
      rules_.tx_types.insert(rules_.tx_types.end(), r.tx_types.begin(), r.tx_types.end());
    }
    for (const auto& r : rules_.sinks) sink_rules_.emplace(r.callee, &r);
    for (const auto& f : options.schema_files) add_schema_file(schema_, f);
    facts_.schema_files = options.schema_files;
    for (const auto& s : options.schema_texts) add_schema_text(schema_, s.text, s.name);
    args_.resize(m_.sites.size());
  }

  DataAccessFacts run() {
    find_wrappers();
    resolve_sites();
    report_uncalled_wrappers();
    build_tables();
    find_tx();
    return finish();
  }

 private:
  std::string name_of(const std::string& usr) const {
    auto it = m_.symbols.find(usr);
    if (it != m_.symbols.end() && !it->second.name.empty()) return canonical_name(it->second.name);
    return canonical_name(decode_usr(usr));
  }

  const std::map<int, std::vector<StrAlternative>>& args_of(std::size_t i) {
    if (!args_[i]) {
      std::map<int, std::vector<StrAlternative>> a;
      for (const CallArg& arg : m_.sites[i].args) a[arg.index] = m_.vars.expand(arg.value);
      args_[i] = std::move(a);
    }
    return *args_[i];
  }

  std::optional<Hit> sink_for(const CallSite& c) const {
    std::string name = canonical_name(c.callee_name);
    if (name.empty() && !c.callee.empty()) name = name_of(c.callee);
    std::vector<std::string> keys{name};
    if (!c.object_type.empty()) keys.push_back(canonical_name(c.object_type) + "::" + last_component(name));
    for (const auto& k : keys) {
      if (auto it = sink_rules_.find(k); it != sink_rules_.end()) return Hit{it->second, nullptr, name};
    }
    if (!c.callee.empty()) {
      if (auto it = wrappers_.find(c.callee); it != wrappers_.end()) return Hit{nullptr, &it->second, it->second.name};
    }
    return std::nullopt;
  }

  // The SQL alternatives a sink call carries; empty when the front end gave
  // nothing for the SQL argument.
  std::vector<StrAlternative> values(std::size_t i, const Hit& hit) {
    const CallSite& c = m_.sites[i];
    if (hit.rule) {
      if (hit.rule->sql_arg < 0) return m_.vars.expand(c.object_value);
      const auto& a = args_of(i);
      auto it = a.find(hit.rule->sql_arg);
      return it == a.end() ? std::vector<StrAlternative>{} : it->second;
    }
    std::vector<StrAlternative> out;
    for (const auto& t : hit.wrapper->templates) {
      for (auto& alt : substitute(t, args_of(i))) {
        if (out.size() < kMaxAlternatives) out.push_back(std::move(alt));
      }
    }
    return out;
  }

  // A function that hands a parameter to a sink becomes a sink: iterate until
  // no wrapper gains a template (bounded by templates per wrapper and rounds).
  void find_wrappers() {
    for (int round = 0; round < kMaxWrapperRounds; ++round) {
      bool changed = false;
      for (std::size_t i = 0; i < m_.sites.size(); ++i) {
        const CallSite& c = m_.sites[i];
        if (c.caller.empty()) continue;
        auto hit = sink_for(c);
        if (!hit) continue;
        for (const auto& alt : values(i, *hit)) {
          if (!has_param(alt)) continue;
          Wrapper& w = wrappers_[c.caller];
          if (w.name.empty()) {
            w.name = name_of(c.caller);
            w.first_site = c.site;
          }
          if (w.templates.size() < kMaxTemplatesPerWrapper &&
              std::find(w.templates.begin(), w.templates.end(), alt) == w.templates.end()) {
            w.templates.push_back(alt);
            changed = true;
          }
        }
      }
      // A call through the base of a virtual wrapper reaches the override.
      for (const Edge& e : m_.edges) {
        if (e.kind != EdgeKind::Override) continue;
        auto it = wrappers_.find(e.from);
        if (it == wrappers_.end()) continue;
        Wrapper copy = it->second;
        Wrapper& base = wrappers_[e.to];
        if (base.name.empty()) {
          base.name = name_of(e.to);
          base.first_site = copy.first_site;
        }
        for (const auto& t : copy.templates) {
          if (base.templates.size() < kMaxTemplatesPerWrapper &&
              std::find(base.templates.begin(), base.templates.end(), t) == base.templates.end()) {
            base.templates.push_back(t);
            changed = true;
          }
        }
        overridden_.insert({e.from, e.to});
      }
      if (!changed) break;
    }
  }

  const ParsedSql& parsed(const std::string& text) {
    auto it = cache_.find(text);
    if (it == cache_.end()) it = cache_.emplace(text, parse_sql(text)).first;
    return it->second;
  }

  // Tables a stored routine touches, through the routines it calls.
  std::vector<TableRef> routine_tables(const std::string& name, int depth) {
    if (auto it = routine_memo_.find(name); it != routine_memo_.end()) return it->second;
    auto body = schema_.routines.find(name);
    if (body == schema_.routines.end() || depth > kMaxRoutineDepth || routine_visiting_.count(name)) return {};
    routine_visiting_.insert(name);
    std::set<TableRef> acc;
    // Stored code, not client SQL: SELECT ... INTO names variables there.
    for (const Statement& st : parse_sql(body->second, SqlSource::RoutineBody).statements) {
      acc.insert(st.tables.begin(), st.tables.end());
      for (const auto& c : st.calls) {
        acc.insert(TableRef{c, AccessMode::Call, "CALL"});
        auto sub = routine_tables(c, depth + 1);
        acc.insert(sub.begin(), sub.end());
      }
    }
    routine_visiting_.erase(name);
    std::vector<TableRef> out(acc.begin(), acc.end());
    routine_memo_[name] = out;
    return out;
  }

  void unresolved(const CallSite& c, std::string reason, std::string excerpt_text) {
    facts_.unresolved.push_back({c.caller, c.site, std::move(reason), shorten(excerpt_text)});
  }

  void resolve_sites() {
    for (std::size_t i = 0; i < m_.sites.size(); ++i) {
      const CallSite& c = m_.sites[i];
      auto hit = sink_for(c);
      if (!hit) continue;
      auto vals = values(i, *hit);
      if (vals.empty()) {
        ++facts_.sql_sites;
        ++facts_.unresolved_sites;
        unresolved(c, "the SQL argument of " + hit->via + " was not folded by the front end", hit->via + "(...)");
        continue;
      }
      std::vector<const StrAlternative*> concrete;
      for (const auto& v : vals) {
        if (!has_param(v)) concrete.push_back(&v);
      }
      if (concrete.empty()) continue;  // a wrapper forwarding its parameter: resolved at its callers
      ++facts_.sql_sites;
      SqlSiteEvent event{c.caller, c.site, TxControl::None, {}, {}};
      bool any_table = false;
      std::set<Purpose> purposes;
      const std::size_t unresolved_before = facts_.unresolved.size();
      for (const StrAlternative* alt : concrete) {
        std::string ex = excerpt(*alt);
        const ParsedSql& p = parsed(sql_text(*alt));
        if (p.wholly_unknown || p.statements.empty()) {
          unresolved(
              c, p.statements.empty() && !p.wholly_unknown ? "empty SQL text" : "SQL is not a compile-time constant",
              ex);
          continue;
        }
        for (const Statement& st : p.statements) {
          std::vector<TableRef> refs = st.tables;
          for (const auto& call : st.calls) {
            refs.push_back({call, AccessMode::Call, "CALL"});
            auto body = routine_tables(call, 0);
            refs.insert(refs.end(), body.begin(), body.end());
          }
          for (std::size_t r = 0; r < refs.size(); ++r) {
            const TableRef& t = refs[r];
            // Only the statement's own tables: a routine's body has WHERE clauses of its own.
            const bool every_row = st.every_row && t.mode == AccessMode::Read && r < st.tables.size();
            facts_.accesses.push_back({c.caller, t.name, t.mode, c.site, ex, hit->via, t.verb, every_row});
            any_table = any_table || t.mode != AccessMode::Call;  // a routine is no table
            event.tables.push_back(t);
          }
          for (const auto& d : st.dynamic)
            unresolved(c, "table name is not statically known (" + shorten(d, 60) + ")", ex);
          if (!st.understood) {
            unresolved(
                c, "not recognised as SQL" + (st.error.empty() ? std::string() : " (libpg_query: " + st.error + ")"),
                ex);
          }
          if (st.created && !code_tables_.count(st.created->name)) {
            Table t = *st.created;
            t.defined_at = c.site;
            code_tables_.emplace(t.name, std::move(t));
          }
          for (const auto& k : st.added_keys) code_keys_.push_back(k);
          note_statement(event, st);
          purposes.insert(st.purpose);
        }
      }
      const bool any_unresolved = facts_.unresolved.size() > unresolved_before;
      if (any_table) {
        ++facts_.resolved_sites;
        if (any_unresolved) ++facts_.partly_resolved;
      } else if (any_unresolved) {
        ++facts_.unresolved_sites;
      } else {
        ++facts_.no_table_sites;
        ++facts_.no_table_kinds[std::string(to_string(site_purpose(purposes)))];
      }
      std::sort(event.tables.begin(), event.tables.end());
      event.tables.erase(std::unique(event.tables.begin(), event.tables.end()), event.tables.end());
      tx_ctx_.sites.push_back(std::move(event));
      called_.insert(c.callee);
    }
    // Wrappers are "called" when a sink site names them.
  }

  void report_uncalled_wrappers() {
    std::set<std::string> callees;
    for (const CallSite& c : m_.sites) callees.insert(c.callee);
    for (const auto& [usr, w] : wrappers_) {
      bool reached = callees.count(usr) > 0;
      for (const auto& [derived, base] : overridden_) {
        if (derived == usr && callees.count(base)) reached = true;
        if (base == usr) reached = true;  // reported, if at all, for the override that forwards
      }
      if (reached || w.templates.empty()) continue;
      ++facts_.sql_sites;
      ++facts_.unresolved_sites;
      facts_.unresolved.push_back(
          {usr, w.first_site, "SQL comes from a parameter of " + w.name + ", and no call passing it a string was found",
           excerpt(w.templates.front())});
    }
  }

  void build_tables() {
    std::map<std::string, Table> tables = schema_.tables;
    for (auto& [name, t] : code_tables_) tables.emplace(name, t);
    for (const auto& k : code_keys_) {
      if (auto it = tables.find(k.table); it != tables.end()) it->second.foreign_keys.push_back(k.key);
    }
    std::set<std::string> used;
    for (const TableAccess& a : facts_.accesses) {
      if (a.mode == AccessMode::Call) continue;
      if (a.mode != AccessMode::Ddl) used.insert(a.table);
      if (!tables.count(a.table)) {
        Table t;
        t.name = a.table;
        tables.emplace(a.table, std::move(t));
      }
    }
    for (auto& [name, t] : tables) {
      if (t.in_schema && !used.count(name)) facts_.unaccessed_tables.push_back(name);
      if (!t.in_schema) facts_.undeclared_tables.push_back(name);
      facts_.tables.push_back(std::move(t));
    }
  }

  void find_tx() {
    for (const auto& [usr, s] : m_.symbols) {
      tx_ctx_.names[usr] = canonical_name(s.name);
      tx_ctx_.kinds[usr] = s.kind;
      if ((s.kind == SymbolKind::Method || s.kind == SymbolKind::Constructor) && !s.parent.empty()) {
        tx_ctx_.owner[usr] = name_of(s.parent);
      }
    }
    for (const Edge& e : m_.edges) {
      if (e.kind == EdgeKind::Override) {
        tx_ctx_.calls.push_back(e);  // a virtual call reaches the overrides' tables
        continue;
      }
      if (e.kind != EdgeKind::Call) continue;
      if (!tx_ctx_.names.count(e.to)) tx_ctx_.names[e.to] = name_of(e.to);
      tx_ctx_.calls.push_back(e);
    }
    tx_ctx_.locals = m_.locals;
    tx_ctx_.rules = &rules_;
    facts_.transactions = find_transactions(tx_ctx_);
  }

  DataAccessFacts finish() {
    auto key = [](const TableAccess& a) {
      return std::tie(a.symbol, a.loc, a.table, a.mode, a.verb, a.sql, a.via, a.every_row);
    };
    auto& acc = facts_.accesses;
    std::sort(acc.begin(), acc.end(), [&](const TableAccess& a, const TableAccess& b) { return key(a) < key(b); });
    acc.erase(std::unique(acc.begin(), acc.end(),
                          [&](const TableAccess& a, const TableAccess& b) { return key(a) == key(b); }),
              acc.end());
    auto& u = facts_.unresolved;
    auto ukey = [](const UnresolvedSql& a) { return std::tie(a.symbol, a.loc, a.reason, a.excerpt); };
    std::sort(u.begin(), u.end(), [&](const UnresolvedSql& a, const UnresolvedSql& b) { return ukey(a) < ukey(b); });
    u.erase(std::unique(u.begin(), u.end(),
                        [&](const UnresolvedSql& a, const UnresolvedSql& b) { return ukey(a) == ukey(b); }),
            u.end());
    return std::move(facts_);
  }

  Merged m_;
  Rules rules_;
  std::multimap<std::string, const SinkRule*> sink_rules_;
  Schema schema_;
  std::vector<std::optional<std::map<int, std::vector<StrAlternative>>>> args_;
  std::map<std::string, Wrapper> wrappers_;
  std::set<std::pair<std::string, std::string>> overridden_;  // (derived, base)
  std::map<std::string, ParsedSql> cache_;
  std::map<std::string, std::vector<TableRef>> routine_memo_;
  std::set<std::string> routine_visiting_;
  std::map<std::string, Table> code_tables_;
  std::vector<AddedForeignKey> code_keys_;
  std::set<std::string> called_;
  DataAccessFacts facts_;
  TxContext tx_ctx_;
};

}  // namespace

DataAccessFacts analyze(const Program& program, const SqlOptions& options) { return Stage(program, options).run(); }

DataAccessFacts analyze(std::vector<TuFacts> tus, const SqlOptions& options) {
  return analyze(build_program(std::move(tus)), options);
}

}  // namespace cleave::sql
