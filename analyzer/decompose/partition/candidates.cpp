// Pass: candidates and the choice among them.
// Reads: the partition the rounds settled on, the clustering graph, the
//   target count and resolution, the arcs between units, SQL writes.
// Decides: the candidate partitions (the optimum at this resolution, every
//   coarser one by greedy agglomeration, finer ones from resolutions x2 and
//   x4 on graphs under 50,000 nodes or with a target), the one per service
//   count that is kept, its quality figures (Q, SM, ICP, TurboMQ, tables
//   written by several services), and the chosen one: closest to the target
//   count (ties to the coarser), else the coarsest whose Newman modularity Q
//   is within 0.5 % of the best (record_proposal_quality then gives the
//   chosen row the finished proposal's figures).
// Introduced with the first decomposition (a36c90a); the candidates table of
//   the report is these figures.
#include "decompose/partition/partitioner.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace cleave::decompose::detail {

double Partitioner::quality_q(const std::vector<int>& part) const {
  if (all_arcs_.empty()) {
    for (const auto& e : edges_) all_arcs_.push_back({e.a, e.b, e.w});
  }
  return metrics::newman_modularity(all_arcs_, part, params_.resolution);
}

// Candidates: the optimum at this resolution, coarser ones by greedy
// agglomeration, finer ones from higher resolutions.
std::vector<std::vector<int>> Partitioner::candidate_partitions(const std::vector<int>& part) const {
  Graph g = make_graph();
  std::vector<int> labels(out_.nodes.size());
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = out_.nodes[i].label;
  std::vector<std::vector<int>> candidates;
  candidates.push_back(part);
  for (auto& p : agglomerate_all(g, labels, part, 1.0, 400)) candidates.push_back(std::move(p));
  // Finer candidates cost a full clustering each; on large graphs the
  // coarser side of the table is what an architect reads.
  if (out_.nodes.size() < 50000 || params_.target > 0) {
    for (double f : {2.0, 4.0}) candidates.push_back(unit_partition(g, params_.resolution * f));
  }
  return candidates;
}

unsigned Partitioner::services_in(const std::vector<int>& p) const {
  std::vector<char> seen(p.size() + 1, 0);
  unsigned count = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] < 0 || !is_unit(out_.nodes[i].kind) || out_of_graph(static_cast<std::uint32_t>(i))) continue;
    auto c = static_cast<std::size_t>(p[i]);
    if (c < seen.size() && !seen[c]) {
      seen[c] = 1;
      ++count;
    }
  }
  return count;
}

CandidateQuality Partitioner::quality_of(const std::vector<int>& p, unsigned count, double q, const Arcs& calls) const {
  CandidateQuality cq;
  cq.services = count;
  cq.metrics["modularity_q"] = q;
  cq.metrics["sm"] = metrics::structural_modularity(calls, p);
  cq.metrics["icp"] = metrics::inter_call_percentage(calls, p);
  cq.metrics["turbo_mq"] = metrics::turbo_mq(calls, p);
  // Tables written from more than one candidate service: database pain.
  std::map<std::string, std::set<int>> writers;
  for (const auto& a : model_.data.accesses) {
    if (a.mode != AccessMode::Write) continue;
    auto u = out_.node_of.find(a.symbol);
    if (u != out_.node_of.end() && p[u->second] >= 0) writers[a.table].insert(p[u->second]);
  }
  double shared = 0;
  for (const auto& [t, s] : writers) shared += s.size() > 1;
  cq.metrics["tables_written_by_several"] = shared;
  return cq;
}

Partitioner::Arcs Partitioner::unit_call_arcs() const {
  Arcs calls;
  for (const auto& a : out_.arcs) {
    if (is_unit(out_.nodes[a.from].kind) && is_unit(out_.nodes[a.to].kind)) calls.push_back({a.from, a.to, a.weight});
  }
  return calls;
}

std::vector<int> Partitioner::choose_candidate(std::vector<std::vector<int>> candidates) {
  const Arcs call_arcs = unit_call_arcs();
  std::map<unsigned, std::size_t> by_count;  // service count -> candidate (first wins)
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    for (std::size_t n = 0; n < candidates[i].size(); ++n) {
      if (out_.nodes[n].kernel) candidates[i][n] = -1;
    }
    by_count.try_emplace(services_in(candidates[i]), i);
  }
  std::map<std::size_t, double> q;
  for (const auto& [count, idx] : by_count) q[idx] = quality_q(candidates[idx]);
  std::size_t chosen = 0;
  if (params_.target > 0) {
    // The candidate closest to the target; ties to the coarser one.
    unsigned best_diff = ~0u;
    for (const auto& [count, idx] : by_count) {
      unsigned diff = count > params_.target ? count - params_.target : params_.target - count;
      if (diff < best_diff) {
        best_diff = diff;
        chosen = idx;
      }
    }
  } else {
    // The coarsest candidate whose Q is within kQTolerance of the best: Q
    // differences that small are below what the clustering seed alone
    // changes, so they are no evidence for more services (docs/metrics.md).
    double best_q = -1e300;
    for (const auto& [count, idx] : by_count) {
      if (count > 0) best_q = std::max(best_q, q[idx]);
    }
    for (const auto& [count, idx] : by_count) {  // by count, coarsest first
      if (count > 0 && q[idx] >= best_q - kQTolerance * std::abs(best_q)) {
        chosen = idx;
        break;
      }
    }
  }
  for (const auto& [count, idx] : by_count) {
    if (count == 0) continue;
    CandidateQuality cq = quality_of(candidates[idx], count, q[idx], call_arcs);
    cq.chosen = idx == chosen;
    out_.candidates.push_back(std::move(cq));
  }
  return std::move(candidates[chosen]);
}

// The chosen row is the proposal. The finishing passes (split methods
// placed, tiny and stateless parts folded) change the chosen candidate, so
// its row gets the proposal's own figures; when they also changed the
// number of services, the candidate stays as a row of its own and the
// proposal's row says which candidate it was made from.
void Partitioner::record_proposal_quality(std::vector<int> part) {
  auto chosen = std::find_if(out_.candidates.begin(), out_.candidates.end(), [](const auto& c) { return c.chosen; });
  if (chosen == out_.candidates.end()) return;
  for (std::size_t n = 0; n < part.size(); ++n) {
    if (out_.nodes[n].kernel) part[n] = -1;
  }
  const unsigned count = services_in(part);
  CandidateQuality cq = quality_of(part, count, quality_q(part), unit_call_arcs());
  cq.chosen = true;
  if (count == chosen->services) {
    *chosen = std::move(cq);
    return;
  }
  cq.refined_from = chosen->services;
  chosen->chosen = false;
  auto at =
      std::find_if(out_.candidates.begin(), out_.candidates.end(), [&](const auto& c) { return c.services > count; });
  out_.candidates.insert(at, std::move(cq));
}

}  // namespace cleave::decompose::detail
