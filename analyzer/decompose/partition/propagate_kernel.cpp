// Pass: propagate the kernel through scopes (once, after the rounds).
// Reads: the partition, unit groups, their namespaces and directories, arcs,
//   which nodes reach a table.
// Decides: helpers in a namespace or directory that is largely kernel (a
//   third for free functions, two thirds for classes) join the kernel,
//   unless a private helper: all its users sit in its scope and one service.
// Introduced in 60f31ce; the private-helper exception in 3e291da (vetclinic
//   ARI 0.822 -> 0.869, MoJoFM 89.7 -> 91.4, with the composition root rule).
#include "decompose/partition/partitioner.hpp"

#include <algorithm>
#include <optional>

namespace cleave::decompose::detail {
namespace {

// The scope as a reader knows it: a namespace as written, a directory
// relative to the folder all the project's files share (reasons end up in
// reports, which never show a machine's absolute paths).
std::string scope_label(const std::string& scope, const std::string& base) {
  std::string name = scope.substr(scope.find(':') + 1);
  if (scope.rfind("dir:", 0) != 0 || base.empty() || name.rfind(base, 0) != 0) return name;
  name = name.substr(base.size());
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  return name.empty() ? "the project's top folder" : name + "/";
}

// The longest directory both are in ("/x/src/a", "/x/src/b" -> "/x/src").
std::string common_dir(const std::string& a, const std::string& b) {
  std::size_t n = 0, last = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) {
    if (a[n] == '/') last = n;
    ++n;
  }
  if ((n == a.size() || a[n] == '/') && (n == b.size() || b[n] == '/')) return a.substr(0, n);
  return a.substr(0, last);
}

}  // namespace

// A namespace (or directory) that is largely shared kernel is a library: its
// other helpers, which lead to no table, belong with it even when only one
// service uses them today. Not so a private helper: one whose users all sit
// in the same scope and in one service (a discount rule beside the checkout
// that alone calls it) belongs to that service.
void Partitioner::propagate_kernel(const std::vector<int>& part) {
  std::map<std::string, std::vector<std::uint32_t>> scopes;
  std::optional<std::string> base;  // the longest directory every unit's file is in
  for (std::uint32_t g = 0; g < group_.size(); ++g) {
    const Node& head = out_.nodes[group_[g][0]];
    std::string ns = enclosing_scope(head.name);
    if (!ns.empty()) scopes["ns:" + ns].push_back(g);
    auto slash = head.file.rfind('/');
    if (slash == std::string::npos) continue;
    const std::string dir = head.file.substr(0, slash);
    scopes["dir:" + dir].push_back(g);
    base = base ? common_dir(*base, dir) : dir;
  }
  // First the candidates, then the private-helper test against users that
  // stay out of the kernel (so the order of scopes does not matter).
  std::map<std::uint32_t, std::pair<std::string, std::string>> candidates;  // group -> (scope, why)
  for (const auto& [scope, groups] : scopes) {
    std::size_t kernel = 0;
    for (auto g : groups) kernel += out_.nodes[group_[g][0]].kernel;
    // Units that lead to tables are never pulled in, so a third is enough
    // to call a scope a library for its free functions. Classes follow
    // only when two thirds of the scope is kernel: a service's namespace
    // that also hosts a shared value type (Money beside the invoices)
    // keeps its own data types (Invoice, InvoiceLine).
    if (kernel < 3 || 3 * kernel < groups.size()) continue;
    for (auto g : groups) {
      const Node& head = out_.nodes[group_[g][0]];
      if (head.kernel || head.label >= 0 || gods_.count(head.key) || candidates.count(g)) continue;
      if (head.kind != NodeKind::Function && 3 * kernel < 2 * groups.size()) continue;
      bool reaches = false;
      for (auto n : group_[g]) reaches = reaches || reaches_table_[n];
      if (reaches) continue;
      candidates[g] = {scope, "a helper in " + scope_label(scope, base.value_or("")) + ", where " +
                                  std::to_string(kernel) + " of " + std::to_string(groups.size()) +
                                  " units are shared kernel; it leads to no table"};
    }
  }
  std::vector<std::vector<std::uint32_t>> users(group_.size());
  for (const auto& a : out_.arcs) {
    auto gt = group_of_[a.to], gf = group_of_[a.from];
    if (gt == kNoGroup || gt == gf || out_.nodes[a.from].kernel || !is_unit(out_.nodes[a.from].kind)) continue;
    if (gf != kNoGroup && candidates.count(gf)) continue;
    users[gt].push_back(a.from);
  }
  auto scope_of = [&](const Node& node, const std::string& kind) {
    const Node& unit = node.kind == NodeKind::Method ? out_.nodes[out_.node_of.at(node.owner)] : node;
    if (kind == "ns") return "ns:" + enclosing_scope(unit.name);
    auto slash = unit.file.rfind('/');
    return slash == std::string::npos ? std::string() : "dir:" + unit.file.substr(0, slash);
  };
  for (const auto& [g, scope_why] : candidates) {
    const auto& [scope, why] = scope_why;
    std::set<int> user_parts;
    bool all_local = !users[g].empty();
    for (auto u : users[g]) {
      user_parts.insert(part[u]);
      all_local = all_local && scope_of(out_.nodes[u], scope.substr(0, scope.find(':'))) == scope;
    }
    if (all_local && user_parts.size() == 1 && *user_parts.begin() >= 0) continue;
    for (auto n : group_[g]) {
      out_.nodes[n].kernel = true;
      out_.kernel_reasons[out_.nodes[n].key] = why;
    }
  }
}

}  // namespace cleave::decompose::detail
