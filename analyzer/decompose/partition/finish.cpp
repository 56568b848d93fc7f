// Pass: finish the chosen partition.
// Reads: the chosen candidate, the god-class decisions (taken again on it),
//   the split classes' cores, unit groups, overloads, the config's
//   "together" groups and contexts, the clustering edges.
// Decides, in this order:
//  - place_split_methods: a split class's methods go where they work; what
//    remains (constructor, dispatcher, methods with no clear pull, methods on
//    the class's own state that lead to no table) stays with its core.
//    Introduced in cc3252f; the own-state rule in d7434e7 (TFS Player: from
//    7 services to 393 of 413 methods staying with the game world).
//  - rejoin_unsplit_classes: classes examined method by method but not split
//    go back together, to the part most of their methods are in.
//  - unify_overloads: overloads share the context most of them are in.
//  - rehome_stateless_units: a unit that reaches no table and that nothing
//    in its part uses goes to the part using it most (library: Patron).
//  - apply_together: the config's "together" groups.
//  - kernel_unconnected: units with no edge at all are kernel.
//  - fold_tiny_parts (fold_tiny_parts.cpp), fold_stateless
//    (fold_stateless.cpp, not when a target count is set).
//  - label_clusters: clusters renumbered; pinned ones carry their context's
//    name; folded parts are listed per cluster.
#include "decompose/partition/partitioner.hpp"

#include <algorithm>

namespace cleave::decompose::detail {

void Partitioner::finish(std::vector<int> part) {
  auto gods = decide_gods(part);
  place_split_methods(part, gods);
  rejoin_unsplit_classes(part, gods);
  unify_overloads(part);
  rehome_stateless_units(part);
  apply_together(part);
  kernel_unconnected(part);
  fold_tiny_parts(part);
  if (params_.target == 0) fold_stateless(part, gods);
  record_proposal_quality(part);
  label_clusters(std::move(part));
}

// A split class's methods go where they work. What remains of the class
// (its constructor wiring every service together, the dispatcher, methods
// with no pull of their own or none holding a third of it) stays with the
// class's core: the part all its methods together depend on most, such
// as the command parser of a command-handler class. That remainder is
// the facade or API gateway of the future system.
// A method that reads or writes the class's own fields and leads to no
// table is the entity's behaviour on its own state (Player::getSkillLevel,
// Player::setParty): it stays with the state, in the core, whatever else
// it calls. Moved out, every call to it would become a remote read of
// another service's memory. Only methods that lead to data move.
void Partitioner::place_split_methods(std::vector<int>& part, const std::set<std::string>& gods) {
  for (const auto& cls : gods) {
    const std::uint32_t anchor = out_.node_of.at(cls);
    auto uses_state = [&](std::uint32_t m) {
      for (auto i = arcs_from_[m]; i < arcs_from_[m + 1]; ++i) {
        if (out_.arcs[i].to == anchor && out_.arcs[i].kind == EdgeKind::Reference) return true;
      }
      return false;
    };
    for (auto n : group_[group_of_[anchor]]) {
      if (out_.nodes[n].kind == NodeKind::Anchor) part[n] = -1;  // fields and nested types: no unit of their own
      if (out_.nodes[n].kind != NodeKind::Method || out_.nodes[n].label >= 0) continue;
      std::string& why = out_.method_reasons[out_.nodes[n].key];
      if (!reaches_table_[n] && core_.count(cls) && uses_state(n)) {
        part[n] = core_.at(cls);
        why = "it works on the class's own state and leads to no table, so it stays with the class's core";
      } else if (writes_[n] >= 0 && writes_share_[n] > 0.5) {
        part[n] = writes_[n];  // a command belongs to the aggregate it changes, whatever it reads
        why = "it changes data, and " + std::to_string(static_cast<int>(writes_share_[n] * 100 + 0.5)) +
              "% of what it writes (itself or through its calls) is this service's: a command goes where it writes";
      } else if (preferred_[n] >= 0 && preferred_share_[n] >= 1.0 / 3) {
        part[n] = preferred_[n];
        why = "the calls and data specific to it among the class's methods go here most (" +
              std::to_string(static_cast<int>(preferred_share_[n] * 100 + 0.5)) + "%)";
      } else if (core_.count(cls)) {
        part[n] = core_.at(cls);
        why = "no pull of its own holds a third of its work, so it stays with the class's core";
      } else {
        out_.method_reasons.erase(out_.nodes[n].key);
      }
    }
  }
}

// Classes that were examined method by method but are not god classes go
// back together, to the part most of their affinity points to.
void Partitioner::rejoin_unsplit_classes(std::vector<int>& part, const std::set<std::string>& gods) {
  for (const auto& cls : exploded_) {
    if (gods.count(cls)) continue;
    out_.split_reasons.erase(cls);
    auto g = group_of_[out_.node_of.at(cls)];
    std::map<int, double> votes;
    for (auto n : group_[g]) {
      if (part[n] >= 0) votes[part[n]] += 1.0;
    }
    int best = -1;
    double best_v = -1;
    for (const auto& [c, v] : votes) {
      if (v > best_v) {
        best = c;
        best_v = v;
      }
    }
    for (auto n : group_[g]) part[n] = out_.nodes[n].kernel ? -1 : best;
  }
}

// Overloads share one context: the one most of them are in.
void Partitioner::unify_overloads(std::vector<int>& part) const {
  std::map<std::string, std::vector<std::uint32_t>> by_name;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if ((out_.nodes[n].kind == NodeKind::Function || out_.nodes[n].kind == NodeKind::Method) && part[n] >= 0) {
      by_name[out_.nodes[n].name].push_back(n);
    }
  }
  for (const auto& [name, nodes] : by_name) {
    if (nodes.size() < 2) continue;
    std::map<int, std::size_t> votes;
    for (auto n : nodes) ++votes[part[n]];
    int best = votes.begin()->first;
    for (const auto& [c, v] : votes) {
      if (v > votes[best]) best = c;
    }
    for (auto n : nodes) part[n] = best;
  }
}

