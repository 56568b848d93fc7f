#include "model/program_graph.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <map>

namespace cleave {

struct ProgramGraph::Impl {
  struct EdgeProps {
    unsigned weight = 0;
  };
  // Bidirectional: in-degrees and reverse reachability need the in-edges.
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, EdgeProps>;
  Graph graph;
  std::vector<std::string> ids;  // vertex -> id, sorted
  std::map<std::string, std::size_t> vertex;

  std::size_t add_vertex(const std::string& id) {
    auto [it, inserted] = vertex.emplace(id, ids.size());
    if (inserted) ids.push_back(id);
    return it->second;
  }

  // Vertices of `sources` that exist.
  std::vector<std::size_t> find(const std::vector<std::string>& sources) const {
    std::vector<std::size_t> out;
    for (const auto& id : sources) {
      if (auto it = vertex.find(id); it != vertex.end()) out.push_back(it->second);
    }
    return out;
  }

  // Breadth-first search from every source at once; the ids reached, minus
  // the sources, sorted.
  template <class G>
  std::vector<std::string> reach(const G& g, const std::vector<std::size_t>& sources) const {
    const std::size_t n = boost::num_vertices(graph);
    std::vector<boost::default_color_type> color(n, boost::white_color);
    auto colors = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g));
    boost::queue<std::size_t> queue;
    boost::default_bfs_visitor visitor;
    if (!sources.empty()) boost::breadth_first_search(g, sources.begin(), sources.end(), queue, visitor, colors);
    std::vector<char> source(n, 0);
    for (auto s : sources) source[s] = 1;
    std::vector<std::string> out;
    for (std::size_t v = 0; v < n; ++v) {
      if (!source[v] && color[v] != boost::white_color) out.push_back(ids[v]);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

ProgramGraph::ProgramGraph(const Model& model, GraphLevel level, std::vector<EdgeKind> kinds)
    : ProgramGraph(level == GraphLevel::Symbol  ? model.edges
                   : level == GraphLevel::Class ? model.class_edges
                                                : model.file_edges,
                   std::move(kinds)) {}

ProgramGraph::ProgramGraph(const std::vector<ModelEdge>& edges, std::vector<EdgeKind> kinds) {
  impl_ = std::make_unique<Impl>();
  auto wanted = [&](EdgeKind k) { return kinds.empty() || std::find(kinds.begin(), kinds.end(), k) != kinds.end(); };

  // Vertices in sorted id order so descriptors (and results) are deterministic.
  std::vector<std::string> ids;
  for (const auto& e : edges) {
    if (!wanted(e.kind)) continue;
    ids.push_back(e.from);
    ids.push_back(e.to);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const auto& id : ids) impl_->add_vertex(id);
  impl_->graph = Impl::Graph(ids.size());

  std::map<std::pair<std::size_t, std::size_t>, unsigned> merged;
  for (const auto& e : edges) {
    if (!wanted(e.kind)) continue;
    merged[{impl_->vertex.at(e.from), impl_->vertex.at(e.to)}] += e.weight;
  }
  for (const auto& [ends, w] : merged) boost::add_edge(ends.first, ends.second, Impl::EdgeProps{w}, impl_->graph);
}

ProgramGraph::~ProgramGraph() = default;

std::size_t ProgramGraph::vertex_count() const { return boost::num_vertices(impl_->graph); }
std::size_t ProgramGraph::edge_count() const { return boost::num_edges(impl_->graph); }

unsigned ProgramGraph::weight(const std::string& from, const std::string& to) const {
  auto a = impl_->vertex.find(from);
  auto b = impl_->vertex.find(to);
  if (a == impl_->vertex.end() || b == impl_->vertex.end()) return 0;
  auto [e, found] = boost::edge(a->second, b->second, impl_->graph);
  return found ? impl_->graph[e].weight : 0;
}

std::size_t ProgramGraph::in_degree(const std::string& id) const {
  auto it = impl_->vertex.find(id);
  return it == impl_->vertex.end() ? 0 : boost::in_degree(it->second, impl_->graph);
}

std::vector<std::string> ProgramGraph::reachable_from(const std::string& id) const {
  return reachable_from(std::vector<std::string>{id});
}

std::vector<std::string> ProgramGraph::reachable_from(const std::vector<std::string>& ids) const {
  return impl_->reach(impl_->graph, impl_->find(ids));
}

std::vector<std::string> ProgramGraph::reaching(const std::vector<std::string>& ids) const {
  return impl_->reach(boost::make_reverse_graph(impl_->graph), impl_->find(ids));
}

std::vector<std::vector<std::string>> ProgramGraph::cycles() const {
  std::vector<std::size_t> component(vertex_count());
  const std::size_t n = boost::strong_components(
      impl_->graph,
      boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, impl_->graph)));
  std::vector<std::vector<std::string>> groups(n);
  for (std::size_t v = 0; v < component.size(); ++v) groups[component[v]].push_back(impl_->ids[v]);
  std::vector<std::vector<std::string>> out;
  for (auto& g : groups) {
    if (g.size() < 2) continue;
    std::sort(g.begin(), g.end());
    out.push_back(std::move(g));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace cleave
