#include "reports/html/html_report.hpp"

#include "reports/common/escape.hpp"
#include "reports/common/metric_words.hpp"
#include "reports/common/service_facts.hpp"
#include "reports/dot/dot_report.hpp"
#include "reports/html/html_assets.hpp"
#include "reports/html/html_fitness.hpp"
#include "reports/html/html_pictures.hpp"
#include "reports/html/html_service.hpp"
#include "reports/html/html_writer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

namespace cleave::report {
namespace {

using namespace html;
using nlohmann::json;

// A metric's name as a cell: full name and key, its meaning as the tooltip.
Cell metric_cell(const std::string& key) { return {metric_title(key), "", "", metric_tooltip(key)}; }

// The proposal's metrics and the candidates considered, with a glossary of
// every metric shown (tooltips say the same on hover).
void quality(Writer& w, const ReportContext& ctx) {
  const Proposal& p = ctx.proposal();
  auto& out = w.out;
  out << "<h3>Quality metrics</h3>";
  std::vector<Row> rows;
  std::set<std::string> shown;
  for (const auto& [k, v] : p.metrics) {
    const MetricWords* words = metric_words(k);
    rows.push_back({metric_cell(k), {format_number(v)}, {words ? std::string(words->better) : ""}});
    shown.insert(k);
  }
  w.table("metrics", {"Metric", "Value", "Better"}, rows, "No metrics.");
  if (!p.candidates.empty()) {
    out << "<h3>Candidates considered</h3><p class=\"muted\">The same metrics for every number of services the "
           "search tried; the chosen row is the proposal.</p>";
    std::set<std::string> keys;
    for (const auto& c : p.candidates) {
      for (const auto& [k, v] : c.metrics) keys.insert(k);
    }
    std::vector<std::string> headers{"Services", "Chosen"}, titles{"", ""};
    for (const auto& k : keys) {
      headers.push_back(metric_title(k));
      titles.push_back(metric_tooltip(k));
    }
    shown.insert(keys.begin(), keys.end());
    rows.clear();
    for (const auto& c : p.candidates) {
      std::string chosen = c.chosen ? "yes" : "";
      if (c.refined_from > 0) chosen += ", made from the " + std::to_string(c.refined_from) + "-service candidate";
      Row r{{std::to_string(c.services)}, {chosen}};
      for (const auto& k : keys) {
        auto it = c.metrics.find(k);
        r.push_back({it == c.metrics.end() ? "" : format_number(it->second)});
      }
      rows.push_back(r);
    }
    w.table("candidates", headers, rows, "None.", false, titles);
  }
  if (shown.empty()) return;
  out << "<h3>Glossary of metrics</h3>";
  metric_glossary(out, {shown.begin(), shown.end()}, "glossary");
}

void overview(Writer& w, const ReportContext& ctx) {
  const ParseHealth& h = ctx.health();
  const Proposal& p = ctx.proposal();
  auto& out = w.out;
  out << "<section class=\"page\" id=\"page-overview\" data-route=\"overview\"><h2>The monolith in numbers</h2>"
         "<div class=\"cards\">";
  card(out, std::to_string(h.tus), "translation units");
  card(out, std::to_string(h.failed + h.with_errors), "TUs failed or with errors", h.failed + h.with_errors > 0);
  card(out, std::to_string(ctx.class_count()), "classes");
  card(out, std::to_string(ctx.function_count()), "functions");
  card(out, std::to_string(h.tables), "tables");
  if (!ctx.model().data.unaccessed_tables.empty()) {
    card(out, std::to_string(ctx.model().data.unaccessed_tables.size()), "schema tables no code accesses");
  }
  if (!ctx.model().data.undeclared_tables.empty()) {
    card(out, std::to_string(ctx.model().data.undeclared_tables.size()), "tables in no schema", true);
  }
  card(out, std::to_string(h.sql_sites), "SQL sites");
  card(out, std::to_string(h.unresolved_sites), "unresolved SQL sites", h.unresolved_sites > 0);
  card(out, std::to_string(h.unresolved_calls), "unresolved calls");
  card(out, std::to_string(ctx.service_names().size()), "proposed services");
  if (ctx.has_findings()) {
    const auto& findings = ctx.findings();
    const bool errors =
        std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::Error; });
    card(out, std::to_string(findings.size()), "findings", errors);
  }
  card(out, std::to_string(p.distributed_transactions.size()), "distributed transactions",
       !p.distributed_transactions.empty());
  out << "</div>\n<h3>Proposed services</h3>\n";
  std::vector<Row> rows;
  const bool fitness = has_fitness(p);
  // Several databases in the schema: the boundary its architects drew, shown beside each service.
  const bool databases =
      std::any_of(p.services.begin(), p.services.end(), [](const Service& s) { return !s.databases.empty(); });
  for (const std::string& name : ctx.service_names()) {
    const Service* s = ctx.service(name);
    std::vector<std::string> tables = s->tables;
    std::sort(tables.begin(), tables.end());
    rows.push_back({service_cell(name),
                    {std::to_string(s->classes.size())},
                    {std::to_string(s->functions.size())},
                    {join(tables)},
                    {std::to_string(s->api.size())}});
    if (databases) rows.back().insert(rows.back().begin() + 4, Cell{join(s->databases)});
    if (fitness) rows.back().push_back(fitness_cell(ctx, name));
  }
  std::vector<std::string> headers{"Service", "Classes", "Functions", "Owned tables", "API members"};
  if (databases) headers.insert(headers.begin() + 4, "Databases");
  if (fitness) headers.push_back("Lambda fitness");
  w.table("services", headers, rows, "No services were proposed.");
  for (const std::string& name : ctx.service_names()) {
    const Service* s = ctx.service(name);
    if (!s->stateful_core.empty())
      out << "<p class=\"stateful-core\"><strong>Stateful core, keep together:</strong> " << e(name) << " "
          << e(s->stateful_core) << ".</p>";
  }
  out << "<h3 id=\"shared-kernel\">Shared kernel</h3><p>A library every service may link; never a service. "
      << p.shared_kernel_classes.size() << " classes, " << p.shared_kernel_functions.size() << " functions.</p>";
  rows.clear();
  auto why = [&](const std::string& name) {
    auto it = p.shared_kernel_reasons.find(name);
    return Cell{it == p.shared_kernel_reasons.end() ? "" : it->second};
  };
  for (const auto& c : p.shared_kernel_classes) rows.push_back({{c}, {"class"}, w.loc_of(c), why(c)});
  for (const auto& f : p.shared_kernel_functions) rows.push_back({{f}, {"function"}, w.loc_of(f), why(f)});
  w.table("kernel", {"Name", "Kind", "Where", "Why in the kernel"}, rows, "Empty.");
  if (!p.warnings.empty() || !p.config_file.empty()) {
    out << "<h3>Configuration</h3>";
    if (!p.config_file.empty())
      out << "<p>Shaped by <span class=\"loc\">" << e(ctx.rel(p.config_file)) << "</span>.</p>";
    rows.clear();
    for (const auto& warning : p.warnings) rows.push_back({{warning.message}});
    w.table("warnings", {"Warning"}, rows, "No warnings.");
  }
  quality(w, ctx);
  out << "</section>\n";
}

