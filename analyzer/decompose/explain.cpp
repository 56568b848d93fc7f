// `cleave explain`: why a symbol or table landed where it did.
#include "decompose/decompose.hpp"

#include "core/errors.hpp"
#include "model/program_graph.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace cleave::decompose {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string where(const std::string& service) { return service.empty() ? "the shared kernel" : "service " + service; }

// A table: its owner and why, who reads and writes it, how each other
// service keeps working once the database is split.
std::string explain_table(const Model& model, const Proposal& proposal, const TableOwnership& t) {
  std::ostringstream out;
  out << "table " << t.name << " is owned by " << (t.owner.empty() ? "no service" : t.owner) << "\n";
  for (const auto& e : t.evidence) out << "  because: " << e << "\n";
  std::map<std::string, std::map<std::string, unsigned>> by_service;  // service -> "write"/"read" -> count
  std::map<std::string, std::set<std::string>> functions;
  for (const auto& a : model.data.accesses) {
    if (a.table != t.name || a.mode == AccessMode::Ddl) continue;
    auto it = proposal.assignment.find(a.symbol);
    std::string svc = it == proposal.assignment.end() ? "" : it->second;
    ++by_service[svc][std::string(to_string(a.mode))];
    const Symbol* s = model.find(a.symbol);
    functions[svc].insert(s ? s->name : a.symbol);
  }
  for (const auto& [svc, modes] : by_service) {
    out << "  " << where(svc) << ":";
    for (const auto& [m, n] : modes) out << " " << n << " " << m << (n == 1 ? "" : "s");
    out << " (";
    std::size_t i = 0;
    for (const auto& f : functions[svc]) {
      if (i++ == 5) {
        out << ", ...";
        break;
      }
      out << (i > 1 ? ", " : "") << f;
    }
    out << ")\n";
  }
  for (const auto& a : t.accesses) out << "  " << a.service << " " << a.mode << ": " << a.detail << "\n";
  out << "  table entropy: " << t.entropy << "\n";
  return out.str();
}

// The symbols `query` names: an exact qualified name, or a unique suffix
// (`InvoiceService`), placed by the proposal. Throws InputError with close
// matches when it names nothing, or with the candidates when it is ambiguous.
std::vector<const Symbol*> find_symbols(const Model& model, const Proposal& proposal, const std::string& query) {
  std::vector<const Symbol*> hits;
  for (const auto& s : model.symbols) {
    if (s.name == query) hits.push_back(&s);
  }
  if (hits.empty()) {
    for (const auto& s : model.symbols) {
      if (s.name.size() > query.size() + 2 && s.name.compare(s.name.size() - query.size(), query.size(), query) == 0 &&
          s.name.compare(s.name.size() - query.size() - 2, 2, "::") == 0) {
        hits.push_back(&s);
      }
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Symbol* a, const Symbol* b) { return a->id < b->id; });
  std::erase_if(hits, [&](const Symbol* s) { return !proposal.assignment.count(s->id); });
  if (hits.empty()) {
    std::vector<std::pair<std::size_t, std::string>> near;
    std::set<std::string> seen;
    for (const auto& s : model.symbols) {
      if (!proposal.assignment.count(s.id) || !seen.insert(s.name).second) continue;
      std::string last = s.name.substr(s.name.rfind("::") == std::string::npos ? 0 : s.name.rfind("::") + 2);
      near.emplace_back(std::min(edit_distance(lower(query), lower(s.name)), edit_distance(lower(query), lower(last))),
                        s.name);
    }
    for (const auto& t : proposal.tables) near.emplace_back(edit_distance(lower(query), t.name), t.name);
    std::sort(near.begin(), near.end());
    std::string suggestions;
    for (std::size_t i = 0; i < near.size() && i < 5; ++i) suggestions += (i ? ", " : "") + near[i].second;
    throw InputError("", 0, "no class, function or table named '" + query + "'",
                     suggestions.empty() ? "nothing was placed; run analyze first" : "did you mean: " + suggestions);
  }
  std::set<std::string> names;
  for (const Symbol* s : hits) names.insert(s->name);
  if (names.size() > 1) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    throw InputError("", 0, "'" + query + "' is ambiguous", "use the qualified name: " + list);
  }
  return hits;
}

// All symbols the unit stands for: the symbol and, for a class, its members
// placed with it.
std::set<std::string> unit_ids(const Model& model, const Proposal& proposal, const std::vector<const Symbol*>& hits) {
  std::set<std::string> ids;
  for (const Symbol* s : hits) ids.insert(s->id);
  for (const auto& s : model.symbols) {
    if (ids.count(s.id)) continue;
    auto u = model.unit_of(s.id);
    if (u && ids.count(*u) && proposal.assignment.count(s.id) &&
        proposal.assignment.at(s.id) == proposal.assignment.at(hits[0]->id)) {
      ids.insert(s.id);
    }
  }
  return ids;
}

// Where the unit is and which rule put it there.
void explain_placement(std::ostream& out, const Proposal& proposal, const std::string& name, const std::string& svc) {
  out << name << " is in " << where(svc) << "\n";
  if (auto it = proposal.shared_kernel_reasons.find(name); svc.empty() && it != proposal.shared_kernel_reasons.end()) {
    out << "  because: " << it->second << "\n";
  }
  for (const auto& s : proposal.services) {
    if (s.name != svc || s.folded.empty()) continue;
    out << "  " << svc << " holds parts folded into it (they own no table and are more tied to it than to "
        << "themselves):\n";
    for (const auto& f : s.folded) out << "    " << f << "\n";
  }
  for (const auto& sc : proposal.split_classes) {
    if (sc.name == name) {
      out << "  split class: " << sc.reason << "\n";
      for (const auto& m : sc.methods)
        out << "    " << m.method << " -> " << (m.service.empty() ? "shared kernel" : m.service) << "\n";
    }
  }
}

