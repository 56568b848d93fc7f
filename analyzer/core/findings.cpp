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

// Details of the drift-check rules, for docs/rules/<ID>.md: what triggers
// each and how it is fixed, on a clinic whose billing context owns the
// invoices and patients the pets.
namespace rule_details {

constexpr std::string_view kArcForbidden = R"md(Given this architecture, `notify` may depend on nothing:

```yaml
contexts:
  notify:
    paths: ["src/notify/**"]
  billing:
    paths: ["src/billing/**"]
    tables: [invoices, payments]
```

this code of `notify` reaches into `billing`:

```cpp
// src/notify/ReminderService.cpp
int ReminderService::queueDebtReminders() {
    billing::InvoiceService invoices(db_);            // CLV-ARC-001: notify -> billing
    for (const auto& invoice : invoices.overdue()) schedule(invoice.ownerId, "debt");
    ...
}
```

Fix it by moving the code to the context whose work it does (here `billing` would send
the reminders through an API `notify` offers), or, when the dependency is right, by
allowing it after review:

```yaml
  notify:
    depends_on:
      billing: sync
```
)md";

constexpr std::string_view kArcWrongKind = R"md(`notify` may reach `billing` only through events and commands:

```yaml
  notify:
    depends_on:
      billing: async
```

A call whose result is used is a query, which needs a synchronous API:

```cpp
// src/notify/ReminderService.cpp
const Money owed = invoices_.balance(ownerId);   // CLV-ARC-002: a query into an async dependency
if (owed > Money{}) schedule(ownerId, "debt");
```

Fix it by turning the question around: `billing` publishes an event when a balance
becomes overdue and `notify` reacts to it, or `notify` sends a command whose result it
does not use. If the team decides a query is right, make the dependency `sync`.
)md";

constexpr std::string_view kArcForeignRead = R"md(`invoices` is owned by `billing`; `reporting` reads it directly:

```cpp
// src/reporting/ReportBuilder.cpp
auto rows = db_.query("SELECT owner_id, total FROM invoices WHERE paid = 0");   // CLV-ARC-003
```

Once the database is split this read has no table to run against. Fix it by asking the
owner through its API (`invoices_.unpaid()`), or by keeping a read model in `reporting`
fed by `billing`'s events. A read the team accepts for now is written down:

```yaml
  reporting:
    depends_on:
      billing: {kind: sync, tables: {invoices: read}}
```
)md";

constexpr std::string_view kArcForeignWrite = R"md(`invoices` is owned by `billing`; `pharmacy` writes it:

```cpp
// src/pharmacy/Prescription.cpp
db_.execute("UPDATE invoices SET total = total + ? WHERE id = ?", {price, invoiceId});   // CLV-ARC-004
```

Two contexts writing one table cannot be split: whichever moves out first breaks the
other. Fix it by sending the owner a command, which keeps its rules in one place:

```cpp
invoices_.addLine(invoiceId, InvoiceLine{"dispensed " + item.name, price});
```
)md";

constexpr std::string_view kArcCycle =
    R"md(The architecture lets `billing` depend on `patients` (an invoice names an owner):

```yaml
  billing:
    depends_on:
      patients: sync
```

Now `patients` calls back into `billing`:

```cpp
// src/patients/PatientService.cpp
bool PatientService::canMergeOwners(std::int64_t a, std::int64_t b) {
    return billing_.balance(a) == Money{} && billing_.balance(b) == Money{};   // patients -> billing
}
```

`billing` and `patients` now depend on each other (CLV-ARC-005, besides the CLV-ARC-001 of
the new call): neither can be extracted or deployed alone. A cycle is reported when the
code has it and the architecture's `depends_on` does not. Fix it by removing one
direction: move `canMergeOwners` into `billing`, or let `billing` publish a
`BalanceSettled` event that `patients` keeps what it needs from.
)md";

constexpr std::string_view kArcUnassigned = R"md(A new folder matched by no path, namespace or symbol of any context:

```cpp
// src/loyalty/PointsLedger.cpp
namespace vet::loyalty {
class PointsLedger { ... };   // CLV-ARC-006: in no context
}
```

The message names the context cleave would put it in, and why (the code it calls and
the tables it uses). Fix it by adding the folder, the namespace or the class to a
context:

```yaml
  billing:
    paths: ["src/billing/**", "src/loyalty/**"]
```
)md";

constexpr std::string_view kArcTableUnowned = R"md(The code starts using a table that no context lists:

```cpp
// src/loyalty/PointsLedger.cpp
db_.execute("INSERT INTO loyalty_points(owner_id, points) VALUES(?, ?)", {ownerId, points});   // CLV-ARC-007
```

Every table needs one owner, or nobody knows which service keeps it. Fix it by adding
the table to the context that writes it:

```yaml
  billing:
    tables: [invoices, loyalty_points, payments]
```
)md";

constexpr std::string_view kArcKernelTable =
    R"md(The shared kernel is a library every context links; it owns no data. Here the logger
of the kernel writes the audit table:

```cpp
// src/common/Logger.cpp (shared_kernel: paths ["src/common/**"])
void Logger::info(const std::string& component, const std::string& message) {
    db_.execute("INSERT INTO audit_log(component, message) VALUES(?, ?)", {component, message});   // CLV-ARC-008
}
```

Every service would then write `audit_log`. Fix it by moving the write into the context
that owns the table (`reporting` records audit entries; the logger only logs), or by
moving the class out of the kernel into that context.
)md";

