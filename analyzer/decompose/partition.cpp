#include "decompose/partition.hpp"

#include "core/glob.hpp"
#include "decompose/louvain.hpp"
#include "decompose/metrics.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <sstream>
#include <tuple>
#include <cstdio>

namespace cleave::decompose::detail {

// ---------------------------------------------------------------------------
// Names

bool is_system_symbol(const Symbol& s) {
  static const char* const roots[] = {"/usr/include/", "/usr/lib/", "/usr/local/include/", "/opt/"};
  for (const char* r : roots) {
    if (s.loc.file.rfind(r, 0) == 0) return true;
  }
  return s.name.rfind("std::", 0) == 0 || s.name.rfind("__", 0) == 0;
}

std::string last_component(const std::string& qualified) {
  auto pos = qualified.rfind("::");
  return pos == std::string::npos ? qualified : qualified.substr(pos + 2);
}

std::string enclosing_scope(const std::string& qualified) {
  auto pos = qualified.rfind("::");
  return pos == std::string::npos ? std::string() : qualified.substr(0, pos);
}

std::string singular(std::string w) {
  auto ends = [&](const char* s) {
    std::string suf(s);
    return w.size() > suf.size() + 1 && w.compare(w.size() - suf.size(), suf.size(), suf) == 0;
  };
  if (ends("ies")) return w.substr(0, w.size() - 3) + "y";
  if (ends("sses") || ends("xes") || ends("ches") || ends("shes") || ends("zes")) return w.substr(0, w.size() - 2);
  if (ends("ss") || ends("us") || ends("is")) return w;
  if (ends("s")) return w.substr(0, w.size() - 1);
  return w;
}

int dominant_writer(const std::map<int, std::pair<unsigned, unsigned>>& use, int clustered) {
  int owner = clustered;
  std::tuple<unsigned, unsigned, int, int> best{0, 0, 0, 0};
  for (const auto& [k, u] : use) {
    std::tuple<unsigned, unsigned, int, int> key{u.first, u.second, k == clustered ? 1 : 0, -k};
    if (u.first > 0 && key > best) {
      best = key;
      owner = k;
    }
  }
  return owner;
}

std::vector<std::string> name_tokens(const std::string& identifier) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (cur.size() >= 3) out.push_back(singular(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < identifier.size(); ++i) {
    char c = identifier[i];
    unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalnum(u)) {
      flush();
      continue;
    }
    // A capital starts a word unless it continues an acronym (HTTPServer -> http, server).
    if (std::isupper(u) && !cur.empty()) {
      bool prev_upper = std::isupper(static_cast<unsigned char>(identifier[i - 1]));
      bool next_lower = i + 1 < identifier.size() && std::islower(static_cast<unsigned char>(identifier[i + 1]));
      if (!prev_upper || next_lower) flush();
    }
    if (std::isdigit(u)) continue;
    cur += static_cast<char>(std::tolower(u));
  }
  flush();
  return out;
}

namespace {

bool in_namespace(const std::string& name, const std::string& ns) {
  return name.size() > ns.size() + 2 && name.compare(0, ns.size(), ns) == 0 && name.compare(ns.size(), 2, "::") == 0;
}

bool path_matches(const std::string& pattern, const std::string& file, const std::string& base) {
  if (file.empty()) return false;
  if (glob_match(pattern, file)) return true;
  if (!base.empty()) {
    std::string b = base.back() == '/' ? base : base + "/";
    if (file.rfind(b, 0) == 0 && glob_match(pattern, file.substr(b.size()))) return true;
  }
  return false;
}

double kind_weight(EdgeKind k, const config::DecomposeWeights& w) {
  switch (k) {
    case EdgeKind::Call: return w.call;
    case EdgeKind::Override: return w.override_;
    case EdgeKind::Inherits: return w.inherits;
    case EdgeKind::FieldType: return w.field_type;
    case EdgeKind::TypeUse: return w.type_use;
    case EdgeKind::Reference: return w.reference;
    case EdgeKind::MemberOf: return w.member;
    case EdgeKind::Dispatch: return w.dispatch;
    case EdgeKind::Include: return 0;
  }
  return 0;
}

bool is_unit(NodeKind k) { return k == NodeKind::Class || k == NodeKind::Function || k == NodeKind::Method; }

class Partitioner {
 public:
  Partitioner(const Model& model, const config::DecomposeConfig& cfg, const ClusterParams& params,
              std::string seed_reason = "")
      : model_(model), cfg_(cfg), w_(cfg.weights), params_(params), seed_reason_(std::move(seed_reason)) {}

  Clustering run();

 private:
  const Symbol* outermost_class(const Symbol& s) const;
  void collect();
  void build_graph();
  void apply_pins();
  Graph make_graph() const;
  bool out_of_graph(std::uint32_t n) const;
  std::vector<int> unit_partition(const Graph& g, double resolution) const;
  bool detect_kernel(const std::vector<int>& part);
  void mark_database_wrapper();
  void seed_data_contexts();
  std::set<std::string> decide_gods(const std::vector<int>& part);
  enum class Affinity { Plain, Specific, Writes };
  std::vector<std::map<int, double>> method_affinity(const std::vector<int>& part, Affinity mode) const;
  void finish(std::vector<int> part);
  double quality_q(const std::vector<int>& part) const;
  void propagate_kernel(const std::vector<int>& part);
  void fold_stateless(std::vector<int>& part, const std::set<std::string>& gods);

  // Every pair of tables written in one transaction, with the transaction
  // weight shared out over the transaction's other tables.
  template <class F>
  void for_each_transaction_pair(F f) const {
    for (const auto& tx : model_.data.transactions) {
      if (tx.writes.size() < 2) continue;
      double share = w_.transaction / static_cast<double>(tx.writes.size() - 1);
      for (std::size_t i = 0; i < tx.writes.size(); ++i) {
        for (std::size_t j = i + 1; j < tx.writes.size(); ++j) {
          f(out_.node_of.at("table:" + tx.writes[i]), out_.node_of.at("table:" + tx.writes[j]), share);
        }
      }
    }
  }

  std::uint32_t add_node(Node n, const std::string& lookup) {
    auto id = static_cast<std::uint32_t>(out_.nodes.size());
    out_.nodes.push_back(std::move(n));
    if (!lookup.empty()) out_.node_of.emplace(lookup, id);
    return id;
  }
  void add_edge(std::uint32_t a, std::uint32_t b, double w) {
    if (a != b && w > 0) edges_.push_back({a, b, w});
  }

  const Model& model_;
  const config::DecomposeConfig& cfg_;
  const config::DecomposeWeights& w_;
  ClusterParams params_;
  std::string seed_reason_;  // non-empty: cluster the tables first (seed_data_contexts)
  Clustering out_;

