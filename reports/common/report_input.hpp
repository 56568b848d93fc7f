// What every report generator reads, and the lookups they share.
//
// Contract
//  - Reports are pure functions of (Model, Proposal, findings, project name,
//    root): no clock, no environment, no file system. Same input, same bytes.
//  - Everything a report shows that came from the analysed code (names,
//    paths, SQL, diagnostics) goes through the escaping helpers of its
//    format (escape.hpp); nothing from the input is trusted as markup.
//  - Reports read the Model, the Proposal and the findings only, never the
//    front end.
//  - One ReportContext serves a whole run: every generator reads the same
//    lookups, and a graph is laid out once however many outputs show it
//    (services.svg and the HTML's map share one layout).
#pragma once

#include "config/config.hpp"
#include "core/findings.hpp"
#include "decompose/proposal.hpp"
#include "model/model.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cleave::report {

struct ReportInput {
  const Model& model;
  const Proposal& proposal;
  std::string project_name;
  std::string root;  // paths under it are shown relative to it (model.json writes them so)
  // What a person may act on. nullptr when the caller has none to give: the
  // reports then leave the Findings section out; an empty list says "none".
  const std::vector<Finding>* findings = nullptr;
  // What `cleave sam` (the "sam" format) writes: architecture, sizes, table mode.
  config::SamConfig sam{};
};

// One file a generator writes.
struct OutputFile {
  std::string path;  // relative to the output directory, '/'-separated, built only from sanitised names
  std::string content;
};

// Lays a DOT text out as SVG. Production passes dot_to_svg (reports/dot);
// tests pass their own to count layouts.
using LayoutFn = std::function<std::string(const std::string& dot)>;

// A service-to-service dependency, bundled: one per ordered pair, with calls
// (call weight above 0; a dependency of weight 0 is only a table access).
struct ServiceLink {
  std::string from;  // the caller (downstream)
  std::string to;    // the callee (upstream)
  unsigned weight = 0;
  std::string style;  // "sync" | "async" | "mixed"
};

// The one set of counts every format shows (console, report.md,
// report.html; model.json's summary holds the same): a format never counts
// for itself.
struct ParseHealth {
  unsigned tus = 0, clean = 0, with_errors = 0, failed = 0;
  unsigned classes = 0, functions = 0;  // functions: is_function_kind
  unsigned tables = 0;                  // tables of the model (in a schema or accessed); stored routines are not tables
  // sql_sites = resolved_sites + unresolved_sites + no_table_sites (DataAccessFacts)
  unsigned sql_sites = 0, resolved_sites = 0, partly_resolved = 0, unresolved_sites = 0, no_table_sites = 0;
  std::string table_prefix;  // DataAccessFacts::table_prefix
  unsigned prefixed_tables = 0;
  std::map<std::string, unsigned> no_table_kinds;  // DataAccessFacts::no_table_kinds
  unsigned unresolved_sql = 0;                     // what could not be read, one per CLV-SQL-001 finding
  unsigned unresolved_calls = 0;
  bool partial() const { return with_errors + failed + unresolved_sql > 0; }
  // Code was read but no call reached a database API: the tables' owners are a guess.
  bool no_sql() const { return tus > 0 && sql_sites == 0; }
};

ParseHealth parse_health(const Model& model);

// "145 SQL sites: 137 resolved to tables, 1 unresolved, 7 naming no table
// (5 transaction control, 2 session settings)"; "no SQL site found" when
// there is none. A model.json of an older cleave, without the kinds, says
// "(BEGIN, COMMIT, SET...)".
std::string sql_sites_summary(const ParseHealth& h);
// "schema from 1 file: db/schema.sql; 2 other .sql files define no table and
// were not read: db/seed.sql, scratch.sql"; "no schema file read" when none.
// Paths relative to `root`.
std::string schema_files_summary(const DataAccessFacts& data, const std::string& root);
// What was set aside as not the product (issue 16, items 7 and 8):
// "vendored code left out: dep/recast (48 files, folder name), libs/fmt (12
// files, own licence file LICENSE); generated code taken as wire contracts
// (shared kernel): 374 files: 370 protobuf (under build/proto), 4 Qt moc
// (under build)"; "" when none.
// Paths relative to `root`.
std::string origins_summary(const Model& model, const std::string& root);
// What a partial analysis misses in SQL: "1 of 145 SQL sites could not be
// resolved to tables, 2 more only in part"; "" when nothing is missing.
std::string unresolved_sql_summary(const ParseHealth& h);

