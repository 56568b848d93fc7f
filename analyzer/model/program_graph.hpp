// A Boost.Graph view of the model, or of any set of model edges (the
// decompose stage builds one over its services), for the algorithms that
// want a real graph: reachability, in-degree, strongly connected components.
// Boost.Graph stays inside model/: descriptors never leave this class, every
// answer is plain ids, sorted, so results do not depend on insertion order.
#pragma once

#include "model/model.hpp"

#include <memory>
#include <string>
#include <vector>

namespace cleave {

enum class GraphLevel { Symbol, Class, File };

class ProgramGraph {
 public:
  // Builds the graph over the model's edges at `level`, keeping the kinds in
  // `kinds` (all when empty).
  ProgramGraph(const Model& model, GraphLevel level, std::vector<EdgeKind> kinds = {});
  // Builds the graph over `edges`, keeping the kinds in `kinds` (all when
  // empty). Parallel edges between two ids are merged, their weights summed.
  explicit ProgramGraph(const std::vector<ModelEdge>& edges, std::vector<EdgeKind> kinds = {});
  ~ProgramGraph();
  ProgramGraph(const ProgramGraph&) = delete;
  ProgramGraph& operator=(const ProgramGraph&) = delete;

  std::size_t vertex_count() const;
  std::size_t edge_count() const;
  // Sum of edge weights from `from` to `to`, 0 when no edge.
  unsigned weight(const std::string& from, const std::string& to) const;
  // Distinct ids with an edge into `id` (itself included for a self-loop); 0 for an unknown id.
  std::size_t in_degree(const std::string& id) const;
  // Ids reachable from `id` (excluding itself), sorted.
  std::vector<std::string> reachable_from(const std::string& id) const;
  // Ids reachable from any of `ids`, excluding `ids` themselves, sorted. Unknown ids are skipped.
  std::vector<std::string> reachable_from(const std::vector<std::string>& ids) const;
  // Ids from which any of `ids` is reachable, excluding `ids` themselves, sorted.
  std::vector<std::string> reaching(const std::vector<std::string>& ids) const;
  // Strongly connected components with more than one vertex, each sorted,
  // the list sorted: dependency cycles.
  std::vector<std::vector<std::string>> cycles() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cleave
