// Step: APIs and dependencies between services.
// Reads: calls between services, SQL accesses (a member that writes is a
//   command), member names and signatures, the table resolutions.
// Decides: each service's API members (style, REST or event endpoint,
//   callers, call weight) and its dependencies on other services (calls and
//   table accesses across the boundary, sync, async or mixed).
// Introduced with the first decomposition (a36c90a); the ifn metric counts
//   the interfaces these calls reach. Paths from the operation's aggregate
//   and overloads as one operation (issue 16) changed the resource of 27 of
//   the samples' 47 endpoints (docs/metrics.md, API operations).
#include "decompose/builder/builder.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

namespace cleave::decompose::detail {

namespace {

// "m_total", "total_", "mTotal", "getTotal", "set_total" -> "total".
std::string state_word(const std::string& name, bool accessor) {
  std::string n = name;
  if (accessor) {
    for (const char* prefix : {"get", "set", "is", "has"}) {
      const std::size_t len = std::char_traits<char>::length(prefix);
      if (n.size() > len && n.compare(0, len, prefix) == 0 &&
          (std::isupper(static_cast<unsigned char>(n[len])) || n[len] == '_')) {
        n = n.substr(len);
        break;
      }
    }
  } else if (n.size() > 2 && n[0] == 'm' && (n[1] == '_' || std::isupper(static_cast<unsigned char>(n[1])))) {
    n = n.substr(1);
  }
  std::string out;
  for (char c : n) {
    if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// The parameter list of a display signature "int (const std::string &) const".
std::string parameters_of(const std::string& signature) {
  const auto open = signature.find('(');
  const auto close = signature.rfind(')');
  return open == std::string::npos || close == std::string::npos || close < open
             ? std::string()
             : signature.substr(open + 1, close - open - 1);
}

// The HTTP method of a member that writes, from its SQL verbs. Several:
// the strongest, INSERT > DELETE > UPDATE. Inserting anything makes something
// new (POST; so does any other write: UPSERT, REPLACE, a stored routine's
// CALL, a verb not recorded); deleting, with or without updates, removes a
// resource and tidies what pointed at it (DELETE); only updates: PUT.
std::string method_of(const std::set<std::string>& verbs) {
  bool deletes = false;
  for (const std::string& v : verbs) {
    if (v == "DELETE")
      deletes = true;
    else if (v != "UPDATE")
      return "POST";
  }
  return deletes ? "DELETE" : "PUT";
}

// How far write_verbs follows calls within the member's own service: the
// member (0), what it calls (1) and what those call (2), which reaches a
// repository behind a facade and its helper. Calls into other services are
// not followed: their writes are theirs, reached through their own API.
constexpr int kVerbDepth = 2;

}  // namespace

// The API of a service: its members called from other services. A member
// that writes tables is a command (asynchronous); one that only reads, or
// reads by its name (get/find/list...), is a query (synchronous HTTP);
// on/notify/publish names are events.
void Builder::apis() {
  for (const auto& sym : model_.symbols) {
    if (sym.kind == SymbolKind::Field) fields_[sym.parent].insert(state_word(detail::last_component(sym.name), false));
  }
  std::map<std::string, bool> reads;                    // symbol -> reads a table
  std::map<std::string, std::set<std::string>> verbs;   // symbol -> SQL verbs of its writes
  std::map<std::string, std::set<std::string>> tables;  // symbol -> tables it reads or writes
  std::map<std::string, double> use;                    // table -> writes 4, reads 1
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Read) reads[a.symbol] = true;
    if (a.mode == AccessMode::Write) verbs[a.symbol].insert(a.verb);
    if (a.mode == AccessMode::Call) verbs[a.symbol].insert("CALL");
    if (a.mode == AccessMode::Read || a.mode == AccessMode::Write) {
      tables[a.symbol].insert(a.table);
      use[a.table] += a.mode == AccessMode::Read ? 1.0 : 4.0;
    }
  }
  std::map<std::string, std::vector<std::string>> callees;
  for (const auto& e : model_.edges) {
    if (e.kind == EdgeKind::Call) callees[e.from].push_back(e.to);
  }
  // The SQL verbs of what a member writes and the tables it touches, its
  // own and those of what it calls within its service.
  auto write_verbs = [&](const std::string& usr, std::set<std::string>& touched) {
    std::set<std::string> out, seen{usr};
    std::vector<std::string> level{usr};
    const int home = cluster_of_symbol(usr);
    for (int depth = 0; depth <= kVerbDepth && !level.empty(); ++depth) {
      std::vector<std::string> next;
      for (const std::string& fn : level) {
        if (auto v = verbs.find(fn); v != verbs.end()) out.insert(v->second.begin(), v->second.end());
        if (auto t = tables.find(fn); t != tables.end()) touched.insert(t->second.begin(), t->second.end());
        for (const std::string& to : callees[fn]) {
          if (cluster_of_symbol(to) == home && seen.insert(to).second) next.push_back(to);
        }
      }
      level = std::move(next);
    }
    return out;
  };
  struct Key {
    std::string service, symbol;
    bool operator<(const Key& o) const { return std::tie(service, symbol) < std::tie(o.service, o.symbol); }
  };
  std::map<Key, ApiMember> members;
  std::map<std::pair<std::string, std::string>, std::pair<unsigned, std::set<std::string>>> deps;
  for (const auto& e : model_.edges) {
    if (e.kind != EdgeKind::Call) continue;
    int kf = cluster_of_symbol(e.from), kt = cluster_of_symbol(e.to);
    if (kf < 0 || kt < 0 || kf == kt) continue;
    const std::string& from = service_of_symbol(e.from);
    const std::string& to = service_of_symbol(e.to);
    const Symbol* callee = model_.find(e.to);
    if (!callee) continue;
    auto& d = deps[{from, to}];
    d.first += e.weight;
    if (!is_operation(*callee)) {
      // Still a dependency (the caller builds or copies the other service's
      // objects), but no endpoint: the new service owns how its state is made.
      d.second.insert("sync");
      continue;
    }
    auto& m = members[{to, e.to}];
    if (m.symbol.empty()) {
      m.symbol = e.to;
      m.name = callee->name;
      std::set<std::string> touched;
      const std::set<std::string> writes = write_verbs(e.to, touched);
      describe_member(m, *callee, to, reads[e.to], writes, aggregate_of(to, touched, use));
    }
    m.callers.push_back(from);
    m.call_weight += e.weight;
    d.second.insert(m.style == "query" ? "sync" : "async");
  }
  for (auto& [key, m] : members) {
    service(key.service)->api.push_back(std::move(m));
  }
  for (auto& s : p_.services) {
    merge_overloads(s);
    unique_endpoints(s);
  }
  for (const auto& [pair, d] : deps) {
    std::string style = d.second.size() > 1 ? "mixed" : *d.second.begin();
    service(pair.first)->depends_on.push_back({pair.second, d.first, style});
  }
  table_dependencies();
}

// Whether another service would call this member as an operation of an API:
// constructors, destructors and operators are how objects are built, copied
// and compared, not operations; neither are compiler-generated members, nor
// the getters and setters of a class's own fields (getTotal() of a field
// total_): the caller reads those from the resource it fetched.
bool Builder::is_operation(const Symbol& callee) const {
  if (callee.kind == SymbolKind::Constructor || callee.kind == SymbolKind::Destructor || callee.is_implicit) {
    return false;
  }
  const std::string fn = detail::last_component(callee.name);
  if (fn.rfind("operator", 0) == 0 &&
      (fn.size() == 8 || (std::isalnum(static_cast<unsigned char>(fn[8])) == 0 && fn[8] != '_'))) {
    return false;
  }
  if (callee.kind != SymbolKind::Method) return true;
  auto fields = fields_.find(callee.parent);
  if (fields == fields_.end() || !fields->second.count(state_word(fn, true))) return true;
  const std::string params = parameters_of(callee.signature);
  const bool getter = params.empty() || params == "void";
  const bool setter = fn.rfind("set", 0) == 0 && !params.empty() && params.find(',') == std::string::npos;
  return !getter && !setter;
}

// The aggregate an operation works on, as its REST resource: among the
// tables the service owns, those the operation touches and their parents
// (all it owns when it touches none of them), their
// aggregate root (the table the others reference most), else the most used
// (writes 4, reads 1; ties by name).
// Empty when the service owns no table: the class names the resource.
std::string Builder::aggregate_of(const std::string& service, const std::set<std::string>& touched,
                                  const std::map<std::string, double>& use) const {
  std::set<std::string> owned, hit;
  for (const auto& t : p_.tables) {
    if (t.owner != service || !use.count(t.name)) continue;
    owned.insert(t.name);
    if (touched.count(t.name)) hit.insert(t.name);
  }
  // A table named after the table it references is part of that one's
  // aggregate (order_items -> orders, patron_blocks -> patrons); one that
  // merely references another is not (inventory_items -> suppliers).
  for (const auto& t : model_.data.tables) {
    if (!hit.count(t.name)) continue;
    for (const auto& fk : t.foreign_keys) {
      const std::string parent = detail::singular(fk.ref_table) + "_";
      if (owned.count(fk.ref_table) && t.name.compare(0, parent.size(), parent) == 0) hit.insert(fk.ref_table);
    }
  }
  const std::set<std::string>& candidates = hit.empty() ? owned : hit;
  if (candidates.empty()) return "";
  if (auto root = aggregate_root(candidates, use); !root.first.empty()) return root.first;
  std::string best;
  double best_use = -1;
  for (const auto& t : candidates) {
    if (use.at(t) > best_use) {
      best_use = use.at(t);
      best = t;
    }
  }
  return kebab(table_word(best, model_.data.table_prefix));
}

// Overloads are one operation (CommandArgs::get(key) and get(key, default)):
// one name, one endpoint, described by the first by USR, with the callers
// and calls of all.
void Builder::merge_overloads(Service& s) {
  std::sort(s.api.begin(), s.api.end(), [](const ApiMember& a, const ApiMember& b) {
    return a.name != b.name ? a.name < b.name : a.symbol < b.symbol;
  });
  std::vector<ApiMember> merged;
  for (auto& m : s.api) {
    if (!merged.empty() && merged.back().name == m.name) {
      merged.back().callers.insert(merged.back().callers.end(), m.callers.begin(), m.callers.end());
      merged.back().call_weight += m.call_weight;
      continue;
    }
    merged.push_back(std::move(m));
  }
  for (auto& m : merged) sort_unique(m.callers);
  s.api = std::move(merged);
}

// Two members of one service never share an endpoint: each one that collides
// (recordEvent and recordDelivery both "POST /trackings") gets its operation
// name appended, then a number if overloads still collide. Members are taken
// in name order, so the result does not depend on the order calls were seen.
void Builder::unique_endpoints(Service& s) {
  std::sort(s.api.begin(), s.api.end(), [](const ApiMember& a, const ApiMember& b) {
    return a.name != b.name ? a.name < b.name : a.symbol < b.symbol;
  });
  std::map<std::string, unsigned> uses;
  for (const auto& m : s.api) ++uses[m.endpoint];
  std::set<std::string> taken;
  for (auto& m : s.api) {
    if (uses[m.endpoint] > 1 && m.style != "event") {
      const std::string op = kebab(detail::last_component(m.name));
      if (m.endpoint.size() < op.size() + 1 ||
          m.endpoint.compare(m.endpoint.size() - op.size() - 1, std::string::npos, "/" + op) != 0) {
        m.endpoint += "/" + op;
      }
    }
    const std::string base = m.endpoint;
    for (unsigned n = 2; !taken.insert(m.endpoint).second; ++n) m.endpoint = base + "-" + std::to_string(n);
  }
}

// A member's style (event, command, query) and its endpoint under its
// aggregate's resource.
void Builder::describe_member(ApiMember& m, const Symbol& c, const std::string& to, bool reads,
                              const std::set<std::string>& writes, const std::string& aggregate) const {
  const Symbol* callee = &c;
  std::string fn = detail::last_component(callee->name);
  if (starts_with_any(fn, {"on", "notify", "publish", "emit", "raise", "signal"})) {
    m.style = "event";
  } else if (!writes.empty()) {
    m.style = "command";
  } else if (reads || starts_with_any(fn, {"get", "find", "list", "query", "search", "is", "has", "count", "fetch",
                                           "load", "read", "lookup", "check", "calc", "compute"})) {
    m.style = "query";
  } else {
    m.style = callee->signature.rfind("void", 0) == 0 ? "command" : "query";
  }
  // Resource: the aggregate the operation works on (the table, as the
  // code spells it); in a service that owns no table, the class name
  // without its role word, plural, kebab case; for free functions, the
  // service name.
  std::string resource = aggregate.empty() ? to : aggregate;
  const Symbol* cls = model_.find(callee->parent);
  if (aggregate.empty() && cls && cls->kind == SymbolKind::Class) {
    std::vector<std::string> toks;
    for (const auto& t : detail::name_tokens(detail::last_component(cls->name))) {
      if (!role_words().count(t)) toks.push_back(t);
    }
    if (!toks.empty()) {
      resource.clear();
      for (std::size_t i = 0; i < toks.size(); ++i)
        resource += (i ? "-" : "") + (i + 1 == toks.size() ? plural(toks[i]) : toks[i]);
    }
  }
  bool has_args = callee->signature.find("()") == std::string::npos;
  std::string id = has_args ? "/{id}" : "";
  std::string verb = kebab(fn);
  if (m.style == "event") {
    m.endpoint = to + "." + verb;
  } else if (m.style == "query") {
    bool list = starts_with_any(fn, {"list", "all", "search", "query"});
    m.endpoint = "GET /" + resource + (list ? "" : id) +
                 (starts_with_any(fn, {"get", "find", "fetch", "load", "read", "lookup", "list", "search", "query"})
                      ? ""
                      : "/" + verb);
  } else {
    // The method: from the SQL verbs when the member writes, else from its
    // name. The path is the resource's when the name says the same as the
    // method (createOrder: POST /orders), else the operation's under it.
    const bool creates =
        starts_with_any(fn, {"create", "add", "insert", "register", "place", "book", "new", "open", "record", "save"});
    const bool updates = starts_with_any(fn, {"update", "set", "change", "modify", "edit"});
    const bool deletes = starts_with_any(fn, {"delete", "remove", "erase"});
    std::string method = creates ? "POST" : updates ? "PUT" : deletes ? "DELETE" : "POST";
    if (!writes.empty()) method = method_of(writes);
    const bool plain = method == "POST" ? creates : method == "PUT" ? updates : deletes;
    m.endpoint = method + " /" + resource + (method == "POST" && plain ? "" : id) + (plain ? "" : "/" + verb);
  }
}

// Table access across services is a dependency too (until resolved).
// Then each service's API and dependencies in a stable order.
void Builder::table_dependencies() {
  for (const auto& t : p_.tables) {
    for (const auto& a : t.accesses) {
      Service* s = service(a.service);
      if (!s || t.owner.empty()) continue;
      bool found = false;
      for (auto& d : s->depends_on) {
        if (d.service == t.owner) {
          found = true;
          if (a.resolution != "api-query" && d.style == "sync") d.style = "mixed";
        }
      }
      if (!found) s->depends_on.push_back({t.owner, 0, a.resolution == "api-query" ? "sync" : "async"});
    }
  }
  for (auto& s : p_.services) {
    std::sort(s.api.begin(), s.api.end(), [](const ApiMember& a, const ApiMember& b) {
      return a.name != b.name ? a.name < b.name : a.symbol < b.symbol;
    });
    std::sort(s.depends_on.begin(), s.depends_on.end(),
              [](const ServiceDependency& a, const ServiceDependency& b) { return a.service < b.service; });
  }
}

}  // namespace cleave::decompose::detail