// Lookups built once per run; the Model's own index is not required, so a
// hand-built Model (tests) works as well as a merged one. Not thread-safe:
// generators run one after another (the layout cache is unguarded).
class ReportContext {
 public:
  explicit ReportContext(const ReportInput& input, LayoutFn layout = {});

  const ReportInput& input() const { return in_; }
  const Model& model() const { return in_.model; }
  const Proposal& proposal() const { return in_.proposal; }
  const std::string& project_name() const { return in_.project_name; }
  const std::string& root() const { return in_.root; }
  bool has_findings() const { return in_.findings != nullptr; }
  const std::vector<Finding>& findings() const;  // empty when none were given

  // The SVG of a DOT text, laid out on first request and kept for the run.
  // Throws std::logic_error when the context has no layout function, and
  // whatever the layout throws (nothing is kept then).
  const std::string& svg(const std::string& dot) const;
  std::size_t layouts() const { return layouts_; }  // layouts computed so far

  const Symbol* symbol(const std::string& id) const;
  const Symbol* symbol_by_name(const std::string& qualified_name) const;  // first by id when overloaded
  const Service* service(const std::string& name) const;
  const Table* table(const std::string& name) const;
  const TableOwnership* ownership(const std::string& table) const;

  // The service a symbol (USR) belongs to; "" for the shared kernel and for
  // symbols no service claims.
  std::string service_of_symbol(const std::string& id) const;
  std::string service_of_name(const std::string& qualified_name) const;

  // Path relative to the root when below it; "file:line" for a location.
  std::string rel(const std::string& path) const;
  std::string where(const Location& loc) const;
  std::string where_symbol(const std::string& qualified_name) const;  // "" when unknown

  // Every table named anywhere (schema, accesses, proposal), sorted.
  const std::vector<std::string>& table_names() const { return table_names_; }
  const std::vector<std::string>& service_names() const { return service_names_; }
  const std::vector<ServiceLink>& links() const { return links_; }

  // CRUD letters ("CRUD" order, cleave::crud_letters, the rule of `cleave
  // tables`) per (table, service); service "" = code no service owns (shared
  // kernel or unassigned). No entry where only DDL or routine calls reach.
  std::string crud(const std::string& table, const std::string& service) const;
  const std::map<std::pair<std::string, std::string>, std::string>& crud_map() const { return crud_; }

  // Tables several services write, or that are accessed but owned by nobody.
  bool is_conflict(const std::string& table) const;

  const ParseHealth& health() const { return health_; }
  unsigned class_count() const { return health_.classes; }
  unsigned function_count() const { return health_.functions; }

 private:
  ReportInput in_;
  std::unordered_map<std::string, const Symbol*> by_id_;
  std::unordered_map<std::string, const Symbol*> by_name_;
  std::map<std::string, const Service*> services_;
  std::map<std::string, const Table*> tables_;
  std::map<std::string, const TableOwnership*> ownership_;
  std::unordered_map<std::string, std::string> member_service_;  // qualified name -> service
  std::vector<std::string> table_names_;
  std::vector<std::string> service_names_;
  std::vector<ServiceLink> links_;
  std::map<std::pair<std::string, std::string>, std::string> crud_;
  ParseHealth health_;
  LayoutFn layout_;
  mutable std::unordered_map<std::string, std::string> svg_;  // DOT text -> SVG
  mutable std::size_t layouts_ = 0;
};

// Findings of one rule, for the reports' Findings sections.
struct FindingGroup {
  std::string rule;                      // the rule id
  const Rule* entry = nullptr;           // its catalogue entry; nullptr when the id is in no catalogue
  std::vector<const Finding*> findings;  // by file, line, message: the input's order never shows
};

// Groups by rule id, sorted by id.
std::vector<FindingGroup> findings_by_rule(const std::vector<Finding>& findings);

// Numbers for people: integers without a fraction, others with up to three
// decimals, locale-independent.
std::string format_number(double value);

}  // namespace cleave::report
