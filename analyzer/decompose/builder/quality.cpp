// Step: the proposal's quality metrics.
// Reads: the clustering's arcs and placement, the proposal's tables,
//   transactions, cut foreign keys, kernel and split classes.
// Decides: the figures in proposal.json: SM, ICP, IFN, NED, Newman's Q,
//   TurboMQ over the units (the methods of an unsplit class count as the
//   class), table entropy, and per service its size and cohesion.
// Formulas and the choices where papers disagree: docs/metrics.md.
#include "decompose/builder/builder.hpp"

#include "decompose/metrics.hpp"

#include <algorithm>

namespace cleave::decompose::detail {

void Builder::compute_metrics() {
  // Nodes: classes (incl. non-split anchors), functions, split methods.
  std::vector<int> part(c_.nodes.size(), -1);
  std::vector<int> class_part;
  for (std::uint32_t n = 0; n < c_.nodes.size(); ++n) {
    const auto& node = c_.nodes[n];
    bool unit = node.kind == NodeKind::Class || node.kind == NodeKind::Function || node.kind == NodeKind::Method ||
                node.kind == NodeKind::Anchor;
    if (!unit || node.kernel || !service_index_.count(c_.cluster[n])) continue;
    part[n] = c_.cluster[n];
    bool split_anchor = node.kind == NodeKind::Anchor && c_.split_reasons.count(node.owner);
    bool non_split_method = node.kind == NodeKind::Method && !c_.split_reasons.count(node.owner);
    if (node.kind == NodeKind::Class || (node.kind == NodeKind::Anchor && !split_anchor)) class_part.push_back(part[n]);
    (void)non_split_method;
  }
  // Collapse non-split classes' methods onto their anchor for call metrics.
  auto unit_node = [&](std::uint32_t n) {
    const auto& node = c_.nodes[n];
    if (node.kind == NodeKind::Method && !c_.split_reasons.count(node.owner)) return c_.node_of.at(node.owner);
    return n;
  };
  std::vector<metrics::Arc> calls, all;
  for (const auto& a : c_.arcs) {
    std::uint32_t f = unit_node(a.from), t = unit_node(a.to);
    if (f == t) continue;
    all.push_back({f, t, a.weight});
    if (a.kind == EdgeKind::Call) calls.push_back({f, t, static_cast<double>(a.count)});
  }
  p_.metrics["services"] = static_cast<double>(p_.services.size());
  p_.metrics["sm"] = metrics::structural_modularity(all, part);
  p_.metrics["icp"] = metrics::inter_call_percentage(calls, part);
  p_.metrics["ifn"] = metrics::interface_number(calls, part);
  p_.metrics["ned"] = metrics::non_extreme_distribution(class_part, 5, 20);
  p_.metrics["modularity_q"] = metrics::newman_modularity(all, part);
  p_.metrics["turbo_mq"] = metrics::turbo_mq(all, part);
  double sum = 0, max = 0;
  for (const auto& t : p_.tables) {
    sum += t.entropy;
    max = std::max(max, t.entropy);
  }
  p_.metrics["table_entropy_mean"] = p_.tables.empty() ? 0 : sum / static_cast<double>(p_.tables.size());
  p_.metrics["table_entropy_max"] = max;
  p_.metrics["distributed_transactions"] = static_cast<double>(p_.distributed_transactions.size());
  p_.metrics["foreign_keys_to_cut"] = static_cast<double>(p_.foreign_keys_to_cut.size());
  p_.metrics["shared_kernel_units"] =
      static_cast<double>(p_.shared_kernel_classes.size() + p_.shared_kernel_functions.size());
  p_.metrics["split_classes"] = static_cast<double>(p_.split_classes.size());
  for (auto& s : p_.services) {
    s.metrics["classes"] = static_cast<double>(s.classes.size());
    s.metrics["functions"] = static_cast<double>(s.functions.size());
    s.metrics["tables"] = static_cast<double>(s.tables.size());
    s.metrics["api"] = static_cast<double>(s.api.size());
  }
  std::map<int, double> in, cross;
  for (const auto& a : calls) {
    if (part[a.from] < 0 || part[a.to] < 0) continue;
    (part[a.from] == part[a.to] ? in : cross)[part[a.from]] += a.weight;
  }
  for (const auto& [k, idx] : service_index_) {
    double i = in[k], x = cross[k];
    p_.services[idx].metrics["cohesion"] = i + x > 0 ? i / (i + x) : 1.0;
  }
}

}  // namespace cleave::decompose::detail