  std::vector<const Symbol*> classes_;    // outermost project classes, by (name, id)
  std::vector<const Symbol*> functions_;  // project free functions
  std::map<std::string, std::vector<const Symbol*>> methods_;  // class USR -> direct methods, sorted
  std::set<std::string> exploded_;        // classes represented method by method
  std::vector<Graph::Edge> edges_;        // undirected, for clustering
  std::vector<Graph::Edge> member_edges_; // method to its class's anchor; dropped once the class is split
  std::set<std::string> gods_;            // classes split into methods for good
  std::vector<int> preferred_;            // per method: the part its outgoing weight goes to
  std::vector<double> preferred_share_;   // per method: that part's share of its pull
  std::map<std::string, int> core_;       // split class USR -> the part its methods together depend on most
  std::vector<std::size_t> arcs_from_;    // CSR index into out_.arcs (sorted by from)
  std::map<std::string, std::vector<std::string>> calls_of_;  // symbol USR -> callees (calls, dispatch)
  struct SymbolAccess {
    std::uint32_t table;
    bool write;
    double weight;
  };
  std::map<std::string, std::vector<SymbolAccess>> accesses_of_;  // USR -> its own statements, by table
  mutable std::vector<metrics::Arc> all_arcs_;  // edges_ as metric arcs, built on first use
  std::vector<char> touches_table_;       // per node: reads or writes a table
  std::vector<char> reaches_table_;       // per node: touches one or calls (transitively) what does
  std::vector<std::vector<std::uint32_t>> group_;  // per unit group: nodes (class: 1, split class: anchor+methods)
  std::vector<std::uint32_t> group_of_;   // node -> group index (or ~0)
  std::vector<std::string> kernel_forced_;  // config-kernel units (USR)
  std::vector<std::pair<std::uint32_t, std::string>> folded_;  // a unit of each folded part, and why
};

const Symbol* Partitioner::outermost_class(const Symbol& s) const {
  const Symbol* cls = nullptr;
  const Symbol* cur = s.kind == SymbolKind::Class ? &s : model_.find(s.parent);
  while (cur && cur->kind == SymbolKind::Class) {
    cls = cur;
    cur = model_.find(cur->parent);
  }
  return cls;
}

void Partitioner::collect() {
  std::vector<const Symbol*> all;
  for (const auto& s : model_.symbols) all.push_back(&s);
  std::sort(all.begin(), all.end(),
            [](const Symbol* a, const Symbol* b) { return a->name != b->name ? a->name < b->name : a->id < b->id; });
  for (const Symbol* s : all) {
    if (s->is_implicit || is_system_symbol(*s) || s->name.empty()) continue;
    if (s->name.find('(') != std::string::npos) continue;  // (anonymous), (lambda at ...)
    if (s->kind == SymbolKind::Class && outermost_class(*s) == s) classes_.push_back(s);
    if (s->kind == SymbolKind::Function) functions_.push_back(s);
    if (s->kind == SymbolKind::Method || s->kind == SymbolKind::Constructor || s->kind == SymbolKind::Destructor) {
      const Symbol* parent = model_.find(s->parent);
      if (parent && parent->kind == SymbolKind::Class && outermost_class(*parent) == parent) methods_[parent->id].push_back(s);
    }
  }
  std::set<std::string> keep(cfg_.keep_classes.begin(), cfg_.keep_classes.end());
  std::set<std::string> split(cfg_.split_classes.begin(), cfg_.split_classes.end());
  std::set<std::string> pinned_classes;
  for (const auto& pin : cfg_.contexts) pinned_classes.insert(pin.classes.begin(), pin.classes.end());
  for (const Symbol* c : classes_) {
    auto it = methods_.find(c->id);
    std::size_t ordinary = 0;
    if (it != methods_.end()) {
      for (const Symbol* m : it->second) ordinary += m->kind == SymbolKind::Method;
    }
    bool candidate = static_cast<double>(ordinary) >= w_.god_min_methods && !keep.count(c->name) &&
                     !pinned_classes.count(c->name);
    if (split.count(c->name) || candidate) exploded_.insert(c->id);
  }
}

void Partitioner::build_graph() {
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
  // Tables: from the schema, accesses and transactions.
  std::set<std::string> tables;
  for (const auto& t : model_.data.tables) tables.insert(t.name);
  for (const auto& a : model_.data.accesses) tables.insert(a.table);
  for (const auto& t : model_.data.transactions) {
    tables.insert(t.reads.begin(), t.reads.end());
    tables.insert(t.writes.begin(), t.writes.end());
  }
  for (const auto& t : tables) add_node({NodeKind::Table, t, t, "", "", false, -1}, "table:" + t);

  group_of_.assign(out_.nodes.size(), ~std::uint32_t{0});
  for (std::uint32_t g = 0; g < group_.size(); ++g) {
    for (auto n : group_[g]) group_of_[n] = g;
  }

  // Structural edges, aggregated per (from node, to node, kind).
  std::vector<Arc> raw;
  raw.reserve(model_.edges.size());
  for (const auto& e : model_.edges) {
    if (e.kind == EdgeKind::Include || e.kind == EdgeKind::MemberOf) continue;  // member ties added above
    auto a = out_.node_of.find(e.from), b = out_.node_of.find(e.to);
    if (a == out_.node_of.end() || b == out_.node_of.end() || a->second == b->second) continue;
    raw.push_back({a->second, b->second, e.kind, kind_weight(e.kind, w_) * e.weight, e.weight});
  }
  std::sort(raw.begin(), raw.end(), [](const Arc& x, const Arc& y) {
    return std::tie(x.from, x.to, x.kind, x.weight, x.count) < std::tie(y.from, y.to, y.kind, y.weight, y.count);
  });
  for (const auto& r : raw) {
    if (!out_.arcs.empty() && out_.arcs.back().from == r.from && out_.arcs.back().to == r.to && out_.arcs.back().kind == r.kind) {
      out_.arcs.back().weight += r.weight;
      out_.arcs.back().count += r.count;
    } else {
      out_.arcs.push_back(r);
    }
  }

  // Data: accesses link units to tables; a transaction's written tables are
  // linked; foreign keys link tables.
  touches_table_.assign(out_.nodes.size(), 0);
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> data;
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl) continue;  // schema set-up code is no owner
    auto u = out_.node_of.find(a.symbol);
    if (u == out_.node_of.end()) continue;
    std::uint32_t t = out_.node_of.at("table:" + a.table);
    data[{u->second, t}] += a.mode == AccessMode::Read ? w_.read : w_.write;
    touches_table_[u->second] = 1;
  }
  for_each_transaction_pair([&](std::uint32_t a, std::uint32_t b, double w) { data[{a, b}] += w; });
  for (const auto& t : model_.data.tables) {
    for (const auto& fk : t.foreign_keys) {
      auto r = out_.node_of.find("table:" + fk.ref_table);
      if (r != out_.node_of.end()) data[{out_.node_of.at("table:" + t.name), r->second}] += w_.foreign_key;
    }
  }
  for (const auto& [k, w] : data) add_edge(k.first, k.second, w);

  // Cohesion: namespace, directory and name-token groups. Groups holding more
  // than a fifth of the units (a project-wide root namespace, "Service") say
  // nothing and are skipped; so are groups of one.
  std::map<std::string, std::vector<std::uint32_t>> cohesion;
  std::size_t unit_count = 0;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    const Node& node = out_.nodes[n];
    if (node.kind == NodeKind::Method) continue;  // their anchor speaks for them
    if (node.kind == NodeKind::Table) {
      std::string word;
      for (char c : node.name + "_") {
        if (c == '_' || c == '.') {
          if (word.size() >= 3) cohesion["tok:" + singular(word)].push_back(n);
          word.clear();
        } else {
          word += c;
        }
      }
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
  group_of_.resize(out_.nodes.size(), ~std::uint32_t{0});
  for (const auto& a : out_.arcs) add_edge(a.from, a.to, a.weight);

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
    if (a.mode == AccessMode::Ddl) continue;
    bool write = a.mode != AccessMode::Read;
    acc[a.symbol][{out_.node_of.at("table:" + a.table), write}] += write ? w_.write : w_.read;
  }
  for (const auto& [usr, tables] : acc) {
    for (const auto& [key, w] : tables) accesses_of_[usr].push_back({key.first, key.second, w});
  }
}