// Strongest edges to each service, both directions.
void explain_pulls(std::ostream& out, const Model& model, const Proposal& proposal, const std::set<std::string>& ids) {
  struct Pull {
    unsigned weight = 0;
    std::vector<std::pair<unsigned, std::string>> edges;
  };
  std::map<std::string, Pull> pulls;
  for (const auto& e : model.edges) {
    bool out_edge = ids.count(e.from) > 0, in_edge = ids.count(e.to) > 0;
    if (out_edge == in_edge || e.kind == EdgeKind::Include || e.kind == EdgeKind::MemberOf) continue;
    const std::string& other = out_edge ? e.to : e.from;
    std::string other_unit = other;
    if (!proposal.assignment.count(other)) {
      auto u = model.unit_of(other);
      if (!u || !proposal.assignment.count(*u)) continue;
      other_unit = *u;
    }
    const std::string& target = proposal.assignment.at(other_unit);
    const Symbol* o = model.find(other);
    auto& p = pulls[target.empty() ? "(shared kernel)" : target];
    p.weight += e.weight;
    p.edges.emplace_back(e.weight, std::string(out_edge ? "-> " : "<- ") + std::string(to_string(e.kind)) + " " +
                                       (o ? o->name : other) + " x" + std::to_string(e.weight));
  }
  std::vector<std::pair<unsigned, std::string>> order;
  for (const auto& [s, p] : pulls) order.emplace_back(p.weight, s);
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (order.empty()) out << "  no dependency links it to any service\n";
  for (const auto& [w, s] : order) {
    auto& p = pulls[s];
    std::sort(p.edges.begin(), p.edges.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    out << "  pull towards " << s << ": weight " << w << "\n";
    for (std::size_t i = 0; i < p.edges.size() && i < 3; ++i) out << "    " << p.edges[i].second << "\n";
  }
}

// The tables the unit reads and writes, with their owners.
void explain_tables(std::ostream& out, const Model& model, const Proposal& proposal, const std::set<std::string>& ids) {
  std::map<std::string, std::map<std::string, unsigned>> tables;
  for (const auto& a : model.data.accesses) {
    if (ids.count(a.symbol) && a.mode != AccessMode::Ddl) ++tables[a.table][std::string(to_string(a.mode))];
  }
  for (const auto& [t, modes] : tables) {
    std::string owner;
    for (const auto& to : proposal.tables) {
      if (to.name == t) owner = to.owner;
    }
    out << "  table " << t << " (owner " << (owner.empty() ? "none" : owner) << "):";
    for (const auto& [m, n] : modes) out << " " << n << " " << m << (n == 1 ? "" : "s");
    out << "\n";
  }
  if (tables.empty()) out << "  touches no table\n";
}

// The services `symbols` fall in, other than `own` and the kernel; a
// symbol the proposal did not place counts for its unit.
using Names = std::vector<std::string>;
Names services_of(const Model& model, const Proposal& proposal, const Names& symbols, const std::string& own) {
  std::set<std::string> out;
  for (const auto& id : symbols) {
    auto it = proposal.assignment.find(id);
    if (it == proposal.assignment.end()) {
      auto u = model.unit_of(id);
      if (u) it = proposal.assignment.find(*u);
    }
    if (it != proposal.assignment.end() && !it->second.empty() && it->second != own) out.insert(it->second);
  }
  return {out.begin(), out.end()};
}

std::string listed(const Names& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 8; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 8) out += " and " + std::to_string(names.size() - 8) + " more";
  return out;
}

// Transitive reach through calls and virtual dispatch (Boost.Graph, through
// ProgramGraph): the other services a change here can ripple into, and the
// ones whose calls end up here.
std::string reach_line(const Model& model, const Proposal& proposal, const Names& ids, const std::string& svc) {
  ProgramGraph calls(model, GraphLevel::Symbol, {EdgeKind::Call, EdgeKind::Dispatch});
  auto reaches = services_of(model, proposal, calls.reachable_from(ids), svc);
  auto reached = services_of(model, proposal, calls.reaching(ids), svc);
  return "  through calls it reaches " + (reaches.empty() ? "no other service" : listed(reaches)) + "; reached from " +
         (reached.empty() ? "no other service" : listed(reached)) + "\n";
}

}  // namespace

std::string explain(const Model& model, const Proposal& proposal, const std::string& query) {
  for (const auto& t : proposal.tables) {
    if (t.name == lower(query)) return explain_table(model, proposal, t);
  }
  std::vector<const Symbol*> hits = find_symbols(model, proposal, query);
  std::set<std::string> ids = unit_ids(model, proposal, hits);
  const std::string& name = hits[0]->name;
  const std::string& svc = proposal.assignment.at(hits[0]->id);
  std::ostringstream out;
  explain_placement(out, proposal, name, svc);
  explain_pulls(out, model, proposal, ids);
  explain_tables(out, model, proposal, ids);
  out << reach_line(model, proposal, Names(ids.begin(), ids.end()), svc);
  return out.str();
}

}  // namespace cleave::decompose
