// Pass: fold stateless parts (finishing; not when a target count is set).
// Reads: the partition, SQL accesses (owners by dominant_writer, pins
//   first), calls and virtual dispatch between units, constraint labels, the
//   split classes' cores.
// Decides: a part that owns no table and whose ties to other parts outweigh
//   its internal ones (cohesion < 1/2) folds into the part it is most tied
//   to, least cohesive first; pinned parts, differently labelled parts and
//   the facade stay. Records why for each service (`folded`).
// Introduced in db0b4ce: on canary 27 -> 17 services, ICP 0.412 -> 0.282;
//   The Forgotten Server 15 -> 11.
// Then the stateful core (join_stateful_core): the cohesive parts left that
//   own no table, joined when tied to each other. The builder flags the
//   stateful cores from the owners it settles (builder/tables.cpp).
#include "decompose/partition/partitioner.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cleave::decompose::detail {

// A service is worth its own process when it keeps its own state or when
// its work stays inside it. A part that owns no table and whose ties to the
// other parts outweigh the ties among its own units (cohesion below one
// half, counting calls in both directions, type uses and table accesses)
// holds no state of its own and would spend most of its work on remote
// calls: it is a slice of another service's in-memory model (creatures,
// items and the map of a game world all mutate each other every tick), not
// a bounded context. It folds into the part it is most tied to, the least
// cohesive first, until every stateless part left is cohesive. Kept: parts
// the config pins, and the facade, the entry layer that what remains of a
// split god class forms: the future API gateway calls every service by
// design.
struct Partitioner::FoldState {
  std::map<int, std::vector<std::uint32_t>> units;  // part -> its units outside the kernel
  std::set<int> keep;                               // parts that never fold
  std::map<int, std::set<int>> labels;              // part -> constraint labels it holds
  std::map<std::uint32_t, int> owner_of;            // table node -> owning part
  std::map<int, double> internal;                   // part -> tie weight inside it
  std::map<int, std::map<int, double>> ties;        // part -> part -> tie weight between them
  std::vector<double> weight;                       // per node: tie weight it carries
  std::map<int, int> into;                          // folded part -> where it went
};

void Partitioner::fold_stateless(std::vector<int>& part, const std::set<std::string>& gods) {
  FoldState s;
  stateless_parts(part, s);
  stateless_ties(part, gods, s);
  while (fold_least_cohesive(s)) {
  }
  join_stateful_core(s);
  // Resolve chains (a part folded into one that folded later).
  for (auto& c : part) {
    while (c >= 0 && s.into.count(c)) c = s.into.at(c);
  }
}

// The parts, their units and labels; the parts kept: pinned ones and table
// owners.
void Partitioner::stateless_parts(const std::vector<int>& part, FoldState& s) const {
  auto& units = s.units;
  auto& keep = s.keep;
  auto& labels = s.labels;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if (part[n] < 0) continue;
    const Node& node = out_.nodes[n];
    if (node.label >= 0 && node.label < out_.context_labels) keep.insert(part[n]);  // the architect's pin
    if (node.label >= 0) labels[part[n]].insert(node.label);  // "apart" groups and data contexts never merge
    if (is_unit(node.kind) && !node.kernel) units[part[n]].push_back(n);
  }
  // Owners as the proposal will name them (dominant_writer), pins first.
  std::map<std::uint32_t, std::map<int, std::pair<unsigned, unsigned>>> use;  // table node -> part -> (writes, reads)
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl) continue;
    auto u = out_.node_of.find(a.symbol);
    auto t = out_.node_of.find("table:" + a.table);
    if (u == out_.node_of.end() || t == out_.node_of.end() || part[u->second] < 0) continue;
    auto& c = use[t->second][part[u->second]];
    (a.mode == AccessMode::Read ? c.second : c.first) += 1;
  }
  auto& owner_of = s.owner_of;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    const Node& table = out_.nodes[n];
    if (table.kind != NodeKind::Table) continue;
    const bool pinned = table.label >= 0 && table.label < out_.context_labels;
    int owner = pinned ? part[n] : dominant_writer(use[n], part[n]);
    owner_of[n] = owner;
    if (owner >= 0) keep.insert(owner);
  }
}

