// Internal to analyzer/check: which code the architecture's entries place
// where, and what the code does across those places. evaluate() judges it,
// accept() writes it down.
#pragma once

#include "check/architecture.hpp"
#include "model/model.hpp"

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cleave::check::detail {

struct Unit {
  const Symbol* symbol = nullptr;
  std::string file;  // relative to the root
};

// A symbol's context: its own `symbols` entry (a method placed alone), else
// its unit's. Units: outermost project classes and free functions.
class Placement {
 public:
  Placement(const Model& model, const Architecture& architecture, const std::string& root);

  const std::vector<Unit>& units() const { return units_; }  // by name, then USR
  // The unit (outermost class, or the function) of any symbol; "" when none.
  const std::string& unit_of(const std::string& usr) const;
  // The context of a symbol, "" when no entry places it.
  const std::string& context_of(const std::string& usr) const;
  // What places a unit or method: the context of `name` (qualified) in `file`.
  std::string match(const std::string& name, const std::string& file) const;
  const std::map<std::string, std::string>& table_owner() const { return table_owner_; }
  // Entries that matched nothing: (context, "path:" / "namespace:" / "symbol:" / "table:" + entry).
  std::vector<std::pair<std::string, std::string>> unmatched() const;

 private:
  const Model& model_;
  const Architecture& architecture_;
  std::vector<Unit> units_;
  std::unordered_map<std::string, std::string> unit_;     // symbol USR -> unit USR
  std::unordered_map<std::string, std::string> context_;  // symbol USR -> context (units and placed methods)
  std::map<std::string, std::string> symbol_entry_, namespace_entry_;  // entry -> context
  std::vector<std::pair<std::string, std::string>> path_entry_;        // (glob, context), most specific first
  std::map<std::string, std::string> table_owner_;
  std::set<std::string> files_;  // every symbol's file, relative
};

// A call's result is used by the caller, so it cannot become an event: a
// non-void function or a constructor that is not named like an event.
bool is_query(const Symbol& callee);

// What the code does across contexts.
struct CrossEdge {
  const ModelEdge* edge = nullptr;
  std::string from_context, to_context;
};
struct ForeignAccess {
  const TableAccess* access = nullptr;
  std::string context, owner;  // owner "" when no context owns the table
};
struct Observed {
  std::vector<CrossEdge> edges;         // code dependencies between two contexts (to the kernel too)
  std::vector<ForeignAccess> accesses;  // table accesses outside the accessor's context (owner may be "")
  // context -> contexts it depends on (code or tables), with the smallest site.
  std::map<std::string, std::map<std::string, Location>> depends;
};
Observed observe(const Model& model, const Placement& placement);

// "calls", "uses the type", ... for an edge kind, in a sentence.
std::string verb_of(EdgeKind kind);

}  // namespace cleave::check::detail
