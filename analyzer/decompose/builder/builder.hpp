// The proposal builder: turns the clustering (decompose/partition.hpp) into
// services with names, table owners, APIs, sagas, DDL, an extraction order
// and metrics. Internal to decompose; decompose() (builder.cpp) runs it.
//
// Each step lives in its own file under decompose/builder/, which opens with
// its contract. The order, as `build` applies it (later steps read what
// earlier ones wrote into the proposal):
//
//  builder.cpp          place_units: a service per cluster with a unit; classes, functions, files, split methods
//  name_services.cpp    names and their evidence
//  tables.cpp           table owners, access resolutions, entropy; stateful cores (no table once owners
//                       are settled, state in fields); foreign keys to cut
//  sagas.cpp            distributed transactions and their saga outlines
//  apis.cpp             API members, endpoints, dependencies between services
//  ddl.cpp              CREATE TABLE per service, cut foreign keys
//  fitness.cpp          serverless fitness: findings and a verdict per service
//  extraction_order.cpp least entangled, fittest service first
//  quality.cpp          the proposal's metrics
//  builder.cpp          split methods learn their service; every placed symbol's assignment; one
//                       placement per unit with the rule that placed it
//  confidence.cpp       (from decompose(), after build) pulls, runner-up, stability, confidence
#pragma once

#include "decompose/partition.hpp"
#include "decompose/proposal.hpp"
#include "model/model.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cleave::decompose::detail {

// words.cpp
template <typename T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}
std::string lower(std::string s);
std::string kebab(const std::string& identifier);
std::string plural(const std::string& w);
// A table's own words, without the prefix every table of the schema shares
// (DataAccessFacts::table_prefix: cockatrice_users -> users): what names a
// service or a resource; the table itself when it has no such prefix.
std::string table_word(const std::string& table, const std::string& prefix);
// True when `s` starts with one of `prefixes` followed by a non-lower-case character or its end.
bool starts_with_any(const std::string& s, std::initializer_list<const char*> prefixes);
const std::set<std::string>& role_words();       // a class's technical role: dropped from REST resources
const std::set<std::string>& verbs();            // actions, not things: no service is called "send"
const std::set<std::string>& stop_words();       // say nothing at all
const std::set<std::string>& technical_words();  // a layer of code: no module word names a service by it

struct WordSink;  // name_services.cpp

// confidence.cpp: each placement's pulls, rule, stability and confidence.
void add_confidence(const Model& model, const config::DecomposeConfig& cfg, const ClusterParams& params, Proposal& p);

class Builder {
 public:
  Builder(const Model& model, Clustering c) : model_(model), c_(std::move(c)) {}
  Proposal build();

 private:
  // builder.cpp
  void place_units();
  void open_services();
  void list_members();
  void assign_split_methods();
  void assign_symbols();
  void list_placements();
  // name_services.cpp
  friend struct WordSink;
  struct NameWords {
    std::map<int, std::map<std::string, double>> tf;  // cluster -> word -> weight
    std::map<int, std::set<std::string>> scoped;      // words from namespaces and directories (the project's modules)
    // cluster -> word -> how the code spells it (patients, acquisitions) -> weight
    std::map<int, std::map<std::string, std::map<std::string, double>>> spelled;
    std::map<int, std::map<std::string, unsigned>> covered;  // cluster -> module word -> its units in the module
    std::map<int, unsigned> units;                           // cluster -> its units
    std::set<std::string> product;                           // folders that hold most of the code of most services
  };
  struct TableEvidence {
    std::map<std::string, double> table_use;           // writes 4, reads 1
    std::map<int, std::set<std::uint32_t>> accessors;  // cluster -> its units that run SQL
    std::map<int, std::set<std::string>> tables_of;    // cluster -> the tables it will own
  };
  void name_services();
  struct Naming {
    NameWords words;
    TableEvidence tables;
    std::set<std::string> taken;  // names given so far
  };
  using Ranked = std::vector<std::pair<double, std::string>>;  // (-score, word), best first
  void name_service(Service& s, int k, const Ranked& ranked, Naming& n) const;
  std::set<std::string> role_tokens() const;
  NameWords name_words() const;
  void node_words(WordSink& sink, const Node& node, int k) const;
  static void own_name_words(WordSink& sink, const Node& node, int k);
  std::map<std::string, int> class_homes() const;
  TableEvidence table_evidence() const;
  std::pair<std::string, std::string> aggregate_root(const std::set<std::string>& members,
                                                     const std::map<std::string, double>& use) const;
  // tables.cpp
  struct TableUse {
    std::map<std::string, unsigned> writes, reads, tx_writes;  // service -> statements
    std::set<std::string> joined_readers;
  };
  void own_tables();
  std::map<std::string, TableUse> table_uses() const;
  std::string clustered_service(const std::string& table) const;
  bool choose_owner(TableOwnership& own, const TableUse& u) const;
  void own_unused(TableOwnership& own, const std::map<std::string, std::string>& owners) const;
  void mark_stateful_cores();
  void resolve_accesses(TableOwnership& own, const TableUse& u) const;
  void cut_foreign_keys();
  // sagas.cpp
  void distributed_transactions();
  // apis.cpp
  void apis();
  bool is_operation(const Symbol& callee) const;
  static void unique_endpoints(Service& s);
  // `writes`: the SQL verbs of what the member writes (its own accesses and
  // those of what it calls within its service, see write_verbs in apis.cpp).
  // `aggregate`: the REST resource of the table it works on (aggregate_of).
  void describe_member(ApiMember& m, const Symbol& c, const std::string& to, bool reads,
                       const std::set<std::string>& writes, const std::string& aggregate) const;
  std::string aggregate_of(const std::string& service, const std::set<std::string>& touched,
                           const std::map<std::string, double>& use) const;
  static void merge_overloads(Service& s);
  void table_dependencies();
  // fitness.cpp
  struct FitnessScan;
  void fitness();
  void fitness_hazards(FitnessScan& scan) const;
  void fitness_pressure(FitnessScan& scan) const;
  std::map<std::string, std::string> reached_from(const std::string& fn, const FitnessScan& scan) const;
  ServiceFitness judge(const std::string& service, FitnessScan& scan) const;
  std::string held_classes(const Hazard& h, const std::string& service, const FitnessScan& scan) const;
  std::string name_of(const std::string& usr) const;
  // ddl.cpp, extraction_order.cpp, quality.cpp
  void ddl();
  void extraction_order();
  void compute_metrics();

  const std::string& service_of_symbol(const std::string& usr) const;  // "" kernel/none, else name
  int cluster_of_symbol(const std::string& usr) const;
  Service* service(const std::string& name);

  const Model& model_;
  Clustering c_;
  Proposal p_;
  std::map<int, std::size_t> service_index_;  // cluster -> index in p_.services
  std::vector<int> dense_;                    // the same as a vector (-1 = no service), for hot lookups
  std::map<std::string, const Table*> schema_;
  std::map<std::string, std::set<std::string>> fields_;  // class USR -> its fields as state words (apis.cpp)
};

}  // namespace cleave::decompose::detail
