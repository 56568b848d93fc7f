#include "check/check.hpp"

#include "check/placement.hpp"
#include "core/paths.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace cleave::check {
namespace {

using detail::Observed;
using detail::Placement;

class Evaluator {
 public:
  Evaluator(const Model& model, const Architecture& a, const std::string& root)
      : model_(model), a_(a), root_(root), placement_(model, a, root), observed_(detail::observe(model, placement_)) {
    // Where the architecture file is, for violations that have no place in the code.
    if (!a.file.empty()) arch_file_ = relative_to(normalize_path(a.file), root);
  }

  std::vector<Violation> run() {
    dependencies();
    tables();
    cycles();
    unassigned();
    limits();
    stale_entries();
    std::sort(out_.begin(), out_.end(), [](const Violation& x, const Violation& y) {
      return std::tie(x.rule, x.from, x.to, x.location) < std::tie(y.rule, y.from, y.to, y.location);
    });
    // One violation per identity: the smallest location (sorted first) wins.
    out_.erase(std::unique(out_.begin(), out_.end(),
                           [](const Violation& x, const Violation& y) {
                             return x.rule == y.rule && x.from == y.from && x.to == y.to;
                           }),
               out_.end());
    return std::move(out_);
  }

 private:
  void add(std::string_view rule, std::string from, std::string to, std::string message, Location loc) {
    Severity severity = find_rule(rule)->severity;
    if (auto it = a_.severities.find(std::string(rule)); it != a_.severities.end()) {
      if (!it->second) return;  // off
      severity = *it->second;
    }
    Violation v;
    v.rule = std::string(rule);
    v.severity = severity;
    v.fingerprint = fingerprint_of(rule, from, to);
    v.from = std::move(from);
    v.to = std::move(to);
    v.message = std::move(message);
    if (!loc.file.empty()) loc.file = relative_to(loc.file, root_);
    v.location = std::move(loc);
    out_.push_back(std::move(v));
  }

  Location in_architecture(unsigned line) const {
    return arch_file_.empty() ? Location{} : Location{arch_file_, line, 1};
  }

  const std::string& name(const std::string& usr) const {
    static const std::string unknown = "?";
    const Symbol* s = model_.find(usr);
    return s ? s->name : unknown;
  }

  const AllowedDependency* allowed(const std::string& from, const std::string& to) const {
    const Context* c = a_.find(from);
    if (!c) return nullptr;
    for (const AllowedDependency& d : c->depends_on) {
      if (d.context == to) return &d;
    }
    return nullptr;
  }

  void dependencies() {
    for (const detail::CrossEdge& x : observed_.edges) {
      if (x.to_context == kKernelName) continue;  // every context may use the kernel
      const ModelEdge& e = *x.edge;
      const std::string what = name(e.from) + " (" + x.from_context + ") " + detail::verb_of(e.kind) + " " +
                               name(e.to) + " (" + x.to_context + ")";
      const AllowedDependency* d = allowed(x.from_context, x.to_context);
      if (!d) {
        add(rules::kArcForbidden, name(e.from), name(e.to),
            what + "; " + x.from_context + " may not depend on " + x.to_context, e.first_site);
      } else if (d->kind == DependencyKind::Async && e.kind == EdgeKind::Call) {
        const Symbol* callee = model_.find(e.to);
        if (callee && detail::is_query(*callee)) {
          add(rules::kArcWrongKind, name(e.from), name(e.to),
              what + " and uses its result; " + x.from_context + " may reach " + x.to_context +
                  " only through events and commands (async)",
              e.first_site);
        }
      }
    }
  }

