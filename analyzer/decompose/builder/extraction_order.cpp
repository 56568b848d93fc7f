// Step: the extraction order.
// Reads: the services' dependencies (how many services depend on each, the
//   in-degree of the service dependency graph), table accesses across
//   boundaries, distributed transactions, service sizes.
// Decides: a score per service, 3 x dependents + 2 x crossing table accesses
//   + 4 x distributed transactions + log2(1 + units), and the order, least
//   entangled first (ties by name). A score, not a topological order: in a
//   cycle of services (service_cycles) no topological order exists.
// Introduced with the first decomposition (a36c90a).
#include "decompose/builder/builder.hpp"

#include "decompose/service_graph.hpp"

#include <algorithm>
#include <cmath>

namespace cleave::decompose::detail {

// Least entangled first: few services depend on it, it shares few tables,
// takes part in few distributed transactions, and is small.
void Builder::extraction_order() {
  // Dependents: the service's in-degree in the service dependency graph
  // (depends_on holds one entry per pair of services).
  std::map<std::string, double> incoming, shared_tables, dtx;
  const auto graph = service_graph(p_.services);
  for (const auto& s : p_.services) incoming[s.name] = static_cast<double>(graph->in_degree(s.name));
  for (const auto& t : p_.tables) {
    for (const auto& a : t.accesses) {
      shared_tables[a.service] += 1;
      shared_tables[t.owner] += 1;
    }
  }
  for (const auto& d : p_.distributed_transactions) {
    for (const auto& s : d.services) dtx[s] += 1;
  }
  std::vector<ExtractionStep> steps;
  for (const auto& s : p_.services) {
    double size = static_cast<double>(s.classes.size() + s.functions.size());
    ExtractionStep step;
    step.service = s.name;
    step.score = 3 * incoming[s.name] + 2 * shared_tables[s.name] + 4 * dtx[s.name] + std::log2(1 + size);
    step.reasons.push_back(std::to_string(static_cast<int>(incoming[s.name])) + " service(s) depend on it");
    step.reasons.push_back(std::to_string(static_cast<int>(shared_tables[s.name])) +
                           " table access(es) cross its boundary");
    step.reasons.push_back(std::to_string(static_cast<int>(dtx[s.name])) + " distributed transaction(s)");
    step.reasons.push_back(std::to_string(static_cast<int>(size)) + " unit(s)");
    steps.push_back(std::move(step));
  }
  std::sort(steps.begin(), steps.end(), [](const ExtractionStep& a, const ExtractionStep& b) {
    return a.score != b.score ? a.score < b.score : a.service < b.service;
  });
  for (std::size_t i = 0; i < steps.size(); ++i) steps[i].rank = static_cast<unsigned>(i + 1);
  p_.extraction_order = std::move(steps);
}

}  // namespace cleave::decompose::detail