void Partitioner::apply_pins() {
  // Labels: one per pinned context, then one per member of each "apart" group.
  int next = 0;
  out_.context_labels = static_cast<int>(cfg_.contexts.size());
  std::vector<int> pin_label(cfg_.contexts.size());
  for (std::size_t i = 0; i < cfg_.contexts.size(); ++i) {
    pin_label[i] = next++;
    out_.cluster_pins.push_back(cfg_.contexts[i].name);
  }
  auto pin_group = [&](std::uint32_t n, int label) {
    auto g = group_of_[n];
    if (g == ~std::uint32_t{0}) {
      out_.nodes[n].label = label;
      return;
    }
    for (auto m : group_[g]) out_.nodes[m].label = label;
  };
  for (std::size_t i = 0; i < cfg_.contexts.size(); ++i) {
    const auto& pin = cfg_.contexts[i];
    std::size_t matched = 0;
    for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
      const Node& node = out_.nodes[n];
      bool hit = false;
      if (node.kind == NodeKind::Table) {
        hit = std::find(pin.tables.begin(), pin.tables.end(), node.name) != pin.tables.end();
      } else if (is_unit(node.kind) || node.kind == NodeKind::Anchor) {
        const std::string& cls = node.kind == NodeKind::Method ? out_.nodes[out_.node_of.at(node.owner)].name : node.name;
        for (const auto& c : pin.classes) hit = hit || c == node.name || c == cls;
        for (const auto& ns : pin.namespaces) hit = hit || in_namespace(node.name, ns);
        for (const auto& p : pin.paths) hit = hit || path_matches(p, node.file, params_.base_dir);
      }
      if (hit && node.label < 0) {
        if (node.kind == NodeKind::Method && exploded_.count(node.owner) && !pin.classes.empty()) {
          out_.nodes[n].label = pin_label[i];  // a pinned method of a split class
        } else {
          pin_group(n, pin_label[i]);
        }
        ++matched;
      }
    }
    if (matched == 0) out_.warnings.push_back("config: context '" + pin.name + "' matches no class, function or table");
  }
  for (const auto& group : cfg_.apart) {
    for (const auto& name : group) {
      bool found = false;
      for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
        if ((is_unit(out_.nodes[n].kind) || out_.nodes[n].kind == NodeKind::Anchor) && out_.nodes[n].name == name) {
          if (out_.nodes[n].label < 0) pin_group(n, next);
          found = true;
        }
      }
      ++next;
      if (!found) out_.warnings.push_back("config: apart: '" + name + "' matches nothing");
    }
  }
  // Kernel pins.
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    Node& node = out_.nodes[n];
    if (!is_unit(node.kind) && node.kind != NodeKind::Anchor) continue;
    bool hit = std::find(cfg_.kernel_classes.begin(), cfg_.kernel_classes.end(), node.name) != cfg_.kernel_classes.end();
    for (const auto& ns : cfg_.kernel_namespaces) hit = hit || in_namespace(node.name, ns);
    for (const auto& p : cfg_.kernel_paths) hit = hit || path_matches(p, node.file, params_.base_dir);
    if (hit && node.label < 0) {
      auto g = group_of_[n];
      for (auto m : g == ~std::uint32_t{0} ? std::vector<std::uint32_t>{n} : group_[g]) {
        out_.nodes[m].kernel = true;
        out_.kernel_reasons[out_.nodes[m].key] = "pinned to the shared kernel by the config file";
      }
    }
  }
}

// The clustering graph: kernel units are out (a library glues nothing).
// Split methods stay in: removing them was tried and loses the evidence
// that ties a handler's collaborators together (vetclinic ARI 0.84 -> 0.77).
bool Partitioner::out_of_graph(std::uint32_t n) const { return out_.nodes[n].kernel; }

Graph Partitioner::make_graph() const {
  std::vector<Graph::Edge> edges;
  edges.reserve(edges_.size() + member_edges_.size());
  for (const auto& e : edges_) {
    if (out_of_graph(e.a) || out_of_graph(e.b)) continue;
    edges.push_back(e);
  }
  for (const auto& e : member_edges_) {
    if (out_.nodes[e.a].kernel || gods_.count(out_.nodes[e.a].owner)) continue;
    edges.push_back(e);
  }
  return Graph::build(out_.nodes.size(), std::move(edges));
}

std::vector<int> Partitioner::unit_partition(const Graph& g, double resolution) const {
  std::vector<int> labels(out_.nodes.size());
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = out_.nodes[i].label;
  auto part = louvain(g, labels, resolution, params_.seed);
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (out_.nodes[i].kernel) part[i] = -1;
  }
  return part;
}

// The project's database wrapper (the class or function its SQL flows
// through, found by the SQL stage as a sink) is infrastructure every
// service uses: shared kernel from the start. Left in the graph, it glues
// every unit that talks to the database into one "persistence" service.
// A wrapper counts when SQL from more than one file flows through it (a
// file-local helper stays with its file) and it touches no table itself.
// The types declared beside it that it uses or that use it, and that lead
// to no table (its result set, statement and transaction types), travel
// with it.
void Partitioner::mark_database_wrapper() {
  std::map<std::string, std::set<std::string>> files_via;  // sink name -> files of the sites
  for (const auto& a : model_.data.accesses) {
    if (!a.via.empty()) files_via[a.via].insert(a.loc.file);
  }
  std::map<std::uint32_t, std::set<std::string>> wrappers;  // unit group -> files whose SQL flows through it
  for (const auto& s : model_.symbols) {
    auto f = files_via.find(s.name);
    if (f == files_via.end() || is_system_symbol(s)) continue;
    auto n = out_.node_of.find(s.id);
    if (n == out_.node_of.end() || group_of_[n->second] == ~std::uint32_t{0}) continue;
    wrappers[group_of_[n->second]].insert(f->second.begin(), f->second.end());
  }
  auto any_node = [&](std::uint32_t g, const std::vector<char>& flag) {
    return std::any_of(group_[g].begin(), group_[g].end(), [&](std::uint32_t n) { return flag[n] != 0; });
  };
  for (auto it = wrappers.begin(); it != wrappers.end();) {
    bool wrapper = it->second.size() >= 2 && !any_node(it->first, touches_table_);
    it = wrapper ? std::next(it) : wrappers.erase(it);
  }
  std::set<std::uint32_t> companions;
  for (const auto& a : out_.arcs) {
    auto gf = group_of_[a.from], gt = group_of_[a.to];
    if (gf == ~std::uint32_t{0} || gt == ~std::uint32_t{0} || gf == gt) continue;
    for (auto [w, other] : {std::pair{gf, gt}, std::pair{gt, gf}}) {
      if (!wrappers.count(w) || wrappers.count(other)) continue;
      const Node& head = out_.nodes[group_[other][0]];
      if (head.kind == NodeKind::Function || head.file != out_.nodes[group_[w][0]].file ||
          any_node(other, touches_table_) || any_node(other, reaches_table_)) {
        continue;
      }
      companions.insert(other);
    }
  }
  auto mark = [&](std::uint32_t g, const std::string& why) {
    const Node& head = out_.nodes[group_[g][0]];
    if (head.kernel || head.label >= 0) return;
    for (auto n : group_[g]) {
      out_.nodes[n].kernel = true;
      out_.kernel_reasons[out_.nodes[n].key] = why;
    }
  };
  for (const auto& [g, files] : wrappers) {
    mark(g, "the project's database wrapper: SQL from " + std::to_string(files.size()) + " files flows through " +
                out_.nodes[group_[g][0]].name);
  }
  for (auto g : companions) {
    mark(g, "declared beside the database wrapper and used with it; it leads to no table");
  }
}

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
void Partitioner::seed_data_contexts() {
  std::vector<Graph::Edge> edges;
  // Nodes of this graph only, numbered after the partitioner's: accessing
  // functions ("sym:" USR) and their classes or files ("class:", "file:").
  std::map<std::string, std::uint32_t> extra;
  std::size_t n = out_.nodes.size();
  auto extra_node = [&](const std::string& key) {
    auto [it, fresh] = extra.emplace(key, static_cast<std::uint32_t>(n + extra.size()));
    return it->second;
  };
  std::set<std::uint32_t> accessed;
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> data;  // (accessor symbol node, table) -> weight
  std::map<std::string, std::uint32_t> accessor;                 // symbol USR -> its extra node
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl) continue;
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
  if (accessed.size() < 2) return;
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
      if (r == out_.node_of.end() || fk.ref_table == t.name) continue;
      edges.push_back({out_.node_of.at("table:" + t.name), r->second, w_.foreign_key / std::sqrt(referenced[fk.ref_table])});
    }
  }
  Graph g = Graph::build(n + extra.size(), std::move(edges));
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
  out_.warnings.push_back("data contexts seeded first (" + seed_reason_ + "): " + listed);
  // Each group is labelled (two groups never share a service) and tied
  // together through a node of its own (a label keeps groups apart, not
  // together).
  for (const auto& [c, tables] : groups) {
    if (pinned.count(c)) continue;
    std::uint32_t hub = 0;
    if (tables.size() > 1) {
      hub = add_node({NodeKind::Cohesion, "data:" + out_.nodes[tables.front()].name, "data context", "", "", false, -1}, "");
    }
    for (auto t : tables) {
      out_.nodes[t].label = next;
      if (tables.size() > 1) add_edge(t, hub, w_.transaction);
    }
    ++next;
  }
  touches_table_.resize(out_.nodes.size(), 0);
  reaches_table_.resize(out_.nodes.size(), 0);
  group_of_.resize(out_.nodes.size(), ~std::uint32_t{0});
  arcs_from_.resize(out_.nodes.size() + 1, arcs_from_.back());
}

