// The clustering half of the decompose stage, as a pipeline of named passes
// over one shared state. Internal to decompose: cluster_model (partition.hpp)
// runs it, the proposal builder reads the Clustering it returns.
//
// Each pass lives in its own file under decompose/partition/, which opens
// with its contract: what it reads, what it decides, and which figure it
// changed when it was introduced (from the commit that brought it and
// docs/metrics.md). The order, as `run` (partitioner.cpp) applies it:
//
//  graph      collect_units.cpp      which symbols are units, which classes are examined method by method
//             build_graph.cpp        nodes, arcs, the undirected clustering edges, lookups
//             pins.cpp               the config file's contexts, "apart" groups and kernel pins
//  kernel     generated_code.cpp     generated code (protobuf, moc) is a contract, kernel
//             composition_root.cpp   main is kernel
//  from the   database_wrapper.cpp   the SQL sink and its companions are kernel
//  start      seed_data_contexts.cpp tables clustered first when one service swallowed the data
//  rounds     god_classes.cpp        method affinity; which classes are split (god classes)
//             detect_kernel.cpp      units whose use is spread over services; what only the kernel uses
//             propagate_kernel.cpp   helpers of a largely-kernel scope
//  choice     candidates.cpp         candidate partitions, their quality, the chosen one
//  finishing  finish.cpp             split methods, rejoined classes, overloads, stateless units no
//                                    part-mate uses, "together", lone units
//             fold_tiny_parts.cpp    parts of one or two units that own no table
//             fold_stateless.cpp     stateless parts more tied to others than to themselves; the
//                                    tableless parts tied to each other joined (the builder flags
//                                    the stateful cores from the owners it settles)
//
// A new rule goes into the pass that decides the same kind of thing, or into
// a new file beside them with its own contract, called from `run` or `finish`.
#pragma once

#include "decompose/louvain.hpp"
#include "decompose/metrics.hpp"
#include "decompose/partition.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cleave::decompose::detail {

inline bool is_unit(NodeKind k) { return k == NodeKind::Class || k == NodeKind::Function || k == NodeKind::Method; }

// No unit group (a table, a cohesion node, a member folded into its class).
inline constexpr std::uint32_t kNoGroup = ~std::uint32_t{0};

// When one service would own more than half of the tables in use, the code
// structure has swallowed the data (seed_data_contexts.cpp). Returns why, or
// "" when the first clustering stands.
std::string database_swallowed(const Model& model, const Clustering& c);

class Partitioner {
 public:
  Partitioner(const Model& model, const config::DecomposeConfig& cfg, const ClusterParams& params,
              std::string seed_reason = "")
      : model_(model), cfg_(cfg), w_(cfg.weights), params_(params), seed_reason_(std::move(seed_reason)) {}

  Clustering run();

 private:
  // collect_units.cpp
  const Symbol* outermost_class(const Symbol& s) const;
  void collect();
  // build_graph.cpp
  void build_graph();
  void add_nodes();
  void add_arcs();
  void add_data_edges();
  void add_cohesion_edges();
  void mark_reaches_table();
  void index_lookups();
  // pins.cpp
  void apply_pins();
  void pin_group(std::uint32_t n, int label);
  void pin_contexts(int& next);
  void pin_apart(int& next);
  void pin_kernel();
  // generated_code.cpp, composition_root.cpp, database_wrapper.cpp, seed_data_contexts.cpp
  void mark_generated_code();
  void mark_composition_root();
  void mark_database_wrapper();
  void seed_data_contexts();
  struct DataGraph;
  DataGraph data_graph() const;
  using TableGroups = std::map<int, std::vector<std::uint32_t>>;  // community -> its accessed tables
  void label_data_groups(const TableGroups& groups, const std::set<int>& pinned, int next);
  // partitioner.cpp
  Graph make_graph() const;
  bool out_of_graph(std::uint32_t n) const;
  std::vector<int> unit_partition(const Graph& g, double resolution) const;
  // detect_kernel.cpp
  bool detect_kernel(const std::vector<int>& part);
  using UseCounts = std::vector<std::map<int, double>>;  // per unit group: part -> dependent units
  void count_use(const std::vector<int>& part, UseCounts& in, UseCounts& outw) const;
  bool kernel_by_spread_use(const std::vector<int>& part);
  bool kernel_used_only_by_kernel();
  bool kernel_interface_functions();
  // god_classes.cpp
  std::set<std::string> decide_gods(const std::vector<int>& part);
  enum class Affinity { Plain, Specific, Writes };
  std::vector<std::map<int, double>> method_affinity(const std::vector<int>& part, Affinity mode) const;
  struct TableReach {
    std::map<std::pair<std::uint32_t, bool>, std::map<std::uint32_t, double>> data;  // (method, write) -> table
    std::map<std::pair<std::uint32_t, bool>, double> df;                             // (table, write) -> methods
  };
  using Nodes = std::vector<std::uint32_t>;
  void reach_tables(const Nodes& methods, const std::vector<int>& part, TableReach& r) const;
  void find_cores(const std::vector<int>& part);
  // propagate_kernel.cpp
  void propagate_kernel(const std::vector<int>& part);
  // candidates.cpp
  using Arcs = std::vector<Arc>;
  double quality_q(const std::vector<int>& part) const;
  std::vector<std::vector<int>> candidate_partitions(const std::vector<int>& part) const;
  std::vector<int> choose_candidate(std::vector<std::vector<int>> candidates);
  void record_proposal_quality(std::vector<int> part);
  Arcs unit_call_arcs() const;
  // Q differences below this share of the best Q are noise: on the bundled
  // samples the best Q moves by 0.3 to 0.45 % between clustering seeds.
  static constexpr double kQTolerance = 0.005;
  unsigned services_in(const std::vector<int>& p) const;
  CandidateQuality quality_of(const std::vector<int>& p, unsigned count, double q, const Arcs& calls) const;
  // finish.cpp
  void finish(std::vector<int> part);
  void place_split_methods(std::vector<int>& part, const std::set<std::string>& gods);
  void rejoin_unsplit_classes(std::vector<int>& part, const std::set<std::string>& gods);
  void unify_overloads(std::vector<int>& part) const;
  void rehome_stateless_units(std::vector<int>& part) const;
  void apply_together(std::vector<int>& part);
  void kernel_unconnected(std::vector<int>& part);
  void label_clusters(std::vector<int> part);
  // fold_tiny_parts.cpp
  void fold_tiny_parts(std::vector<int>& part);
  using Sizes = std::map<int, std::size_t>;  // part -> classes and functions
  void size_parts(const std::vector<int>& part, Sizes& size, std::set<int>& tiny) const;
  // fold_stateless.cpp
  struct FoldState;
  void fold_stateless(std::vector<int>& part, const std::set<std::string>& gods);
  void stateless_parts(const std::vector<int>& part, FoldState& s) const;
  void stateless_ties(const std::vector<int>& part, const std::set<std::string>& gods, FoldState& s) const;
  bool fold_least_cohesive(FoldState& s);
  void join_stateful_core(FoldState& s);
  void record_fold(const std::vector<std::uint32_t>& members, const std::vector<double>& weight, double worst_cohesion,
                   double best, double cross);

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

