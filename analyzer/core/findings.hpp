// Findings: everything cleave reports that a person may act on, as data.
//
// Contract
//  - Every finding names a rule of the one catalogue (rule_catalogue()); ids
//    are stable ("CLV-<AREA>-<NNN>") and never reused for another meaning.
//  - Locations of findings are relative to the project root when the file is
//    below it, so a finding reads the same on every machine and in every clone.
//  - A fingerprint identifies a finding across edits: it hashes the rule, the
//    file and the subject (a symbol, table, flag or statement excerpt), never
//    a line or column, so moving code leaves it unchanged. Two findings with
//    the same rule, file and subject are told apart by their order
//    (assign_fingerprints), the way SARIF's partialFingerprints are.
//  - Findings are never exceptions: tool failures are (core/errors.hpp).
#pragma once

#include "core/facts.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cleave {

enum class Severity : std::uint8_t { Note, Warning, Error };
std::string_view to_string(Severity severity);  // "note" | "warning" | "error" (SARIF levels)
std::optional<Severity> parse_severity(std::string_view text);

struct Rule {
  std::string_view id;       // CLV-SQL-001
  Severity severity;         // default severity
  std::string_view summary;  // one line: what it means
  std::string_view remedy;   // one line: what to do about it
  // Optional, for docs/rules/<ID>.md: code that triggers the rule and its
  // fix, as Markdown. Empty for rules whose summary and remedy say it all.
  std::string_view details = {};
};

// Every rule cleave can report, sorted by id.
const std::vector<Rule>& rule_catalogue();
// nullptr when no rule has that id.
const Rule* find_rule(std::string_view id);
// The catalogue for `cleave --list-rules`: one rule a line, aligned; and as
// the Markdown table of docs/rules.md (a test holds the two together).
std::string rule_catalogue_text();
std::string rule_catalogue_markdown();
// The rules whose id starts with `prefix` ("CLV-ARC-" for `cleave check
// --list-rules`), as rule_catalogue_text() prints them.
std::string rule_catalogue_text(std::string_view prefix);
// docs/rules/<ID>.md: one page per rule (severity, meaning, remedy, details,
// how to configure it); docs/rules.md links every row to its page.
std::string rule_doc_markdown(const Rule& rule);

// Rule ids, so producers never spell one by hand.
namespace rules {
inline constexpr std::string_view kTuFailed = "CLV-TU-001";
inline constexpr std::string_view kTuErrors = "CLV-TU-002";
inline constexpr std::string_view kFlagDropped = "CLV-TU-003";
inline constexpr std::string_view kSqlUnresolved = "CLV-SQL-001";
inline constexpr std::string_view kNoSql = "CLV-SQL-002";
inline constexpr std::string_view kTableUnaccessed = "CLV-SCH-001";
inline constexpr std::string_view kTableUndeclared = "CLV-SCH-002";
inline constexpr std::string_view kConfigUnmatched = "CLV-CFG-001";
inline constexpr std::string_view kDataSeeded = "CLV-DEC-001";
inline constexpr std::string_view kServiceCycle = "CLV-DEC-002";
inline constexpr std::string_view kDistributedTx = "CLV-DEC-003";
inline constexpr std::string_view kFitState = "CLV-FIT-001";
inline constexpr std::string_view kFitLocalFile = "CLV-FIT-002";
inline constexpr std::string_view kFitBackground = "CLV-FIT-003";
inline constexpr std::string_view kFitServer = "CLV-FIT-004";
inline constexpr std::string_view kFitLongWork = "CLV-FIT-005";
inline constexpr std::string_view kFitDatabase = "CLV-FIT-006";
inline constexpr std::string_view kFitLoopCall = "CLV-FIT-007";
// cleave check: violations of the accepted architecture (analyzer/check).
inline constexpr std::string_view kArcForbidden = "CLV-ARC-001";
inline constexpr std::string_view kArcWrongKind = "CLV-ARC-002";
inline constexpr std::string_view kArcForeignRead = "CLV-ARC-003";
inline constexpr std::string_view kArcForeignWrite = "CLV-ARC-004";
inline constexpr std::string_view kArcCycle = "CLV-ARC-005";
inline constexpr std::string_view kArcUnassigned = "CLV-ARC-006";
inline constexpr std::string_view kArcTableUnowned = "CLV-ARC-007";
inline constexpr std::string_view kArcKernelTable = "CLV-ARC-008";
inline constexpr std::string_view kArcLimit = "CLV-ARC-009";
inline constexpr std::string_view kArcStaleEntry = "CLV-ARC-010";
}  // namespace rules

// A place that explains a finding: a diagnostic of a TU, another access.
struct RelatedLocation {
  Location location;
  std::string message;

  friend bool operator==(const RelatedLocation&, const RelatedLocation&) = default;
};

struct Finding {
  std::string rule;  // an id of the catalogue
  Severity severity = Severity::Warning;
  std::string message;  // one sentence a person reads
  std::string subject;  // what the finding is about, stable across edits
  Location location;    // primary; file empty when the finding has no place in the code
  std::vector<RelatedLocation> related;
  std::string fingerprint;  // set by assign_fingerprints

  friend bool operator==(const Finding&, const Finding&) = default;
};

// A finding of `rule` with the rule's default severity.
Finding make_finding(std::string_view rule, std::string message, std::string subject, Location location = {});

// The hash behind a fingerprint: 16 hex digits of rule, file and subject.
std::string fingerprint_of(std::string_view rule, std::string_view file, std::string_view subject);

// Sorts findings (severity first, then file, line, rule, message) and gives
// each its fingerprint; equal hashes get "#2", "#3" ... in that order.
void assign_fingerprints(std::vector<Finding>& findings);

// One line for a terminal: "file:line: warning: message [CLV-SQL-001]".
std::string format_finding(const Finding& finding);

}  // namespace cleave