// Kernel: a unit group that touches no table and whose use (incoming arcs;
// outgoing for entry points nobody calls) is spread over many services with
// none dominant. God classes are never kernel: they are split instead.
bool Partitioner::detect_kernel(const std::vector<int>& part) {
  std::set<int> services;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if (is_unit(out_.nodes[n].kind) && part[n] >= 0) services.insert(part[n]);
  }
  const double min_services = std::max(2.0, std::min(w_.kernel_min_services, static_cast<double>(services.size())));
  // Use is counted in distinct dependent units per service (fan-in, as in
  // Bunch's omnipresent-module detection), not in call sites: one service
  // that calls a value type's operators a hundred times does not make the
  // type its own when four other services depend on it too. The methods of
  // a split class count one by one; so do an entry point's callees.
  std::vector<std::map<int, double>> in(group_.size()), outw(group_.size());
  {
    std::set<std::tuple<std::uint32_t, int, std::uint32_t>> seen_in, seen_out;
    for (const auto& a : out_.arcs) {
      auto gf = group_of_[a.from], gt = group_of_[a.to];
      if (gf == gt) continue;
      std::uint32_t src = out_.nodes[a.from].kind == NodeKind::Method || gf == ~std::uint32_t{0} ? a.from : gf;
      std::uint32_t dst = out_.nodes[a.to].kind == NodeKind::Method || gt == ~std::uint32_t{0} ? a.to : gt;
      if (gt != ~std::uint32_t{0} && part[a.from] >= 0 && seen_in.insert({gt, part[a.from], src}).second) {
        in[gt][part[a.from]] += 1;
      }
      if (gf != ~std::uint32_t{0} && part[a.to] >= 0 && seen_out.insert({gf, part[a.to], dst}).second) {
        outw[gf][part[a.to]] += 1;
      }
    }
  }
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
    std::string why = (in_total > 0 ? "used from " : "uses ") + std::to_string(use.size()) +
                      " services, none above " + std::to_string(static_cast<int>(std::round(100 * top / total))) +
                      "%, and touches no table";
    for (auto n : group_[g]) {
      out_.nodes[n].kernel = true;
      out_.kernel_reasons[out_.nodes[n].key] = why;
    }
    changed = true;
  }
  // What only the kernel uses is kernel: the error type of the database
  // wrapper, the config reader that only the entry point reads. Placing it
  // in a service would make the kernel depend on that service.
  std::vector<char> used_by_service(group_.size(), 0), used_by_kernel(group_.size(), 0);
  for (const auto& a : out_.arcs) {
    auto gt = group_of_[a.to];
    if (gt == ~std::uint32_t{0} || gt == group_of_[a.from] || !is_unit(out_.nodes[a.from].kind)) continue;
    (out_.nodes[a.from].kernel ? used_by_kernel : used_by_service)[gt] = 1;
  }
  // The composition root configures the infrastructure it touches: what
  // it uses directly and leads to no table (the config reader, the
  // connection) is infrastructure, even when a service reads it too.
  std::vector<char> used_by_root(group_.size(), 0);
  for (const auto& a : out_.arcs) {
    const Node& from = out_.nodes[a.from];
    auto gt = group_of_[a.to];
    if (gt != ~std::uint32_t{0} && from.kind == NodeKind::Function && from.name == "main" && from.kernel) used_by_root[gt] = 1;
  }
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
  // A free function that depends on nothing but the kernel, and on a
  // kernel class in particular (Money's operators, a Date's formatter), is
  // part of that type's interface and travels with it. Helpers over plain
  // strings or numbers are not caught: they stay with their users.
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
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    Node& node = out_.nodes[n];
    if (node.kind != NodeKind::Function || node.kernel || node.label >= 0 || reaches_table_[n]) continue;
    if (!uses_class[n] || uses_service[n]) continue;
    node.kernel = true;
    out_.kernel_reasons[node.key] = "depends only on the shared kernel, on a kernel class's interface in particular, "
                                    "and leads to no table";
    changed = true;
  }
  return changed;
}