void service_map(Writer& w, const ReportContext& ctx) {
  auto& out = w.out;
  out << "<section class=\"page\" id=\"page-map\" data-route=\"map\"><h2>Service map</h2>"
         "<p class=\"legend\"><span>Boxes: the step in the extraction order, the service, its classes, functions "
         "and tables, then the tables it owns.</span><span>Folder: the shared kernel, a library, with the services "
         "that use it (dotted).</span><span>Arrows: caller to callee, labelled and widened by call "
         "weight.</span><span>Solid: synchronous.</span><span>Dashed blue: "
         "asynchronous (events).</span><span>Double: both.</span></p>"
         "<div class=\"svgbox\" id=\"service-map\">"
      << inline_svg(ctx, render_services_dot(ctx)) << "</div></section>\n";
}

// The gaps between the schema and the code: neither list is an error, both
// are worth a look before anyone trusts the ownership above.
void schema_gaps(Writer& w, const ReportContext& ctx) {
  const Model& m = ctx.model();
  auto& out = w.out;
  out << "<h3 id=\"unaccessed-tables\">Schema tables no code accesses</h3><p class=\"muted\">Declared in a schema "
         "file, but no resolved SQL site reads or writes them: dead tables, tables reached only by SQL the analysis "
         "could not resolve (see Unresolved SQL), or tables other programs use. Their owner, if any, follows their "
         "foreign keys.</p>";
  std::vector<Row> rows;
  for (const std::string& t : m.data.unaccessed_tables) {
    const Table* schema = ctx.table(t);
    const TableOwnership* o = ctx.ownership(t);
    rows.push_back({{t},
                    schema ? w.loc(schema->defined_at) : Cell{},
                    o && !o->owner.empty() ? service_cell(o->owner) : Cell{"none", "", "muted"}});
  }
  sort_rows(rows);
  w.table("unaccessed-tables-list", {"Table", "Declared at", "Proposed owner"}, rows,
          "Every schema table is accessed by the code.");
  out << "<h3 id=\"undeclared-tables\">Tables the code uses that no schema declares</h3><p class=\"muted\">The "
         "code reaches them, but no schema file read declares them, so their keys and columns are unknown and no "
         "foreign key ties them to others. Pass the schema with <code>--schema</code> if it lives elsewhere.</p>";
  rows.clear();
  std::map<std::string, std::set<std::string>> reached;  // table -> services (kernel as "")
  std::map<std::string, Location> first;
  for (const TableAccess& a : m.data.accesses) {
    if (!std::binary_search(m.data.undeclared_tables.begin(), m.data.undeclared_tables.end(), a.table)) continue;
    reached[a.table].insert(ctx.service_of_symbol(a.symbol));
    auto [it, fresh] = first.emplace(a.table, a.loc);
    if (!fresh) it->second = std::min(it->second, a.loc);
  }
  for (const std::string& t : m.data.undeclared_tables) {
    std::vector<std::string> services(reached[t].begin(), reached[t].end());
    for (auto& s : services) {
      if (s.empty()) s = "(shared kernel)";
    }
    const TableOwnership* o = ctx.ownership(t);
    rows.push_back({{t},
                    {join(services)},
                    first.count(t) ? w.loc(first[t]) : Cell{},
                    o && !o->owner.empty() ? service_cell(o->owner) : Cell{"none", "", "muted"}});
  }
  sort_rows(rows);
  w.table("undeclared-tables-list", {"Table", "Reached from", "First access", "Proposed owner"}, rows,
          "Every table the code uses is declared in a schema.");
}