// The facade: the part a split class's remainder went to (its core), when
// it calls the other parts more than they call it, not counting calls
// from the split class's own methods (a handler moved to billing still
// parses its arguments with the facade's parser).
void Partitioner::stateless_ties(const std::vector<int>& part, const std::set<std::string>& gods, FoldState& s) const {
  std::set<int> cores;
  for (const auto& [cls, c] : core_) {
    if (gods.count(cls)) cores.insert(c);
  }
  // One pass over the calls for both the facade test and the ties. What
  // would cross the wire: calls (direct and virtual) and table accesses,
  // the latter tied to the table's owner. Type uses and inheritance are
  // shared code, not traffic.
  std::map<int, double> called, calls;  // per part, across its boundary
  auto& internal = s.internal;
  auto& ties = s.ties;
  auto& weight = s.weight;
  weight.assign(out_.nodes.size(), 0.0);
  auto& keep = s.keep;
  auto tie = [&](std::uint32_t from, int a, int b, double w) {
    if (a < 0 || b < 0) return;
    weight[from] += w;
    if (a == b) {
      internal[a] += w;
    } else {
      ties[a][b] += w;
      ties[b][a] += w;
    }
  };
  for (const auto& a : out_.arcs) {
    if (a.kind != EdgeKind::Call && a.kind != EdgeKind::Dispatch) continue;
    if (!is_unit(out_.nodes[a.from].kind) || !is_unit(out_.nodes[a.to].kind)) continue;
    weight[a.to] += a.weight;
    const int f = part[a.from], t = part[a.to];
    tie(a.from, f, t, a.weight);
    if (f < 0 || t < 0 || f == t) continue;
    calls[f] += a.weight;
    const Node& from = out_.nodes[a.from];
    auto core = from.kind == NodeKind::Method && gods.count(from.owner) ? core_.find(from.owner) : core_.end();
    if (core == core_.end() || core->second != t) called[t] += a.weight;
  }
  for (int c : cores) {
    if (called[c] < calls[c]) keep.insert(c);
  }
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl) continue;
    auto u = out_.node_of.find(a.symbol);
    auto t = out_.node_of.find("table:" + a.table);
    if (u == out_.node_of.end() || t == out_.node_of.end()) continue;
    tie(u->second, part[u->second], s.owner_of[t->second], a.mode == AccessMode::Read ? w_.read : w_.write);
  }
}

// Folds the least cohesive stateless part into the part it is most tied to.
// False when every stateless part left is cohesive.
bool Partitioner::fold_least_cohesive(FoldState& s) {
  auto& units = s.units;
  auto& keep = s.keep;
  auto& labels = s.labels;
  auto& internal = s.internal;
  auto& ties = s.ties;
  auto& into = s.into;
  const auto& weight = s.weight;
  int worst = -1;
  double worst_cohesion = 0.5;
  for (const auto& [c, members] : units) {
    if (keep.count(c) || into.count(c)) continue;
    double cross = 0;
    for (const auto& [o, w] : ties[c]) cross += w;
    if (cross <= 0) continue;
    double cohesion = internal[c] / (internal[c] + cross);
    if (cohesion < worst_cohesion - 1e-12) {
      worst = c;
      worst_cohesion = cohesion;
    }
  }
  if (worst < 0) return false;
  int dest = -1;
  double best = 0, cross = 0;
  for (const auto& [o, w] : ties[worst]) {
    cross += w;
    std::set<int> both = labels[o];
    both.insert(labels[worst].begin(), labels[worst].end());
    if (w > best + 1e-12 && both.size() <= 1) {
      best = w;
      dest = o;
    }
  }
  if (dest < 0) {
    keep.insert(worst);  // held apart from everything it is tied to
    return true;
  }
  labels[dest].insert(labels[worst].begin(), labels[worst].end());
  into[worst] = dest;
  internal[dest] += internal[worst] + best;
  for (const auto& [o, w] : ties[worst]) {
    if (o == dest) continue;
    ties[dest][o] += w;
    ties[o][dest] += w;
    ties[o].erase(worst);
  }
  ties[dest].erase(worst);
  ties.erase(worst);
  const auto& members = units[worst];
  record_fold(members, weight, worst_cohesion, best, cross);
  units[dest].insert(units[dest].end(), members.begin(), members.end());
  return true;
}

