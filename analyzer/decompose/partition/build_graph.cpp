// Pass: build the graph.
// Reads: the collected units, the model's edges, SQL accesses, transactions
//   and foreign keys, the config's weights.
// Decides: the nodes (units by (name, id), members mapped to their unit,
//   globals and enums as cohesion, tables, then cohesion groups), the
//   directed arcs aggregated per (from, to, kind), the undirected clustering
//   edges (structure, data, transactions, foreign keys, namespace, directory
//   and name-token cohesion), which nodes touch or reach a table, and the
//   lookups later passes use (arcs by source, calls and accesses by symbol).
// Introduced with the first decomposition (a36c90a). Cohesion groups holding
//   more than a fifth of the units are skipped (a project-wide root
//   namespace); namespace and directory weight 1.0 took vetclinic's ARI
//   range over seven seeds from 0.76 - 0.90 to 0.89 - 0.91 (docs/metrics.md).
#include "decompose/partition/partitioner.hpp"

#include <algorithm>
#include <tuple>

namespace cleave::decompose::detail {

void Partitioner::build_graph() {
  for (const auto& t : model_.data.tables) database_[t.name] = t.database;
  add_nodes();
  add_arcs();
  add_data_edges();
  add_cohesion_edges();
  for (const auto& a : out_.arcs) add_edge(a.from, a.to, a.weight);
  mark_reaches_table();
  index_lookups();
}

void Partitioner::add_nodes() {
  // Nodes in a fixed order: units by (name, id), then tables, then cohesion.
  std::vector<std::pair<std::string, const Symbol*>> units;
  for (const Symbol* c : classes_) units.emplace_back(c->name, c);
  for (const Symbol* f : functions_) units.emplace_back(f->name, f);
  std::sort(units.begin(), units.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
  });
  for (const auto& [name, s] : units) {
    std::vector<std::uint32_t> group;
    if (s->kind == SymbolKind::Function) {
      group.push_back(add_node({NodeKind::Function, s->id, s->name, s->loc.file, "", false, -1}, s->id));
    } else if (exploded_.count(s->id)) {
      std::uint32_t anchor = add_node({NodeKind::Anchor, s->id, s->name, s->loc.file, s->id, false, -1}, s->id);
      group.push_back(anchor);
      for (const Symbol* m : methods_[s->id]) {
        std::uint32_t mn = add_node({NodeKind::Method, m->id, m->name, m->loc.file, s->id, false, -1}, m->id);
        group.push_back(mn);
        member_edges_.push_back({mn, anchor, w_.member});
      }
    } else {
      group.push_back(add_node({NodeKind::Class, s->id, s->name, s->loc.file, "", false, -1}, s->id));
    }
    group_.push_back(std::move(group));
  }
  // Members, nested classes, enums inside classes: to their unit's node.
  std::vector<const Symbol*> rest;
  for (const auto& s : model_.symbols) rest.push_back(&s);
  std::sort(rest.begin(), rest.end(), [](const Symbol* a, const Symbol* b) { return a->id < b->id; });
  for (const Symbol* s : rest) {
    if (out_.node_of.count(s->id) || is_system_symbol(*s)) continue;
    if (const Symbol* cls = outermost_class(*s)) {
      auto it = out_.node_of.find(cls->id);
      if (it != out_.node_of.end()) out_.node_of.emplace(s->id, it->second);  // anchor for split classes
    } else if (s->kind == SymbolKind::Variable || s->kind == SymbolKind::Enum) {
      // Globals and enums pull their users together but are not units.
      add_node({NodeKind::Cohesion, s->id, s->name, s->loc.file, "", false, -1}, s->id);
    }
  }
  // Tables: from the schema, accesses and transactions. A stored routine is
  // no table: its callers already access the tables of its body.
  std::set<std::string> tables;
  for (const auto& t : model_.data.tables) tables.insert(t.name);
  for (const auto& a : model_.data.accesses) {
    if (a.mode != AccessMode::Call) tables.insert(a.table);
  }
  for (const auto& t : model_.data.transactions) {
    tables.insert(t.reads.begin(), t.reads.end());
    tables.insert(t.writes.begin(), t.writes.end());
  }
  for (const auto& t : tables) add_node({NodeKind::Table, t, t, "", "", false, -1}, "table:" + t);

  group_of_.assign(out_.nodes.size(), kNoGroup);
  for (std::uint32_t g = 0; g < group_.size(); ++g) {
    for (auto n : group_[g]) group_of_[n] = g;
  }
}

void Partitioner::add_arcs() {
  // Structural edges, aggregated per (from node, to node, kind).
  std::vector<Arc> raw;
  raw.reserve(model_.edges.size());
  for (const auto& e : model_.edges) {
    if (e.kind == EdgeKind::Include || e.kind == EdgeKind::MemberOf) continue;  // member ties added above
    auto a = out_.node_of.find(e.from), b = out_.node_of.find(e.to);
    if (a == out_.node_of.end() || b == out_.node_of.end() || a->second == b->second) continue;
    raw.push_back({a->second, b->second, kind_weight(e.kind, w_) * e.weight, e.kind, e.weight});
  }
  std::sort(raw.begin(), raw.end(), [](const Arc& x, const Arc& y) {
    return std::tie(x.from, x.to, x.kind, x.weight, x.count) < std::tie(y.from, y.to, y.kind, y.weight, y.count);
  });
  for (const auto& r : raw) {
    if (!out_.arcs.empty() && out_.arcs.back().from == r.from && out_.arcs.back().to == r.to &&
        out_.arcs.back().kind == r.kind) {
      out_.arcs.back().weight += r.weight;
      out_.arcs.back().count += r.count;
    } else {
      out_.arcs.push_back(r);
    }
  }
}