void tables_page(Writer& w, const ReportContext& ctx) {
  auto& out = w.out;
  const auto& services = ctx.service_names();
  bool has_unassigned = false;
  for (const auto& [key, letters] : ctx.crud_map()) has_unassigned |= key.second.empty();
  out << "<section class=\"page\" id=\"page-tables\" data-route=\"tables\"><h2>Table ownership</h2>"
         "<p>Rows: tables. Columns: services, with the CRUD letters of their code (C insert, R read, U update, "
         "D delete; an upsert is CU, a MERGE or a write of unknown kind CUD; DDL and routine calls add none). The "
         "owner's cell is green; a red row is a conflict: several services "
         "write it, or nobody owns it.</p>"
      << ownership_heat_map(ctx)
      << "<div class=\"tbl\"><input class=\"filter\" type=\"search\" "
         "placeholder=\"Filter by name\" aria-label=\"Filter\"><table "
         "id=\"ownership-matrix\"><thead><tr><th>Table</th>";
  const auto& tables = ctx.proposal().tables;
  const bool databases =
      std::any_of(tables.begin(), tables.end(), [](const TableOwnership& t) { return !t.database.empty(); });
  if (databases) out << "<th>Database</th>";
  for (const auto& s : services) out << "<th><a href=\"" << e(service_href(s)) << "\">" << e(s) << "</a></th>";
  if (has_unassigned) out << "<th class=\"muted\">(no service)</th>";
  out << "<th>Owner</th><th>Entropy</th><th>Resolution</th></tr></thead><tbody>";
  for (const std::string& t : ctx.table_names()) {
    const TableOwnership* o = ctx.ownership(t);
    std::string owner = o ? o->owner : "";
    bool conflict = ctx.is_conflict(t);
    out << "<tr data-table=\"" << e(t) << "\" data-owner=\"" << e(owner) << "\""
        << (conflict ? " class=\"conflict\"" : "") << "><td>" << e(t) << (conflict ? " (conflict)" : "") << "</td>";
    if (databases) out << "<td>" << e(o ? o->database : "") << "</td>";
    for (const auto& s : services) {
      out << "<td class=\"crud" << (s == owner ? " owner" : "") << "\">" << e(ctx.crud(t, s)) << "</td>";
    }
    if (has_unassigned) out << "<td class=\"crud\">" << e(ctx.crud(t, "")) << "</td>";
    out << "<td>" << (owner.empty() ? "<span class=\"muted\">none</span>" : e(owner)) << "</td><td>"
        << (o ? format_number(o->entropy) : "") << "</td><td>" << e(o ? o->resolution : "") << "</td></tr>";
  }
  out << "</tbody></table></div>";
  std::vector<Row> rows;
  for (const TableOwnership& t : ctx.proposal().tables) {
    for (const AccessResolution& a : t.accesses) {
      rows.push_back(
          {{t.name}, service_cell(a.service), {a.mode}, {a.resolution}, {a.detail}, {std::to_string(a.statements)}});
    }
  }
  sort_rows(rows);
  out << "<h3>How other services reach tables they do not own</h3>";
  w.table("resolutions", {"Table", "Service", "Mode", "Resolution", "Detail", "Statements"}, rows,
          "Every table is used by its owner only.");
  rows.clear();
  for (const CrossServiceForeignKey& fk : ctx.proposal().foreign_keys_to_cut) {
    rows.push_back(
        {{fk.table}, {join(fk.columns)}, {fk.ref_table}, service_cell(fk.table_owner), service_cell(fk.ref_owner)});
  }
  out << "<h3>Foreign keys that cross services</h3>";
  w.table("fks", {"Table", "Columns", "References", "Table owner", "Referenced owner"}, rows);
  schema_gaps(w, ctx);
  out << "</section>\n";
}

