#include "decompose/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace cleave::metrics {
namespace {

bool clustered(const Partition& p, std::size_t node) { return node < p.size() && p[node] >= 0; }

// Cluster ids present in `p` and their sizes.
std::map<int, std::size_t> cluster_sizes(const Partition& p) {
  std::map<int, std::size_t> out;
  for (int c : p) {
    if (c >= 0) ++out[c];
  }
  return out;
}

}  // namespace

double structural_modularity(const std::vector<Arc>& arcs, const Partition& p) {
  // Dense sums (this runs per candidate on whole graphs): the coupling term
  // needs no per-pair table, each crossing arc adds w / (2 N_i N_j).
  auto sizes = cluster_sizes(p);
  const double k = static_cast<double>(sizes.size());
  if (sizes.empty()) return 0;
  int top = sizes.rbegin()->first;
  std::vector<double> n(static_cast<std::size_t>(top + 1), 0.0), mu(n.size(), 0.0);
  for (const auto& [c, s] : sizes) n[static_cast<std::size_t>(c)] = static_cast<double>(s);
  double coupling = 0;
  for (const auto& a : arcs) {
    if (a.from == a.to || !clustered(p, a.from) || !clustered(p, a.to)) continue;
    auto ci = static_cast<std::size_t>(p[a.from]), cj = static_cast<std::size_t>(p[a.to]);
    if (ci == cj) {
      mu[ci] += a.weight;
    } else {
      coupling += a.weight / (2 * n[ci] * n[cj]);
    }
  }
  double cohesion = 0;
  for (const auto& [c, s] : sizes) {
    double nn = static_cast<double>(s);
    cohesion += mu[static_cast<std::size_t>(c)] / (nn * nn);
  }
  cohesion /= k;
  if (sizes.size() > 1)
    coupling /= k * (k - 1) / 2;
  else
    coupling = 0;
  return cohesion - coupling;
}

double inter_call_percentage(const std::vector<Arc>& arcs, const Partition& p) {
  double total = 0, cross = 0;
  for (const auto& a : arcs) {
    if (a.from == a.to || !clustered(p, a.from) || !clustered(p, a.to)) continue;
    total += a.weight;
    if (p[a.from] != p[a.to]) cross += a.weight;
  }
  return total > 0 ? cross / total : 0;
}

double interface_number(const std::vector<Arc>& arcs, const Partition& p) {
  auto sizes = cluster_sizes(p);
  if (sizes.empty()) return 0;
  std::set<std::size_t> interfaces;
  for (const auto& a : arcs) {
    if (!clustered(p, a.from) || !clustered(p, a.to)) continue;
    if (p[a.from] != p[a.to] && a.weight > 0) interfaces.insert(a.to);
  }
  return static_cast<double>(interfaces.size()) / static_cast<double>(sizes.size());
}

double non_extreme_distribution(const Partition& p, std::size_t lo, std::size_t hi) {
  auto sizes = cluster_sizes(p);
  std::size_t total = 0, good = 0;
  for (const auto& [c, n] : sizes) {
    total += n;
    if (n >= lo && n <= hi) good += n;
  }
  return total ? static_cast<double>(good) / static_cast<double>(total) : 0;
}

double newman_modularity(const std::vector<Arc>& arcs, const Partition& p, double gamma) {
  // Dense per-cluster sums: this runs once per candidate on the whole graph.
  int top = -1;
  for (int c : p) top = std::max(top, c);
  std::vector<double> internal(static_cast<std::size_t>(top + 1), 0.0), degree(internal.size(), 0.0);
  double m = 0;
  for (const auto& a : arcs) {
    if (!clustered(p, a.from) || !clustered(p, a.to)) continue;
    auto ci = static_cast<std::size_t>(p[a.from]), cj = static_cast<std::size_t>(p[a.to]);
    m += a.weight;
    degree[ci] += a.weight;
    degree[cj] += a.weight;
    if (ci == cj) internal[ci] += a.weight;
  }
  if (m <= 0) return 0;
  double q = 0;
  for (std::size_t c = 0; c < degree.size(); ++c) {
    q += internal[c] / m - gamma * (degree[c] / (2 * m)) * (degree[c] / (2 * m));
  }
  return q;
}