void Partitioner::add_data_edges() {
  // Data: accesses link units to tables; a transaction's written tables are
  // linked; foreign keys link tables.
  touches_table_.assign(out_.nodes.size(), 0);
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> data;
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl || a.mode == AccessMode::Call)
      continue;  // set-up code is no owner; routines no table
    auto u = out_.node_of.find(a.symbol);
    if (u == out_.node_of.end()) continue;
    std::uint32_t t = out_.node_of.at("table:" + a.table);
    // One of k tables a partly dynamic name may be: a k-th of the evidence.
    const double share = a.one_of > 1 ? 1.0 / a.one_of : 1.0;
    data[{u->second, t}] += share * (a.mode == AccessMode::Read ? w_.read : w_.write);
    touches_table_[u->second] = 1;
  }
  for_each_transaction_pair([&](std::uint32_t a, std::uint32_t b, double w) { data[{a, b}] += w; });
  for (const auto& t : model_.data.tables) {
    for (const auto& fk : t.foreign_keys) {
      auto r = out_.node_of.find("table:" + fk.ref_table);
      if (r == out_.node_of.end() || !same_database(t.name, fk.ref_table)) continue;
      data[{out_.node_of.at("table:" + t.name), r->second}] += w_.foreign_key;
    }
  }
  for (const auto& [k, w] : data) add_edge(k.first, k.second, w);
}

void Partitioner::add_cohesion_edges() {
  // Cohesion: namespace, directory and name-token groups. Groups holding more
  // than a fifth of the units (a project-wide root namespace, "Service") say
  // nothing and are skipped; so are groups of one.
  std::map<std::string, std::vector<std::uint32_t>> cohesion;
  std::size_t unit_count = 0;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    const Node& node = out_.nodes[n];
    if (node.kind == NodeKind::Method) continue;  // their anchor speaks for them
    if (node.kind == NodeKind::Table) {
      for (const auto& k : table_token_keys(node.name)) cohesion[k].push_back(n);
      continue;
    }
    if (node.kind == NodeKind::Cohesion) continue;
    ++unit_count;
    std::string scope = enclosing_scope(node.name);
    if (!scope.empty()) cohesion["ns:" + scope].push_back(n);
    auto slash = node.file.rfind('/');
    if (slash != std::string::npos) cohesion["dir:" + node.file.substr(0, slash)].push_back(n);
    std::set<std::string> toks;
    for (const auto& t : name_tokens(last_component(node.name))) toks.insert(t);
    for (const auto& t : toks) cohesion["tok:" + t].push_back(n);
  }
  const double limit = std::max(2.0, 0.2 * static_cast<double>(unit_count));
  for (const auto& [key, members] : cohesion) {
    std::set<std::uint32_t> distinct(members.begin(), members.end());
    if (distinct.size() < 2 || static_cast<double>(distinct.size()) > limit) continue;
    double w = key.rfind("ns:", 0) == 0 ? w_.namespace_ : key.rfind("dir:", 0) == 0 ? w_.directory : w_.name;
    if (w <= 0) continue;
    std::uint32_t c = add_node({NodeKind::Cohesion, key, key.substr(key.find(':') + 1), "", "", false, -1}, "");
    for (auto m : distinct) add_edge(m, c, w);
  }
  touches_table_.resize(out_.nodes.size(), 0);
  group_of_.resize(out_.nodes.size(), kNoGroup);
}

void Partitioner::mark_reaches_table() {
  // Which nodes reach a table through calls: an OrderService that only
  // calls its repository is domain logic, not a helper.
  std::vector<std::vector<std::uint32_t>> callers(out_.nodes.size());
  for (const auto& a : out_.arcs) {
    if (a.kind == EdgeKind::Call || a.kind == EdgeKind::Dispatch) callers[a.to].push_back(a.from);
  }
  reaches_table_.assign(out_.nodes.size(), 0);
  std::vector<std::uint32_t> stack;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if (touches_table_[n]) {
      reaches_table_[n] = 1;
      stack.push_back(n);
    }
  }
  while (!stack.empty()) {
    auto n = stack.back();
    stack.pop_back();
    for (auto c : callers[n]) {
      if (!reaches_table_[c]) {
        reaches_table_[c] = 1;
        stack.push_back(c);
      }
    }
  }
}

void Partitioner::index_lookups() {
  // Lookups for method affinity: arcs by source node, calls and table
  // accesses by symbol.
  arcs_from_.assign(out_.nodes.size() + 1, 0);
  for (const auto& a : out_.arcs) ++arcs_from_[a.from + 1];
  for (std::size_t i = 1; i < arcs_from_.size(); ++i) arcs_from_[i] += arcs_from_[i - 1];
  for (const auto& e : model_.edges) {
    if (e.kind == EdgeKind::Call || e.kind == EdgeKind::Dispatch) calls_of_[e.from].push_back(e.to);
  }
  for (auto& [usr, callees] : calls_of_) {
    std::sort(callees.begin(), callees.end());
    callees.erase(std::unique(callees.begin(), callees.end()), callees.end());
  }
  std::map<std::string, std::map<std::pair<std::uint32_t, bool>, double>> acc;
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl || a.mode == AccessMode::Call) continue;
    bool write = a.mode != AccessMode::Read;
    acc[a.symbol][{out_.node_of.at("table:" + a.table), write}] += write ? w_.write : w_.read;
  }
  for (const auto& [usr, tables] : acc) {
    for (const auto& [key, w] : tables) accesses_of_[usr].push_back({key.first, key.second, w});
  }
}

}  // namespace cleave::decompose::detail