constexpr std::size_t kDsmHeaderChars = 14;

// A column header: the name, abbreviated past kDsmHeaderChars (the full name in the title).
std::string dsm_header(const std::string& name) {
  if (name.size() <= kDsmHeaderChars) return name;
  std::size_t cut = kDsmHeaderChars - 1;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return name.substr(0, cut) + "\u2026";
}

void dsm_page(Writer& w, const ReportContext& ctx) {
  auto& out = w.out;
  const DsmOrder order = dsm_order(ctx);
  const auto& services = order.services;
  std::map<std::pair<std::string, std::string>, unsigned> weight;
  unsigned max_weight = 1;
  for (const ServiceLink& l : ctx.links()) {
    weight[{l.from, l.to}] = l.weight;
    max_weight = std::max(max_weight, l.weight);
  }
  out << "<section class=\"page\" id=\"page-dsm\" data-route=\"dsm\"><h2>Dependency structure matrix</h2>"
         "<p>Row calls column; the number is the call weight. Order: services that call no one first, each "
         "service after the services it calls, so every dependency lies below the diagonal; services in a "
         "dependency cycle are grouped (shaded, a line above each group) and the cells above the diagonal, the "
         "calls that close a cycle, are outlined.</p><table id=\"dsm\" class=\"dsm\"><thead><tr><th></th>";
  for (const std::string& s : services)
    out << "<th class=\"col\" title=\"" << e(s) << "\">" << e(dsm_header(s)) << "</th>";
  out << "</tr></thead><tbody>";
  for (std::size_t i = 0; i < services.size(); ++i) {
    const bool starts_cycle = order.in_cycle[i] && (i == 0 || order.component[i - 1] != order.component[i]);
    out << "<tr data-service=\"" << e(services[i]) << "\"" << (starts_cycle ? " class=\"cycle-start\"" : "")
        << "><th><a href=\"" << e(service_href(services[i])) << "\">" << e(services[i]) << "</a></th>";
    for (std::size_t j = 0; j < services.size(); ++j) {
      const bool cycle = order.in_cycle[i] && order.component[i] == order.component[j];
      const std::string cls = std::string("dsm") + (i == j ? " diag" : "") + (cycle && i != j ? " cycle" : "");
      auto it = i == j ? weight.end() : weight.find({services[i], services[j]});
      if (it == weight.end()) {
        out << "<td class=\"" << cls << "\"></td>";
        continue;
      }
      const bool back = j > i;
      int alpha = 15 + static_cast<int>(70.0 * it->second / max_weight);
      out << "<td class=\"" << cls << (back ? " back" : "") << "\" title=\"" << e(services[i]) << " calls "
          << e(services[j]) << ": weight " << it->second << (back ? ", closes a cycle" : "")
          << "\" style=\"background:rgba(47,109,181,0." << (alpha < 10 ? "0" : "") << alpha << ")\">" << it->second
          << "</td>";
    }
    out << "</tr>";
  }
  out << "</tbody></table></section>\n";
}