// A split class's methods go where their affinity is; the class stays split
// when no part holds more than god_max_dominance of the methods that have an
// affinity outside the class.
//
// What a method works for is what it calls and the data it reaches, not who
// calls it (a utility class called from everywhere is no god class):
//  - structure: its arcs to units outside the class, each weighted by how
//    specific the target is among the class's methods (inverse document
//    frequency, idf = ln((M+1)/df) over the M methods): what nearly every
//    method calls (the argument parser, the audit hook) is the class's
//    plumbing and says nothing about any one method;
//  - helpers: half of what each sibling method it calls works for (private
//    helpers and command handlers that only delegate count where they
//    delegate);
//  - data: the tables it and its callees read and write, a few call hops
//    deep with the weight halved per hop, writes weighted above reads, also
//    by idf. A handler that calls AppointmentBook::checkIn changes the
//    diary even when its own SQL only reads.
// Whether a class is a god class is judged over the methods that change
// data (write a table, a few hops deep), each counted where all its
// evidence points (`Plain`, without idf): a god class changes data of
// several services. A class of queries that read across contexts is a read
// model, not a god class, and in a cohesive class the target all methods
// share is its very subject (RoomAllocator and rooms), not plumbing. Only once a class is split does what all its methods share
// stop telling them apart (`Specific`).
std::vector<std::map<int, double>> Partitioner::method_affinity(const std::vector<int>& part, Affinity mode) const {
  const bool specific = mode == Affinity::Specific;
  std::vector<std::map<int, double>> pull(out_.nodes.size());
  for (const auto& cls : exploded_) {
    const auto& group = group_[group_of_[out_.node_of.at(cls)]];
    std::vector<std::uint32_t> methods;
    for (auto n : group) {
      if (out_.nodes[n].kind == NodeKind::Method) methods.push_back(n);
    }
    const double m_count = static_cast<double>(methods.size());
    auto idf = [&](double df) { return !specific ? 1.0 : df > 0 ? std::log((m_count + 1) / df) : 0.0; };
    // Structure, before idf: per method, per outside target node.
    std::map<std::uint32_t, std::map<std::uint32_t, double>> direct;
    std::map<std::uint32_t, std::map<std::uint32_t, double>> siblings;
    std::map<std::uint32_t, double> df;
    for (auto n : methods) {
      for (auto ai = arcs_from_[n]; ai < arcs_from_[n + 1]; ++ai) {
        const Arc& a = out_.arcs[ai];
        const Node& to = out_.nodes[a.to];
        if (to.owner == cls) {
          if (to.kind == NodeKind::Method) siblings[n][a.to] += a.weight;
          continue;
        }
        if (to.kernel || to.kind == NodeKind::Cohesion || part[a.to] < 0) continue;
        if (direct[n][a.to] == 0) df[a.to] += 1;
        direct[n][a.to] += a.weight;
      }
    }
    // Data, a few hops deep through calls (symbol level, so a call to one
    // method of a large class brings only that method's tables).
    // Writes and reads are counted apart: a table every handler reads (the
    // patient register) may still be written by only one of them.
    std::map<std::pair<std::uint32_t, bool>, std::map<std::uint32_t, double>> data;  // (method, write) -> table
    std::map<std::pair<std::uint32_t, bool>, double> table_df;                     // (table, write) -> methods
    for (auto n : methods) {
      std::map<std::string, double> frontier{{out_.nodes[n].key, 1.0}};
      std::set<std::string> seen{out_.nodes[n].key};
      for (int hop = 0; hop < 3 && !frontier.empty(); ++hop) {
        std::map<std::string, double> next;
        for (const auto& [usr, mass] : frontier) {
          auto acc = accesses_of_.find(usr);
          if (acc != accesses_of_.end()) {
            for (const auto& a : acc->second) {
              if (part[a.table] < 0) continue;
              auto& d = data[{n, a.write}][a.table];
              if (d == 0) table_df[{a.table, a.write}] += 1;
              d += mass * a.weight;
            }
          }
          auto callees = calls_of_.find(usr);
          if (callees == calls_of_.end()) continue;
          for (const auto& callee : callees->second) {
            if (seen.insert(callee).second) next[callee] += mass * 0.5;
          }
        }
        frontier = std::move(next);
      }
    }
    std::map<std::uint32_t, std::map<int, double>> own;
    for (auto n : methods) {
      if (mode == Affinity::Writes) {
        for (const auto& [t, w] : data[{n, true}]) own[n][part[t]] += w;
        continue;
      }
      for (const auto& [t, w] : direct[n]) own[n][part[t]] += w * idf(df[t]);
      for (bool write : {false, true}) {
        for (const auto& [t, w] : data[{n, write}]) own[n][part[t]] += w * idf(table_df[{t, write}]);
      }
    }
    for (auto n : methods) {
      pull[n] = own[n];
      if (mode == Affinity::Writes) continue;  // sibling calls are already in the data walk
      for (const auto& [sib, w] : siblings[n]) {
        for (const auto& [c, v] : own[sib]) pull[n][c] += 0.5 * v;
      }
    }
  }
  return pull;
}

std::set<std::string> Partitioner::decide_gods(const std::vector<int>& part) {
  std::set<std::string> gods;
  std::set<std::string> forced(cfg_.split_classes.begin(), cfg_.split_classes.end());
  auto argmax = [&](const std::vector<std::map<int, double>>& pull, std::vector<int>& best_part, std::vector<double>& share) {
    best_part.assign(out_.nodes.size(), -1);
    share.assign(out_.nodes.size(), 0.0);
    for (std::size_t n = 0; n < out_.nodes.size(); ++n) {
      double best = 0, total = 0;
      for (const auto& [c, w] : pull[n]) {
        total += w;
        if (w > best + 1e-12) {
          best = w;
          best_part[n] = c;
        }
      }
      if (total > 0) share[n] = best / total;
    }
  };
  std::vector<int> plain, writes;
  std::vector<double> plain_share, writes_share;
  argmax(method_affinity(part, Affinity::Plain), plain, plain_share);
  argmax(method_affinity(part, Affinity::Writes), writes, writes_share);
  argmax(method_affinity(part, Affinity::Specific), preferred_, preferred_share_);
  for (std::size_t n = 0; n < out_.nodes.size(); ++n) {
    if (preferred_[n] < 0) preferred_[n] = plain[n];  // everything it uses is shared by all: fall back
  }
  {
    auto all = method_affinity(part, Affinity::Plain);
    core_.clear();
    for (const auto& cls : exploded_) {
      std::map<int, double> sum;
      for (auto n : group_[group_of_[out_.node_of.at(cls)]]) {
        for (const auto& [c, w] : all[n]) sum[c] += w;
      }
      double best = 0;
      for (const auto& [c, w] : sum) {
        if (w > best + 1e-12) {
          best = w;
          core_[cls] = c;
        }
      }
    }
  }
  out_.split_reasons.clear();
  for (const auto& cls : exploded_) {
    auto g = group_of_[out_.node_of.at(cls)];
    std::map<int, std::size_t> parts;
    std::size_t with_affinity = 0;
    for (auto n : group_[g]) {
      if (out_.nodes[n].kind != NodeKind::Method || writes[n] < 0 || plain[n] < 0) continue;
      ++parts[plain[n]];
      ++with_affinity;
    }
    std::size_t top = 0;
    for (const auto& [c, k] : parts) top = std::max(top, k);
    // Two methods that disagree are no evidence of a spread; three are the least.
    bool spread = parts.size() >= 2 && with_affinity >= 3 &&
                  static_cast<double>(top) <= w_.god_max_dominance * static_cast<double>(with_affinity);
    const std::string& name = out_.nodes[group_[g][0]].name;
    if (forced.count(name)) {
      gods.insert(cls);
      out_.split_reasons[cls] = "split by the config file (god_classes.split)";
    } else if (spread) {
      gods.insert(cls);
      out_.split_reasons[cls] = "its " + std::to_string(with_affinity) + " methods that change data write tables of " +
                                std::to_string(parts.size()) + " services; the largest share is " +
                                std::to_string(top) + " of " + std::to_string(with_affinity);
    }
  }
  return gods;
}

