// `cleave explain`: why a symbol or table landed where it did.
#include "decompose/decompose.hpp"

#include "decompose/partition.hpp"
#include "decompose/pull.hpp"

#include "core/errors.hpp"
#include "model/program_graph.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace cleave::decompose {
namespace {

using detail::enclosing_scope;
using detail::last_component;

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

// The placed entity `query` names: a class (its constructors, overloads and
// members resolve to it), a free function (all its overloads), a split
// class, or one method of a split class; by qualified name or a unique
// suffix (`Money`). Throws InputError with close matches when it names
// nothing, or with the entities when it names several.
std::string find_entity(const Model& model, const Proposal& proposal, const std::string& query) {
  std::set<std::string> entities;  // placements and split classes
  for (const auto& pl : proposal.placements) entities.insert(pl.unit);
  for (const auto& sc : proposal.split_classes) entities.insert(sc.name);
  auto matches = [&](const std::string& name, bool exact) {
    if (exact) return name == query;
    return name.size() > query.size() + 2 && name.compare(name.size() - query.size(), query.size(), query) == 0 &&
           name.compare(name.size() - query.size() - 2, 2, "::") == 0;
  };
  std::set<std::string> found;
  for (bool exact : {true, false}) {
    for (const auto& s : model.symbols) {
      if (!matches(s.name, exact)) continue;
      if (entities.count(s.name)) {
        found.insert(s.name);
      } else if (auto u = model.unit_of(s.id); u && *u != s.id) {
        const Symbol* cls = model.find(*u);
        if (cls && entities.count(cls->name)) found.insert(cls->name);
      }
    }
    if (!found.empty()) break;
  }
  // A class and its own constructor or destructor are one entity.
  std::erase_if(found, [&](const std::string& n) {
    std::string cls = enclosing_scope(n), last = last_component(n);
    return found.count(cls) && (last == last_component(cls) || last == "~" + last_component(cls));
  });
  if (found.size() == 1) return *found.begin();
  if (found.size() > 1) {
    std::string list;
    for (const auto& n : found) list += (list.empty() ? "" : ", ") + n;
    throw InputError("", 0, "'" + query + "' is ambiguous", "use the qualified name: " + list);
  }
  std::vector<std::pair<std::size_t, std::string>> near;
  for (const auto& n : entities) {
    near.emplace_back(
        std::min(edit_distance(lower(query), lower(n)), edit_distance(lower(query), lower(last_component(n)))), n);
  }
  for (const auto& t : proposal.tables) near.emplace_back(edit_distance(lower(query), t.name), t.name);
  std::sort(near.begin(), near.end());
  std::string suggestions;
  for (std::size_t i = 0; i < near.size() && i < 5; ++i) suggestions += (i ? ", " : "") + near[i].second;
  throw InputError("", 0, "no class, function or table named '" + query + "'",
                   suggestions.empty() ? "nothing was placed; run analyze first" : "did you mean: " + suggestions);
}

std::string fixed1(double x) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(1);
  o << x;
  return o.str();
}

// The folded parts of its service, when it has some.
void explain_folds(std::ostream& out, const Proposal& proposal, const std::string& svc) {
  for (const auto& s : proposal.services) {
    if (s.name != svc || s.folded.empty()) continue;
    out << "  " << svc << " holds parts folded into it (they own no table and are more tied to it than to "
        << "themselves):\n";
    for (const auto& f : s.folded) out << "    " << f << "\n";
  }
}

// The verdict: where the unit is, the rule, the confidence and the runner-up.
void explain_verdict(std::ostream& out, const Proposal& proposal, const Placement& pl) {
  out << pl.unit << " is in " << where(pl.service) << "\n";
  out << "  placed by rule: " << pl.rule << "\n  because: " << pl.reason << "\n";
  out << "  confidence " << pl.confidence << " (the same placement in " << pl.stability * 100
      << "% of the alternative clusterings";
  if (!pl.runner_up.empty() && !pl.service.empty()) {
    out << "; pull " << fixed1(pl.pull) << " towards " << pl.service << " against " << fixed1(pl.runner_up_pull)
        << " towards the runner-up " << pl.runner_up << ", margin " << fixed1(pl.pull - pl.runner_up_pull);
  } else if (!pl.runner_up.empty()) {
    out << "; the strongest service pull is " << fixed1(pl.runner_up_pull) << " towards " << pl.runner_up;
  } else {
    out << "; nothing pulls it towards another service";
  }
  out << ")\n";
  explain_folds(out, proposal, pl.service);
}

