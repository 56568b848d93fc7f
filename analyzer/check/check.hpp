// The drift check (issue 13): the code as it is now against the accepted
// architecture (check/architecture.hpp), and a baseline of violations a team
// has chosen to live with for now.
//
//   Model + Architecture --evaluate--> violations --compare(baseline)--> CheckResult
//   Model + Proposal (+ previous Architecture) --accept--> Architecture
//
// Contract
//  - A violation's identity is (rule, from, to): entities by qualified name
//    (a function, a class, a table, a context), never a file or a line, so
//    moving code leaves the baseline matching. Its location is the best
//    file:line for a reader, relative to the project root.
//  - One violation per identity: the smallest location of its sites wins.
//  - Deterministic: violations sorted by rule, from, to.
//  - The rules are CLV-ARC-001..010 of the findings catalogue; the
//    architecture's `rules:` changes a rule's severity or turns it off.
//  - accept() gives an architecture that evaluate() finds no violation in
//    against the same model: every dependency, foreign table access and
//    cycle the proposal keeps is written down as allowed.
#pragma once

#include "check/architecture.hpp"
#include "core/findings.hpp"
#include "decompose/proposal.hpp"
#include "model/model.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::check {

enum class BaselineState : std::uint8_t { New, Unchanged, Absent };
std::string_view to_string(BaselineState state);  // "new" | "unchanged" | "absent" (SARIF baselineState)

struct Violation {
  std::string rule;  // CLV-ARC-0NN
  Severity severity = Severity::Error;
  std::string from;         // identity: the entity that crosses (function, class, context, table)
  std::string to;           // identity: what it crosses into; may be empty
  std::string message;      // one sentence a person reads, with the suggestion when there is one
  Location location;        // relative to the project root; file empty when there is no place in the code
  std::string fingerprint;  // 16 hex digits of (rule, from, to); see fingerprint_of
  BaselineState state = BaselineState::New;

  friend bool operator==(const Violation&, const Violation&) = default;
};

// What `cleave check` found, ready for every output format.
struct CheckResult {
  std::string architecture_file;  // as given (relative when it was)
  std::string baseline_file;      // empty: no baseline
  // New and baselined (state Unchanged) violations, sorted by rule, from, to.
  std::vector<Violation> violations;
  // Baseline entries that no longer occur (state Absent): stale.
  std::vector<Violation> stale;
  bool allow_stale = false;
  std::size_t contexts = 0, units = 0, tables = 0;  // what was checked
};

// Where the code belongs: symbol USR -> context name (kKernelName for the
// shared kernel), for every unit (outermost project class, free function)
// and every method an entry of `symbols` places on its own. Units no entry
// matches are absent.
std::map<std::string, std::string> contexts_of(const Model& model, const Architecture& architecture,
                                               const std::string& root);

// The units the check places: outermost project classes and free functions.
std::size_t count_units(const Model& model);

// Violations of `architecture` in `model`; locations relative to `root`.
// Rules turned off are left out; severities follow the architecture.
std::vector<Violation> evaluate(const Model& model, const Architecture& architecture, const std::string& root);

// The architecture that holds `proposal` on `model`. With `previous` (the
// file being replaced), its notes, limits, severities and context names (a
// service that keeps most of a previous context's units keeps its name)
// carry over.
Architecture accept(const Model& model, const Proposal& proposal, const std::string& root,
                    const Architecture* previous = nullptr);

// The baseline file: JSON, written only by `cleave baseline`, never by CI.
//   {"version": 1, "architecture": "architecture.yaml",
//    "violations": [{"rule", "from", "to", "fingerprint", "message", "file", "line"}]}
// "message", "file" and "line" are for readers; matching uses (rule, from, to).
std::string write_baseline(const std::vector<Violation>& violations, const std::string& architecture_file);
// Throws InputError naming the file (and the line of a JSON syntax error).
std::vector<Violation> parse_baseline(std::string_view text, const std::string& file);
std::vector<Violation> load_baseline(const std::string& file);

// Marks each violation New or Unchanged (in the baseline), and lists the
// baseline entries that no longer occur as stale (Absent).
CheckResult compare(std::vector<Violation> now, const std::vector<Violation>* baseline);

// When a check fails: a new violation at `fail_on` severity or above, or a
// stale baseline entry unless `allow_stale`.
bool fails(const CheckResult& result, Severity fail_on = Severity::Error);

}  // namespace cleave::check
