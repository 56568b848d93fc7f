// Step: APIs and dependencies between services.
// Reads: calls between services, SQL accesses (a member that writes is a
//   command), member names and signatures, the table resolutions.
// Decides: each service's API members (style, REST or event endpoint,
//   callers, call weight) and its dependencies on other services (calls and
//   table accesses across the boundary, sync, async or mixed).
// Introduced with the first decomposition (a36c90a); the ifn metric counts
//   the interfaces these calls reach.
#include "decompose/builder/builder.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

namespace cleave::decompose::detail {

// The API of a service: its members called from other services. A member
// that writes tables is a command (asynchronous); one that only reads, or
// reads by its name (get/find/list...), is a query (synchronous HTTP);
// on/notify/publish names are events.
void Builder::apis() {
  std::map<std::string, std::pair<bool, bool>> rw;  // symbol -> (reads, writes)
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Read) rw[a.symbol].first = true;
    if (a.mode == AccessMode::Write || a.mode == AccessMode::Call) rw[a.symbol].second = true;
  }
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
      describe_member(m, *callee, to, rw[e.to].first, rw[e.to].second);
    }
    m.callers.push_back(from);
    m.call_weight += e.weight;
    d.second.insert(m.style == "query" ? "sync" : "async");
  }
  for (auto& [key, m] : members) {
    sort_unique(m.callers);
    service(key.service)->api.push_back(std::move(m));
  }
  for (auto& s : p_.services) unique_endpoints(s);
  for (const auto& [pair, d] : deps) {
    std::string style = d.second.size() > 1 ? "mixed" : *d.second.begin();
    service(pair.first)->depends_on.push_back({pair.second, d.first, style});
  }
  table_dependencies();
}

// Whether another service would call this member as an operation of an API:
// constructors, destructors and operators are how objects are built, copied
// and compared, not operations; neither are compiler-generated members.
bool Builder::is_operation(const Symbol& callee) {
  if (callee.kind == SymbolKind::Constructor || callee.kind == SymbolKind::Destructor || callee.is_implicit) {
    return false;
  }
  const std::string fn = detail::last_component(callee.name);
  return fn.rfind("operator", 0) != 0 || (fn.size() > 8 && (std::isalnum(static_cast<unsigned char>(fn[8])) != 0 ||
                                                            fn[8] == '_'));
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
      if (m.endpoint.size() < op.size() + 1 || m.endpoint.compare(m.endpoint.size() - op.size() - 1, std::string::npos,
                                                                 "/" + op) != 0) {
        m.endpoint += "/" + op;
      }
    }
    const std::string base = m.endpoint;
    for (unsigned n = 2; !taken.insert(m.endpoint).second; ++n) m.endpoint = base + "-" + std::to_string(n);
  }
}

// A member's style (event, command, query) and its endpoint: the REST
// resource is the class name without its role word, plural, kebab case;
// for free functions, the service name.
void Builder::describe_member(ApiMember& m, const Symbol& c, const std::string& to, bool reads, bool writes) const {
  const Symbol* callee = &c;
  std::string fn = detail::last_component(callee->name);
  if (starts_with_any(fn, {"on", "notify", "publish", "emit", "raise", "signal"})) {
    m.style = "event";
  } else if (writes) {
    m.style = "command";
  } else if (reads || starts_with_any(fn, {"get", "find", "list", "query", "search", "is", "has", "count", "fetch",
                                           "load", "read", "lookup", "check", "calc", "compute"})) {
    m.style = "query";
  } else {
    m.style = callee->signature.rfind("void", 0) == 0 ? "command" : "query";
  }
  // Resource: the class name without its role word, plural, kebab case;
  // for free functions, the service name.
  std::string resource = to;
  const Symbol* cls = model_.find(callee->parent);
  if (cls && cls->kind == SymbolKind::Class) {
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
  } else if (starts_with_any(
                 fn, {"create", "add", "insert", "register", "place", "book", "new", "open", "record", "save"})) {
    m.endpoint = "POST /" + resource;
  } else if (starts_with_any(fn, {"update", "set", "change", "modify", "edit"})) {
    m.endpoint = "PUT /" + resource + id;
  } else if (starts_with_any(fn, {"delete", "remove", "erase"})) {
    m.endpoint = "DELETE /" + resource + id;
  } else {
    m.endpoint = "POST /" + resource + id + "/" + verb;
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
