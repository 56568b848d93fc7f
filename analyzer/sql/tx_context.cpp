#include "sql/tx_context.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>

namespace cleave::sql {
namespace {

// A field's signature is the class it holds, with " &" or " *" when it is
// not held by value: only a class holding a transaction object by value is
// one. Fills the context's holder types and their constructors; returns the
// locals of any transaction type.
std::set<std::string> find_transaction_holders(const Merged& m, const Rules& rules, TxContext& ctx) {
  std::set<std::string> types;
  for (const TxTypeRule& r : rules.tx_types) types.insert(canonical_name(r.type));
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [usr, s] : m.symbols) {
      if (s.kind != SymbolKind::Field || s.parent.empty() || !types.count(canonical_name(s.signature))) continue;
      const std::string holder = symbol_name(m, s.parent);
      if (types.count(holder)) continue;
      types.insert(holder);
      ctx.holder_types.insert(holder);
      grew = true;
    }
  }
  for (const auto& [usr, s] : m.symbols) {
    if (s.kind == SymbolKind::Constructor && !s.parent.empty() && ctx.holder_types.count(symbol_name(m, s.parent))) {
      ctx.begin_calls.insert(usr);
    }
  }
  std::set<std::string> raii_locals;
  for (const LocalVar& l : m.locals) {
    if (types.count(canonical_name(l.type))) raii_locals.insert(l.var);
  }
  return raii_locals;
}

void add_tx_call_sites(const Merged& m, const Rules& rules, const TxArgMatch& arg_matches,
                       const std::set<std::string>& raii_locals, TxContext& ctx) {
  std::multimap<std::string, const TxCallRule*> by_callee;
  for (const auto& r : rules.tx_calls) by_callee.emplace(r.callee, &r);
  for (std::size_t i = 0; i < m.sites.size(); ++i) {
    const CallSite& c = m.sites[i];
    if (c.caller.empty() || c.callee.empty() || m.symbols.count(c.callee)) continue;  // project calls have edges
    // A local transaction object's commit ends its own scope (scan_raii);
    // the rules are for one held elsewhere (a member, a reference).
    if (!c.object_var.empty() && raii_locals.count(c.object_var)) continue;
    for (const auto& k : rule_keys(m, c)) {
      auto [lo, hi] = by_callee.equal_range(k);
      const TxCallRule* match = nullptr;
      for (auto it = lo; it != hi && !match; ++it) {
        if (it->second->arg < 0 || arg_matches(i, *it->second)) match = it->second;
      }
      if (!match) continue;
      ctx.names[c.callee] = match->callee;
      ctx.calls.push_back({c.caller, c.callee, EdgeKind::Call, c.site});
      break;
    }
  }
}

}  // namespace

TxContext transaction_context(const Merged& m, const Rules& rules, const TxArgMatch& arg_matches) {
  TxContext ctx;
  for (const auto& [usr, s] : m.symbols) {
    ctx.names[usr] = canonical_name(s.name);
    ctx.kinds[usr] = s.kind;
    if ((s.kind == SymbolKind::Method || s.kind == SymbolKind::Constructor) && !s.parent.empty()) {
      ctx.owner[usr] = symbol_name(m, s.parent);
    }
  }
  for (const Edge& e : m.edges) {
    if (e.kind == EdgeKind::Override) {
      ctx.calls.push_back(e);  // a virtual call reaches the overrides' tables
      continue;
    }
    if (e.kind != EdgeKind::Call) continue;
    if (!ctx.names.count(e.to)) ctx.names[e.to] = symbol_name(m, e.to);
    ctx.calls.push_back(e);
  }
  add_tx_call_sites(m, rules, arg_matches, find_transaction_holders(m, rules, ctx), ctx);
  ctx.locals = m.locals;
  for (const CallSite& c : m.sites) {
    std::string method = last_component(rule_keys(m, c).front());
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (!c.object_var.empty() && (method == "commit" || method == "rollback" || method == "abort")) {
      ctx.object_ends[c.object_var].push_back(c.site);
    }
  }
  ctx.rules = &rules;
  return ctx;
}

}  // namespace cleave::sql