  void tables() {
    // A table no context owns: one violation, at its first access, with the
    // context that writes (then reads) it most as the suggestion.
    std::map<std::string, std::map<std::string, std::pair<unsigned, unsigned>>> unowned;  // table -> context -> w, r
    std::map<std::string, Location> first;
    for (const detail::ForeignAccess& f : observed_.accesses) {
      const TableAccess& a = *f.access;
      const bool write = a.mode == AccessMode::Write;
      const std::string& fn = name(a.symbol);
      if (f.context == kKernelName) {
        add(rules::kArcKernelTable, fn, a.table,
            fn + " (shared kernel) " + (write ? "writes" : "reads") + " table " + a.table +
                (f.owner.empty() ? "" : " (owned by " + f.owner + ")"),
            a.loc);
      }
      if (f.owner.empty()) {
        auto& counts = unowned[a.table][f.context];
        if (f.context != kKernelName) (write ? counts.first : counts.second) += 1;
        auto [it, fresh] = first.emplace(a.table, a.loc);
        if (!fresh && a.loc < it->second) it->second = a.loc;
        continue;
      }
      if (f.context == kKernelName || may_access(f.context, f.owner, a.table, write)) continue;
      add(write ? rules::kArcForeignWrite : rules::kArcForeignRead, fn, a.table,
          fn + " (" + f.context + ") " + (write ? "writes" : "reads") + " table " + a.table + ", owned by " + f.owner,
          a.loc);
    }
    for (const auto& [table, by] : unowned) {
      const auto best = std::max_element(by.begin(), by.end(), [](const auto& x, const auto& y) {
        return x.second != y.second ? x.second < y.second : x.first > y.first;
      });
      std::string suggestion;
      if (best->first != kKernelName) {
        suggestion = "; cleave suggests " + best->first + " (" + std::to_string(best->second.first) + " writes, " +
                     std::to_string(best->second.second) + " reads)";
      }
      add(rules::kArcTableUnowned, table, "", "table " + table + " belongs to no context" + suggestion, first[table]);
    }
  }

  bool may_access(const std::string& context, const std::string& owner, const std::string& table, bool write) const {
    const AllowedDependency* d = allowed(context, owner);
    if (!d) return false;
    auto mode = d->tables.find(table);
    return mode != d->tables.end() && (!write || mode->second == "write");
  }

  // A dependency the architecture does not declare that closes a cycle of
  // contexts in the code: (from, to) with a path back from `to` to `from`.
  // The kernel, a library every context links, is no part of a cycle.
  void cycles() {
    const auto& graph = observed_.depends;
    for (const auto& [from, tos] : graph) {
      if (from == kKernelName) continue;
      for (const auto& [to, site] : tos) {
        if (to == kKernelName || allowed(from, to)) continue;
        const std::vector<std::string> back = path(to, from);
        if (back.empty()) continue;
        std::string cycle = from;
        for (const auto& c : back) cycle += " -> " + c;
        add(rules::kArcCycle, from, to, from + " -> " + to + " closes a cycle of contexts: " + cycle, site);
      }
    }
  }

  // The shortest path of contexts from `start` to `goal` in the code (both
  // included), kernel left out; empty when there is none.
  std::vector<std::string> path(const std::string& start, const std::string& goal) const {
    std::map<std::string, std::string> came_from{{start, ""}};
    std::vector<std::string> frontier{start};
    for (std::size_t i = 0; i < frontier.size(); ++i) {
      const std::string here = frontier[i];
      if (here == goal) {
        std::vector<std::string> out;
        for (std::string at = goal; !at.empty(); at = came_from[at]) out.insert(out.begin(), at);
        return out;
      }
      auto it = observed_.depends.find(here);
      if (it == observed_.depends.end()) continue;
      for (const auto& [next, site] : it->second) {
        if (next != kKernelName && came_from.emplace(next, here).second) frontier.push_back(next);
      }
    }
    return {};
  }

  void unassigned();
  void limits();
  void stale_entries() {
    for (const auto& [context, entry] : placement_.unmatched()) {
      const Context* c = a_.find(context);
      add(rules::kArcStaleEntry, context, entry,
          "architecture.yaml: " + entry + " of " + context + " matches nothing in the code", in_architecture(c->line));
    }
  }