constexpr std::string_view kArcLimit = R"md(Limits apply to every context, and a context may set its own:

```yaml
limits: {max_units: 80, max_tables: 8, max_dependencies: 4}
contexts:
  billing:
    limits: {max_units: 40}
```

When `billing` grows to 41 classes and free functions, or comes to own a ninth table, or
its code depends on a fifth context, CLV-ARC-009 names the limit and the figure. Fix it by
splitting the context or moving code out of it; raising the limit is a decision to take
in review, with the reason in the context's `notes`.
)md";

constexpr std::string_view kArcStaleEntry = R"md(An entry that names nothing any more:

```yaml
  billing:
    symbols: [vet::billing::LegacyLedger]   # the class was deleted
    tables: [invoices, ledger_2009]         # no code or schema has this table
```

A stale entry hides mistakes (a typo in a path matches nothing and places nothing). Fix
or remove the entry, or run `cleave accept` to rewrite the file from the code: it keeps
the comments, notes, limits and names people wrote.
)md";

}  // namespace rule_details

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
         "architecture.yaml (depends_on) after review.",
         rule_details::kArcForbidden},
        {kArcWrongKind, Severity::Error,
         "A context makes a synchronous call (one whose result it uses) into a context it may only reach through "
         "events.",
         "Publish an event or send a command instead of asking for an answer, or make the dependency sync in "
         "architecture.yaml after review.",
         rule_details::kArcWrongKind},
        {kArcForeignRead, Severity::Error, "Code of one context reads a table another context owns.",
         "Ask the owner through its API or keep a read model fed by its events; or allow the read under "
         "depends_on.<owner>.tables in architecture.yaml.",
         rule_details::kArcForeignRead},
        {kArcForeignWrite, Severity::Error, "Code of one context writes a table another context owns.",
         "Send the owner a command; only the owner writes its tables.", rule_details::kArcForeignWrite},
        {kArcCycle, Severity::Error,
         "Contexts depend on each other in a cycle the architecture does not have; none of them can be "
         "extracted alone.",
         "Remove one dependency of the cycle (turn it into an event, or move the code).", rule_details::kArcCycle},
        {kArcUnassigned, Severity::Error, "A class or function belongs to no context of the architecture.",
         "Add it (or its folder or namespace) to the context cleave suggests, or to another, in architecture.yaml.",
         rule_details::kArcUnassigned},
        {kArcTableUnowned, Severity::Error, "The code accesses a table no context owns.",
         "Add the table to the tables of the context that writes it, in architecture.yaml.",
         rule_details::kArcTableUnowned},
        {kArcKernelTable, Severity::Error,
         "Shared-kernel code accesses a table; the kernel is a library every context links, it owns no data.",
         "Move the access into the context that owns the table, or move the code out of the kernel.",
         rule_details::kArcKernelTable},
        {kArcLimit, Severity::Error, "A context grew past a limit the architecture sets (units, tables, dependencies).",
         "Split the context or move code out of it; or raise the limit in architecture.yaml after review.",
         rule_details::kArcLimit},
        {kArcStaleEntry, Severity::Warning,
         "An entry of architecture.yaml (a path, namespace, symbol or table) matches nothing in the code.",
         "Fix or remove the entry; re-run 'cleave accept' to rewrite the file from the code.",
         rule_details::kArcStaleEntry},
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

std::string rule_catalogue_text() { return rule_catalogue_text(""); }

std::string rule_catalogue_text(std::string_view prefix) {
  std::string out;
  for (const Rule& r : rule_catalogue()) {
    if (!r.id.starts_with(prefix)) continue;
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
      "Generated from `rule_catalogue()` (analyzer/core/findings.cpp); `cleave --list-rules` prints the same.\n"
      "Each id links to its page under `rules/`; `cleave check --list-rules` prints the CLV-ARC rules.\n\n"
      "| id | severity | what it means | what to do |\n| --- | --- | --- | --- |\n";
  for (const Rule& r : rule_catalogue()) {
    const std::string id(r.id);
    out += "| [" + id + "](rules/" + id + ".md) | " + std::string(to_string(r.severity)) + " | " +
           std::string(r.summary) + " | " + std::string(r.remedy) + " |\n";
  }
  return out;
}

std::string rule_doc_markdown(const Rule& r) {
  const std::string id(r.id);
  std::string out = "# " + id + "\n\n";
  out += "Default severity: **" + std::string(to_string(r.severity)) + "**\n\n";
  out += std::string(r.summary) + "\n\n## What to do\n\n" + std::string(r.remedy) + "\n";
  if (!r.details.empty()) out += "\n## Example\n\n" + std::string(r.details);
  if (r.id.starts_with("CLV-ARC-")) {  // the drift check: architecture.yaml sets its severity
    out +=
        "\n## How to configure\n\n"
        "`cleave check` reports this rule at the severity `architecture.yaml` gives it under `rules:`, or\n"
        "leaves it out when that is `off`; without an entry it is " +
        std::string(to_string(r.severity)) +
        ":\n\n"
        "```yaml\nrules:\n  " +
        id +
        ": warning   # error | warning | note | off\n```\n\n"
        "`cleave check --fail-on` sets the lowest severity of a new violation that fails the check\n"
        "(default: error). A violation recorded by `cleave baseline` fails it no more; see\n"
        "[docs/ci](../ci/README.md).\n";
  }
  out += "\n---\nGenerated from `rule_catalogue()` (analyzer/core/findings.cpp); [all rules](../rules.md).\n";
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