  // A foreign key between two databases is no link: the databases are the
  // boundary the project's architects drew (a transaction across them still
  // links its tables). Tables outside the schema are in no database.
  bool same_database(const std::string& a, const std::string& b) const {
    auto da = database_.find(a), db = database_.find(b);
    return (da == database_.end() ? std::string() : da->second) == (db == database_.end() ? std::string() : db->second);
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
  // The nodes of n's unit group, or n alone when it is in none.
  std::vector<std::uint32_t> group_or_self(std::uint32_t n) const {
    auto g = group_of_[n];
    return g == kNoGroup ? std::vector<std::uint32_t>{n} : group_[g];
  }

  const Model& model_;
  const config::DecomposeConfig& cfg_;
  const config::DecomposeWeights& w_;
  ClusterParams params_;
  std::string seed_reason_;  // non-empty: cluster the tables first (seed_data_contexts)
  Clustering out_;

  std::vector<const Symbol*> classes_;                         // outermost project classes, by (name, id)
  std::vector<const Symbol*> functions_;                       // project free functions
  std::map<std::string, std::string> database_;                // table -> its database (Table::database)
  std::map<std::string, std::vector<const Symbol*>> methods_;  // class USR -> direct methods, sorted
  std::set<std::string> exploded_;                             // classes represented method by method
  std::map<std::string, std::string> generated_;               // generated file -> its kind (Model::generated)
  std::vector<Graph::Edge> edges_;                             // undirected, for clustering
  std::vector<Graph::Edge> member_edges_;  // method to its class's anchor; dropped once the class is split
  std::set<std::string> gods_;             // classes split into methods for good
  std::vector<int> preferred_;             // per method: the part its outgoing weight goes to
  std::vector<double> preferred_share_;    // per method: that part's share of its pull
  std::vector<int> writes_;                // per method: the part whose tables it writes most (-1: none)
  std::vector<double> writes_share_;       // per method: that part's share of its writes
  std::map<std::string, int> core_;        // split class USR -> the part its methods together depend on most
  std::vector<std::size_t> arcs_from_;     // CSR index into out_.arcs (sorted by from)
  std::map<std::string, std::vector<std::string>> calls_of_;  // symbol USR -> callees (calls, dispatch)
  struct SymbolAccess {
    std::uint32_t table;
    bool write;
    double weight;
  };
  std::map<std::string, std::vector<SymbolAccess>> accesses_of_;  // USR -> its own statements, by table
  mutable std::vector<Arc> all_arcs_;                             // edges_ as metric arcs, built on first use
  std::vector<char> touches_table_;                               // per node: reads or writes a table
  std::vector<char> reaches_table_;                // per node: touches one or calls (transitively) what does
  std::vector<std::vector<std::uint32_t>> group_;  // per unit group: nodes (class: 1, split class: anchor+methods)
  std::vector<std::uint32_t> group_of_;            // node -> group index (or kNoGroup)
  std::vector<std::pair<std::uint32_t, std::string>> folded_;  // a unit of each folded part, and why
  std::vector<std::pair<std::uint32_t, std::size_t>> joined_;  // a unit of each joined group, and its parts
};

}  // namespace cleave::decompose::detail
