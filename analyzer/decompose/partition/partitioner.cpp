// The pipeline: the passes of partitioner.hpp in order, the clustering
// graph they share, and cluster_model, which runs the pipeline once more with
// the data first when the first run swallowed the data.
#include "decompose/partition/partitioner.hpp"

#include <algorithm>

namespace cleave::decompose::detail {

// The clustering graph: kernel units are out (a library glues nothing).
// Split methods stay in: removing them was tried and loses the evidence
// that ties a handler's collaborators together (vetclinic ARI 0.84 -> 0.77).
bool Partitioner::out_of_graph(std::uint32_t n) const { return out_.nodes[n].kernel; }

Graph Partitioner::make_graph() const {
  std::vector<Graph::Edge> edges;
  edges.reserve(edges_.size() + member_edges_.size());
  for (const auto& e : edges_) {
    if (out_of_graph(e.a) || out_of_graph(e.b)) continue;
    edges.push_back(e);
  }
  for (const auto& e : member_edges_) {
    if (out_.nodes[e.a].kernel || gods_.count(out_.nodes[e.a].owner)) continue;
    edges.push_back(e);
  }
  return Graph::build(out_.nodes.size(), std::move(edges));
}

std::vector<int> Partitioner::unit_partition(const Graph& g, double resolution) const {
  std::vector<int> labels(out_.nodes.size());
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = out_.nodes[i].label;
  auto part = louvain(g, labels, resolution, params_.seed);
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (out_.nodes[i].kernel) part[i] = -1;
  }
  return part;
}

Clustering Partitioner::run() {
  collect();
  build_graph();
  apply_pins();
  mark_generated_code();
  mark_composition_root();
  mark_database_wrapper();
  if (!seed_reason_.empty()) seed_data_contexts();
  // Shared kernel first: units that glue services are taken out of the graph
  // and the graph is clustered again, until nothing changes (a few rounds).
  // God classes and the shared kernel both change the graph (a split class
  // loses the ties between its methods; kernel units lose all their edges),
  // so cluster, decide, and cluster again while something changed. The last
  // round's findings are kept without another clustering.
  std::vector<int> part;
  for (int round = 0; round < 3; ++round) {
    part = unit_partition(make_graph(), params_.resolution);
    auto gods = decide_gods(part);
    bool changed = false;
    for (const auto& c : gods) changed = gods_.insert(c).second || changed;
    changed = detect_kernel(part) || changed;
    if (!changed) break;
  }
  propagate_kernel(part);
  for (std::size_t n = 0; n < part.size(); ++n) {
    if (out_.nodes[n].kernel) part[n] = -1;
  }
  finish(choose_candidate(candidate_partitions(part)));
  return std::move(out_);
}

Clustering cluster_model(const Model& model, const config::DecomposeConfig& cfg, const ClusterParams& params) {
  Clustering first = Partitioner(model, cfg, params).run();
  // A target count is the architect's choice of granularity: no second guess.
  std::string why = params.target > 0 ? "" : database_swallowed(model, first);
  if (why.empty()) return first;
  return Partitioner(model, cfg, params, why).run();
}

}  // namespace cleave::decompose::detail
