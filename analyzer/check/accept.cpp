// accept(): the proposal written down as an architecture, as compact as the
// code allows: a folder a context has alone becomes "dir/**", the files a
// context has alone in a mixed folder "dir/*" or the file, a namespace only
// one context uses replaces a list of its classes, and a symbol entry is
// left only where those rules would place a unit or method elsewhere than
// the proposal does. Then every dependency, foreign table access and cycle
// the code has between those contexts is written down as allowed, so the
// check passes on the code it was accepted from.
#include "check/check.hpp"

#include "check/placement.hpp"
#include "decompose/partition.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cleave::check {
namespace {

using detail::Placement;

std::string dir_of(const std::string& file) {
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? "" : file.substr(0, slash);
}

// Where the proposal puts each unit and method: context names, kernel as kKernelName.
struct Desired {
  std::map<std::string, std::string> unit;     // unit USR -> context
  std::map<std::string, std::string> methods;  // method USR -> context, where it differs from its unit's
};

Desired desired_places(const Model& model, const Proposal& proposal, const Placement& units) {
  auto context_of = [&proposal](const std::string& usr) -> std::optional<std::string> {
    auto it = proposal.assignment.find(usr);
    if (it == proposal.assignment.end()) return std::nullopt;
    return it->second.empty() ? std::string(kKernelName) : it->second;
  };
  // The owner of each table a unit's code touches, for code the proposal
  // leaves in the kernel although it touches a table.
  std::map<std::string, std::string> owner;
  for (const TableOwnership& t : proposal.tables) {
    if (!t.owner.empty()) owner.emplace(t.name, t.owner);
  }
  std::map<std::string, std::string> touches;  // symbol USR -> owner of a table it accesses
  for (const TableAccess& a : model.data.accesses) {
    if (auto it = owner.find(a.table); it != owner.end()) touches.emplace(a.symbol, it->second);
  }
  Desired d;
  for (const detail::Unit& u : units.units()) {
    std::string c = context_of(u.symbol->id).value_or(std::string(kKernelName));
    if (c == kKernelName && touches.count(u.symbol->id)) c = touches[u.symbol->id];
    d.unit.emplace(u.symbol->id, c);
  }
  std::map<std::string, std::map<std::string, std::string>> methods;  // unit -> method USR -> context
  for (const Symbol& s : model.symbols) {
    if (s.kind != SymbolKind::Method && s.kind != SymbolKind::Constructor && s.kind != SymbolKind::Destructor) continue;
    const std::string& unit = units.unit_of(s.id);
    auto of_unit = d.unit.find(unit);
    if (unit.empty() || of_unit == d.unit.end()) continue;
    std::optional<std::string> c = context_of(s.id);
    if (c && *c == kKernelName && touches.count(s.id)) c = touches[s.id];
    if (!c && touches.count(s.id) && of_unit->second == kKernelName) c = touches[s.id];
    methods[unit][s.id] = c.value_or(of_unit->second);
  }
  // A class split method by method goes where most of its methods go, so
  // that only the others need an entry (The Forgotten Server's Player: 392
  // entries before, as its class went to the service of its fewer methods).
  for (const auto& [unit, placed] : methods) {
    std::map<std::string, unsigned> count;
    for (const auto& [usr, c] : placed) ++count[c];
    std::string& home = d.unit[unit];
    const auto best =
        std::max_element(count.begin(), count.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
    if (best->second > count[home]) home = best->first;
    for (const auto& [usr, c] : placed) {
      if (c != home) d.methods.emplace(usr, c);
    }
  }
  return d;
}

// Path rules: a folder one context has alone is "dir/**"; in a mixed folder,
// the files directly in it that all go to one context are "dir/*", else one
// rule per file to its main context. Returns the units those rules place
// elsewhere than desired (ties and mixed files), for symbol entries.
class PathRules {
 public:
  PathRules(const Placement& units, const Desired& desired) {
    for (const detail::Unit& u : units.units()) {
      if (u.file.empty()) continue;
      const std::string& c = desired.unit.at(u.symbol->id);
      ++files_[u.file][c];
      for (std::string d = dir_of(u.file);; d = dir_of(d)) {
        ++dirs_[d][c];
        if (d.empty()) break;
      }
    }
  }

  void emit(std::map<std::string, std::vector<std::string>>& paths) {
    if (!dirs_.empty()) emit_dir("", paths);
  }

 private:
  static std::string main_context(const std::map<std::string, unsigned>& counts) {
    return std::max_element(counts.begin(), counts.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
  }

  void emit_dir(const std::string& dir, std::map<std::string, std::vector<std::string>>& paths) {
    const auto& here = dirs_.at(dir);
    const std::string prefix = dir.empty() ? "" : dir + "/";
    if (here.size() == 1) {
      paths[here.begin()->first].push_back(prefix + "**");
      return;
    }
    std::map<std::string, std::map<std::string, unsigned>> direct;  // file -> counts
    for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it) {
      if (it->first.find('/', prefix.size()) == std::string::npos) direct.insert(*it);
    }
    std::set<std::string> direct_contexts;
    for (const auto& [file, counts] : direct) {
      for (const auto& [c, n] : counts) direct_contexts.insert(c);
    }
    // The context most of the files directly here go to takes "dir/*"; a
    // file of another context is named (the longer glob wins).
    std::map<std::string, unsigned> files_per_context;
    for (const auto& [file, counts] : direct) ++files_per_context[main_context(counts)];
    const std::string main = files_per_context.empty() ? "" : main_context(files_per_context);
    const bool star = !main.empty() && (files_per_context[main] > 1 || direct_contexts.size() == 1);
    if (star) paths[main].push_back(prefix + "*");
    for (const auto& [file, counts] : direct) {
      if (!star || main_context(counts) != main) paths[main_context(counts)].push_back(file);
    }
    std::set<std::string> subdirs;
    for (auto it = dirs_.lower_bound(prefix); it != dirs_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it) {
      if (it->first.size() > prefix.size() && it->first.find('/', prefix.size()) == std::string::npos &&
          (!dir.empty() || !it->first.empty())) {
        subdirs.insert(it->first);
      }
    }
    for (const auto& sub : subdirs) emit_dir(sub, paths);
  }

  std::map<std::string, std::map<std::string, unsigned>> files_, dirs_;
};

Context& context_named(Architecture& a, const std::string& name) {
  if (name == kKernelName) return a.shared_kernel;
  for (Context& c : a.contexts) {
    if (c.name == name) return c;
  }
  Context c;
  c.name = name;
  a.contexts.push_back(std::move(c));
  return a.contexts.back();
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Membership rules for every unit and method the proposal places.
void write_membership(Architecture& a, const Model& model, const std::string& root, const Desired& desired) {
  const Architecture empty;
  const Placement units(model, empty, root);
  std::map<std::string, std::vector<std::string>> paths;
  PathRules(units, desired).emit(paths);
  for (auto& [context, globs] : paths) context_named(a, context).paths = globs;

  // Namespaces whose every unit goes to one context and that hold at least
  // two units the paths misplace: one entry instead of a list.
  Placement by_paths(model, a, root);
  std::map<std::string, std::set<std::string>> ns_contexts;  // namespace -> contexts of its units
  std::map<std::string, unsigned> misplaced_in;
  for (const detail::Unit& u : units.units()) {
    const std::string ns = decompose::detail::enclosing_scope(u.symbol->name);
    if (ns.empty()) continue;
    const std::string& want = desired.unit.at(u.symbol->id);
    ns_contexts[ns].insert(want);
    if (by_paths.context_of(u.symbol->id) != want) ++misplaced_in[ns];
  }
  for (const auto& [ns, count] : misplaced_in) {
    // Only a namespace (not a class) that holds no unit of another context,
    // nor any longer namespace of another context.
    if (count < 2 || ns_contexts[ns].size() != 1 || model.unit_of(ns)) continue;
    bool pure = true;
    for (auto it = ns_contexts.lower_bound(ns + "::"); it != ns_contexts.end() && it->first.rfind(ns + "::", 0) == 0;
         ++it) {
      pure = pure && it->second == ns_contexts[ns];
    }
    if (pure) context_named(a, *ns_contexts[ns].begin()).namespaces.push_back(ns);
  }

  // Symbols: every unit and method the rules so far place elsewhere. An
  // entry names every overload at once, so overloads the proposal puts in
  // different services go where most of them go.
  const Placement by_rules(model, a, root);
  std::set<std::string> names;                                   // that need an entry
  std::map<std::string, std::map<std::string, unsigned>> wants;  // name -> context -> symbols of that name
  for (const detail::Unit& u : units.units()) {
    const std::string& want = desired.unit.at(u.symbol->id);
    ++wants[u.symbol->name][want];
    if (by_rules.context_of(u.symbol->id) != want) names.insert(u.symbol->name);
  }
  for (const Symbol& s : model.symbols) {
    auto unit = desired.unit.find(units.unit_of(s.id));
    const bool method =
        s.kind == SymbolKind::Method || s.kind == SymbolKind::Constructor || s.kind == SymbolKind::Destructor;
    if (!method || unit == desired.unit.end() || unit->first == s.id) continue;
    auto own = desired.methods.find(s.id);
    ++wants[s.name][own == desired.methods.end() ? unit->second : own->second];
    if (own != desired.methods.end()) names.insert(s.name);
  }
  for (const auto& name : names) {
    const auto& by = wants[name];
    const auto best =
        std::max_element(by.begin(), by.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
    context_named(a, best->first).symbols.push_back(name);
  }
}

// Dependencies and foreign table accesses the code has, as allowed; a
// dependency is async when the code makes no call whose result it uses (the
// tightest kind that holds), unless the previous file said sync.
void write_dependencies(Architecture& a, const Model& model, const std::string& root, const Architecture* previous) {
  const Placement placement(model, a, root);
  const detail::Observed observed = detail::observe(model, placement);
  std::map<std::pair<std::string, std::string>, bool> sync;  // (from, to) -> needs sync
  for (const detail::CrossEdge& x : observed.edges) {
    if (x.to_context == kKernelName) continue;
    const Symbol* callee = model.find(x.edge->to);
    bool& s = sync[{x.from_context, x.to_context}];
    s = s || x.edge->kind != EdgeKind::Call || (callee && detail::is_query(*callee));
  }
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> tables;
  for (const detail::ForeignAccess& f : observed.accesses) {
    if (f.owner.empty() || f.context == kKernelName) continue;
    std::string& mode = tables[{f.context, f.owner}][f.access->table];
    if (f.access->mode == AccessMode::Write) mode = "write";
    if (mode.empty()) mode = "read";
    bool& s = sync[{f.context, f.owner}];
    s = s || f.access->mode == AccessMode::Read;  // reading another's data is asking it
  }
  for (const auto& [pair, needs_sync] : sync) {
    AllowedDependency d;
    d.context = pair.second;
    d.kind = needs_sync ? DependencyKind::Sync : DependencyKind::Async;
    if (!needs_sync && previous) {
      if (const Context* was = previous->find(pair.first)) {
        for (const AllowedDependency& p : was->depends_on) {
          if (p.context == d.context) d.kind = p.kind;
        }
      }
    }
    if (auto it = tables.find(pair); it != tables.end()) d.tables = it->second;
    context_named(a, pair.first).depends_on.push_back(std::move(d));
  }
}

// A previous context keeps its name when the service now in its place holds
// more than half of the previous context's units.
std::map<std::string, std::string> previous_names(const Model& model, const std::string& root, const Desired& desired,
                                                  const Architecture& previous) {
  const Placement before(model, previous, root);
  std::map<std::string, std::map<std::string, unsigned>> overlap;  // new -> old -> units
  std::map<std::string, unsigned> old_size;
  for (const auto& [usr, now] : desired.unit) {
    const std::string& was = before.context_of(usr);
    if (was.empty()) continue;
    ++old_size[was];
    ++overlap[now][was];
  }
  std::map<std::string, std::string> rename;
  std::set<std::string> taken;
  for (const auto& [now, olds] : overlap) {
    if (now == kKernelName) continue;
    for (const auto& [was, n] : olds) {
      if (was != kKernelName && 2 * n > old_size[was] && !taken.count(was)) {
        rename[now] = was;
        taken.insert(was);
        break;
      }
    }
  }
  return rename;
}

}  // namespace

Architecture accept(const Model& model, const Proposal& proposal, const std::string& root,
                    const Architecture* previous) {
  Architecture a;
  a.shared_kernel.name = std::string(kKernelName);
  const Architecture empty;
  Desired desired = desired_places(model, proposal, Placement(model, empty, root));
  std::map<std::string, std::string> rename;  // service -> the previous context's name
  if (previous) {
    rename = previous_names(model, root, desired, *previous);
    a.notes = previous->notes;
    a.severities = previous->severities;
    a.limits = previous->limits;
    a.shared_kernel.notes = previous->shared_kernel.notes;
  }
  auto context_of_service = [&rename](const std::string& service) {
    auto it = rename.find(service);
    return it == rename.end() ? service : it->second;
  };
  for (auto& [usr, c] : desired.unit) c = context_of_service(c);
  for (auto& [usr, c] : desired.methods) c = context_of_service(c);
  for (const Service& s : proposal.services) context_named(a, context_of_service(s.name));
  write_membership(a, model, root, desired);

  // Tables: the proposal's owners; a table it gives no owner goes to the
  // context that accesses it most.
  std::set<std::string> owned;
  for (const TableOwnership& t : proposal.tables) {
    if (t.owner.empty()) continue;
    context_named(a, context_of_service(t.owner)).tables.push_back(t.name);
    owned.insert(t.name);
  }
  const Placement placement(model, a, root);
  std::map<std::string, std::map<std::string, unsigned>> users;  // table -> context -> weighted accesses
  for (const TableAccess& x : model.data.accesses) {
    if (owned.count(x.table) || (x.mode != AccessMode::Read && x.mode != AccessMode::Write)) continue;
    const std::string& c = placement.context_of(x.symbol);
    if (!c.empty() && c != kKernelName) users[x.table][c] += x.mode == AccessMode::Write ? 4 : 1;
  }
  for (const auto& [table, by] : users) {
    const auto best =
        std::max_element(by.begin(), by.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
    context_named(a, best->first).tables.push_back(table);
  }

  std::sort(a.contexts.begin(), a.contexts.end(), [](const Context& x, const Context& y) { return x.name < y.name; });
  if (previous) {
    for (Context& c : a.contexts) {
      if (const Context* was = previous->find(c.name)) {
        c.notes = was->notes;
        c.limits = was->limits;
      }
    }
  }
  for (Context* c : [&a] {
         std::vector<Context*> all{&a.shared_kernel};
         for (Context& x : a.contexts) all.push_back(&x);
         return all;
       }()) {
    for (auto* list : {&c->paths, &c->namespaces, &c->symbols, &c->tables}) sort_unique(*list);
  }
  write_dependencies(a, model, root, previous);
  return a;
}

}  // namespace cleave::check
