#include "decompose/service_graph.hpp"

#include "decompose/decompose.hpp"

namespace cleave::decompose {
namespace detail {

std::unique_ptr<ProgramGraph> service_graph(const std::vector<Service>& services) {
  std::vector<ModelEdge> edges;
  for (const auto& s : services) {
    for (const auto& d : s.depends_on) edges.push_back({s.name, d.service, EdgeKind::Call, d.call_weight, {}});
  }
  return std::make_unique<ProgramGraph>(edges);
}

}  // namespace detail

std::vector<std::vector<std::string>> service_cycles(const Proposal& proposal) {
  return detail::service_graph(proposal.services)->cycles();
}

}  // namespace cleave::decompose
