// `cleave diff OLD_OUT NEW_OUT`: the coupling trend between two analyses of
// one code base (issue 13). It reports, it does not judge: the check
// (check.hpp) fails a pull request, the diff shows where coupling went.
//
// Terminology
//  - context: where a symbol belongs on one side: a service of that side's
//    proposal, or a context of an architecture.yaml (--architecture). The
//    shared kernel is the context kKernelName.
//  - cross-context call: a Call edge of the model whose two endpoints are in
//    different contexts, the callee not in the shared kernel (a library every
//    context links). Identity: caller -> callee by qualified name, so a
//    renamed service or a moved line changes nothing.
//  - cross-context access: a read or write of a table by a function whose
//    context is not the table's owner. Identity: (function, table, mode).
//  - context cycle: a strongly connected component of more than one context
//    in the graph of cross-context calls and accesses (accessor -> owner).
//    Identity: its sorted context names.
//
// Contract
//  - Both sides go through one interface, ContextMap: where each symbol
//    belongs and who owns each table. The diff never knows which source
//    filled it.
//  - Deterministic: every list sorted by its identity; numbers in the
//    outputs rounded to 6 decimals.
//  - Symbols in no context and tables without an owner are left out: the
//    diff cannot tell whether they cross anything.
#pragma once

#include "check/architecture.hpp"
#include "decompose/proposal.hpp"
#include "model/model.hpp"

#include <map>
#include <string>
#include <vector>

namespace cleave::check {

// One side's contexts.
struct ContextMap {
  // USR -> context (kKernelName for the shared kernel): units, and the
  // methods placed on their own (a split class's). A member not listed falls
  // back to its unit (Model::unit_of).
  std::map<std::string, std::string> of_symbol;
  std::map<std::string, std::string> table_owner;  // table -> owning context
  std::string source;                              // "proposal" or the architecture file, for the outputs
};

// The proposal's services: its assignment ("" = shared kernel) and table owners.
ContextMap contexts_from_proposal(const Proposal& proposal);
// The architecture's contexts (contexts_of) and the tables each context lists.
ContextMap contexts_from_architecture(const Model& model, const Architecture& architecture, const std::string& root);

// What one side is: its model, where its code belongs, its proposal-level
// metrics (Proposal::metrics), and the root its locations are relative to.
struct DiffSide {
  const Model& model;
  const ContextMap& contexts;
  const std::map<std::string, double>& metrics;
  std::string root;
  std::string label;  // how the outputs name it (the output directory)
};

struct MetricDelta {
  std::string key;
  double old_value = 0, new_value = 0;
  double delta() const { return new_value - old_value; }
  friend bool operator==(const MetricDelta&, const MetricDelta&) = default;
};

struct CrossCall {
  std::string caller, callee;  // identity: qualified names
  std::string from_context, to_context;
  unsigned sites = 0;  // call sites, summed over overloads
  Location location;   // the smallest site, relative to the side's root
  friend bool operator==(const CrossCall&, const CrossCall&) = default;
};

struct CrossAccess {
  std::string function, table, mode;  // identity; mode "read" | "write"
  std::string context, owner;
  Location location;  // the smallest site, relative to the side's root
  friend bool operator==(const CrossAccess&, const CrossAccess&) = default;
};

using ContextCycle = std::vector<std::string>;  // sorted context names

// What one side has, sorted by identity: the input of the comparison.
struct Crossings {
  std::vector<CrossCall> calls;
  std::vector<CrossAccess> accesses;
  std::vector<ContextCycle> cycles;
};
Crossings crossings_of(const Model& model, const ContextMap& contexts, const std::string& root);

struct Diff {
  std::string old_label, new_label, contexts_source;
  std::vector<MetricDelta> metrics;  // keys on both sides, sorted
  // cross_context_calls, cross_context_accesses, context_cycles: counts on each side.
  std::vector<MetricDelta> totals;
  // Added: as the new side has them; removed: as the old side had them.
  std::vector<CrossCall> calls_added, calls_removed;
  std::vector<CrossAccess> accesses_added, accesses_removed;
  std::vector<ContextCycle> cycles_added, cycles_removed;

  // Nothing added or removed (metrics may still move).
  bool unchanged() const;
};

Diff diff(const DiffSide& old_side, const DiffSide& new_side);

// The outputs: aligned text for a terminal, a stable JSON document (sorted
// keys, version 1), Markdown for a pull-request comment.
std::string render_diff_text(const Diff& diff);
std::string render_diff_json(const Diff& diff);
std::string render_diff_markdown(const Diff& diff);

}  // namespace cleave::check
