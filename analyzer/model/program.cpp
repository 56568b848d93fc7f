#include "model/program.hpp"

#include <algorithm>

namespace cleave {
namespace {

// When two TUs describe one symbol, keep the richer description: a
// definition beats a declaration; among equals, the smallest location wins.
// 0: neither is better (the caller breaks the tie by TU).
int compare_symbols(const Symbol& a, const Symbol& b) {
  if (a.is_definition != b.is_definition) return a.is_definition ? -1 : 1;
  const auto ka = std::tie(a.loc.file, a.loc.line, a.loc.column);
  const auto kb = std::tie(b.loc.file, b.loc.line, b.loc.column);
  if (ka != kb) return ka < kb ? -1 : 1;
  return 0;
}

}  // namespace

void ProgramBuilder::add(TuFacts&& tu) {
  const auto index = static_cast<TuIndex>(tus_.size());
  tus_.push_back(
      {std::move(tu.file), tu.status, tu.error_count, std::move(tu.diagnostics), std::move(tu.dropped_flags)});

  for (auto& s : tu.symbols) {
    const std::string id = s.id;
    auto [it, inserted] = symbols_.try_emplace(id, std::move(s), index);  // moves only when inserted
    if (inserted) continue;
    auto& [cur, from] = it->second;
    const bool virt = cur.is_virtual || s.is_virtual;  // `virtual` may be written only on the declaration
    const int c = compare_symbols(s, cur);
    if (c < 0 || (c == 0 && earlier_tu(index, from))) {
      cur = std::move(s);
      from = index;
    }
    cur.is_virtual = virt;
  }
  // A site in a loop is in it in every TU that sees it (the same source);
  // keeping the union makes that hold even if two TUs disagreed.
  for (auto& f : tu.includes) files_.insert(std::move(f));
  for (auto& e : tu.edges) {
    EdgeKey key{std::move(e.from), std::move(e.to), e.kind};
    if (e.in_loop) loop_sites_[key].insert(e.site);
    edges_[std::move(key)].insert(std::move(e.site));
  }
  for (auto& u : tu.unresolved_calls) {
    unresolved_.emplace(std::move(u.caller), std::move(u.site), std::move(u.reason), std::move(u.text));
  }
  // Inline functions in headers appear in every TU that includes them: one
  // description per key, from the TU whose file sorts first.
  for (auto& c : tu.call_sites) {
    auto key = std::make_tuple(c.caller, c.callee, c.callee_name, c.site, c.order);
    auto [it, inserted] = sites_.try_emplace(std::move(key), std::move(c), index);
    if (!inserted && earlier_tu(index, it->second.second)) it->second = {std::move(c), index};
  }
  // A header constant: the first definition by location wins.
  for (auto& v : tu.var_values) {
    auto [it, inserted] = vars_.try_emplace(v.var, v, index);
    if (inserted) continue;
    auto& [cur, from] = it->second;
    if (v.loc < cur.loc || (v.loc == cur.loc && earlier_tu(index, from))) it->second = {std::move(v), index};
  }
  for (auto& l : tu.locals) {
    auto key = std::make_pair(l.function, l.var);
    auto [it, inserted] = locals_.try_emplace(std::move(key), std::move(l), index);
    if (!inserted && earlier_tu(index, it->second.second)) it->second = {std::move(l), index};
  }
  for (auto& h : tu.hazards) hazards_.insert(std::move(h));
}

Program ProgramBuilder::finish() && {
  Program p;
  p.tus = std::move(tus_);
  std::sort(p.tus.begin(), p.tus.end(), [](const TuSummary& a, const TuSummary& b) { return a.file < b.file; });
  for (auto& [id, entry] : symbols_) p.symbols.emplace(id, std::move(entry.first));
  p.edge_sites = std::move(edges_);
  p.loop_sites = std::move(loop_sites_);
  for (const auto& [caller, site, reason, text] : unresolved_)
    p.unresolved_calls.push_back({caller, site, reason, text});

  p.call_sites.reserve(sites_.size());
  for (auto& [key, entry] : sites_) p.call_sites.push_back(std::move(entry.first));
  std::sort(p.call_sites.begin(), p.call_sites.end(), [](const CallSite& a, const CallSite& b) {
    return std::tie(a.caller, a.site, a.order, a.callee, a.callee_name) <
           std::tie(b.caller, b.site, b.order, b.callee, b.callee_name);
  });
  for (auto& [var, entry] : vars_) p.var_values.push_back(std::move(entry.first));
  for (auto& [key, entry] : locals_) p.locals.push_back(std::move(entry.first));
  std::sort(p.locals.begin(), p.locals.end(), [](const LocalVar& a, const LocalVar& b) {
    return std::tie(a.function, a.loc, a.var) < std::tie(b.function, b.loc, b.var);
  });
  p.hazards.assign(hazards_.begin(), hazards_.end());
  p.files.assign(files_.begin(), files_.end());
  return p;
}

std::vector<Edge> Program::call_and_override_sites() const {
  std::vector<Edge> out;
  for (const auto& [key, sites] : edge_sites) {
    const auto& [from, to, kind] = key;
    if (kind != EdgeKind::Call && kind != EdgeKind::Override) continue;
    auto loops = loop_sites.find(key);
    for (const Location& site : sites) {
      const bool in_loop = loops != loop_sites.end() && loops->second.count(site) != 0;
      out.push_back({from, to, kind, site, in_loop});
    }
  }
  std::sort(out.begin(), out.end(), [](const Edge& a, const Edge& b) {
    return std::tie(a.from, a.site, a.to, a.kind) < std::tie(b.from, b.site, b.to, b.kind);
  });
  return out;
}

Program build_program(std::vector<TuFacts> tus) {
  ProgramBuilder builder;
  for (auto& tu : tus) builder.add(std::move(tu));
  return std::move(builder).finish();
}

}  // namespace cleave