// A stateless unit (it reaches no table: a value type, a helper) that no
// unit of its own part uses goes to the part that uses it most. It was
// left there by a split: the value types of a command-handler class stay
// with the handlers' core (the argument parser) when the handlers that use
// them have moved to their services (library sample: `Patron` stayed with
// the desk, which no longer used it). Where it sits, every use is remote.
void Partitioner::rehome_stateless_units(std::vector<int>& part) const {
  std::vector<std::map<int, double>> use(out_.nodes.size());
  for (const auto& a : out_.arcs) {
    if (part[a.from] < 0 || group_of_[a.from] == group_of_[a.to]) continue;
    use[a.to][part[a.from]] += a.weight;
  }
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    const Node& node = out_.nodes[n];
    if ((node.kind != NodeKind::Class && node.kind != NodeKind::Function) || node.kernel || node.label >= 0 ||
        part[n] < 0 || reaches_table_[n] || use[n].empty() || use[n].count(part[n])) {
      continue;
    }
    int best = -1;
    double best_w = 0;
    for (const auto& [c, w] : use[n]) {
      if (w > best_w) {
        best = c;
        best_w = w;
      }
    }
    part[n] = best;
  }
}

// "together" groups: all members to the part holding most of them.
void Partitioner::apply_together(std::vector<int>& part) {
  for (const auto& group : cfg_.together) {
    std::vector<std::uint32_t> members;
    for (const auto& name : group) {
      for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
        if ((is_unit(out_.nodes[n].kind) || out_.nodes[n].kind == NodeKind::Anchor) && out_.nodes[n].name == name) {
          auto g = group_of_[n];
          for (auto m : g == kNoGroup ? std::vector<std::uint32_t>{n} : group_[g]) members.push_back(m);
        }
      }
    }
    std::map<int, std::size_t> votes;
    int pinned = -1;
    for (auto m : members) {
      if (part[m] >= 0) ++votes[part[m]];
      if (out_.nodes[m].label >= 0) pinned = part[m];
    }
    if (votes.empty()) {
      out_.warnings.push_back(make_finding(
          rules::kConfigUnmatched, "config: together group starting '" + group.front() + "' matches no placed unit",
          "together." + group.front()));
      continue;
    }
    int best = votes.begin()->first;
    for (const auto& [c, v] : votes) {
      if (v > votes[best]) best = c;
    }
    if (pinned >= 0) best = pinned;
    for (auto m : members) {
      if (!out_.nodes[m].kernel) part[m] = best;
    }
  }
}

// Units with no edge at all cannot be placed by evidence: kernel.
void Partitioner::kernel_unconnected(std::vector<int>& part) {
  std::vector<double> degree(out_.nodes.size(), 0.0);
  for (const auto& e : edges_) {
    if (out_.nodes[e.a].kind == NodeKind::Cohesion || out_.nodes[e.b].kind == NodeKind::Cohesion) continue;
    degree[e.a] += e.w;
    degree[e.b] += e.w;
  }
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    Node& node = out_.nodes[n];
    if (!is_unit(node.kind) || node.kernel || node.label >= 0) continue;
    auto g = group_of_[n];
    double d = 0;
    for (auto m : g == kNoGroup ? std::vector<std::uint32_t>{n} : group_[g]) d += degree[m];
    if (d <= 0 && node.kind != NodeKind::Method) {
      node.kernel = true;
      out_.kernel_reasons[node.key] = "no dependency and no table access ties it to any service";
      part[n] = -1;
    }
  }
}

// Pinned clusters carry their context's name.
void Partitioner::label_clusters(std::vector<int> part) {
  int k = normalize(part);
  std::vector<std::string> pins(static_cast<std::size_t>(k));
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if (part[n] >= 0 && out_.nodes[n].label >= 0 &&
        static_cast<std::size_t>(out_.nodes[n].label) < cfg_.contexts.size()) {
      pins[static_cast<std::size_t>(part[n])] = cfg_.contexts[static_cast<std::size_t>(out_.nodes[n].label)].name;
    }
  }
  out_.cluster_pins = pins;
  out_.cluster_folded.assign(static_cast<std::size_t>(k), {});
  for (auto& [n, why] : folded_) {
    if (part[n] >= 0) out_.cluster_folded[static_cast<std::size_t>(part[n])].push_back(std::move(why));
  }
  out_.cluster_joined.assign(static_cast<std::size_t>(k), 0);
  for (const auto& [n, parts] : joined_) {
    if (part[n] >= 0) out_.cluster_joined[static_cast<std::size_t>(part[n])] = parts;
  }
  out_.cluster = std::move(part);
}

}  // namespace cleave::decompose::detail
