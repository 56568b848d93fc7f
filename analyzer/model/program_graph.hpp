// A Boost.Graph view of the model, for algorithms that want a real graph
// (reachability, strongly connected components). Descriptors stay inside.
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
  ~ProgramGraph();
  ProgramGraph(const ProgramGraph&) = delete;
  ProgramGraph& operator=(const ProgramGraph&) = delete;

  std::size_t vertex_count() const;
  std::size_t edge_count() const;
  // Sum of edge weights from `from` to `to`, 0 when no edge.
  unsigned weight(const std::string& from, const std::string& to) const;
  // Ids reachable from `id` (excluding itself), sorted.
  std::vector<std::string> reachable_from(const std::string& id) const;
  // Strongly connected components with more than one vertex, each sorted,
  // the list sorted: dependency cycles.
  std::vector<std::vector<std::string>> cycles() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cleave
