#include "sql/sql.hpp"

#include "sql/ddl.hpp"
#include "sql/fold.hpp"
#include "sql/merged.hpp"
#include "sql/query_files.hpp"
#include "sql/rules.hpp"
#include "sql/schema.hpp"
#include "sql/statement.hpp"
#include "sql/table_names.hpp"
#include "sql/template_args.hpp"
#include "sql/transactions.hpp"
#include "sql/tx_context.hpp"
#include "sql/unread_apis.hpp"

#include <algorithm>
#include <deque>
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

// A site that names no table is counted once, by the first purpose of its
// statements in Purpose's order ("BEGIN; SET ..." is transaction control).
Purpose site_purpose(const std::set<Purpose>& purposes) {
  for (Purpose p : purposes) {
    if (p != Purpose::Data) return p;
  }
  return Purpose::Other;
}

// A name as a double-quoted YAML scalar: operator names and template
// arguments hold characters a plain scalar cannot.
std::string yaml_quoted(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

struct Wrapper {
  std::string name;
  std::vector<StrAlternative> templates;
  Location first_site;   // a forwarding site, for the report when nobody calls it
  std::string function;  // the function of that site
  bool named = false;    // its templates name a prepared statement (a wrapper of an execute_named sink)
};

struct Hit {
  const SinkRule* rule = nullptr;    // an API from the rules
  const Wrapper* wrapper = nullptr;  // or a project wrapper
  std::string via;

  // The call names a prepared statement instead of passing SQL.
  bool named() const { return rule ? rule->kind == SinkKind::ExecuteNamed : wrapper->named; }
};

// A statement prepared under a name (PQprepare, pqxx::connection::prepare),
// as a project function that forwards its parameters to one does it: the
// name and the SQL, either of which may hold Param pieces.
struct NamedTemplate {
  StrAlternative name;
  StrAlternative sql;

  friend bool operator==(const NamedTemplate&, const NamedTemplate&) = default;
};

struct NamedStatement {
  std::vector<StrAlternative> sql;
  std::vector<std::pair<std::string, Location>> prepared_at;  // (function, site)
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
    for (const auto& r : rules_.sinks) {
      // Preparing under a name runs nothing: the executing site owns the access.
      (r.kind == SinkKind::PrepareNamed ? named_prepare_rules_ : sink_rules_).emplace(r.callee, &r);
    }
    for (const auto& f : options.schema_files) add_schema_file(schema_, f);
    facts_.schema_files = options.schema_files;
    for (const auto& s : options.schema_texts) add_schema_text(schema_, s.text, s.name);
    table_names_ = TableNames(&schema_, options.table_prefix);
    args_.resize(m_.sites.size());
    for (const DeclaredAccess& d : options.declared_accesses) declared_.emplace(canonical_name(d.function), d);
    files_ = QueryFiles(options.project_root, options.query_dirs, options.query_texts);
    m_.vars.set_files(&files_);
  }

  DataAccessFacts run() {
    add_unread_apis();
    find_wrappers();
    find_named_statements();
    resolve_sites();
    report_uncalled_wrappers();
    report_unexecuted_statements();
    find_tx();
    table_names_.apply_prefix(facts_);
    add_declared_accesses();
    build_tables();
    return finish();
  }

 private:
  std::string name_of(const std::string& usr) const { return symbol_name(m_, usr); }

  const std::map<int, std::vector<StrAlternative>>& args_of(std::size_t i) {
    if (!args_[i]) {
      std::map<int, std::vector<StrAlternative>> a;
      for (const CallArg& arg : m_.sites[i].args) a[arg.index] = m_.vars.expand(arg.value);
      args_[i] = std::move(a);
    }
    return *args_[i];
  }

  std::optional<Hit> sink_for(const CallSite& c) const {
    const std::vector<std::string> keys = rule_keys(c);  // keys.front(): the callee's own name
    for (const auto& k : keys) {
      if (auto it = sink_rules_.find(k); it != sink_rules_.end()) return Hit{it->second, nullptr, keys.front()};
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
      const int arg = hit.named() ? hit.rule->name_arg : hit.rule->sql_arg;
      if (arg < 0) return m_.vars.expand(c.object_value);
      const auto& a = args_of(i);
      auto it = a.find(arg);
      if (it == a.end()) return {};
      const SinkKind k = hit.rule->kind;
      if (k != SinkKind::BulkWrite && k != SinkKind::BulkRead) return it->second;
      // A table's name: the statement the call amounts to.
      std::vector<StrAlternative> out;
      for (const StrAlternative& table : it->second) {
        StrAlternative sql{Piece{PieceKind::Literal, "COPY ", -1}};
        sql.insert(sql.end(), table.begin(), table.end());
        sql.push_back(Piece{PieceKind::Literal, k == SinkKind::BulkWrite ? " FROM STDIN" : " TO STDOUT", -1});
        out.push_back(std::move(sql));
      }
      return out;
    }
    std::vector<StrAlternative> out;
    for (const auto& t : hit.wrapper->templates) {
      // The callee's own template arguments first: the arguments' pieces belong to the caller.
      for (const auto& bound : bind_template_args(t, c.template_args, m_.vars)) {
        for (auto& alt : substitute(bound, args_of(i))) {
          if (out.size() < kMaxAlternatives) out.push_back(std::move(alt));
        }
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
          if (const Piece* field = first_field(alt)) {
            changed = add_template(field->text, field_template(alt, field->text), c, hit->named()) || changed;
            continue;
          }
          if (!has_param(alt)) continue;
          Wrapper& w = wrappers_[c.caller];
          if (w.name.empty()) {
            w.name = name_of(c.caller);
            w.first_site = c.site;
            w.function = c.caller;
            w.named = hit->named();
          }
          if (w.named != hit->named()) continue;  // one kind per wrapper: the first found
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
          base.function = copy.function;
          base.named = copy.named;
        }
        if (base.named != copy.named) continue;
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

  // A member that reaches a sink is a wrapper whose parameter 0 is what a
  // store hands it; the store sites (CallSites to the field) then resolve.
  bool add_template(const std::string& field, StrAlternative tmpl, const CallSite& sink, bool named) {
    Wrapper& w = wrappers_[field];
    if (w.name.empty()) {
      w.name = name_of(field);
      w.first_site = sink.site;
      w.function = sink.caller;
      w.named = named;
    }
    if (w.named != named || w.templates.size() >= kMaxTemplatesPerWrapper ||
        std::find(w.templates.begin(), w.templates.end(), tmpl) != w.templates.end()) {
      return false;
    }
    w.templates.push_back(std::move(tmpl));
    return true;
  }

  const ParsedSql& parsed(const std::string& text) {
    auto it = cache_.find(text);
    if (it == cache_.end()) it = cache_.emplace(text, parse_sql(text)).first;
    return it->second;
  }

  // What a stored routine's body reaches, its calls included: tables, and names only
  // known at run time (EXECUTE format('... %I ...')).
  struct RoutineReach {
    std::vector<TableRef> tables;
    std::vector<std::string> dynamic;
  };

  const RoutineReach& routine_tables(const std::string& name, int depth) {
    static const RoutineReach kNone;
    if (auto it = routine_memo_.find(name); it != routine_memo_.end()) return it->second;
    auto body = schema_.routines.find(name);
    if (body == schema_.routines.end() || depth > kMaxRoutineDepth || routine_visiting_.count(name)) return kNone;
    routine_visiting_.insert(name);
    std::set<TableRef> acc;
    std::set<std::string> dynamic;
    // Stored code, not client SQL: SELECT ... INTO names variables there.
    for (const Statement& st : parse_sql(body->second, SqlSource::RoutineBody).statements) {
      acc.insert(st.tables.begin(), st.tables.end());
      dynamic.insert(st.dynamic.begin(), st.dynamic.end());
      for (const auto& c : st.calls) {
        acc.insert(TableRef{c, AccessMode::Call, "CALL"});
        const RoutineReach& sub = routine_tables(c, depth + 1);
        acc.insert(sub.tables.begin(), sub.tables.end());
        dynamic.insert(sub.dynamic.begin(), sub.dynamic.end());
      }
    }
    routine_visiting_.erase(name);
    return routine_memo_[name] = RoutineReach{{acc.begin(), acc.end()}, {dynamic.begin(), dynamic.end()}};
  }

  void unresolved(const CallSite& c, std::string reason, std::string excerpt_text) {
    problem({c.caller, c.site, std::move(reason), shorten(excerpt_text)});
  }

  // What could not be read at a site, with the .cleave.yaml line that would
  // resolve it; nothing when the user declared the function's tables
  // (sql.accesses). Returns whether it was recorded.
  bool problem(UnresolvedSql u) {
    if (declared_.count(name_of(u.symbol))) {
      ++covered_;
      return false;
    }
    if (u.suggestion.empty()) {
      u.suggestion = "accesses: [{function: " + yaml_quoted(name_of(u.symbol)) + ", reads: [TABLE], writes: [TABLE]}]";
    }
    facts_.unresolved.push_back(std::move(u));
    return true;
  }

  // A site whose SQL could not be read at all: unresolved, or resolved by
  // the user's declaration of its function's tables.
  void unresolved_site(UnresolvedSql u) {
    ++facts_.sql_sites;
    ++(problem(std::move(u)) ? facts_.unresolved_sites : facts_.resolved_sites);
  }

  void resolve_sites() {
    for (std::size_t i = 0; i < m_.sites.size(); ++i) {
      const CallSite& c = m_.sites[i];
      auto hit = sink_for(c);
      if (!hit) continue;
      auto vals = values(i, *hit);
      // A statement's name stands for the SQL prepared under it.
      std::vector<UnresolvedSql> name_problems = hit->named() ? named_sql(c, vals) : std::vector<UnresolvedSql>{};
      if (vals.empty()) {
        // No string argument at all: an overload that takes no SQL (QSqlQuery::exec() runs what prepare() gave).
        if (c.args.empty() && c.object_value.empty() && name_problems.empty()) continue;
        if (name_problems.empty()) {
          name_problems.push_back({c.caller, c.site,
                                   "the SQL argument of " + hit->via + " was not folded by the front end",
                                   shorten(hit->via + "(...)")});
        }
        ++facts_.sql_sites;
        bool open = false;
        for (auto& problem_at : name_problems) open = problem(std::move(problem_at)) || open;
        ++(open ? facts_.unresolved_sites : facts_.resolved_sites);
        continue;
      }
      std::vector<const StrAlternative*> concrete;
      for (const auto& v : vals) {
        if (!has_param(v) && !first_field(v)) concrete.push_back(&v);
      }
      // A wrapper forwarding its parameter, or SQL kept in a member: resolved
      // where the parameter or the member is supplied.
      if (concrete.empty() && name_problems.empty()) continue;
      ++facts_.sql_sites;
      SqlSiteEvent event{c.caller, c.site, TxControl::None, {}, {}};
      bool any_table = false;
      std::set<Purpose> purposes;
      const std::size_t unresolved_before = facts_.unresolved.size();
      const unsigned covered_before = covered_;
      for (auto& problem_at : name_problems) problem(std::move(problem_at));
      for (const StrAlternative* alt : concrete) {
        std::string ex = excerpt(*alt);
        if (const Piece* file = first_file(*alt)) {
          problem({c.caller, c.site, unread_file_reason(file->text), ex, kQueryDirsSuggestion});
          continue;
        }
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
            const RoutineReach& body = routine_tables(call, 0);
            refs.insert(refs.end(), body.tables.begin(), body.tables.end());
            for (const auto& d : body.dynamic) {
              unresolved(c, "table name is not statically known (in routine " + call + ": " + shorten(d, 60) + ")", ex);
            }
          }
          for (std::size_t r = 0; r < refs.size(); ++r) {
            std::string why;
            const auto names = table_names_.names(refs[r], why);
            if (names.empty()) unresolved(c, why, ex);
            for (const std::string& name : names) {
              TableRef t = refs[r];
              t.name = name;
              t.pattern.clear();
              // Only the statement's own tables: a routine's body has WHERE clauses of its own.
              const bool every_row = st.every_row && t.mode == AccessMode::Read && r < st.tables.size();
              const unsigned one_of = names.size() > 1 ? static_cast<unsigned>(names.size()) : 0;
              facts_.accesses.push_back({c.caller, t.name, t.mode, c.site, ex, hit->via, t.verb, every_row, one_of});
              any_table = any_table || t.mode != AccessMode::Call;  // a routine is no table
              event.tables.push_back(t);
            }
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
            if (!st.created_like.empty()) code_likes_.emplace(t.name, st.created_like);
            code_tables_.emplace(t.name, std::move(t));
          }
          for (const auto& k : st.added_keys) code_keys_.push_back(k);
          note_statement(event, st);
          purposes.insert(st.purpose);
        }
      }
      const bool any_unresolved = facts_.unresolved.size() > unresolved_before;
      if (any_table || covered_ > covered_before) {
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
      tx_sites_.push_back(std::move(event));
      called_.insert(c.callee);
    }
    // Wrappers are "called" when a sink site names them.
  }

  // ---- What the user declared, and what cleave could not read -------------

  // SQL handed to a function whose body was not analysed: an argument that
  // receives only SQL makes the function a sink (with a note); one that also
  // receives other text leaves each SQL site unresolved, with the line that
  // names the API.
  void add_unread_apis() {
    UnreadApiInput in;
    in.sites = &m_.sites;
    in.symbols = &m_.symbols;
    in.known = [this](const CallSite& c) { return sink_for(c) || named_prepare_rule(c); };
    in.name_of = [this](const CallSite& c) { return rule_keys(c).front(); };
    in.args_of = [this](std::size_t i) -> const std::map<int, std::vector<StrAlternative>>& { return args_of(i); };
    for (const Edge& e : m_.edges) {
      auto from = e.kind == EdgeKind::Override ? m_.symbols.find(e.from) : m_.symbols.end();
      if (from != m_.symbols.end() && from->second.is_definition) in.overridden.insert(e.to);
    }
    for (const UnreadApi& api : find_unread_apis(in)) {
      const std::string line =
          "apis: [{function: " + yaml_quoted(api.function) + ", sql_arg: " + std::to_string(api.sql_arg) + "}]";
      const std::string calls = std::to_string(api.sql_sites.size()) + " call" + (api.sql_sites.size() == 1 ? "" : "s");
      if (api.unambiguous()) {
        const SinkRule& rule = assumed_rules_.emplace_back(SinkRule{"assumed", api.function, api.sql_arg});
        sink_rules_.emplace(rule.callee, &rule);
        facts_.notes.push_back(api.function +
                               " is taken as a database API: its body was not analysed, and its argument " +
                               std::to_string(api.sql_arg) + " receives SQL and nothing else (" + calls +
                               "). To confirm it, in .cleave.yaml: sql: " + line);
        continue;
      }
      for (const UnreadSqlSite& s : api.sql_sites) {
        const CallSite& c = m_.sites[s.site];
        const std::string through = s.through.empty() ? "" : " (passed on by " + name_of(s.through) + ")";
        unresolved_site({c.caller, c.site,
                         "SQL is handed to " + api.function + ", whose body was not analysed" + through +
                             "; it also receives text that is not SQL, so it is not taken as a database API by default",
                         excerpt(s.sql), line});
      }
    }
  }

  // sql.accesses: each function named gets the tables declared for it (at
  // its definition); an entry that names no analysed function is a note.
  void add_declared_accesses() {
    if (declared_.empty()) return;
    std::map<std::string, std::vector<const Symbol*>> by_name;
    for (const auto& [usr, sym] : m_.symbols) {
      if (is_function_kind(sym.kind) && declared_.count(canonical_name(sym.name))) {
        by_name[canonical_name(sym.name)].push_back(&sym);
      }
    }
    for (const auto& [name, d] : declared_) {
      auto it = by_name.find(name);
      if (it == by_name.end()) {
        facts_.notes.push_back(d.origin.file + ":" + std::to_string(d.origin.line) + ": sql.accesses names " +
                               d.function + ", which is no function of the analysed code; the entry was not used");
        continue;
      }
      for (const Symbol* sym : it->second) {
        for (const auto* list : {&d.reads, &d.writes}) {
          const AccessMode mode = list == &d.reads ? AccessMode::Read : AccessMode::Write;
          for (const std::string& table : *list) {
            facts_.accesses.push_back(
                {sym->id, normalise_name(table), mode, sym->loc, "(declared in .cleave.yaml)", ".cleave.yaml", ""});
          }
        }
      }
    }
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
      auto sym = m_.symbols.find(usr);
      const bool member = sym != m_.symbols.end() && sym->second.kind == SymbolKind::Field;
      unresolved_site({w.function, w.first_site,
                       member
                           ? "SQL comes from the member " + w.name + ", and no code storing a string in it was found"
                           : "SQL comes from a parameter of " + w.name + ", and no call passing it a string was found",
                       excerpt(w.templates.front())});
    }
  }

  // ---- Statements prepared under a name, executed elsewhere ----------------

  std::vector<std::string> rule_keys(const CallSite& c) const { return sql::rule_keys(m_, c); }

  const SinkRule* named_prepare_rule(const CallSite& c) const {
    for (const auto& k : rule_keys(c)) {
      if (auto it = named_prepare_rules_.find(k); it != named_prepare_rules_.end()) return it->second;
    }
    return nullptr;
  }

  static bool is_constant(const StrAlternative& alt) {
    return std::all_of(alt.begin(), alt.end(), [](const Piece& p) { return p.kind == PieceKind::Literal; });
  }

  static std::string text_of(const StrAlternative& alt) {
    std::string out;
    for (const Piece& p : alt) out += p.text;
    return out;
  }

  // (name, SQL) pairs a call prepares: from the rule's arguments, or through a
  // project function that forwards its parameters to a prepare_named sink.
  std::vector<NamedTemplate> prepared_pairs(std::size_t i) {
    const CallSite& c = m_.sites[i];
    std::vector<NamedTemplate> out;
    auto add = [&](const std::vector<StrAlternative>& names, const std::vector<StrAlternative>& sqls) {
      for (const auto& n : names) {
        for (const auto& q : sqls) {
          if (out.size() < kMaxAlternatives) out.push_back({n, q});
        }
      }
    };
    if (const SinkRule* rule = named_prepare_rule(c)) {
      const auto& a = args_of(i);
      auto name = a.find(rule->name_arg);
      std::vector<StrAlternative> sql;
      if (rule->sql_arg < 0) {
        sql = m_.vars.expand(c.object_value);
      } else if (auto it = a.find(rule->sql_arg); it != a.end()) {
        sql = it->second;
      }
      // pqxx's prepare(definition) prepares the unnamed statement: no name, no SQL at sql_arg.
      if (name != a.end() && !sql.empty()) add(name->second, sql);
    } else if (auto w = prepare_wrappers_.find(c.callee); !c.callee.empty() && w != prepare_wrappers_.end()) {
      for (const NamedTemplate& t : w->second) add(substitute(t.name, args_of(i)), substitute(t.sql, args_of(i)));
    }
    return out;
  }

  // Project functions that forward a parameter to a prepare_named sink become
  // prepare_named sinks themselves (to a fixpoint, as find_wrappers does for
  // SQL); then every constant name is mapped to the SQL prepared under it.
  void find_named_statements() {
    if (named_prepare_rules_.empty()) return;
    for (int round = 0; round < kMaxWrapperRounds; ++round) {
      bool changed = false;
      for (std::size_t i = 0; i < m_.sites.size(); ++i) {
        const CallSite& c = m_.sites[i];
        if (c.caller.empty()) continue;
        for (NamedTemplate& t : prepared_pairs(i)) {
          if (!has_param(t.name) && !has_param(t.sql)) continue;
          auto& templates = prepare_wrappers_[c.caller];
          if (templates.size() < kMaxTemplatesPerWrapper &&
              std::find(templates.begin(), templates.end(), t) == templates.end()) {
            templates.push_back(std::move(t));
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    for (std::size_t i = 0; i < m_.sites.size(); ++i) {
      const CallSite& c = m_.sites[i];
      for (const NamedTemplate& t : prepared_pairs(i)) {
        if (has_param(t.name) || has_param(t.sql)) continue;  // a forwarding site: resolved at its callers
        if (!is_constant(t.name)) {
          unresolved_site({c.caller, c.site,
                           "a statement is prepared under a name that is not a compile-time constant (" +
                               shorten(excerpt(t.name), 60) + ")",
                           excerpt(t.sql)});
          continue;
        }
        NamedStatement& st = named_[text_of(t.name)];
        if (st.sql.size() < kMaxAlternatives && std::find(st.sql.begin(), st.sql.end(), t.sql) == st.sql.end()) {
          st.sql.push_back(t.sql);
        }
        std::pair<std::string, Location> at{c.caller, c.site};
        if (std::find(st.prepared_at.begin(), st.prepared_at.end(), at) == st.prepared_at.end()) {
          st.prepared_at.push_back(std::move(at));
        }
      }
    }
  }

  // Replaces the statement names an execute_named call passes by the SQL
  // prepared under them; names with Param pieces stay (a wrapper, resolved at
  // its callers). Returns what could not be mapped, as unresolved entries.
  std::vector<UnresolvedSql> named_sql(const CallSite& c, std::vector<StrAlternative>& names) {
    std::vector<StrAlternative> sql;
    std::vector<UnresolvedSql> problems;
    for (const StrAlternative& n : names) {
      if (has_param(n)) {
        sql.push_back(n);
        continue;
      }
      const std::string text = text_of(n);
      auto it = named_.find(text);
      if (!is_constant(n)) {
        problems.push_back(
            {c.caller, c.site,
             "the name of the prepared statement is not a compile-time constant (" + shorten(excerpt(n), 60) + ")",
             excerpt(n)});
      } else if (it == named_.end()) {
        problems.push_back(
            {c.caller, c.site, "no statement is prepared under the name \"" + shorten(text, 60) + "\"", excerpt(n)});
      } else {
        executed_names_.insert(text);
        for (const auto& q : it->second.sql) {
          if (sql.size() < kMaxAlternatives && std::find(sql.begin(), sql.end(), q) == sql.end()) sql.push_back(q);
        }
      }
    }
    names = std::move(sql);
    return problems;
  }

  void report_unexecuted_statements() {
    for (const auto& [name, st] : named_) {
      if (executed_names_.count(name)) continue;
      for (const auto& [fn, site] : st.prepared_at) {
        unresolved_site({fn, site,
                         "the statement prepared under the name \"" + shorten(name, 60) +
                             "\" is never executed (no execute_named call names it)",
                         excerpt(st.sql.front())});
      }
    }
  }

  bool tx_arg_matches(std::size_t i, const TxCallRule& rule) {
    const auto& a = args_of(i);
    auto it = a.find(rule.arg);
    if (it == a.end() || it->second.size() != 1) return false;
    return is_constant(it->second.front()) && text_of(it->second.front()) == rule.value;
  }

  void build_tables() {
    std::map<std::string, Table> tables = schema_.tables;
    for (auto& [name, t] : code_tables_) tables.emplace(name, t);
    // Code that creates a table like another: once every table is known.
    for (const auto& [name, likes] : code_likes_) {
      if (code_tables_.count(name) && !schema_.tables.count(name)) apply_likes(tables.at(name), likes, tables);
    }
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
    // One database draws no boundary: the field says something only when
    // the schema names at least two.
    std::set<std::string> databases;
    for (auto& [name, t] : tables) {
      t.database = detail::database_name(t.database);  // a CREATE TABLE in code keeps its qualifier as written
      if (!t.database.empty()) databases.insert(t.database);
    }
    for (auto& [name, t] : tables) {
      if (databases.size() < 2) t.database.clear();
      if (t.in_schema && !used.count(name)) facts_.unaccessed_tables.push_back(name);
      if (!t.in_schema) facts_.undeclared_tables.push_back(name);
      facts_.tables.push_back(std::move(t));
    }
  }

  void find_tx() {
    TxContext ctx = transaction_context(
        m_, rules_, [this](std::size_t i, const TxCallRule& rule) { return tx_arg_matches(i, rule); });
    ctx.sites = std::move(tx_sites_);
    facts_.transactions = find_transactions(ctx);
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
    std::sort(facts_.notes.begin(), facts_.notes.end());
    facts_.notes.erase(std::unique(facts_.notes.begin(), facts_.notes.end()), facts_.notes.end());
    return std::move(facts_);
  }

  Merged m_;
  Rules rules_;
  std::multimap<std::string, const SinkRule*> sink_rules_;
  std::multimap<std::string, const SinkRule*> named_prepare_rules_;
  std::map<std::string, std::vector<NamedTemplate>> prepare_wrappers_;  // function USR -> what it prepares
  std::map<std::string, NamedStatement> named_;                         // statement name -> its SQL
  std::set<std::string> executed_names_;
  Schema schema_;
  std::vector<std::optional<std::map<int, std::vector<StrAlternative>>>> args_;
  std::map<std::string, Wrapper> wrappers_;
  std::set<std::pair<std::string, std::string>> overridden_;  // (derived, base)
  std::map<std::string, ParsedSql> cache_;
  std::map<std::string, RoutineReach> routine_memo_;
  std::set<std::string> routine_visiting_;
  std::map<std::string, Table> code_tables_;
  TableNames table_names_;
  std::vector<AddedForeignKey> code_keys_;
  std::map<std::string, std::vector<TableLike>> code_likes_;  // table created in code -> its LIKE clauses
  std::set<std::string> called_;
  DataAccessFacts facts_;
  std::vector<SqlSiteEvent> tx_sites_;              // resolved sites, for the transaction finder
  std::deque<SinkRule> assumed_rules_;              // functions taken as database APIs (add_unread_apis)
  std::map<std::string, DeclaredAccess> declared_;  // sql.accesses by canonical function name
  unsigned covered_ = 0;                            // problems the user's declarations resolved
  QueryFiles files_;                                // .sql files the code reads at run time
};

}  // namespace

DataAccessFacts analyze(const Program& program, const SqlOptions& options) { return Stage(program, options).run(); }

DataAccessFacts analyze(std::vector<TuFacts> tus, const SqlOptions& options) {
  return analyze(build_program(std::move(tus)), options);
}

}  // namespace cleave::sql
