// The service dependency graph of a proposal, on model/program_graph (the
// one place Boost.Graph is included). Internal to decompose: the extraction
// order reads its in-degrees, service_cycles (decompose.hpp) its strongly
// connected components.
#pragma once

#include "decompose/proposal.hpp"
#include "model/program_graph.hpp"

#include <memory>
#include <vector>

namespace cleave::decompose::detail {

// One vertex per service with a dependency, one edge per Service::depends_on
// entry (calls and table accesses across the boundary), weighted by calls.
std::unique_ptr<ProgramGraph> service_graph(const std::vector<Service>& services);

}  // namespace cleave::decompose::detail
