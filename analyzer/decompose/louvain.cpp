#include "decompose/louvain.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

namespace cleave::decompose::detail {

Graph Graph::build(std::size_t n, std::vector<Edge> edges) {
  Graph g;
  g.n = n;
  g.self.assign(n, 0.0);
  std::vector<Edge> both;
  both.reserve(edges.size() * 2);
  for (const auto& e : edges) {
    if (e.w <= 0) continue;
    if (e.a == e.b) {
      g.self[e.a] += e.w;
    } else {
      both.push_back(e);
      both.push_back({e.b, e.a, e.w});
    }
  }
  std::sort(both.begin(), both.end(), [](const Edge& x, const Edge& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  g.offset.assign(n + 1, 0);
  for (std::size_t i = 0; i < both.size();) {
    std::size_t j = i;
    double w = 0;
    while (j < both.size() && both[j].a == both[i].a && both[j].b == both[i].b) w += both[j++].w;
    g.target.push_back(both[i].b);
    g.weight.push_back(w);
    ++g.offset[both[i].a + 1];
    i = j;
  }
  for (std::size_t i = 0; i < n; ++i) g.offset[i + 1] += g.offset[i];
  return g;
}

double Graph::degree(std::size_t i) const {
  double d = 2 * self[i];
  for (std::size_t e = offset[i]; e < offset[i + 1]; ++e) d += weight[e];
  return d;
}

int normalize(std::vector<int>& partition) {
  std::map<int, int> renumber;
  for (int& c : partition) {
    if (c < 0) continue;
    auto it = renumber.try_emplace(c, static_cast<int>(renumber.size())).first;
    c = it->second;
  }
  return static_cast<int>(renumber.size());
}

namespace {

using Rng = std::mt19937;

// One level of local moving. Returns true when any node moved.
bool move_nodes(const Graph& g, const std::vector<int>& labels, std::vector<int>& comm, double resolution, Rng& rng) {
  const std::size_t n = g.n;
  std::vector<double> k(n), tot(n, 0.0);
  double m2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    k[i] = g.degree(i);
    m2 += k[i];
  }
  if (m2 <= 0) return false;
  // A community's label: the label its labelled members share (-1 if none).
  std::vector<int> comm_label(n, -1), labelled(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    tot[static_cast<std::size_t>(comm[i])] += k[i];
    if (labels[i] >= 0) {
      comm_label[static_cast<std::size_t>(comm[i])] = labels[i];
      ++labelled[static_cast<std::size_t>(comm[i])];
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);

  std::vector<double> link(n, 0.0);
  std::vector<int> touched;
  bool any = false;
  for (int pass = 0; pass < 32; ++pass) {
    std::size_t moves = 0;
    for (std::size_t i : order) {
      const int ci = comm[i];
      touched.clear();
      for (std::size_t e = g.offset[i]; e < g.offset[i + 1]; ++e) {
        int c = comm[g.target[e]];
        if (link[static_cast<std::size_t>(c)] == 0) touched.push_back(c);
        link[static_cast<std::size_t>(c)] += g.weight[e];
      }
      tot[static_cast<std::size_t>(ci)] -= k[i];
      if (labels[i] >= 0 && --labelled[static_cast<std::size_t>(ci)] == 0)
        comm_label[static_cast<std::size_t>(ci)] = -1;

      int best = ci;
      double best_gain =
          link[static_cast<std::size_t>(ci)] - resolution * tot[static_cast<std::size_t>(ci)] * k[i] / m2;
      // `touched` follows the adjacency order, which is sorted; equal gains
      // go to the lowest community id, so the result is order-independent.
      for (int c : touched) {
        if (c == ci) continue;
        int cl = comm_label[static_cast<std::size_t>(c)];
        if (labels[i] >= 0 && cl >= 0 && cl != labels[i]) continue;
        double gain = link[static_cast<std::size_t>(c)] - resolution * tot[static_cast<std::size_t>(c)] * k[i] / m2;
        if (gain > best_gain + 1e-12 || (gain > best_gain - 1e-12 && best != ci && c < best)) {
          best_gain = gain;
          best = c;
        }
      }
      comm[i] = best;
      tot[static_cast<std::size_t>(best)] += k[i];
      if (labels[i] >= 0) {
        comm_label[static_cast<std::size_t>(best)] = labels[i];
        ++labelled[static_cast<std::size_t>(best)];
      }
      if (best != ci) ++moves;
      for (int c : touched) link[static_cast<std::size_t>(c)] = 0;
    }
    if (moves == 0) break;
    any = true;
    // The last passes of a level move a handful of nodes for a negligible
    // gain; aggregation and the final refinement pick those up.
    if (moves * 2000 < n) break;
  }
  return any;
}

Graph aggregate(const Graph& g, const std::vector<int>& comm, int k) {
  std::vector<Graph::Edge> edges;
  edges.reserve(g.target.size() / 2 + g.n);
  for (std::size_t i = 0; i < g.n; ++i) {
    auto ci = static_cast<std::uint32_t>(comm[i]);
    if (g.self[i] > 0) edges.push_back({ci, ci, g.self[i]});
    for (std::size_t e = g.offset[i]; e < g.offset[i + 1]; ++e) {
      if (g.target[e] < i) continue;  // each undirected edge once
      edges.push_back({ci, static_cast<std::uint32_t>(comm[g.target[e]]), g.weight[e]});
    }
  }
  return Graph::build(static_cast<std::size_t>(k), std::move(edges));
}

}  // namespace

std::vector<int> louvain(const Graph& g, const std::vector<int>& labels, double resolution, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<int> result(g.n);
  std::iota(result.begin(), result.end(), 0);
  Graph level = g;
  std::vector<int> level_labels = labels;
  for (int depth = 0; depth < 64; ++depth) {
    std::vector<int> comm(level.n);
    std::iota(comm.begin(), comm.end(), 0);
    bool moved = move_nodes(level, level_labels, comm, resolution, rng);
    int k = normalize(comm);
    for (int& c : result) c = comm[static_cast<std::size_t>(c)];
    if (!moved || static_cast<std::size_t>(k) == level.n) break;
    std::vector<int> next_labels(static_cast<std::size_t>(k), -1);
    for (std::size_t i = 0; i < level.n; ++i) {
      if (level_labels[i] >= 0) next_labels[static_cast<std::size_t>(comm[i])] = level_labels[i];
    }
    level = aggregate(level, comm, k);
    level_labels = std::move(next_labels);
  }
  // Refinement: one more round of single-node moves on the original graph,
  // then no community may be disconnected.
  move_nodes(g, labels, result, resolution, rng);
  split_disconnected(g, result);
  normalize(result);
  return result;
}

void split_disconnected(const Graph& g, std::vector<int>& partition) {
  int next = 0;
  for (int c : partition) next = std::max(next, c + 1);
  std::vector<char> seen(g.n, 0);
  std::vector<char> community_used(static_cast<std::size_t>(next), 0);
  std::vector<std::size_t> stack;
  for (std::size_t s = 0; s < g.n; ++s) {
    if (seen[s] || partition[s] < 0) continue;
    const int c = partition[s];
    int assign = c;
    if (community_used[static_cast<std::size_t>(c)]) assign = next++;
    community_used[static_cast<std::size_t>(c)] = 1;
    stack.push_back(s);
    seen[s] = 1;
    while (!stack.empty()) {
      std::size_t u = stack.back();
      stack.pop_back();
      partition[u] = assign;
      for (std::size_t e = g.offset[u]; e < g.offset[u + 1]; ++e) {
        std::size_t v = g.target[e];
        if (!seen[v] && partition[v] == c) {
          seen[v] = 1;
          stack.push_back(v);
        }
      }
    }
  }
}

namespace {

// The communities of a partition, as the greedy agglomeration merges them.
struct Communities {
  std::size_t k = 0;
  std::vector<double> tot;                          // degree sum
  std::vector<int> label;                           // constraint label, -1 = free
  std::vector<std::size_t> size;                    // nodes
  std::vector<std::map<std::size_t, double>> link;  // weight to each other community
  std::vector<char> alive;
  std::vector<std::size_t> parent;  // merged into (itself while alive)
  double m2 = 0;

  Communities(const Graph& g, const std::vector<int>& labels, const std::vector<int>& part, std::size_t K)
      : k(K), tot(K, 0.0), label(K, -1), size(K, 0), link(K), alive(K, 1), parent(K) {
    for (std::size_t i = 0; i < g.n; ++i) {
      if (part[i] < 0) continue;
      auto ci = static_cast<std::size_t>(part[i]);
      double d = g.degree(i);
      tot[ci] += d;
      m2 += d;
      ++size[ci];
      if (labels[i] >= 0) label[ci] = labels[i];
      for (std::size_t e = g.offset[i]; e < g.offset[i + 1]; ++e) {
        int cj = part[g.target[e]];
        if (cj >= 0 && static_cast<std::size_t>(cj) != ci) link[ci][static_cast<std::size_t>(cj)] += g.weight[e];
      }
    }
    if (m2 <= 0) m2 = 1;
    std::iota(parent.begin(), parent.end(), 0);
  }

  bool compatible(std::size_t i, std::size_t j) const { return label[i] < 0 || label[j] < 0 || label[i] == label[j]; }

  // Best connected pair by modularity gain, ties to the lowest ids; when
  // nothing connected is mergeable, the two smallest compatible. {k, k} when
  // no pair can merge.
  std::pair<std::size_t, std::size_t> best_pair(double resolution) const {
    double best_gain = -1e300;
    std::size_t bi = k, bj = k;
    for (std::size_t i = 0; i < k; ++i) {
      if (!alive[i]) continue;
      for (const auto& [j, w] : link[i]) {
        if (j <= i || !alive[j] || !compatible(i, j)) continue;
        double gain = w / m2 - resolution * tot[i] * tot[j] / (m2 * m2);
        if (gain > best_gain + 1e-15) {
          best_gain = gain;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi != k) return {bi, bj};
    std::size_t best_size = ~std::size_t{0};
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = i + 1; j < k; ++j) {
        if (!alive[i] || !alive[j] || !compatible(i, j)) continue;
        if (size[i] + size[j] < best_size) {
          best_size = size[i] + size[j];
          bi = i;
          bj = j;
        }
      }
    }
    return {bi, bj};
  }

  // Merges bj into bi.
  void merge(std::size_t bi, std::size_t bj) {
    alive[bj] = 0;
    parent[bj] = bi;
    tot[bi] += tot[bj];
    size[bi] += size[bj];
    if (label[bi] < 0) label[bi] = label[bj];
    for (const auto& [j, w] : link[bj]) {
      if (j == bi) continue;
      link[bi][j] += w;
      link[j].erase(bj);
      link[j][bi] += w;
    }
    link[bi].erase(bj);
    link[bj].clear();
  }

  // `part` with every community replaced by the one it was merged into, renumbered.
  std::vector<int> snapshot(const std::vector<int>& part) const {
    std::vector<int> out = part;
    for (int& c : out) {
      if (c < 0) continue;
      auto r = static_cast<std::size_t>(c);
      while (parent[r] != r) r = parent[r];
      c = static_cast<int>(r);
    }
    normalize(out);
    return out;
  }
};

}  // namespace

std::vector<std::vector<int>> agglomerate_all(const Graph& g, const std::vector<int>& labels,
                                              const std::vector<int>& partition, double resolution,
                                              std::size_t max_communities) {
  std::vector<std::vector<int>> out;
  std::vector<int> part = partition;
  int k = normalize(part);
  if (k <= 2 || static_cast<std::size_t>(k) > max_communities) return out;
  const auto K = static_cast<std::size_t>(k);
  Communities c(g, labels, part, K);
  for (std::size_t remaining = K; remaining > 2; --remaining) {
    auto [bi, bj] = c.best_pair(resolution);
    if (bi == K) break;
    c.merge(bi, bj);
    out.push_back(c.snapshot(part));
  }
  return out;
}

}  // namespace cleave::decompose::detail
