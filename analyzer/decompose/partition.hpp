// The clustering half of the stage: units, the combined graph, Louvain,
// shared kernel and god-class decisions. Internal to decompose: the passes
// that compute it are listed in partition/partitioner.hpp, and the proposal
// builder (builder/builder.hpp) turns its result into a Proposal.
#pragma once

#include "config/config.hpp"
#include "decompose/metrics.hpp"
#include "decompose/proposal.hpp"
#include "model/model.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace cleave::decompose::detail {

enum class NodeKind : std::uint8_t {
  Class,     // a class unit with all its members
  Function,  // a free function unit
  Method,    // one method (or constructor, destructor) of a class split into methods
  Anchor,    // what stays of a split class: its fields, nested classes, inheritance
  Table,
  Cohesion,  // namespace, directory, name token, global variable, enum: weak pull only
};

struct Node {
  NodeKind kind = NodeKind::Cohesion;
  std::string key;   // symbol USR, table name, or "ns:" / "dir:" / "tok:" + text
  std::string name;  // qualified name or table name
  std::string file;
  std::string owner;  // Method/Anchor: the class USR
  bool kernel = false;
  // Constraint label: a config context (labels below
  // Clustering::context_labels), an "apart" group, or a data context
  // seeded from the tables. Only the first is the architect's pin.
  int label = -1;
};

// Arcs between nodes (unit to unit), kept for metrics, API detection and
// explanations: the stage's one arc type, weight after the kind's weight.
using metrics::Arc;

struct Clustering {
  std::vector<Node> nodes;
  std::unordered_map<std::string, std::uint32_t> node_of;  // USR or "table:" + name -> node; lookup only
  std::vector<Arc> arcs;
  std::vector<int> cluster;                              // per node; -1 = shared kernel or no service
  std::vector<std::string> cluster_pins;                 // per cluster: pinned context name or ""
  std::vector<std::vector<std::string>> cluster_folded;  // per cluster: stateless parts folded into it, and why
  // per cluster: how many tableless parts join_stateful_core joined into it (0 or 1: none). Whether a
  // service is a stateful core is the builder's call, from the table owners it settles.
  std::vector<std::size_t> cluster_joined;
  int context_labels = 0;  // labels 0 .. context_labels-1 pin nodes to the config file's contexts
  std::map<std::string, std::string> split_reasons;   // class USR -> why it was split
  std::map<std::string, std::string> method_reasons;  // split method USR -> which rule placed it
  std::vector<CandidateQuality> candidates;
  std::vector<Finding> warnings;                      // CLV-CFG-001, CLV-DEC-001
  std::map<std::string, std::string> kernel_reasons;  // USR -> why
};

struct ClusterParams {
  unsigned target = 0;
  double resolution = 1.0;
  unsigned seed = 42;
  std::string base_dir;  // for relative config path globs
};

Clustering cluster_model(const Model& model, const config::DecomposeConfig& cfg, const ClusterParams& params);

// Helpers shared with the proposal builder.
// The part that will own a table, given each part's (write, read) statement
// counts on it: most writes, then most reads, then where the clustering put
// it (`clustered`), then the lower part; `clustered` when no part writes it.
int dominant_writer(const std::map<int, std::pair<unsigned, unsigned>>& use, int clustered);
bool is_system_symbol(const Symbol& s);
double kind_weight(EdgeKind k, const config::DecomposeWeights& w);  // per site, 0 for includes
std::string singular(std::string word);
std::vector<std::string> name_tokens(const std::string& identifier);  // lower case, singular
// The name-cohesion keys of a table: "tok:" + each word of three letters or
// more, singular, as units' name tokens are, so `orders` meets `Order`.
std::set<std::string> table_token_keys(const std::string& table);
std::string last_component(const std::string& qualified);
std::string enclosing_scope(const std::string& qualified);

}  // namespace cleave::decompose::detail