void god_page(Writer& w, const ReportContext& ctx) {
  auto& out = w.out;
  out << "<section class=\"page\" id=\"page-god\" data-route=\"god\"><h2>God classes and their split plans</h2>";
  if (ctx.proposal().split_classes.empty()) out << "<p class=\"muted\">No class needs splitting.</p>";
  for (const SplitClass& c : ctx.proposal().split_classes) {
    out << "<h3>" << e(c.name) << " <span class=\"loc\">" << e(ctx.where_symbol(c.name)) << "</span></h3>";
    if (!c.reason.empty()) out << "<p>" << e(c.reason) << "</p>";
    out << split_picture(c);
    std::vector<Row> rows;
    for (const SplitMethod& m : c.methods) rows.push_back({{m.method}, w.loc_of(m.method), service_cell(m.service)});
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return std::tie(a[2].text, a[0].text) < std::tie(b[2].text, b[0].text);
    });
    w.table("split-" + slug(c.name), {"Method", "Where", "Goes to"}, rows);
  }
  out << "</section>\n";
}

void order_page(Writer& w, const ReportContext& ctx) {
  auto& out = w.out;
  out << "<section class=\"page\" id=\"page-order\" data-route=\"order\"><h2>Extraction order</h2>"
         "<p>Least impact first: extract one service at a time, strangler style.</p>"
      << roadmap_picture(ctx);
  std::vector<ExtractionStep> steps = ctx.proposal().extraction_order;
  std::sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.rank < b.rank; });
  std::vector<Row> rows;
  for (const auto& s : steps) {
    rows.push_back(
        {{std::to_string(s.rank)}, service_cell(s.service), {format_number(s.score)}, {join(s.reasons, "; ")}});
  }
  w.table("order", {"Rank", "Service", "Impact score", "Why"}, rows, "No order computed.");
  out << "</section>\n";
}

void transactions_page(Writer& w, const ReportContext& ctx) {
  auto& out = w.out;
  out << "<section class=\"page\" id=\"page-transactions\" data-route=\"transactions\"><h2>Distributed "
         "transactions</h2>"
         "<p>Transactions whose writes span several services: each becomes a saga.</p>";
  if (ctx.proposal().distributed_transactions.empty()) out << "<p class=\"muted\">None.</p>";
  for (const DistributedTransaction& t : ctx.proposal().distributed_transactions) {
    out << "<h3>" << e(t.function) << " <span class=\"loc\">" << e(ctx.where(t.loc))
        << "</span></h3><p>Services: " << e(join(t.services)) << ". Tables: " << e(join(t.tables)) << ".</p>"
        << saga_picture(t);
    std::vector<Row> rows;
    for (std::size_t i = 0; i < t.saga.size(); ++i) {
      const SagaStep& s = t.saga[i];
      rows.push_back({{std::to_string(i + 1)},
                      service_cell(s.service),
                      {s.action},
                      {s.compensation},
                      {s.pivot ? "pivot: once it commits, the saga only goes forward" : ""}});
    }
    w.table("saga-" + slug(t.id), {"Step", "Service", "Action", "Compensation", "Pivot"}, rows, "No saga proposed.");
  }
  out << "</section>\n";
}