// A namespace (or directory) that is largely shared kernel is a library: its
// other helpers, which lead to no table, belong with it even when only one
// service uses them today. Not so a private helper: one whose users all sit
// in the same scope and in one service (a discount rule beside the checkout
// that alone calls it) belongs to that service.
void Partitioner::propagate_kernel(const std::vector<int>& part) {
  std::map<std::string, std::vector<std::uint32_t>> scopes;
  for (std::uint32_t g = 0; g < group_.size(); ++g) {
    const Node& head = out_.nodes[group_[g][0]];
    std::string ns = enclosing_scope(head.name);
    if (!ns.empty()) scopes["ns:" + ns].push_back(g);
    auto slash = head.file.rfind('/');
    if (slash != std::string::npos) scopes["dir:" + head.file.substr(0, slash)].push_back(g);
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
      candidates[g] = {scope, "a helper in " + scope.substr(scope.find(':') + 1) + ", where " + std::to_string(kernel) +
                                  " of " + std::to_string(groups.size()) +
                                  " units are shared kernel; it leads to no table"};
    }
  }
  std::vector<std::vector<std::uint32_t>> users(group_.size());
  for (const auto& a : out_.arcs) {
    auto gt = group_of_[a.to], gf = group_of_[a.from];
    if (gt == ~std::uint32_t{0} || gt == gf || out_.nodes[a.from].kernel || !is_unit(out_.nodes[a.from].kind)) continue;
    if (gf != ~std::uint32_t{0} && candidates.count(gf)) continue;
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

double Partitioner::quality_q(const std::vector<int>& part) const {
  if (all_arcs_.empty()) {
    for (const auto& e : edges_) all_arcs_.push_back({e.a, e.b, e.w});
  }
  return metrics::newman_modularity(all_arcs_, part, params_.resolution);
}

void Partitioner::finish(std::vector<int> part) {
  auto gods = decide_gods(part);
  // A split class's methods go where they work. What remains of the class
  // (its constructor wiring every service together, the dispatcher, methods
  // with no pull of their own or none holding a third of it) stays with the
  // class's core: the part all its methods together depend on most, such
  // as the command parser of a command-handler class. That remainder is
  // the facade or API gateway of the future system.
  // A method that reads or writes the class's own fields and leads to no
  // table is the entity's behaviour on its own state (Player::getSkillLevel,
  // Player::setParty): it stays with the state, in the core, whatever else
  // it calls. Moved out, every call to it would become a remote read of
  // another service's memory. Only methods that lead to data move.
  for (const auto& cls : gods) {
    const std::uint32_t anchor = out_.node_of.at(cls);
    auto uses_state = [&](std::uint32_t m) {
      for (auto i = arcs_from_[m]; i < arcs_from_[m + 1]; ++i) {
        if (out_.arcs[i].to == anchor && out_.arcs[i].kind == EdgeKind::Reference) return true;
      }
      return false;
    };
    for (auto n : group_[group_of_[anchor]]) {
      if (out_.nodes[n].kind == NodeKind::Anchor) part[n] = -1;  // fields and nested types: no unit of their own
      if (out_.nodes[n].kind != NodeKind::Method || out_.nodes[n].label >= 0) continue;
      if (!reaches_table_[n] && core_.count(cls) && uses_state(n)) {
        part[n] = core_.at(cls);
      } else if (preferred_[n] >= 0 && preferred_share_[n] >= 1.0 / 3) {
        part[n] = preferred_[n];
      } else if (core_.count(cls)) {
        part[n] = core_.at(cls);
      }
    }
  }
  // Classes that were examined method by method but are not god classes go
  // back together, to the part most of their affinity points to.
  for (const auto& cls : exploded_) {
    if (gods.count(cls)) continue;
    out_.split_reasons.erase(cls);
    auto g = group_of_[out_.node_of.at(cls)];
    std::map<int, double> votes;
    for (auto n : group_[g]) {
      if (part[n] >= 0) votes[part[n]] += 1.0;
    }
    int best = -1;
    double best_v = -1;
    for (const auto& [c, v] : votes) {
      if (v > best_v) {
        best = c;
        best_v = v;
      }
    }
    for (auto n : group_[g]) part[n] = out_.nodes[n].kernel ? -1 : best;
  }
  // Overloads share one context: the one most of them are in.
  std::map<std::string, std::vector<std::uint32_t>> by_name;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if ((out_.nodes[n].kind == NodeKind::Function || out_.nodes[n].kind == NodeKind::Method) && part[n] >= 0) {
      by_name[out_.nodes[n].name].push_back(n);
    }
  }
  for (const auto& [name, nodes] : by_name) {
    if (nodes.size() < 2) continue;
    std::map<int, std::size_t> votes;
    for (auto n : nodes) ++votes[part[n]];
    int best = votes.begin()->first;
    for (const auto& [c, v] : votes) {
      if (v > votes[best]) best = c;
    }
    for (auto n : nodes) part[n] = best;
  }
  // "together" groups: all members to the part holding most of them.
  for (const auto& group : cfg_.together) {
    std::vector<std::uint32_t> members;
    for (const auto& name : group) {
      for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
        if ((is_unit(out_.nodes[n].kind) || out_.nodes[n].kind == NodeKind::Anchor) && out_.nodes[n].name == name) {
          auto g = group_of_[n];
          for (auto m : g == ~std::uint32_t{0} ? std::vector<std::uint32_t>{n} : group_[g]) members.push_back(m);
        }
      }
    }
    std::map<int, std::size_t> votes;
    int pinned = -1;
    for (auto m : members) {
      if (part[m] >= 0) ++votes[part[m]];
      if (out_.nodes[m].label >= 0) pinned = part[m];
    }
    if (votes.empty()) {
      out_.warnings.push_back("config: together group starting '" + group.front() + "' matches no placed unit");
      continue;
    }
    int best = votes.begin()->first;
    for (const auto& [c, v] : votes) {
      if (v > votes[best]) best = c;
    }
    if (pinned >= 0) best = pinned;
    for (auto m : members) {
      if (!out_.nodes[m].kernel) part[m] = best;
    }
  }
  // Units with no edge at all cannot be placed by evidence: kernel.
  std::vector<double> degree(out_.nodes.size(), 0.0);
  for (const auto& e : edges_) {
    if (out_.nodes[e.a].kind == NodeKind::Cohesion || out_.nodes[e.b].kind == NodeKind::Cohesion) continue;
    degree[e.a] += e.w;
    degree[e.b] += e.w;
  }
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    Node& node = out_.nodes[n];
    if (!is_unit(node.kind) || node.kernel || node.label >= 0) continue;
    auto g = group_of_[n];
    double d = 0;
    for (auto m : g == ~std::uint32_t{0} ? std::vector<std::uint32_t>{n} : group_[g]) d += degree[m];
    if (d <= 0 && node.kind != NodeKind::Method) {
      node.kernel = true;
      out_.kernel_reasons[node.key] = "no dependency and no table access ties it to any service";
      part[n] = -1;
    }
  }
  // A part of one or two units that owns no table is no service: it goes
  // to the service it is most tied to (a pair of crypto helpers beside the
  // login code). Pinned parts stay.
  {
    std::map<int, std::vector<std::uint32_t>> members;  // part -> its units outside the kernel
    std::set<int> with_tables, pinned_parts;
    for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
      if (part[n] < 0) continue;
      if (out_.nodes[n].kind == NodeKind::Table) with_tables.insert(part[n]);
      if (out_.nodes[n].label >= 0) pinned_parts.insert(part[n]);
      if (is_unit(out_.nodes[n].kind) && !out_.nodes[n].kernel) members[part[n]].push_back(n);
    }
    // Size in classes and functions as the proposal lists them: the methods
    // of one class count once, and so do the overloads and template
    // specialisations of one function name (pugi::cast<int>, <double>, ...).
    std::map<int, std::size_t> size;
    std::set<int> tiny;
    for (const auto& [c, units] : members) {
      std::set<std::string> distinct;
      for (auto n : units) {
        const Node& node = out_.nodes[n];
        distinct.insert(node.kind == NodeKind::Function ? "f:" + node.name : "c:" + std::to_string(group_of_[n]));
      }
      size[c] = distinct.size();
      if (distinct.size() <= 2 && !with_tables.count(c) && !pinned_parts.count(c)) tiny.insert(c);
    }
    // One pass over the edges and one over the nodes, whatever the number
    // of tiny parts.
    std::map<int, std::map<int, double>> ties;  // tiny part -> part -> weight
    for (const auto& e : edges_) {
      for (auto [a, b] : {std::pair{e.a, e.b}, std::pair{e.b, e.a}}) {
        if (tiny.count(part[a]) && part[b] >= 0 && part[b] != part[a] && out_.nodes[b].kind != NodeKind::Cohesion) {
          ties[part[a]][part[b]] += e.w;
        }
      }
    }
    std::map<int, std::vector<std::uint32_t>> nodes_of;
    for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
      if (tiny.count(part[n])) nodes_of[part[n]].push_back(n);
    }
    // In part order: a tie to a tiny part already placed counts for where
    // it went; one not yet placed is too small to join.
    std::map<int, int> dest;
    for (int c : tiny) {
      std::map<int, double> resolved;
      for (const auto& [other, w] : ties[c]) {
        int o = other;
        if (tiny.count(o)) o = o < c ? dest.at(o) : -1;
        if (o >= 0) resolved[o] += w;
      }
      int best = -1;
      double best_w = 0;
      for (const auto& [other, w] : resolved) {
        if (w > best_w + 1e-12 && size.count(other) && size.at(other) > 2) {
          best = other;
          best_w = w;
        }
      }
      dest[c] = best;
      for (auto n : nodes_of[c]) {
        part[n] = best;
        if (best < 0 && is_unit(out_.nodes[n].kind)) {
          // Tied to no service at all: a library (or dead code) of its own.
          out_.nodes[n].kernel = true;
          out_.kernel_reasons[out_.nodes[n].key] = "too small to be a service, and tied to no service";
        }
      }
    }
  }
  if (params_.target == 0) fold_stateless(part, gods);
  // Pinned clusters carry their context's name.
  int k = normalize(part);
  std::vector<std::string> pins(static_cast<std::size_t>(k));
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if (part[n] >= 0 && out_.nodes[n].label >= 0 &&
        static_cast<std::size_t>(out_.nodes[n].label) < cfg_.contexts.size()) {
      pins[static_cast<std::size_t>(part[n])] = cfg_.contexts[static_cast<std::size_t>(out_.nodes[n].label)].name;
    }
  }
  out_.cluster_pins = pins;
  out_.cluster_folded.assign(static_cast<std::size_t>(k), {});
  for (auto& [n, why] : folded_) {
    if (part[n] >= 0) out_.cluster_folded[static_cast<std::size_t>(part[n])].push_back(std::move(why));
  }
  out_.cluster = std::move(part);
}