// The stateful core, joined. A part left after folding that owns no table
// (by dominant_writer, as the fold counts owners) and is not pinned (the
// facade of a split class included: a game's Game core) keeps what it knows
// in memory: a game world's map, creatures and items, a server's sessions.
// Two such parts tied to each other by at least a quarter of the smaller
// one's internal weight (calls both ways) are one in-memory model cut in
// two; they join, and so on transitively. Whether a service is a stateful
// core is not decided here: the builder settles the table owners and flags
// each service left with no table whose classes hold fields
// (builder/tables.cpp, mark_stateful_cores); it says how many parts joined.
void Partitioner::join_stateful_core(FoldState& s) {
  constexpr double kCoreTie = 0.25;
  std::set<int> owners;
  for (const auto& [table, part] : s.owner_of) owners.insert(part);
  std::map<int, int> root;
  for (const auto& [c, members] : s.units) {
    const auto& labels = s.labels[c];
    const bool pinned = !labels.empty() && *labels.begin() < out_.context_labels;
    if (!owners.count(c) && !pinned && !s.into.count(c) && !members.empty()) root[c] = c;
  }
  auto find = [&](int c) {
    while (root[c] != c) c = root[c] = root[root[c]];
    return c;
  };
  for (const auto& [a, r] : root) {
    for (const auto& [b, w] : s.ties[a]) {
      if (b <= a || !root.count(b)) continue;
      if (w >= kCoreTie * std::min(s.internal[a], s.internal[b])) root[find(b)] = find(a);
    }
  }
  std::map<int, std::vector<int>> groups;
  for (const auto& [c, r] : root) groups[find(c)].push_back(c);
  for (const auto& [r, parts] : groups) {
    if (parts.size() < 2) continue;
    const int dest = parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) {
      s.into[parts[i]] = dest;
      s.units[dest].insert(s.units[dest].end(), s.units[parts[i]].begin(), s.units[parts[i]].end());
    }
    joined_.emplace_back(s.units[dest].front(), parts.size());
  }
}

// A folded part is described by its most connected class (or function) and
// its size.
void Partitioner::record_fold(const std::vector<std::uint32_t>& members, const std::vector<double>& weight,
                              double worst_cohesion, double best, double cross) {
  std::uint32_t head = members.front();
  std::set<std::string> classes, functions;
  for (auto n : members) {
    const Node& node = out_.nodes[n];
    if (node.kind == NodeKind::Function) {
      functions.insert(node.name);
    } else {
      classes.insert(node.kind == NodeKind::Class ? node.name : out_.nodes[out_.node_of.at(node.owner)].name);
    }
    if (weight[n] > weight[head] + 1e-12) head = n;
  }
  const Node& h = out_.nodes[head];
  std::string lead = h.kind == NodeKind::Method ? out_.nodes[out_.node_of.at(h.owner)].name : h.name;
  std::ostringstream why;
  why << lead << " with " << classes.size() << " classes and " << functions.size()
      << " functions: they own no table and " << static_cast<int>(std::lround(100.0 * (1.0 - worst_cohesion)))
      << "% of their dependency weight crosses their boundary, " << static_cast<int>(std::lround(100.0 * best / cross))
      << "% of it to this service";
  folded_.emplace_back(head, why.str());
}

}  // namespace cleave::decompose::detail
