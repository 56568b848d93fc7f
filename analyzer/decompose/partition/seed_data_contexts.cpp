// Pass: data contexts first (only when the first clustering swallowed the
// data; cluster_model decides with database_swallowed below).
// Reads: SQL accesses (not DDL), each accessor's class or file, transactions,
//   foreign keys (divided by the square root of the referenced table's
//   in-degree), pinned tables.
// Decides: groups of tables, clustered on data evidence alone; each group is
//   labelled (two groups never share a service) and tied by a hub node, and
//   the groups are listed in the warnings.
// Introduced in 70b5c71 with the database wrapper: TFS went from one service
//   owning 31 of 32 tables to 16 services; not the default because on the
//   samples data evidence alone over-splits (vetclinic: lab results apart
//   from the medical records).
#include "decompose/partition/partitioner.hpp"

#include <algorithm>
#include <cmath>

namespace cleave::decompose::detail {

// Data contexts first, as CARGO does: the tables are clustered on the data
// evidence alone (which functions write and read them, the class or source
// file those functions live in, transactions, foreign keys), and each
// resulting group of tables is labelled so that the code clustering cannot
// merge two of them into one service. Left to the whole graph, a thin
// persistence layer that every part of the program calls is pulled into
// whichever service calls it most, and that service owns every table.
// The code still settles freely around the table groups.
//  - A function links to the tables it writes (write weight) and reads
//    (read weight); to its class (or, for a free function, its source file)
//    with the member weight, so a repository's methods hold its tables
//    together.
//  - A foreign key to a table that many tables reference (players, users)
//    is a reference to a shared identity rather than evidence of one
//    aggregate: its weight is divided by the square root of the referenced
//    table's in-degree.
// Tables no code touches are left free (they follow their foreign keys);
// groups holding a pinned table are left to the pin.
struct Partitioner::DataGraph {
  std::vector<Graph::Edge> edges;
  std::size_t extra = 0;             // nodes numbered after the partitioner's
  std::set<std::uint32_t> accessed;  // table nodes some code reads or writes
};

// The data graph: accessors, their modules, tables (see above). Only the
// accessed tables when fewer than two are.
Partitioner::DataGraph Partitioner::data_graph() const {
  DataGraph out;
  std::vector<Graph::Edge>& edges = out.edges;
  // Nodes of this graph only, numbered after the partitioner's: accessing
  // functions ("sym:" USR) and their classes or files ("class:", "file:").
  std::map<std::string, std::uint32_t> extra;
  std::size_t n = out_.nodes.size();
  auto extra_node = [&](const std::string& key) {
    auto [it, fresh] = extra.emplace(key, static_cast<std::uint32_t>(n + extra.size()));
    return it->second;
  };
  std::set<std::uint32_t>& accessed = out.accessed;
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> data;  // (accessor symbol node, table) -> weight
  std::map<std::string, std::uint32_t> accessor;                   // symbol USR -> its extra node
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl || a.mode == AccessMode::Call) continue;  // a stored routine is no table
    const Symbol* s = model_.find(a.symbol);
    if (!s || is_system_symbol(*s)) continue;
    auto u = out_.node_of.find(a.symbol);
    if (u != out_.node_of.end() && out_.nodes[u->second].kernel) continue;
    std::uint32_t t = out_.node_of.at("table:" + a.table);
    auto [it, fresh] = accessor.emplace(a.symbol, 0);
    if (fresh) {
      it->second = extra_node("sym:" + a.symbol);
      const Symbol* cls = outermost_class(*s);
      std::string module = cls ? "class:" + cls->id : "file:" + s->loc.file;
      edges.push_back({it->second, extra_node(module), w_.member});
    }
    data[{it->second, t}] += a.mode == AccessMode::Read ? w_.read : w_.write;
    accessed.insert(t);
  }
  if (accessed.size() < 2) return out;
  for (const auto& [k, w] : data) edges.push_back({k.first, k.second, w});
  for_each_transaction_pair([&](std::uint32_t a, std::uint32_t b, double w) { edges.push_back({a, b, w}); });
  std::map<std::string, double> referenced;
  for (const auto& t : model_.data.tables) {
    std::set<std::string> refs;
    for (const auto& fk : t.foreign_keys) {
      if (fk.ref_table != t.name) refs.insert(fk.ref_table);
    }
    for (const auto& r : refs) referenced[r] += 1;
  }
  for (const auto& t : model_.data.tables) {
    for (const auto& fk : t.foreign_keys) {
      auto r = out_.node_of.find("table:" + fk.ref_table);
      if (r == out_.node_of.end() || fk.ref_table == t.name || !same_database(t.name, fk.ref_table)) continue;
      edges.push_back(
          {out_.node_of.at("table:" + t.name), r->second, w_.foreign_key / std::sqrt(referenced[fk.ref_table])});
    }
  }
  out.extra = extra.size();
  return out;
}