// A service is worth its own process when it keeps its own state or when
// its work stays inside it. A part that owns no table and whose ties to the
// other parts outweigh the ties among its own units (cohesion below one
// half, counting calls in both directions, type uses and table accesses)
// holds no state of its own and would spend most of its work on remote
// calls: it is a slice of another service's in-memory model (creatures,
// items and the map of a game world all mutate each other every tick), not
// a bounded context. It folds into the part it is most tied to, the least
// cohesive first, until every stateless part left is cohesive. Kept: parts
// the config pins, and the facade, the entry layer that what remains of a
// split god class forms: the future API gateway calls every service by
// design.
void Partitioner::fold_stateless(std::vector<int>& part, const std::set<std::string>& gods) {
  std::map<int, std::vector<std::uint32_t>> units;
  std::set<int> keep;
  std::map<int, std::set<int>> labels;
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    if (part[n] < 0) continue;
    const Node& node = out_.nodes[n];
    if (node.label >= 0 && node.label < out_.context_labels) keep.insert(part[n]);  // the architect's pin
    if (node.label >= 0) labels[part[n]].insert(node.label);  // "apart" groups and data contexts never merge
    if (is_unit(node.kind) && !node.kernel) units[part[n]].push_back(n);
  }
  // Owners as the proposal will name them (dominant_writer), pins first.
  std::map<std::uint32_t, std::map<int, std::pair<unsigned, unsigned>>> use;  // table node -> part -> (writes, reads)
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl) continue;
    auto u = out_.node_of.find(a.symbol);
    auto t = out_.node_of.find("table:" + a.table);
    if (u == out_.node_of.end() || t == out_.node_of.end() || part[u->second] < 0) continue;
    auto& c = use[t->second][part[u->second]];
    (a.mode == AccessMode::Read ? c.second : c.first) += 1;
  }
  std::map<std::uint32_t, int> owner_of;  // table node -> owning part
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    const Node& table = out_.nodes[n];
    if (table.kind != NodeKind::Table) continue;
    const bool pinned = table.label >= 0 && table.label < out_.context_labels;
    int owner = pinned ? part[n] : dominant_writer(use[n], part[n]);
    owner_of[n] = owner;
    if (owner >= 0) keep.insert(owner);
  }
  // The facade: the part a split class's remainder went to (its core), when
  // it calls the other parts more than they call it, not counting calls
  // from the split class's own methods (a handler moved to billing still
  // parses its arguments with the facade's parser).
  std::set<int> cores;
  for (const auto& [cls, c] : core_) {
    if (gods.count(cls)) cores.insert(c);
  }
  // One pass over the calls for both the facade test and the ties. What
  // would cross the wire: calls (direct and virtual) and table accesses,
  // the latter tied to the table's owner. Type uses and inheritance are
  // shared code, not traffic.
  std::map<int, double> called, calls;  // per part, across its boundary
  std::map<int, double> internal;
  std::map<int, std::map<int, double>> ties;
  std::vector<double> weight(out_.nodes.size(), 0.0);
  auto tie = [&](std::uint32_t from, int a, int b, double w) {
    if (a < 0 || b < 0) return;
    weight[from] += w;
    if (a == b) {
      internal[a] += w;
    } else {
      ties[a][b] += w;
      ties[b][a] += w;
    }
  };
  for (const auto& a : out_.arcs) {
    if (a.kind != EdgeKind::Call && a.kind != EdgeKind::Dispatch) continue;
    if (!is_unit(out_.nodes[a.from].kind) || !is_unit(out_.nodes[a.to].kind)) continue;
    weight[a.to] += a.weight;
    const int f = part[a.from], t = part[a.to];
    tie(a.from, f, t, a.weight);
    if (f < 0 || t < 0 || f == t) continue;
    calls[f] += a.weight;
    const Node& from = out_.nodes[a.from];
    auto core = from.kind == NodeKind::Method && gods.count(from.owner) ? core_.find(from.owner) : core_.end();
    if (core == core_.end() || core->second != t) called[t] += a.weight;
  }
  for (int c : cores) {
    if (called[c] < calls[c]) keep.insert(c);
  }
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl) continue;
    auto u = out_.node_of.find(a.symbol);
    auto t = out_.node_of.find("table:" + a.table);
    if (u == out_.node_of.end() || t == out_.node_of.end()) continue;
    tie(u->second, part[u->second], owner_of[t->second], a.mode == AccessMode::Read ? w_.read : w_.write);
  }
  std::map<int, int> into;  // folded part -> where it went
  for (;;) {
    int worst = -1;
    double worst_cohesion = 0.5;
    for (const auto& [c, members] : units) {
      if (keep.count(c) || into.count(c)) continue;
      double cross = 0;
      for (const auto& [o, w] : ties[c]) cross += w;
      if (cross <= 0) continue;
      double cohesion = internal[c] / (internal[c] + cross);
      if (cohesion < worst_cohesion - 1e-12) {
        worst = c;
        worst_cohesion = cohesion;
      }
    }
    if (worst < 0) break;
    int dest = -1;
    double best = 0, cross = 0;
    for (const auto& [o, w] : ties[worst]) {
      cross += w;
      std::set<int> both = labels[o];
      both.insert(labels[worst].begin(), labels[worst].end());
      if (w > best + 1e-12 && both.size() <= 1) {
        best = w;
        dest = o;
      }
    }
    if (dest < 0) {
      keep.insert(worst);  // held apart from everything it is tied to
      continue;
    }
    labels[dest].insert(labels[worst].begin(), labels[worst].end());
    into[worst] = dest;
    internal[dest] += internal[worst] + best;
    for (const auto& [o, w] : ties[worst]) {
      if (o == dest) continue;
      ties[dest][o] += w;
      ties[o][dest] += w;
      ties[o].erase(worst);
    }
    ties[dest].erase(worst);
    ties.erase(worst);
    // Described by its most connected class (or function) and its size.
    const auto& members = units[worst];
    std::uint32_t head = members.front();
    std::set<std::string> classes, functions;
    for (auto n : members) {
      const Node& node = out_.nodes[n];
      if (node.kind == NodeKind::Function) {
        functions.insert(node.name);
      } else {
        classes.insert(node.kind == NodeKind::Class ? node.name : out_.nodes[out_.node_of.at(node.owner)].name);
      }
      if (weight[n] > weight[head] + 1e-12) head = n;
    }
    const Node& h = out_.nodes[head];
    std::string lead = h.kind == NodeKind::Method ? out_.nodes[out_.node_of.at(h.owner)].name : h.name;
    std::ostringstream why;
    why << lead << " with " << classes.size() << " classes and " << functions.size()
        << " functions: they own no table and " << static_cast<int>(std::lround(100.0 * (1.0 - worst_cohesion)))
        << "% of their dependency weight crosses their boundary, " << static_cast<int>(std::lround(100.0 * best / cross))
        << "% of it to this service";
    folded_.emplace_back(head, why.str());
    units[dest].insert(units[dest].end(), members.begin(), members.end());
  }
  // Resolve chains (a part folded into one that folded later).
  for (auto& c : part) {
    while (c >= 0 && into.count(c)) c = into.at(c);
  }
}

