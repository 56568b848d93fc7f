// Pass: fold tiny parts (finishing).
// Reads: the partition, which parts hold a table or a pinned node, unit
//   groups, the clustering edges.
// Decides: a part of one or two units (a class's methods count once, so do
//   the overloads and specialisations of one function name) that owns no
//   table and is not pinned joins the part it is most tied to that is
//   larger than two units; tied to none, its units become kernel.
// Introduced in 70b5c71; sizes by distinct names in dba0423 (TFS's 'pugi'
//   service, pugi::cast and 14 specialisations, went away); one pass over
//   the edges in 8c9b5e1 (it had been quadratic on large graphs).
#include "decompose/partition/partitioner.hpp"

namespace cleave::decompose::detail {

// A part of one or two units that owns no table is no service: it goes
// to the service it is most tied to (a pair of crypto helpers beside the
// login code). Pinned parts stay.
void Partitioner::fold_tiny_parts(std::vector<int>& part) {
  Sizes size;
  std::set<int> tiny;
  size_parts(part, size, tiny);
  // One pass over the edges and one over the nodes, whatever the number
  // of tiny parts.
  std::map<int, std::map<int, double>> ties;  // tiny part -> part -> weight
  for (const auto& e : edges_) {
    for (auto [a, b] : {std::pair{e.a, e.b}, std::pair{e.b, e.a}}) {
      if (tiny.count(part[a]) && part[b] >= 0 && part[b] != part[a] && out_.nodes[b].kind != NodeKind::Cohesion) {
        ties[part[a]][part[b]] += e.w;
      }
    }
  }
  std::map<int, std::vector<std::uint32_t>> nodes_of;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if (tiny.count(part[n])) nodes_of[part[n]].push_back(n);
  }
  // In part order: a tie to a tiny part already placed counts for where
  // it went; one not yet placed is too small to join.
  std::map<int, int> dest;
  for (int c : tiny) {
    std::map<int, double> resolved;
    for (const auto& [other, w] : ties[c]) {
      int o = other;
      if (tiny.count(o)) o = o < c ? dest.at(o) : -1;
      if (o >= 0) resolved[o] += w;
    }
    int best = -1;
    double best_w = 0;
    for (const auto& [other, w] : resolved) {
      if (w > best_w + 1e-12 && size.count(other) && size.at(other) > 2) {
        best = other;
        best_w = w;
      }
    }
    dest[c] = best;
    for (auto n : nodes_of[c]) {
      part[n] = best;
      if (best < 0 && is_unit(out_.nodes[n].kind)) {
        // Tied to no service at all: a library (or dead code) of its own.
        out_.nodes[n].kernel = true;
        out_.kernel_reasons[out_.nodes[n].key] = "too small to be a service, and tied to no service";
      }
    }
  }
}

// Each part's size in classes and functions, and the tiny ones: two units at
// most, no table, no pin.
void Partitioner::size_parts(const std::vector<int>& part, Sizes& size, std::set<int>& tiny) const {
  std::map<int, std::vector<std::uint32_t>> members;  // part -> its units outside the kernel
  std::set<int> with_tables, pinned_parts;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if (part[n] < 0) continue;
    if (out_.nodes[n].kind == NodeKind::Table) with_tables.insert(part[n]);
    if (out_.nodes[n].label >= 0) pinned_parts.insert(part[n]);
    if (is_unit(out_.nodes[n].kind) && !out_.nodes[n].kernel) members[part[n]].push_back(n);
  }
  // Size in classes and functions as the proposal lists them: the methods
  // of one class count once, and so do the overloads and template
  // specialisations of one function name (pugi::cast<int>, <double>, ...).
  for (const auto& [c, units] : members) {
    std::set<std::string> distinct;
    for (auto n : units) {
      const Node& node = out_.nodes[n];
      distinct.insert(node.kind == NodeKind::Function ? "f:" + node.name : "c:" + std::to_string(group_of_[n]));
    }
    size[c] = distinct.size();
    if (distinct.size() <= 2 && !with_tables.count(c) && !pinned_parts.count(c)) tiny.insert(c);
  }
}

}  // namespace cleave::decompose::detail