void health_page(Writer& w, const ReportContext& ctx) {
  const Model& m = ctx.model();
  const ParseHealth& h = ctx.health();
  auto& out = w.out;
  std::string schema = schema_files_summary(m.data, ctx.root());
  schema[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(schema[0])));
  out << "<section class=\"page\" id=\"page-health\" data-route=\"health\"><h2>Analysis health</h2>"
      << "<p>" << h.clean << " of " << h.tus << " translation units parsed cleanly; " << h.with_errors
      << " with errors, " << h.failed << " failed. " << e(sql_sites_summary(h)) << ".</p>"
      << "<p id=\"schema-files\">" << e(schema) << ".</p>";
  if (std::string origins = origins_summary(m, ctx.root()); !origins.empty()) {
    origins[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(origins[0])));
    out << "<p id=\"code-origins\">" << e(origins) << ".</p>";
  }
  if (!m.data.notes.empty()) {
    out << "<h3 id=\"sql-notes\">What the SQL reading assumed</h3><ul class=\"sql-notes\">";
    for (const auto& note : m.data.notes) out << "<li>" << e(note) << "</li>";
    out << "</ul>";
  }
  out << "<h3 id=\"unresolved-sql\">Unresolved SQL</h3>";
  std::vector<Row> rows;
  for (const UnresolvedSql& u : m.data.unresolved) {
    rows.push_back({w.loc(u.loc),
                    w.symbol_name(u.symbol),
                    {u.reason},
                    {u.excerpt, "", "sql"},
                    {u.suggestion.empty() ? "" : "sql: " + u.suggestion, "", "sql"}});
  }
  sort_rows(rows);
  w.table("unresolved-sql", {"Where", "Function", "Reason", "Excerpt", "To resolve (.cleave.yaml)"}, rows,
          "Every SQL site was resolved.");
  out << "<h3 id=\"parse-failures\">Parse failures</h3>";
  rows.clear();
  std::vector<const TuSummary*> tus;
  for (const auto& t : m.tus) tus.push_back(&t);
  std::sort(tus.begin(), tus.end(), [](const auto* a, const auto* b) { return a->file < b->file; });
  for (const TuSummary* t : tus) {
    if (t->status == ParseStatus::Clean) continue;
    std::string diags;
    for (const auto& d : t->diagnostics) {
      diags += (diags.empty() ? "" : "\n") + ctx.where(d.loc) + ": " + d.severity + ": " + d.message;
    }
    rows.push_back({{ctx.rel(t->file), "", "loc"},
                    {std::string(to_string(t->status))},
                    {std::to_string(t->error_count)},
                    {diags, "", "sql"},
                    {join(t->dropped_flags, " ")}});
  }
  w.table("parse-failures", {"File", "Status", "Errors", "Diagnostics", "Dropped flags"}, rows,
          "Every translation unit parsed cleanly.");
  out << "<h3>Unresolved calls</h3><p class=\"muted\">Calls through function pointers, std::function or dependent "
         "expressions; the dependency graph misses their targets.</p>";
  rows.clear();
  for (const UnresolvedCall& c : m.unresolved_calls) {
    rows.push_back({w.loc(c.site), w.symbol_name(c.caller), {c.reason}, {c.text, "", "sql"}});
  }
  sort_rows(rows);
  w.table("unresolved-calls", {"Where", "Caller", "Reason", "Expression"}, rows, "None.");
  out << "</section>\n";
}

// Everything a person may act on, one group per rule of the catalogue.
void findings_page(Writer& w, const ReportContext& ctx) {
  auto& out = w.out;
  const auto& findings = ctx.findings();
  out << "<section class=\"page\" id=\"page-findings\" data-route=\"findings\"><h2>Findings</h2>"
         "<p>What the analysis found that a person may act on, grouped by rule (<code>cleave --list-rules</code> "
         "lists them all).</p>";
  if (findings.empty()) out << "<p class=\"muted\">No findings.</p>";
  for (const FindingGroup& g : findings_by_rule(findings)) {
    const std::string summary = g.entry ? std::string(g.entry->summary) : "(a rule this version does not know)";
    out << "<h3 id=\"rule-" << e(slug(g.rule)) << "\"><code>" << e(g.rule) << "</code> " << e(summary)
        << " <span class=\"muted\">(" << g.findings.size() << ")</span></h3>";
    if (g.entry) out << "<p class=\"muted\">What to do: " << e(std::string(g.entry->remedy)) << "</p>";
    std::vector<Row> rows;
    for (const Finding* f : g.findings) {
      const std::string severity(to_string(f->severity));
      rows.push_back({w.loc(f->location), {severity, "", "tag " + severity}, {f->message}});
    }
    w.table("findings-" + slug(g.rule), {"Where", "Severity", "Message"}, rows);
  }
  out << "</section>\n";
}

