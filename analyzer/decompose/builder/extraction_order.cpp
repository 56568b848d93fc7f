// Step: the extraction order.
// Reads: the services' dependencies (how many services depend on each, the
//   in-degree of the service dependency graph), table accesses across
//   boundaries, distributed transactions, service sizes, serverless fitness.
// Decides: a score per service, 3 x dependents + 2 x crossing table accesses
//   + 4 x distributed transactions + log2(1 + units) + fitness (0 when ready
//   for Lambda, 1 + the effort of its changes / 4 up to 4 when ready after
//   changes, 12 when it should stay long-running), and the order, least
//   entangled and fittest first (ties by name), every service to keep
//   long-running after every one that can become functions: those are not
//   steps towards Lambda. A score, not a topological order: in a cycle of
//   services (service_cycles) no topological order exists.
// Introduced with the first decomposition (a36c90a).
#include "decompose/builder/builder.hpp"

#include "decompose/service_graph.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

namespace cleave::decompose::detail {
namespace {

// What the service's serverless fitness adds to its score, and why.
std::pair<double, std::string> fitness_reason(const ServiceFitness& f) {
  if (f.verdict == "ready") return {0.0, "ready for Lambda: nothing in its code assumes a long-lived process"};
  if (f.verdict == "keep-long-running") {
    return {12.0, "keep as a long-running service, after every service that can become functions" +
                      (f.evidence.empty() ? std::string() : ": " + f.evidence.front())};
  }
  unsigned effort = 0;
  for (const auto& x : f.findings) effort += x.effort;
  return {1.0 + std::min(3.0, effort / 4.0), "ready for Lambda after " + std::to_string(f.findings.size()) +
                                                 " change(s) (effort " + std::to_string(effort) + ")"};
}

}  // namespace

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
  std::map<std::string, const ServiceFitness*> fit;
  for (const auto& f : p_.fitness) fit[f.service] = &f;
  std::vector<ExtractionStep> steps;
  std::set<std::string> keep;
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
    if (auto it = fit.find(s.name); it != fit.end()) {
      const auto [penalty, reason] = fitness_reason(*it->second);
      step.score += penalty;
      if (it->second->verdict == "keep-long-running") keep.insert(s.name);
      step.reasons.push_back(reason);
    }
    steps.push_back(std::move(step));
  }
  std::sort(steps.begin(), steps.end(), [&keep](const ExtractionStep& a, const ExtractionStep& b) {
    return std::make_tuple(keep.count(a.service), a.score, a.service) <
           std::make_tuple(keep.count(b.service), b.score, b.service);
  });
  for (std::size_t i = 0; i < steps.size(); ++i) steps[i].rank = static_cast<unsigned>(i + 1);
  p_.extraction_order = std::move(steps);
}

}  // namespace cleave::decompose::detail
