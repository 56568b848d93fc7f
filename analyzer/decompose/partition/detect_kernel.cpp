// Pass: detect the shared kernel (run each clustering round).
// Reads: the current partition, arcs, unit groups, which nodes touch or
//   reach a table, the config's kernel_min_services / kernel_max_dominance.
// Decides: kernel units: a group that touches no table whose use (distinct
//   dependent units per service; outgoing for an entry point nobody calls)
//   is spread over many services with none dominant; what only the kernel
//   (or the composition root) uses and leads to no table; a free function
//   that depends only on kernel classes. Returns whether anything changed.
// Introduced in cc3252f (kernel by fan-in, companions and entry point: Money,
//   main, the config reader and the db error type had been left in
//   services); the composition root's infrastructure in 3e291da (vetclinic
//   ARI 0.822 -> 0.869, with propagate_kernel's private helpers).
#include "decompose/partition/partitioner.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace cleave::decompose::detail {

// Kernel: a unit group that touches no table and whose use (incoming arcs;
// outgoing for entry points nobody calls) is spread over many services with
// none dominant. God classes are never kernel: they are split instead.
bool Partitioner::detect_kernel(const std::vector<int>& part) {
  bool changed = kernel_by_spread_use(part);
  changed = kernel_used_only_by_kernel() || changed;
  changed = kernel_interface_functions() || changed;
  return changed;
}

// Use is counted in distinct dependent units per service (fan-in, as in
// Bunch's omnipresent-module detection), not in call sites: one service
// that calls a value type's operators a hundred times does not make the
// type its own when four other services depend on it too. The methods of
// a split class count one by one; so do an entry point's callees.
void Partitioner::count_use(const std::vector<int>& part, UseCounts& in, UseCounts& outw) const {
  std::set<std::tuple<std::uint32_t, int, std::uint32_t>> seen_in, seen_out;
  for (const auto& a : out_.arcs) {
    auto gf = group_of_[a.from], gt = group_of_[a.to];
    if (gf == gt) continue;
    std::uint32_t src = out_.nodes[a.from].kind == NodeKind::Method || gf == kNoGroup ? a.from : gf;
    std::uint32_t dst = out_.nodes[a.to].kind == NodeKind::Method || gt == kNoGroup ? a.to : gt;
    if (gt != kNoGroup && part[a.from] >= 0 && seen_in.insert({gt, part[a.from], src}).second) {
      in[gt][part[a.from]] += 1;
    }
    if (gf != kNoGroup && part[a.to] >= 0 && seen_out.insert({gf, part[a.to], dst}).second) {
      outw[gf][part[a.to]] += 1;
    }
  }
}

bool Partitioner::kernel_by_spread_use(const std::vector<int>& part) {
  std::set<int> services;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if (is_unit(out_.nodes[n].kind) && part[n] >= 0) services.insert(part[n]);
  }
  const double min_services = std::max(2.0, std::min(w_.kernel_min_services, static_cast<double>(services.size())));
  UseCounts in(group_.size()), outw(group_.size());
  count_use(part, in, outw);
  bool changed = false;
  for (std::uint32_t g = 0; g < group_.size(); ++g) {
    const Node& head = out_.nodes[group_[g][0]];
    if (head.kernel || head.label >= 0 || gods_.count(head.key)) continue;
    bool touches = false, reaches = false;
    for (auto n : group_[g]) {
      touches = touches || touches_table_[n];
      reaches = reaches || reaches_table_[n];
    }
    if (touches) continue;
    double in_total = 0;
    for (const auto& [c, w] : in[g]) in_total += w;
    // Used from many: a helper only when nothing it calls leads to a table.
    // An entry point nobody calls (main, a dispatcher) is judged by what it uses.
    if (in_total > 0 && reaches) continue;
    const auto& use = in_total > 0 ? in[g] : outw[g];
    double total = 0, top = 0;
    for (const auto& [c, w] : use) {
      total += w;
      top = std::max(top, w);
    }
    if (total <= 0 || static_cast<double>(use.size()) < min_services || top / total > w_.kernel_max_dominance) continue;
    std::string why = (in_total > 0 ? "used from " : "uses ") + std::to_string(use.size()) + " services, none above " +
                      std::to_string(static_cast<int>(std::round(100 * top / total))) + "%, and touches no table";
    for (auto n : group_[g]) {
      out_.nodes[n].kernel = true;
      out_.kernel_reasons[out_.nodes[n].key] = why;
    }
    changed = true;
  }
  return changed;
}

// What only the kernel uses is kernel: the error type of the database
// wrapper, the config reader that only the entry point reads. Placing it
// in a service would make the kernel depend on that service.
bool Partitioner::kernel_used_only_by_kernel() {
  std::vector<char> used_by_service(group_.size(), 0), used_by_kernel(group_.size(), 0);
  for (const auto& a : out_.arcs) {
    auto gt = group_of_[a.to];
    if (gt == kNoGroup || gt == group_of_[a.from] || !is_unit(out_.nodes[a.from].kind)) continue;
    (out_.nodes[a.from].kernel ? used_by_kernel : used_by_service)[gt] = 1;
  }
  // The composition root configures the infrastructure it touches: what
  // it uses directly and leads to no table (the config reader, the
  // connection) is infrastructure, even when a service reads it too.
  std::vector<char> used_by_root(group_.size(), 0);
  for (const auto& a : out_.arcs) {
    const Node& from = out_.nodes[a.from];
    auto gt = group_of_[a.to];
    if (gt != kNoGroup && from.kind == NodeKind::Function && from.name == "main" && from.kernel) used_by_root[gt] = 1;
  }
  bool changed = false;
  for (std::uint32_t g = 0; g < group_.size(); ++g) {
    const Node& head = out_.nodes[group_[g][0]];
    if (head.kernel || head.label >= 0 || gods_.count(head.key) || !used_by_kernel[g]) continue;
    if (used_by_service[g] && !used_by_root[g]) continue;
    bool data = false;
    for (auto n : group_[g]) data = data || touches_table_[n] || reaches_table_[n];
    if (data) continue;
    for (auto n : group_[g]) {
      out_.nodes[n].kernel = true;
      out_.kernel_reasons[out_.nodes[n].key] = "only the shared kernel uses it, and it touches no table";
    }
    changed = true;
  }
  return changed;
}

// A free function that depends on nothing but the kernel, and on a
// kernel class in particular (Money's operators, a Date's formatter), is
// part of that type's interface and travels with it. Helpers over plain
// strings or numbers are not caught: they stay with their users.
bool Partitioner::kernel_interface_functions() {
  std::vector<char> uses_class(out_.nodes.size(), 0), uses_service(out_.nodes.size(), 0);
  for (const auto& a : out_.arcs) {
    const Node& to = out_.nodes[a.to];
    if (!is_unit(to.kind) && to.kind != NodeKind::Anchor) continue;
    if (!to.kernel) {
      uses_service[a.from] = 1;
    } else if (to.kind == NodeKind::Class || to.kind == NodeKind::Anchor) {
      uses_class[a.from] = 1;
    }
  }
  bool changed = false;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    Node& node = out_.nodes[n];
    if (node.kind != NodeKind::Function || node.kernel || node.label >= 0 || reaches_table_[n]) continue;
    if (!uses_class[n] || uses_service[n]) continue;
    node.kernel = true;
    out_.kernel_reasons[node.key] =
        "depends only on the shared kernel, on a kernel class's interface in particular, "
        "and leads to no table";
    changed = true;
  }
  return changed;
}

}  // namespace cleave::decompose::detail