void search_page(Writer& w, const ReportContext& ctx) {
  auto& out = w.out;
  out << "<section class=\"page\" id=\"page-search\" data-route=\"search\"><h2>Search</h2><ul class=\"plain\" "
         "id=\"search-results\">";
  for (const auto& s : ctx.service_names()) {
    out << "<li>service <a href=\"" << e(service_href(s)) << "\">" << e(s) << "</a></li>";
  }
  for (const auto& t : ctx.table_names()) out << "<li>table <a href=\"#tables\">" << e(t) << "</a></li>";
  out << "</ul><h3>Symbols</h3>";
  std::vector<Row> rows;
  for (const Symbol& s : ctx.model().symbols) {
    if (s.is_implicit || !(s.kind == SymbolKind::Class || is_function_kind(s.kind))) continue;
    std::string svc = ctx.service_of_symbol(s.id);
    rows.push_back({{s.name}, {std::string(to_string(s.kind))}, service_cell(svc), w.loc(s.loc)});
  }
  sort_rows(rows);
  // Always lazy: the index is the biggest table of the report, and the
  // search box filters it through the same code path at every size.
  w.table("symbols", {"Name", "Kind", "Service", "Where"}, rows, "No symbols.", true);
  out << "</section>\n";
}

}  // namespace

std::string render_html(const ReportInput& input) { return render_html(ReportContext(input, dot_to_svg)); }

std::string render_html(const ReportContext& ctx) {
  const ParseHealth& h = ctx.health();
  Writer w(ctx);
  overview(w, ctx);
  service_map(w, ctx);
  for (const std::string& s : ctx.service_names()) service_page(w, ctx, s);
  tables_page(w, ctx);
  dsm_page(w, ctx);
  god_page(w, ctx);
  order_page(w, ctx);
  transactions_page(w, ctx);
  if (has_fitness(ctx.proposal())) fitness_page(w, ctx);
  health_page(w, ctx);
  if (ctx.has_findings()) findings_page(w, ctx);
  search_page(w, ctx);

  std::string title = ctx.project_name().empty() ? "cleave report" : "cleave: " + ctx.project_name();
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         // Nothing may be fetched: the report is one file and works offline.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">"
         "<title>"
      << e(title) << "</title><style>" << assets::kCss << "</style></head>\n<body>\n<header><h1>" << e(title)
      << "</h1><nav><a href=\"#overview\">Overview</a><a href=\"#map\">Service map</a><a href=\"#tables\">Tables</a>"
         "<a href=\"#dsm\">DSM</a><a href=\"#god\">God classes</a><a href=\"#order\">Extraction order</a>"
         "<a href=\"#transactions\">Transactions</a>"
      << (has_fitness(ctx.proposal()) ? "<a href=\"#fitness\">Serverless fitness</a>" : "")
      << "<a href=\"#health\">Health</a>" << (ctx.has_findings() ? "<a href=\"#findings\">Findings</a>" : "")
      << "</nav>"
         "<input id=\"search\" type=\"search\" placeholder=\"Search classes, functions, tables\" "
         "aria-label=\"Search\"></header>\n";
  for (const Finding& w : ctx.proposal().warnings) {
    if (w.rule == rules::kNoSql)
      out << "<div class=\"banner\" id=\"no-sql-warning\" role=\"alert\"><strong>No SQL found.</strong> "
          << e(w.message) << "</div>\n";
  }
  if (h.partial()) {
    out << "<div class=\"banner\" id=\"partial-warning\" role=\"alert\">Partial analysis: ";
    if (h.failed + h.with_errors > 0) {
      out << h.failed << " of " << h.tus << " translation units failed to parse and " << h.with_errors
          << " parsed with errors";
      if (h.unresolved_sql > 0) out << "; ";
    }
    if (h.unresolved_sql > 0) out << e(unresolved_sql_summary(h));
    out << ". The proposal is built on the code that was read. <a href=\"#health\">See what is missing</a>.</div>\n";
  }
  out << "<main>\n" << w.out.str() << "</main>\n";
  json data = json::object();
  data["lazy"] = w.lazy();
  json services = json::array();
  for (const auto& s : ctx.service_names()) services.push_back({{"name", s}, {"slug", slug(s)}});
  data["services"] = std::move(services);
  out << "<script type=\"application/json\" id=\"cleave-data\">" << json_for_script(data) << "</script>\n<script>"
      << assets::kScript << "</script>\n</body></html>\n";
  return out.str();
}

}  // namespace cleave::report
