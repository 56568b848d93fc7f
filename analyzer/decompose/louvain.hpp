// Deterministic Louvain community detection with constraints, on an
// undirected weighted graph in adjacency (CSR) form. Internal to decompose.
//
// Determinism: nodes are visited in an order fixed by the seed alone; ties
// go to the lowest community id; aggregation numbers communities by first
// appearance. Same graph + same seed = same partition, bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cleave::decompose::detail {

struct Graph {
  std::size_t n = 0;
  std::vector<std::size_t> offset;    // n + 1 entries
  std::vector<std::uint32_t> target;  // both directions stored
  std::vector<double> weight;
  std::vector<double> self;  // self-loop weight per node

  // Builds from undirected edge triples; duplicate pairs are summed, self
  // pairs go to `self`.
  struct Edge {
    std::uint32_t a, b;
    double w;
  };
  static Graph build(std::size_t n, std::vector<Edge> edges);
  double degree(std::size_t i) const;
};

// Constraint labels: -1 = free; nodes with different labels >= 0 never share
// a community (pins to different contexts, "apart" rules).
std::vector<int> louvain(const Graph& g, const std::vector<int>& labels, double resolution, unsigned seed);

// Communities renumbered 0..k-1 by first appearance in node order.
int normalize(std::vector<int>& partition);

// Splits communities that are not connected in `g` into their components.
void split_disconnected(const Graph& g, std::vector<int>& partition);

// Greedy agglomeration (largest modularity gain first) from `partition`
// down to 2 communities: element j of the result has (k0 - 1 - j)
// communities. Communities with no edge between them merge last, smallest
// first; differently labelled ones never merge. Empty when `partition` has
// more than `max_communities` communities (the quadratic scan would cost
// more than it tells).
std::vector<std::vector<int>> agglomerate_all(const Graph& g, const std::vector<int>& labels,
                                              const std::vector<int>& partition, double resolution,
                                              std::size_t max_communities);

}  // namespace cleave::decompose::detail