double turbo_mq(const std::vector<Arc>& arcs, const Partition& p) {
  int top = -1;
  for (int c : p) top = std::max(top, c);
  std::vector<double> mu(static_cast<std::size_t>(top + 1), 0.0), boundary(mu.size(), 0.0);
  for (const auto& a : arcs) {
    if (a.from == a.to || !clustered(p, a.from) || !clustered(p, a.to)) continue;
    auto ci = static_cast<std::size_t>(p[a.from]), cj = static_cast<std::size_t>(p[a.to]);
    if (ci == cj) {
      mu[ci] += a.weight;
    } else {
      boundary[ci] += a.weight;
      boundary[cj] += a.weight;
    }
  }
  double total = 0;
  for (std::size_t c = 0; c < mu.size(); ++c) {
    if (mu[c] > 0) total += 2 * mu[c] / (2 * mu[c] + boundary[c]);
  }
  return total;
}

double entropy(const std::vector<double>& counts) {
  double sum = 0;
  for (double c : counts) sum += c;
  if (sum <= 0) return 0;
  double h = 0;
  for (double c : counts) {
    if (c > 0) h -= (c / sum) * std::log2(c / sum);
  }
  return h == 0 ? 0 : h;  // no negative zero in reports
}

double adjusted_rand_index(const Partition& a, const Partition& b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n < 2) return 1;
  std::map<std::pair<int, int>, double> table;
  std::map<int, double> rows, cols;
  for (std::size_t i = 0; i < n; ++i) {
    table[{a[i], b[i]}] += 1;
    rows[a[i]] += 1;
    cols[b[i]] += 1;
  }
  auto c2 = [](double x) { return x * (x - 1) / 2; };
  double index = 0, sum_a = 0, sum_b = 0;
  for (const auto& [k, v] : table) index += c2(v);
  for (const auto& [k, v] : rows) sum_a += c2(v);
  for (const auto& [k, v] : cols) sum_b += c2(v);
  double expected = sum_a * sum_b / c2(static_cast<double>(n));
  double max_index = (sum_a + sum_b) / 2;
  if (max_index == expected) return 1;  // both trivial (all singletons or one group)
  return (index - expected) / (max_index - expected);
}

std::size_t mojo_distance(const Partition& a, const Partition& b) {
  // Wen & Tzerpos: tag each object of A with its B group. With V_ij the
  // objects of A_i tagged j, mojo = n + |A| - sum_i max_j V_ij - M, where M
  // is a maximum matching between A clusters and the tags that reach their
  // maximum (a cluster joins the group of one of its majority tags).
  const std::size_t n = std::min(a.size(), b.size());
  std::map<int, std::map<int, std::size_t>> v;
  for (std::size_t i = 0; i < n; ++i) ++v[a[i]][b[i]];
  std::vector<std::vector<int>> best_tags;
  std::size_t sum_max = 0;
  for (const auto& [ci, tags] : v) {
    std::size_t best = 0;
    for (const auto& [t, count] : tags) best = std::max(best, count);
    sum_max += best;
    std::vector<int> list;
    for (const auto& [t, count] : tags) {
      if (count == best) list.push_back(t);
    }
    best_tags.push_back(std::move(list));
  }
  // Kuhn's augmenting paths; sizes are small (clusters, not objects).
  std::map<int, int> owner;  // tag -> A cluster index
  std::function<bool(int, std::set<int>&)> augment = [&](int i, std::set<int>& seen) {
    for (int t : best_tags[static_cast<std::size_t>(i)]) {
      if (!seen.insert(t).second) continue;
      auto it = owner.find(t);
      if (it == owner.end() || augment(it->second, seen)) {
        owner[t] = i;
        return true;
      }
    }
    return false;
  };
  std::size_t matching = 0;
  for (std::size_t i = 0; i < best_tags.size(); ++i) {
    std::set<int> seen;
    if (augment(static_cast<int>(i), seen)) ++matching;
  }
  return n + v.size() - sum_max - matching;
}

double mojo_fm(const Partition& a, const Partition& b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n == 0) return 100;
  // The farthest any partition can be from B (MoJo reference code): with B's
  // group sizes ascending, g grows by one while g < size; max = n - g.
  std::map<int, std::size_t> sizes;
  for (std::size_t i = 0; i < n; ++i) ++sizes[b[i]];
  std::vector<std::size_t> ordered;
  for (const auto& [k, s] : sizes) ordered.push_back(s);
  std::sort(ordered.begin(), ordered.end());
  std::size_t g = 0;
  for (std::size_t s : ordered) {
    if (g < s) ++g;
  }
  const std::size_t max_distance = n - g;
  if (max_distance == 0) return 100;
  double d = static_cast<double>(mojo_distance(Partition(a.begin(), a.begin() + static_cast<long>(n)), b));
  return std::max(0.0, (1 - d / static_cast<double>(max_distance)) * 100);
}

}  // namespace cleave::metrics