  const Model& model_;
  const Architecture& a_;
  std::string root_;
  Placement placement_;
  Observed observed_;
  std::string arch_file_;
  std::vector<Violation> out_;
};

// Code in no context, with the context its edges and tables pull it to.
void Evaluator::unassigned() {
  std::map<std::string, std::map<std::string, unsigned>> pull;  // unit USR -> context -> weight
  std::map<std::string, std::map<std::string, std::set<std::string>>> why_tables;
  for (const ModelEdge& e : model_.edges) {
    if (e.kind == EdgeKind::MemberOf || e.kind == EdgeKind::Include) continue;
    const std::string& fu = placement_.unit_of(e.from);
    const std::string& tu = placement_.unit_of(e.to);
    const std::string& fc = placement_.context_of(e.from);
    const std::string& tc = placement_.context_of(e.to);
    if (!fu.empty() && fc.empty() && !tc.empty()) pull[fu][tc] += e.weight;
    if (!tu.empty() && tc.empty() && !fc.empty()) pull[tu][fc] += e.weight;
  }
  for (const TableAccess& a : model_.data.accesses) {
    const std::string& u = placement_.unit_of(a.symbol);
    if (u.empty() || !placement_.context_of(a.symbol).empty()) continue;
    auto owner = placement_.table_owner().find(a.table);
    if (owner == placement_.table_owner().end()) continue;
    pull[u][owner->second] += a.mode == AccessMode::Write ? 4 : 1;
    why_tables[u][owner->second].insert((a.mode == AccessMode::Write ? "writes " : "reads ") + a.table);
  }
  for (const detail::Unit& u : placement_.units()) {
    if (!placement_.context_of(u.symbol->id).empty()) continue;
    std::string message = u.symbol->name + " belongs to no context";
    if (auto it = pull.find(u.symbol->id); it != pull.end()) {
      std::vector<std::pair<std::string, unsigned>> ranked(it->second.begin(), it->second.end());
      std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
      const auto& [best, weight] = ranked.front();
      message += "; cleave suggests " + best + " (" + std::to_string(weight) + " weighted links";
      for (const auto& t : why_tables[u.symbol->id][best]) message += ", " + t;
      if (ranked.size() > 1) message += "; next " + ranked[1].first + " " + std::to_string(ranked[1].second);
      message += ")";
    } else {
      message += "; nothing ties it to a context yet";
    }
    add(rules::kArcUnassigned, u.symbol->name, "", message, u.symbol->loc);
  }
}

void Evaluator::limits() {
  std::map<std::string, unsigned> units;
  for (const detail::Unit& u : placement_.units()) {
    if (const std::string& c = placement_.context_of(u.symbol->id); !c.empty()) ++units[c];
  }
  for (const Context& c : a_.contexts) {
    auto pick = [&](const std::optional<unsigned>& own, const std::optional<unsigned>& all) { return own ? own : all; };
    unsigned dependencies = 0;
    if (auto it = observed_.depends.find(c.name); it != observed_.depends.end()) {
      for (const auto& [to, site] : it->second) dependencies += to != kKernelName;
    }
    const std::tuple<const char*, std::optional<unsigned>, unsigned, const char*> checks[] = {
        {"max_units", pick(c.limits.max_units, a_.limits.max_units), units[c.name], "classes and free functions"},
        {"max_tables", pick(c.limits.max_tables, a_.limits.max_tables), static_cast<unsigned>(c.tables.size()),
         "tables"},
        {"max_dependencies", pick(c.limits.max_dependencies, a_.limits.max_dependencies), dependencies,
         "contexts it depends on"},
    };
    for (const auto& [key, max, now, what] : checks) {
      if (!max || now <= *max) continue;
      add(rules::kArcLimit, c.name, key,
          c.name + " has " + std::to_string(now) + " " + what + ", past its " + key + " of " + std::to_string(*max),
          in_architecture(c.line));
    }
  }
}

}  // namespace

std::map<std::string, std::string> contexts_of(const Model& model, const Architecture& architecture,
                                               const std::string& root) {
  const Placement placement(model, architecture, root);
  std::map<std::string, std::string> out;
  for (const Symbol& s : model.symbols) {
    if (const std::string& c = placement.context_of(s.id); !c.empty()) out.emplace(s.id, c);
  }
  return out;
}

std::size_t count_units(const Model& model) { return Placement(model, Architecture{}, "").units().size(); }

std::vector<Violation> evaluate(const Model& model, const Architecture& architecture, const std::string& root) {
  return Evaluator(model, architecture, root).run();
}

}  // namespace cleave::check
