// The program: every TU's facts folded in once, as each TU finishes.
//
// Contract
//  - add() takes one TU's facts and keeps only what the run needs after the
//    TU is gone: a symbol once per USR, edge sites once per (from, to, kind),
//    call sites, constants and locals once per key. Peak memory is the merged
//    program plus the TUs in flight, never every TU's facts at once.
//  - The result does not depend on the order TUs are added in (workers finish
//    in any order; shards merge in any grouping): every choice between two
//    descriptions of one thing is a total order (a definition beats a
//    declaration, then the smaller location, then the TU whose file sorts
//    first), and every output vector is sorted.
//  - The program is the input of the SQL stage (sql::analyze) and then of the
//    model (build_model); it is merged once, for both.
#pragma once

#include "core/facts.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace cleave {

struct TuSummary {
  std::string file;
  ParseStatus status = ParseStatus::Clean;
  unsigned error_count = 0;
  std::vector<ParseDiagnostic> diagnostics;
  std::vector<std::string> dropped_flags;
};

using EdgeKey = std::tuple<std::string, std::string, EdgeKind>;

struct Program {
  std::vector<TuSummary> tus;                        // sorted by file
  std::map<std::string, Symbol> symbols;             // by USR
  std::map<EdgeKey, std::set<Location>> edge_sites;  // every kind, every endpoint (project or not)
  std::map<EdgeKey, std::set<Location>> loop_sites;  // the sites of edge_sites with in_loop (calls in loops)
  std::vector<UnresolvedCall> unresolved_calls;      // sorted, unique
  std::vector<CallSite> call_sites;                  // unique; sorted by caller, site, order, callee
  std::vector<VarValue> var_values;                  // one per variable (the first by location), by USR
  std::vector<LocalVar> locals;                      // unique per (function, var); sorted by function, loc
  std::vector<Hazard> hazards;                       // unique, sorted (a header's hazard is seen by many TUs)
  // Every file some TU read (TuFacts::includes), sorted, unique: what the
  // project tree holds that the parse saw, vendored and generated code too.
  std::vector<std::string> files;

  // Call and override edges one per site, sorted by from, site, to, kind:
  // what the SQL stage follows from a wrapper to its callers (in_loop set
  // from loop_sites).
  std::vector<Edge> call_and_override_sites() const;
};

class ProgramBuilder {
 public:
  void add(TuFacts&& tu);
  std::size_t tu_count() const { return tus_.size(); }
  Program finish() &&;

 private:
  // Which TU a kept description came from, to break exact ties by file.
  using TuIndex = std::uint32_t;
  bool earlier_tu(TuIndex a, TuIndex b) const { return tus_[a].file < tus_[b].file; }

  std::vector<TuSummary> tus_;
  std::map<std::string, std::pair<Symbol, TuIndex>> symbols_;
  std::map<EdgeKey, std::set<Location>> edges_;
  std::map<EdgeKey, std::set<Location>> loop_sites_;
  std::set<std::tuple<std::string, Location, std::string, std::string>> unresolved_;
  std::map<std::tuple<std::string, std::string, std::string, Location, unsigned>, std::pair<CallSite, TuIndex>> sites_;
  std::map<std::string, std::pair<VarValue, TuIndex>> vars_;
  std::map<std::pair<std::string, std::string>, std::pair<LocalVar, TuIndex>> locals_;
  std::set<Hazard> hazards_;
  std::set<std::string> files_;
};

// Fold a whole set of TUs at once (tests, small inputs).
Program build_program(std::vector<TuFacts> tus);

}  // namespace cleave
