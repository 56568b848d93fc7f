// The program model: facts from every TU merged by USR, with roll-ups.
//
// Contract
//  - A symbol appears once, whatever the number of TUs that saw it; its
//    location is its definition when any TU saw one.
//  - Edges are aggregated: one entry per (from, to, kind) with a weight that
//    counts the distinct sites, and a loop weight that counts those of them
//    inside a loop of the caller.
//  - All vectors are sorted (symbols by name then id, edges by from, to, kind)
//    so that serialising the model is deterministic regardless of TU order.
//  - Boost.Graph descriptors never leave this stage: ProgramGraph wraps them.
#pragma once

#include "core/data_access.hpp"
#include "core/facts.hpp"
#include "model/program.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cleave {

struct ModelEdge {
  std::string from;
  std::string to;
  EdgeKind kind = EdgeKind::Call;
  unsigned weight = 0;
  Location first_site;  // smallest site, for "show me where"
  // Call: how many of the distinct sites are inside a loop of the caller
  // (Edge::in_loop); a Dispatch edge takes its call's. Roll-ups sum them.
  unsigned loop_weight = 0;
  Location first_loop_site;  // the smallest of those; empty when loop_weight is 0

  friend bool operator==(const ModelEdge&, const ModelEdge&) = default;
};

// Code in the project tree that is not the product (issue 16, items 7 and 8).
// A vendored tree is a library someone else wrote, kept in the tree: its
// facts are left out of the model. A generated file (protobuf, Qt moc, a
// file under the build directory or whose header says so) is a wire
// contract: its symbols stay in the model, and the decomposition puts them
// in the shared kernel, never in a service.
struct VendoredTree {
  std::string path;  // the folder (absolute), or the --third-party glob that matched
  std::string
      reason;  // why: "folder name", "own licence file LICENSE", "own build project meson.build", "--third-party"
  unsigned files = 0;  // files under it the parse read
  friend bool operator==(const VendoredTree&, const VendoredTree&) = default;
};

struct GeneratedFile {
  std::string file;  // absolute
  std::string kind;  // "protobuf" | "Qt moc" | "Qt resource" | "Qt ui" | "generated banner" | "build directory"
  friend bool operator==(const GeneratedFile&, const GeneratedFile&) = default;
};

struct Model {
  std::vector<Symbol> symbols;
  std::vector<ModelEdge> edges;  // symbol level, every EdgeKind
  std::vector<UnresolvedCall> unresolved_calls;
  std::vector<TuSummary> tus;

  // Roll-ups: method/field edges lifted to their class (free functions stay
  // themselves), and every edge lifted to the files of its endpoints.
  std::vector<ModelEdge> class_edges;
  std::vector<ModelEdge> file_edges;

  DataAccessFacts data;
  std::vector<Hazard> hazards;           // unique, sorted; project code only (issue 17)
  std::vector<VendoredTree> vendored;    // by path
  std::vector<GeneratedFile> generated;  // by file

  // Lookup; rebuilt by index().
  std::unordered_map<std::string, std::size_t> by_id;
  void index();
  const Symbol* find(const std::string& id) const;

  // The class a method, constructor, destructor or field belongs to; the
  // symbol itself for classes and free functions; nullopt for the rest.
  std::optional<std::string> unit_of(const std::string& id) const;
};

// The model of a program whose data access is known: symbols sorted, edges
// aggregated and filtered to project symbols, dispatch edges and roll-ups.
Model build_model(Program&& program, DataAccessFacts data = {});

// Fold and build at once (tests, small inputs). Independent of TU order.
Model merge(std::vector<TuFacts> tus);

}  // namespace cleave
