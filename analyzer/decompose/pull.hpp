// Pull: how strongly a placed unit is tied to each service of a proposal,
// with the evidence. One score, read by `cleave explain` (the verdict, the
// runner-up, what would move it) and by the stage itself (the margin part
// of each placement's confidence, confidence.cpp), so the two never
// disagree about what ties a unit where.
//
// The pull towards a service is the weight, after config::DecomposeWeights,
// of what ties the unit to the units and tables placed there:
//  - calls, dispatch, inheritance, composition, type use and references in
//    both directions, each the kind's weight times its sites (the clustering
//    graph's arcs, build_graph.cpp);
//  - the tables it reads and writes, towards each table's owner (read,
//    write, one k-th for one of k tables a dynamic name may be);
//  - the transactions it runs: `transaction` shared out over the tables the
//    transaction writes, towards their owners;
//  - its innermost namespace, its directory and its class-name tokens: the
//    cohesion weight times the share of the group's other units placed in
//    the service (groups of more than a fifth of the units say nothing and
//    are skipped, as in the clustering).
// The shared kernel is a library every service links: a pull towards it is
// reported apart (service "") and never competes with a service.
//
// Contract: deterministic (sorted maps only); no clustering, no file access.
#pragma once

#include "config/config.hpp"
#include "decompose/proposal.hpp"
#include "model/model.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace cleave::decompose {

struct PullEvidence {
  std::string kind;  // "call", "table", "transaction", "namespace", "directory", "name", or an edge kind
  std::string what;  // "-> call shop::Billing::charge x3", "writes table invoices x2", "namespace shop::billing"
  double weight = 0;
};

struct ServicePull {
  std::string service;  // "" = the shared kernel
  double weight = 0;
  unsigned call_sites = 0;             // calls and dispatch in and out
  std::vector<PullEvidence> evidence;  // strongest first
};

// The pull of every placed unit, indexed once per proposal.
class PullIndex {
 public:
  PullIndex(const Model& model, const Proposal& proposal, const config::DecomposeWeights& weights);

  // The symbols a unit stands for: a class and its members, or every
  // overload of a function or of a split class's method. `name` is the
  // unit's qualified name.
  std::set<std::string> unit_symbols(const std::string& name) const;

  // Pulls of the unit `name` towards each service, strongest first (ties by
  // name); the kernel's entry, when there is one, comes last.
  std::vector<ServicePull> pulls(const std::string& name) const;

 public:
  struct Acc;

 private:
  const std::string* service_of(const std::string& usr) const;
  void add_edges(const std::set<std::string>& ids, std::map<std::string, Acc>& out) const;
  void add_data(const std::set<std::string>& ids, std::map<std::string, Acc>& out) const;
  void add_cohesion(const std::string& name, std::map<std::string, Acc>& out) const;

  const Model& model_;
  const Proposal& proposal_;
  const config::DecomposeWeights& w_;
  std::map<std::string, std::string> owner_;                               // table -> owning service
  std::map<std::string, std::vector<std::string>> by_name_;                // qualified name -> symbols of that name
  std::map<std::string, std::vector<std::string>> members_;                // class USR -> its members
  std::set<std::string> split_methods_;                                    // qualified names
  std::map<std::string, std::vector<std::string>> cohesion_;               // "ns:" / "dir:" / "tok:" key -> unit names
  std::map<std::string, std::vector<std::string>> groups_of_;              // unit name -> its cohesion keys
  std::map<std::string, std::map<std::string, unsigned>> group_services_;  // cohesion key -> service -> members
  std::map<std::string, std::string> unit_service_;                        // unit name -> service
  std::map<std::string, std::vector<std::size_t>> edges_of_;               // USR -> model edges it is an end of
  std::map<std::string, std::vector<std::size_t>> accesses_of_;            // USR -> its table accesses
  std::map<std::string, std::vector<std::size_t>> transactions_of_;        // function USR -> its transactions
};

}  // namespace cleave::decompose
