#include "sql/unread_apis.hpp"

#include "sql/fold.hpp"
#include "sql/statement.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <tuple>

namespace cleave::sql {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Functions whose strings are not run: the standard library, formatting
// libraries, Qt's string and logging classes (the front end folds what
// they build), the C library's printing and string functions, operators.
bool never_a_database_api(const std::string& name) {
  static constexpr std::array<std::string_view, 8> kNamespaces = {
      "std::", "__gnu_cxx::", "fmt::", "boost::", "absl::", "folly::", "spdlog::", "__"};
  static constexpr std::array<std::string_view, 12> kQtClasses = {
      "QString", "QByteArray", "QLatin1String",      "QStringView",    "QStringList", "QTextStream",
      "QDebug",  "QVariant",   "QRegularExpression", "QMessageLogger", "QObject::tr", "QCoreApplication::translate"};
  static constexpr std::array<std::string_view, 16> kCFunctions = {
      "printf", "fprintf", "sprintf", "snprintf", "vprintf", "vfprintf", "vsprintf", "vsnprintf",
      "puts",   "fputs",   "fwrite",  "syslog",   "perror",  "strdup",   "write",    "send"};
  const std::size_t last = name.rfind("::");
  const std::string_view base =
      last == std::string::npos ? std::string_view(name) : std::string_view(name).substr(last + 2);
  if (name.empty() || starts_with(base, "operator")) return true;
  for (auto ns : kNamespaces) {
    if (starts_with(name, ns)) return true;
  }
  for (auto cls : kQtClasses) {
    if (starts_with(name, cls) && (name.size() == cls.size() || name[cls.size()] == ':')) return true;
  }
  if (last != std::string::npos) return false;
  return std::find(kCFunctions.begin(), kCFunctions.end(), name) != kCFunctions.end() || starts_with(name, "str") ||
         starts_with(name, "mem") || starts_with(name, "wcs");
}

// A library class's constructor (sql::SQLString::SQLString) converts or
// keeps a string for the call it is built for, which the front end already
// follows; a project's own constructor may be its database layer (DBInsert).
bool library_constructor(const CallSite& c, const std::string& name, const std::map<std::string, Symbol>& symbols) {
  if (!c.callee.empty() && symbols.count(c.callee)) return false;
  const std::size_t last = name.rfind("::");
  if (last == std::string::npos) return false;
  const std::size_t prev = name.rfind("::", last - 1);
  const std::string cls =
      name.substr(prev == std::string::npos ? 0 : prev + 2, last - (prev == std::string::npos ? 0 : prev + 2));
  return cls == name.substr(last + 2);
}

bool read_by_cleave(const CallSite& c, const UnreadApiInput& in) {
  if (c.callee.empty()) return false;
  auto it = in.symbols->find(c.callee);
  return (it != in.symbols->end() && it->second.is_definition) || in.overridden.count(c.callee);
}

bool constant(const StrAlternative& alt) {
  return !alt.empty() && std::all_of(alt.begin(), alt.end(), [](const Piece& p) { return p.kind != PieceKind::Param; });
}

// The constant strings that reach an unread function's argument: each with
// the call site that supplies it.
class Supplies {
 public:
  explicit Supplies(const UnreadApiInput& in) : in_(in) {
    for (std::size_t i = 0; i < in.sites->size(); ++i) {
      const CallSite& c = (*in.sites)[i];
      if (!c.callee.empty()) callers_[c.callee].push_back(i);
      if (c.caller.empty() || !in.known(c)) continue;
      for (const auto& [arg, alternatives] : in.args_of(i)) {
        for (const StrAlternative& alt : alternatives) {
          for (const Piece& p : alt) {
            if (p.kind == PieceKind::Param) run_params_.insert({c.caller, p.index});
          }
        }
      }
    }
  }

