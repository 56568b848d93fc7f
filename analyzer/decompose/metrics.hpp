// Reference implementations of decomposition quality metrics. Formulas and
// the choices where papers disagree are in docs/metrics.md; each function
// here is tested against hand-computed values.
//
// Conventions
//  - A partition is a vector: element i is the cluster of node i; a negative
//    cluster means "in no service" (shared kernel). Arcs touching such a node
//    are ignored by every structural metric.
//  - Arcs are directed and weighted; self-arcs are ignored except by
//    Newman's Q (where a node's self-loop counts as internal weight).
#pragma once

#include "core/facts.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cleave::metrics {

// A directed, weighted dependency between two nodes: the one arc type of
// the decompose stage. The metrics read `from`, `to` and `weight`; the
// clustering (decompose/partition.hpp) also keeps the kind of dependency
// and the number of sites behind it, for API detection and explanations.
struct Arc {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  double weight = 1.0;
  EdgeKind kind = EdgeKind::Call;
  unsigned count = 0;  // sites
};

using Partition = std::vector<int>;

// SM = (1/K) sum_k mu_k/N_k^2 - (1/(K(K-1)/2)) sum_{i<j} sigma_ij/(2 N_i N_j);
// mu = internal arc weight, sigma = arc weight between i and j (both
// directions). The second term is 0 when K = 1.
double structural_modularity(const std::vector<Arc>& arcs, const Partition& p);

// Share of arc weight whose endpoints are in different clusters; 0 without arcs.
double inter_call_percentage(const std::vector<Arc>& arcs, const Partition& p);

// Interfaces per cluster: distinct nodes that are the target of an arc from
// another cluster, divided by the number of clusters.
double interface_number(const std::vector<Arc>& arcs, const Partition& p);

// Share of nodes in clusters whose size lies in [lo, hi].
double non_extreme_distribution(const Partition& p, std::size_t lo = 5, std::size_t hi = 20);

// Newman-Girvan modularity on the undirected graph (arc weights summed per
// pair): Q = sum_c [ L_c/m - gamma (D_c/(2m))^2 ].
double newman_modularity(const std::vector<Arc>& arcs, const Partition& p, double gamma = 1.0);

// TurboMQ = sum_k CF_k, CF_k = 2 mu_k / (2 mu_k + sum_{j != k} (eps_kj + eps_jk)), 0 when mu_k = 0.
double turbo_mq(const std::vector<Arc>& arcs, const Partition& p);

// Shannon entropy in bits of a distribution given by non-negative counts.
double entropy(const std::vector<double>& counts);

// Adjusted Rand index (Hubert & Arabie) of two labelings of the same items.
// 1 when identical; 1 as well when both put every item in one group.
double adjusted_rand_index(const Partition& a, const Partition& b);

// MoJo distance: minimum moves and joins that turn `a` into `b`.
std::size_t mojo_distance(const Partition& a, const Partition& b);

// MoJoFM(a, b) = (1 - mojo(a, b) / max_A mojo(A, b)) * 100; 100 = identical.
double mojo_fm(const Partition& a, const Partition& b);

}  // namespace cleave::metrics