Clustering Partitioner::run() {
  collect();
  build_graph();
  apply_pins();
  // The program's entry point is the composition root: it wires every
  // service together and belongs to none.
  for (std::uint32_t g = 0; g < group_.size(); ++g) {
    Node& head = out_.nodes[group_[g][0]];
    if (head.kind == NodeKind::Function && head.name == "main" && !head.kernel && head.label < 0) {
      head.kernel = true;
      out_.kernel_reasons[head.key] = "the program's entry point (composition root) wires the services together";
    }
  }
  mark_database_wrapper();
  if (!seed_reason_.empty()) seed_data_contexts();
  // Shared kernel first: units that glue services are taken out of the graph
  // and the graph is clustered again, until nothing changes (a few rounds).
  // God classes and the shared kernel both change the graph (a split class
  // loses the ties between its methods; kernel units lose all their edges),
  // so cluster, decide, and cluster again while something changed. The last
  // round's findings are kept without another clustering.
  std::vector<int> part;
  for (int round = 0; round < 3; ++round) {
    part = unit_partition(make_graph(), params_.resolution);
    auto gods = decide_gods(part);
    bool changed = false;
    for (const auto& c : gods) changed = gods_.insert(c).second || changed;
    changed = detect_kernel(part) || changed;
    if (!changed) break;
  }
  propagate_kernel(part);
  for (std::size_t n = 0; n < part.size(); ++n) {
    if (out_.nodes[n].kernel) part[n] = -1;
  }
  Graph g = make_graph();
  std::vector<int> labels(out_.nodes.size());
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = out_.nodes[i].label;

  // Candidates: the optimum at this resolution, coarser ones by greedy
  // agglomeration, finer ones from higher resolutions.
  std::vector<std::vector<int>> candidates;
  candidates.push_back(part);
  for (auto& p : agglomerate_all(g, labels, part, 1.0, 400)) candidates.push_back(std::move(p));
  // Finer candidates cost a full clustering each; on large graphs the
  // coarser side of the table is what an architect reads.
  if (out_.nodes.size() < 50000 || params_.target > 0) {
    for (double f : {2.0, 4.0}) candidates.push_back(unit_partition(g, params_.resolution * f));
  }

  auto services_in = [&](const std::vector<int>& p) {
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
  };
  std::vector<metrics::Arc> call_arcs;
  for (const auto& a : out_.arcs) {
    if (is_unit(out_.nodes[a.from].kind) && is_unit(out_.nodes[a.to].kind)) call_arcs.push_back({a.from, a.to, a.weight});
  }
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
    double best_q = -1e300;
    for (const auto& [count, idx] : by_count) {
      if (count > 0 && q[idx] > best_q + 1e-9) {
        best_q = q[idx];
        chosen = idx;
      }
    }
  }
  for (const auto& [count, idx] : by_count) {
    if (count == 0) continue;
    CandidateQuality cq;
    cq.services = count;
    cq.chosen = idx == chosen;
    const auto& p = candidates[idx];
    cq.metrics["modularity_q"] = q[idx];
    cq.metrics["sm"] = metrics::structural_modularity(call_arcs, p);
    cq.metrics["icp"] = metrics::inter_call_percentage(call_arcs, p);
    cq.metrics["turbo_mq"] = metrics::turbo_mq(call_arcs, p);
    // Tables written from more than one candidate service: database pain.
    std::map<std::string, std::set<int>> writers;
    for (const auto& a : model_.data.accesses) {
      if (a.mode == AccessMode::Read || a.mode == AccessMode::Ddl) continue;
      auto u = out_.node_of.find(a.symbol);
      if (u != out_.node_of.end() && p[u->second] >= 0) writers[a.table].insert(p[u->second]);
    }
    double shared = 0;
    for (const auto& [t, s] : writers) shared += s.size() > 1;
    cq.metrics["tables_written_by_several"] = shared;
    out_.candidates.push_back(std::move(cq));
  }
  finish(candidates[chosen]);
  return std::move(out_);
}

}  // namespace

namespace {

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
    if (c.nodes[n].kind == NodeKind::Table && c.cluster[n] >= 0 && accessed.count(c.nodes[n].name)) ++per_service[c.cluster[n]];
  }
  std::size_t top = 0;
  for (const auto& [k, count] : per_service) top = std::max(top, count);
  if (accessed.size() < 6 || per_service.size() < 2 || 2 * top <= accessed.size()) return "";
  return "one service would hold " + std::to_string(top) + " of the " + std::to_string(accessed.size()) +
         " tables in use";
}

}  // namespace

Clustering cluster_model(const Model& model, const config::DecomposeConfig& cfg, const ClusterParams& params) {
  Clustering first = Partitioner(model, cfg, params).run();
  // A target count is the architect's choice of granularity: no second guess.
  std::string why = params.target > 0 ? "" : database_swallowed(model, first);
  if (why.empty()) return first;
  return Partitioner(model, cfg, params, why).run();
}

}  // namespace cleave::decompose::detail
