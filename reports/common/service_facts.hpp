// Figures about services that several reports show alike: what cutting one
// service out of the monolith costs, and the order of services that exposes
// dependency cycles (the dependency structure matrix's).
#pragma once

#include "reports/common/report_input.hpp"

#include <string>
#include <vector>

namespace cleave::report {

// What extracting one service costs, from the Proposal.
struct CutCost {
  std::size_t api_operations = 0;  // API members called synchronously (query, command): new HTTP operations
  std::size_t events = 0;          // API members that become published events
  std::size_t tables = 0;          // tables that move to the service's own database
  std::size_t foreign_keys = 0;    // foreign keys between its tables and another service's, to cut
  std::size_t sagas = 0;           // distributed transactions it takes part in: each becomes a saga
  bool ranked = false;             // false when the proposal has no extraction order
  unsigned step = 0;               // its step in the extraction order
  double impact = 0;               // its impact score (lower: extracted earlier)
};

CutCost cut_cost(const ReportContext& ctx, const std::string& service);

// The services whose units depend on the shared kernel (a class dependency
// from one of their units to a kernel unit), sorted.
std::vector<std::string> kernel_users(const ReportContext& ctx);

// Services ordered for a dependency structure matrix ("row calls column"):
// strongly connected components of the call graph, callees before callers
// (ties by name), the members of one component together, ordered so that
// few and light calls inside it go upwards (a greedy feedback arc set). With
// this order every dependency lies below the diagonal except those inside a
// cycle: a cell above the diagonal is a back edge of a cycle.
struct DsmOrder {
  std::vector<std::string> services;
  std::vector<std::size_t> component;  // per position: the index of its component, in order
  std::vector<bool> in_cycle;          // per position: its component has more than one service
};

DsmOrder dsm_order(const ReportContext& ctx);

}  // namespace cleave::report