// The pulls (pull.hpp) with their strongest evidence, and what a move to the runner-up would change.
void explain_pulls(std::ostream& out, const std::vector<ServicePull>& pulls, const Placement& pl) {
  if (pulls.empty()) out << "  no dependency, table or namespace ties it to any service\n";
  unsigned total_calls = 0, own_calls = 0, runner_calls = 0;
  std::size_t shown = 0;
  for (const auto& p : pulls) {
    if (!p.service.empty()) total_calls += p.call_sites;
    if (p.service == pl.service && !p.service.empty()) own_calls = p.call_sites;
    if (p.service == pl.runner_up && !p.service.empty()) runner_calls = p.call_sites;
    if (p.service.empty()) {
      out << "  pull towards the shared kernel: " << fixed1(p.weight)
          << " (not counted: the kernel is a library every service links)\n";
    } else if (shown++ < 5 || p.service == pl.service) {
      out << "  pull towards " << p.service << ": " << fixed1(p.weight) << " (" << p.call_sites << " call sites)\n";
    } else {
      continue;
    }
    for (std::size_t i = 0; i < p.evidence.size() && i < 4; ++i)
      out << "    " << p.evidence[i].what << " (" << fixed1(p.evidence[i].weight) << ")\n";
    if (p.evidence.size() > 4) out << "    and " << p.evidence.size() - 4 << " more\n";
  }
  if (pl.runner_up.empty()) return;
  const unsigned add = pl.service.empty() ? total_calls - runner_calls : own_calls;
  out << "  moving it to " << pl.runner_up << " would make " << runner_calls << " call sites internal and " << add
      << " cross-service";
  // Only a placement by pull moves by pull; a split method or a kernel unit moves when its rule says so.
  if (pl.rule == "pull" || pl.rule == "community") out << "; it moves once its pull there exceeds " << fixed1(pl.pull);
  out << "\n";
}

// A split class: the services its methods went to, least certain first.
void explain_split(std::ostream& out, const Proposal& proposal, const SplitClass& sc) {
  std::map<std::string, const Placement*> by_unit;
  for (const auto& pl : proposal.placements) by_unit[pl.unit] = &pl;
  std::set<std::string> services;
  for (const auto& m : sc.methods) services.insert(m.service.empty() ? "the shared kernel" : m.service);
  out << sc.name << " is split across " << services.size() << " places:";
  std::size_t i = 0;
  for (const auto& s : services) out << (i++ ? ", " : " ") << s;
  out << "\n  because: split class: " << sc.reason << "\n";
  for (const auto& m : sc.methods) {
    auto it = by_unit.find(m.method);
    out << "    " << m.method << " -> " << (m.service.empty() ? "shared kernel" : m.service);
    if (it != by_unit.end()) out << " (confidence " << it->second->confidence << ")";
    out << "\n";
  }
  out << "  run 'cleave explain' on a method for its pulls\n";
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

std::string explain(const Model& model, const Proposal& proposal, const std::string& query,
                    const config::DecomposeWeights& weights) {
  for (const auto& t : proposal.tables) {
    if (t.name == lower(query)) return explain_table(model, proposal, t);
  }
  const std::string entity = find_entity(model, proposal, query);
  std::ostringstream out;
  for (const auto& sc : proposal.split_classes) {
    if (sc.name != entity) continue;
    explain_split(out, proposal, sc);
    return out.str();
  }
  auto pl = std::find_if(proposal.placements.begin(), proposal.placements.end(),
                         [&](const Placement& p) { return p.unit == entity; });
  if (pl == proposal.placements.end()) throw InputError("", 0, "'" + entity + "' was not placed", "");
  const PullIndex index(model, proposal, weights);
  const std::set<std::string> ids = index.unit_symbols(entity);
  explain_verdict(out, proposal, *pl);
  explain_pulls(out, index.pulls(entity), *pl);
  explain_tables(out, model, proposal, ids);
  out << reach_line(model, proposal, Names(ids.begin(), ids.end()), pl->service);
  return out.str();
}

}  // namespace cleave::decompose
