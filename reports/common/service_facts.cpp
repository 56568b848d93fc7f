#include "reports/common/service_facts.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace cleave::report {

CutCost cut_cost(const ReportContext& ctx, const std::string& service) {
  CutCost c;
  const Service* s = ctx.service(service);
  if (!s) return c;
  for (const ApiMember& a : s->api) ++(a.style == "event" ? c.events : c.api_operations);
  c.tables = s->tables.size();
  const Proposal& p = ctx.proposal();
  for (const CrossServiceForeignKey& fk : p.foreign_keys_to_cut) {
    if (fk.table_owner == service || fk.ref_owner == service) ++c.foreign_keys;
  }
  for (const DistributedTransaction& t : p.distributed_transactions) {
    if (std::find(t.services.begin(), t.services.end(), service) != t.services.end()) ++c.sagas;
  }
  for (const ExtractionStep& step : p.extraction_order) {
    if (step.service != service) continue;
    c.ranked = true;
    c.step = step.rank;
    c.impact = step.score;
  }
  return c;
}

std::vector<std::string> kernel_users(const ReportContext& ctx) {
  const Proposal& p = ctx.proposal();
  std::set<std::string> kernel(p.shared_kernel_classes.begin(), p.shared_kernel_classes.end());
  kernel.insert(p.shared_kernel_functions.begin(), p.shared_kernel_functions.end());
  auto in_kernel = [&](const std::string& id) {
    if (auto it = p.assignment.find(id); it != p.assignment.end()) return it->second.empty();
    const Symbol* s = ctx.symbol(id);
    if (!s) return false;
    if (kernel.count(s->name)) return true;
    const Symbol* parent = s->parent.empty() ? nullptr : ctx.symbol(s->parent);
    return parent && kernel.count(parent->name) > 0;
  };
  std::set<std::string> users;
  auto scan = [&](const std::vector<ModelEdge>& edges) {
    for (const ModelEdge& e : edges) {
      if (e.kind == EdgeKind::MemberOf || e.kind == EdgeKind::Include) continue;
      if (!in_kernel(e.to)) continue;
      if (std::string from = ctx.service_of_symbol(e.from); !from.empty()) users.insert(std::move(from));
    }
  };
  scan(ctx.model().class_edges);
  scan(ctx.model().edges);
  return {users.begin(), users.end()};
}

namespace {

// Tarjan's strongly connected components over services by index.
struct Tarjan {
  const std::vector<std::vector<std::size_t>>& out;
  std::vector<int> index, low;
  std::vector<bool> on_stack;
  std::vector<std::size_t> stack;
  std::vector<std::size_t> component;
  std::size_t components = 0;
  int next = 0;

  explicit Tarjan(const std::vector<std::vector<std::size_t>>& graph)
      : out(graph),
        index(graph.size(), -1),
        low(graph.size(), 0),
        on_stack(graph.size(), false),
        component(graph.size(), 0) {
    for (std::size_t v = 0; v < graph.size(); ++v) {
      if (index[v] < 0) visit(v);
    }
  }

  void visit(std::size_t v) {
    index[v] = low[v] = next++;
    stack.push_back(v);
    on_stack[v] = true;
    for (std::size_t w : out[v]) {
      if (index[w] < 0) {
        visit(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack[w]) {
        low[v] = std::min(low[v], index[w]);
      }
    }
    if (low[v] != index[v]) return;
    std::size_t w = 0;
    do {
      w = stack.back();
      stack.pop_back();
      on_stack[w] = false;
      component[w] = components;
    } while (w != v);
    ++components;
  }
};

// The members of one cycle, ordered so that few and light calls go from an
// earlier to a later member (Eades, Lin and Smyth's greedy heuristic for a
// small feedback arc set, callees first): services that call no one left
// go first, services no one left calls go last, else the service called
// most net of its own calls. Ties by name (members are by name).
std::vector<std::size_t> order_cycle(std::vector<std::size_t> left,
                                     const std::map<std::pair<std::size_t, std::size_t>, unsigned>& weight) {
  std::vector<std::size_t> front, back;
  auto degrees = [&](std::size_t v) {
    long in = 0, out = 0;
    for (std::size_t u : left) {
      if (auto it = weight.find({u, v}); it != weight.end()) in += it->second;
      if (auto it = weight.find({v, u}); it != weight.end()) out += it->second;
    }
    return std::make_pair(in, out);
  };
  auto take = [&](std::size_t i, std::vector<std::size_t>& into) {
    into.push_back(left[i]);
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(i));
  };
  while (!left.empty()) {
    std::size_t best = 0;
    long best_score = 0;
    bool placed = false;
    for (std::size_t i = 0; i < left.size() && !placed; ++i) {
      const auto [in, out] = degrees(left[i]);
      if (out == 0) {
        take(i, front);
        placed = true;
      } else if (in == 0) {
        take(i, back);
        placed = true;
      } else if (i == 0 || in - out > best_score) {
        best = i;
        best_score = in - out;
      }
    }
    if (!placed) take(best, front);
  }
  front.insert(front.end(), back.rbegin(), back.rend());
  return front;
}

}  // namespace

DsmOrder dsm_order(const ReportContext& ctx) {
  const std::vector<std::string>& names = ctx.service_names();  // sorted
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < names.size(); ++i) at[names[i]] = i;
  std::vector<std::vector<std::size_t>> calls(names.size());
  std::map<std::pair<std::size_t, std::size_t>, unsigned> weight;
  for (const ServiceLink& l : ctx.links()) {
    auto from = at.find(l.from), to = at.find(l.to);
    if (from == at.end() || to == at.end()) continue;
    calls[from->second].push_back(to->second);
    weight[{from->second, to->second}] = l.weight;
  }
  const Tarjan scc(calls);
  // The condensation, callees first: a component is placed once every
  // component it calls is; among those ready, the one with the smallest name.
  std::vector<std::vector<std::size_t>> members(scc.components);
  std::vector<std::set<std::size_t>> callees(scc.components);
  for (std::size_t v = 0; v < names.size(); ++v) {
    members[scc.component[v]].push_back(v);  // by name, as names are sorted
    for (std::size_t w : calls[v]) {
      if (scc.component[w] != scc.component[v]) callees[scc.component[v]].insert(scc.component[w]);
    }
  }
  std::vector<bool> placed(scc.components, false);
  DsmOrder order;
  for (std::size_t n = 0; n < scc.components; ++n) {
    std::size_t best = scc.components;
    for (std::size_t c = 0; c < scc.components; ++c) {
      if (placed[c]) continue;
      bool ready = std::all_of(callees[c].begin(), callees[c].end(), [&](std::size_t d) { return placed[d]; });
      if (ready && (best == scc.components || members[c].front() < members[best].front())) best = c;
    }
    placed[best] = true;
    for (std::size_t v : order_cycle(members[best], weight)) {
      order.services.push_back(names[v]);
      order.component.push_back(n);
      order.in_cycle.push_back(members[best].size() > 1);
    }
  }
  return order;
}

}  // namespace cleave::report