void Partitioner::seed_data_contexts() {
  DataGraph d = data_graph();
  if (d.accessed.size() < 2) return;
  const std::size_t n = out_.nodes.size();
  const std::set<std::uint32_t>& accessed = d.accessed;
  Graph g = Graph::build(n + d.extra, std::move(d.edges));
  std::vector<int> labels(g.n, -1);
  int next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    labels[i] = out_.nodes[i].kind == NodeKind::Table ? out_.nodes[i].label : -1;
    next = std::max(next, out_.nodes[i].label + 1);
  }
  auto part = louvain(g, labels, params_.resolution, params_.seed);
  std::map<int, std::vector<std::uint32_t>> groups;  // community -> accessed tables
  std::set<int> pinned;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (out_.nodes[i].kind != NodeKind::Table) continue;
    if (out_.nodes[i].label >= 0) pinned.insert(part[i]);
    if (accessed.count(i)) groups[part[i]].push_back(i);
  }
  if (groups.size() < 2) return;
  std::string listed;
  for (const auto& [c, tables] : groups) {
    if (pinned.count(c)) continue;
    listed += listed.empty() ? "" : "; ";
    for (std::size_t i = 0; i < tables.size(); ++i) listed += (i ? ", " : "") + out_.nodes[tables[i]].name;
  }
  out_.warnings.push_back(
      make_finding(rules::kDataSeeded, "data contexts seeded first (" + seed_reason_ + "): " + listed, listed));
  label_data_groups(groups, pinned, next);
  touches_table_.resize(out_.nodes.size(), 0);
  reaches_table_.resize(out_.nodes.size(), 0);
  group_of_.resize(out_.nodes.size(), kNoGroup);
  arcs_from_.resize(out_.nodes.size() + 1, arcs_from_.back());
}

// Each group is labelled (two groups never share a service) and tied
// together through a node of its own (a label keeps groups apart, not
// together).
void Partitioner::label_data_groups(const TableGroups& groups, const std::set<int>& pinned, int next) {
  for (const auto& [c, tables] : groups) {
    if (pinned.count(c)) continue;
    std::uint32_t hub = 0;
    if (tables.size() > 1) {
      hub = add_node({NodeKind::Cohesion, "data:" + out_.nodes[tables.front()].name, "data context", "", "", false, -1},
                     "");
    }
    for (auto t : tables) {
      out_.nodes[t].label = next;
      if (tables.size() > 1) add_edge(t, hub, w_.transaction);
    }
    ++next;
  }
}

// When one service would own more than half of the tables in use, the code
// structure has swallowed the data: a thin persistence layer that the whole
// program calls lands in the service that calls it most. Then the tables
// are clustered on their own first (seed_data_contexts). Returns why, or ""
// when the first clustering stands.
std::string database_swallowed(const Model& model, const Clustering& c) {
  std::set<std::string> accessed;
  for (const auto& a : model.data.accesses) {
    if (a.mode != AccessMode::Ddl) accessed.insert(a.table);
  }
  std::map<int, std::size_t> per_service;
  for (std::size_t n = 0; n < c.nodes.size(); ++n) {
    if (c.nodes[n].kind == NodeKind::Table && c.cluster[n] >= 0 && accessed.count(c.nodes[n].name))
      ++per_service[c.cluster[n]];
  }
  std::size_t top = 0;
  for (const auto& [k, count] : per_service) top = std::max(top, count);
  if (accessed.size() < 6 || per_service.size() < 2 || 2 * top <= accessed.size()) return "";
  return "one service would hold " + std::to_string(top) + " of the " + std::to_string(accessed.size()) +
         " tables in use";
}

}  // namespace cleave::decompose::detail