  // `alt` as site i passes it; a parameter of its function, as each caller
  // of that function passes it, up to kMaxForwarding calls up.
  std::vector<std::pair<std::size_t, StrAlternative>> of(std::size_t i, const StrAlternative& alt) {
    std::vector<std::pair<std::size_t, StrAlternative>> out;
    seen_.clear();
    follow(i, alt, 0, out);
    return out;
  }

 private:
  void follow(std::size_t i, const StrAlternative& alt, int depth,
              std::vector<std::pair<std::size_t, StrAlternative>>& out) {
    if (out.size() >= kMaxAlternatives) return;
    if (constant(alt)) {
      out.push_back({i, alt});
      return;
    }
    const std::string& function = (*in_.sites)[i].caller;
    std::pair<std::string, StrAlternative> key{function, alt};
    if (depth >= kMaxForwarding || std::find(seen_.begin(), seen_.end(), key) != seen_.end()) return;
    seen_.push_back(std::move(key));
    for (const Piece& p : alt) {
      if (p.kind == PieceKind::Param && run_params_.count({function, p.index})) return;
    }
    auto callers = callers_.find(function);
    if (callers == callers_.end()) return;
    for (std::size_t j : callers->second) {
      for (const StrAlternative& bound : substitute(alt, in_.args_of(j))) follow(j, bound, depth + 1, out);
    }
  }

  const UnreadApiInput& in_;
  std::map<std::string, std::vector<std::size_t>> callers_;   // function USR -> sites calling it
  std::set<std::pair<std::string, int>> run_params_;          // (function USR, parameter) it hands to a known API
  std::vector<std::pair<std::string, StrAlternative>> seen_;  // (function, value) followed for the current value
};

}  // namespace

bool looks_like_sql(const std::string& text) {
  const ParsedSql p = parse_sql(text);
  if (p.wholly_unknown || p.statements.empty()) return false;
  bool names_something = false;
  for (const Statement& st : p.statements) {
    if (!st.understood || st.parser == "fallback") return false;
    names_something = names_something || !st.tables.empty() || !st.calls.empty() || !st.dynamic.empty();
  }
  return names_something;
}

std::vector<UnreadApi> find_unread_apis(const UnreadApiInput& in) {
  std::map<std::pair<std::string, int>, UnreadApi> found;
  std::map<std::pair<std::string, int>, std::map<std::size_t, UnreadSqlSite>> sql_sites;
  Supplies supplies(in);
  for (std::size_t i = 0; i < in.sites->size(); ++i) {
    const CallSite& c = (*in.sites)[i];
    if (c.caller.empty() || c.args.empty() || !c.object_value.empty() || read_by_cleave(c, in) || in.known(c)) {
      continue;
    }
    const std::string name = in.name_of(c);
    if (never_a_database_api(name) || library_constructor(c, name, *in.symbols)) continue;
    for (const auto& [arg, alternatives] : in.args_of(i)) {
      // A parameter passed on is judged at each call that supplies it.
      std::map<std::size_t, UnreadSqlSite> sql;  // by supplying site
      std::set<std::size_t> other;
      for (const StrAlternative& alt : alternatives) {
        for (auto& [site, value] : supplies.of(i, alt)) {
          const std::string text = sql_text(value);
          if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
          if (!looks_like_sql(text)) {
            other.insert(site);
          } else {
            sql.try_emplace(site, UnreadSqlSite{site, std::move(value), site == i ? std::string() : c.caller});
          }
        }
      }
      if (sql.empty() && other.empty()) continue;
      UnreadApi& api = found[{name, arg}];
      api.function = name;
      api.sql_arg = arg;
      api.other_calls += static_cast<unsigned>(other.size());
      for (auto& [site, s] : sql) sql_sites[{name, arg}].try_emplace(site, std::move(s));
    }
  }
  std::vector<UnreadApi> out;
  for (auto& [key, api] : found) {
    for (auto& [site, s] : sql_sites[key]) api.sql_sites.push_back(std::move(s));
    if (!api.sql_sites.empty()) out.push_back(std::move(api));
  }
  return out;
}

}  // namespace cleave::sql
