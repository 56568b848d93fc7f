#include "core/findings.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace cleave {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Note:
      return "note";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::Note, Severity::Warning, Severity::Error}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

const std::vector<Rule>& rule_catalogue() {
  using namespace rules;
  static const std::vector<Rule> catalogue = [] {
    std::vector<Rule> r{
        {kTuFailed, Severity::Error, "A translation unit could not be parsed; it contributed no facts.",
         "Check the compile command in compile_commands.json (or pass --extra-arg/--remove-arg) and run again."},
        {kTuErrors, Severity::Warning, "A translation unit parsed with errors; its facts may be incomplete.",
         "Read the first diagnostics; a missing include path or a flag libclang does not take is the usual cause."},
        {kFlagDropped, Severity::Note, "A compile flag libclang cannot take was dropped before parsing.",
         "Nothing, unless the flag changes meaning (then pass an equivalent with --extra-arg)."},
        {kSqlUnresolved, Severity::Warning,
         "A call reaches a database API but its SQL or tables could not be determined.",
         "Name the project's own database API in .cleave.yaml (sql: rules) or make the SQL a constant."},
        {kNoSql, Severity::Warning,
         "No call in the code reaches a database API cleave knows: which service owns which table is a guess from "
         "names and foreign keys.",
         "Name the project's database API in .cleave.yaml (sql: rules), or check that the translation units that "
         "talk to the database are in the compilation database."},
        {kTableUnaccessed, Severity::Note, "A table declared in the schema is accessed by no code cleave read.",
         "Check whether the table is dead, or accessed through SQL cleave could not resolve."},
        {kTableUndeclared, Severity::Warning, "A table accessed by the code is declared in no schema file.",
         "Point cleave at the schema with --schema or .cleave.yaml (sql: schema)."},
        {kConfigUnmatched, Severity::Warning, "An entry of the decomposition config matches nothing in the code.",
         "Fix the name or glob in .cleave.yaml, or remove the entry."},
        {kDataSeeded, Severity::Note,
         "Data contexts were seeded before clustering, since one service would have owned most tables.",
         "Review the data contexts; pin them in .cleave.yaml if the split is right."},
        {kServiceCycle, Severity::Warning, "Proposed services depend on each other in a cycle.",
         "Extract the services of the cycle together, or turn one direction into an event."},
        {kDistributedTx, Severity::Warning,
         "A transaction writes tables that the proposal gives to different services.",
         "Replace it with the saga the proposal lists, or keep the tables in one service."},
        {kFitState, Severity::Warning,
         "Code keeps mutable state in the process (a global, a static, a singleton, an in-process cache); a "
         "stateless function loses it between invocations and never shares it between instances.",
         "Move the state to DynamoDB or ElastiCache, or make it per-invocation."},
        {kFitLocalFile, Severity::Warning,
         "Code writes a local file outside /tmp or reads a local configuration file; a function's disk is its own "
         "and ephemeral.",
         "Write to S3; read configuration from environment variables or SSM parameters."},
        {kFitBackground, Severity::Warning,
         "Code starts threads, timers or event loops, or sleeps and polls; a function is frozen between "
         "invocations and billed while it waits.",
         "Use SQS, EventBridge Scheduler or Step Functions wait states."},
        {kFitServer, Severity::Warning,
         "Code listens on a socket or serves HTTP itself; a function is invoked, it never accepts connections.",
         "Put API Gateway in front (its HTTP API replaces an HTTP server), or keep the service as a container."},
        {kFitLongWork, Severity::Warning,
         "Code reads a whole table without paging; its cost grows with the data, past a function's 15-minute limit.",
         "Page the work through Step Functions, or run it as a scheduled function over batches."},
        {kFitDatabase, Severity::Note,
         "A service runs SQL on the monolith's relational database; Lambda's bursts of concurrency open a "
         "connection each.",
         "Put RDS Proxy in front of the database and reserve the function's concurrency until its tables move."},
        {kFitLoopCall, Severity::Warning,
         "A service calls another service synchronously in a loop; under Lambda's scaling each invocation "
         "multiplies the callee's load.",
         "Batch the calls into one request, or send the work as events through a queue."},
        {kArcForbidden, Severity::Error,
         "Code of one context calls, uses a type of, or references code of another context that the architecture "
         "does not let it depend on.",
         "Go through an allowed context, move the code to the context it belongs to, or allow the dependency in "
         "architecture.yaml (depends_on) after review."},
        {kArcWrongKind, Severity::Error,
         "A context makes a synchronous call (one whose result it uses) into a context it may only reach through "
         "events.",
         "Publish an event or send a command instead of asking for an answer, or make the dependency sync in "
         "architecture.yaml after review."},
        {kArcForeignRead, Severity::Error, "Code of one context reads a table another context owns.",
         "Ask the owner through its API or keep a read model fed by its events; or allow the read under "
         "depends_on.<owner>.tables in architecture.yaml."},
        {kArcForeignWrite, Severity::Error, "Code of one context writes a table another context owns.",
         "Send the owner a command; only the owner writes its tables."},
        {kArcCycle, Severity::Error,
         "Contexts depend on each other in a cycle the architecture does not have; none of them can be "
         "extracted alone.",
         "Remove one dependency of the cycle (turn it into an event, or move the code)."},
        {kArcUnassigned, Severity::Error, "A class or function belongs to no context of the architecture.",
         "Add it (or its folder or namespace) to the context cleave suggests, or to another, in architecture.yaml."},
        {kArcTableUnowned, Severity::Error, "The code accesses a table no context owns.",
         "Add the table to the tables of the context that writes it, in architecture.yaml."},
        {kArcKernelTable, Severity::Error,
         "Shared-kernel code accesses a table; the kernel is a library every context links, it owns no data.",
         "Move the access into the context that owns the table, or move the code out of the kernel."},
        {kArcLimit, Severity::Error, "A context grew past a limit the architecture sets (units, tables, dependencies).",
         "Split the context or move code out of it; or raise the limit in architecture.yaml after review."},
        {kArcStaleEntry, Severity::Warning,
         "An entry of architecture.yaml (a path, namespace, symbol or table) matches nothing in the code.",
         "Fix or remove the entry; re-run 'cleave accept' to rewrite the file from the code."},
    };
    std::sort(r.begin(), r.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
    return r;
  }();
  return catalogue;
}

const Rule* find_rule(std::string_view id) {
  for (const Rule& r : rule_catalogue()) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::string rule_catalogue_text() {
  std::string out;
  for (const Rule& r : rule_catalogue()) {
    std::string sev(to_string(r.severity));
    out += std::string(r.id) + "  " + sev + std::string(9 - sev.size(), ' ') + std::string(r.summary) + "\n";
    out += std::string(r.id.size() + 11, ' ') + "-> " + std::string(r.remedy) + "\n";
  }
  return out;
}

std::string rule_catalogue_markdown() {
  std::string out =
      "# Rules\n\n"
      "Every finding cleave reports names one of these rules. Ids are stable and never reused.\n"
      "Generated from `rule_catalogue()` (analyzer/core/findings.cpp); `cleave --list-rules` prints the same.\n\n"
      "| id | severity | what it means | what to do |\n| --- | --- | --- | --- |\n";
  for (const Rule& r : rule_catalogue()) {
    out += "| " + std::string(r.id) + " | " + std::string(to_string(r.severity)) + " | " + std::string(r.summary) +
           " | " + std::string(r.remedy) + " |\n";
  }
  return out;
}

Finding make_finding(std::string_view rule, std::string message, std::string subject, Location location) {
  const Rule* r = find_rule(rule);
  Finding f;
  f.rule = std::string(rule);
  f.severity = r ? r->severity : Severity::Warning;
  f.message = std::move(message);
  f.subject = std::move(subject);
  f.location = std::move(location);
  return f;
}

std::string fingerprint_of(std::string_view rule, std::string_view file, std::string_view subject) {
  // FNV-1a, 64 bits: stable across platforms and versions, unlike std::hash.
  std::uint64_t h = 0xcbf29ce484222325ULL;  // the offset basis (the facts format's checksum uses the same)
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;  // field separator: ("ab","c") differs from ("a","bc")
    h *= 1099511628211ULL;
  };
  mix(rule);
  mix(file);
  mix(subject);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void assign_fingerprints(std::vector<Finding>& findings) {
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;  // errors first
    return std::tie(a.location.file, a.location.line, a.location.column, a.rule, a.subject, a.message) <
           std::tie(b.location.file, b.location.line, b.location.column, b.rule, b.subject, b.message);
  });
  std::map<std::string, unsigned> seen;
  for (Finding& f : findings) {
    std::string fp = fingerprint_of(f.rule, f.location.file, f.subject);
    const unsigned n = ++seen[fp];
    f.fingerprint = n == 1 ? fp : fp + "#" + std::to_string(n);
  }
}

std::string format_finding(const Finding& f) {
  std::string out;
  if (!f.location.file.empty()) {
    out += f.location.file;
    if (f.location.line) out += ":" + std::to_string(f.location.line);
    out += ": ";
  }
  out += std::string(to_string(f.severity)) + ": " + f.message + " [" + f.rule + "]";
  return out;
}

}  // namespace cleave
