#include "reports/html/html_service.hpp"

#include "reports/common/escape.hpp"
#include "reports/common/metric_words.hpp"
#include "reports/common/service_facts.hpp"
#include "reports/dot/dot_report.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace cleave::report::html {
namespace {

// A service's own tables with their keys; a foreign key into another
// service's table is marked as one to cut.
void service_tables(Writer& w, const ReportContext& ctx, const Service& s, const std::string& key) {
  w.out << "<h3>Owned tables</h3>";
  std::vector<Row> rows;
  std::vector<std::string> tables = s.tables;
  std::sort(tables.begin(), tables.end());
  for (const std::string& t : tables) {
    const Table* tab = ctx.table(t);
    std::string cols, fks;
    if (tab) {
      for (const Column& c : tab->columns)
        cols += (cols.empty() ? "" : ", ") + c.name + (c.type.empty() ? "" : " " + c.type);
      for (const ForeignKey& fk : tab->foreign_keys) {
        const TableOwnership* o = ctx.ownership(fk.ref_table);
        std::string owner = o ? o->owner : "";
        fks += (fks.empty() ? "" : "; ") + join(fk.columns) + " -> " + fk.ref_table + "(" + join(fk.ref_columns) + ")" +
               (owner.empty() || owner == s.name ? "" : " [owned by " + owner + ": cut]");
      }
    }
    rows.push_back({{t, "#tables", ""},
                    {tab ? join(tab->primary_key) : ""},
                    {fks},
                    {tab ? cols : "no schema found"},
                    tab ? w.loc(tab->defined_at) : Cell{}});
  }
  w.table("tables-" + key, {"Table", "Primary key", "Foreign keys", "Columns", "Defined at"}, rows,
          "This service owns no table.");
}

// "orders: write orders, then billing: write invoices" for a saga.
std::string saga_words(const DistributedTransaction& t) {
  if (t.saga.empty()) return "no saga proposed (see Transactions)";
  std::string out = "saga of " + std::to_string(t.saga.size()) + " steps: ";
  for (std::size_t i = 0; i < t.saga.size(); ++i) {
    out += (i ? "; " : "") + std::to_string(i + 1) + ". " + t.saga[i].service + ": " + t.saga[i].action;
  }
  return out;
}

std::string pivot_words(const DistributedTransaction& t) {
  for (std::size_t i = 0; i < t.saga.size(); ++i) {
    if (t.saga[i].pivot) return "step " + std::to_string(i + 1) + " (" + t.saga[i].service + ")";
  }
  return "none";
}

// What extracting the service costs, on one screen at the top of its page.
void cut_card(Writer& w, const ReportContext& ctx, const std::string& name) {
  const CutCost c = cut_cost(ctx, name);
  auto& out = w.out;
  out << "<div class=\"cut\" id=\"cut-" << e(slug(name)) << "\"><h3>Cost of the cut</h3><div class=\"cards\">";
  if (c.ranked) {
    card(out, std::to_string(c.step), "extraction step", false,
         "Its place in the extraction order: least entangled first");
  }
  card(out, std::to_string(c.api_operations), "calls that become API operations", false,
       "API members other services call synchronously (queries, commands): each becomes an HTTP operation");
  card(out, std::to_string(c.events), "events", false,
       "API members other services reach asynchronously: each becomes a published event");
  card(out, std::to_string(c.tables), "tables that move", false, "Tables it owns: they move to its own database");
  card(out, std::to_string(c.foreign_keys), "foreign keys to cut", c.foreign_keys > 0,
       "Foreign keys between its tables and another service's: the database split removes them");
  card(out, std::to_string(c.sagas), "transactions that become sagas", c.sagas > 0,
       "Transactions whose writes span its tables and another service's: each becomes a saga");
  if (c.ranked) {
    card(out, format_number(c.impact), metric_title("impact_score"), false, metric_tooltip("impact_score"));
  }
  out << "</div></div>";
}

// The page's head: the cost of the cut, the sizes and metrics, the naming
// evidence, what was folded in.
void service_head(Writer& w, const ReportContext& ctx, const Service& s, const std::string& key) {
  const std::string& name = s.name;
  auto& out = w.out;
  out << "<section class=\"page service-page\" id=\"page-service-" << e(key) << "\" data-route=\""
      << e(service_route(name)) << "\" data-service=\"" << e(name) << "\"><h2>Service <span class=\"service-name\">"
      << e(name) << "</span></h2>";
  cut_card(w, ctx, name);
  out << "<div class=\"cards\">";
  card(out, std::to_string(s.classes.size()), "classes");
  card(out, std::to_string(s.functions.size()), "functions");
  card(out, std::to_string(s.api.size()), "API members");
  std::vector<std::string> shown{"impact_score"};
  for (const auto& [k, v] : s.metrics) {
    if (k == "classes" || k == "functions" || k == "tables" || k == "api") continue;  // the cards above
    metric_card(out, k, v);
    shown.push_back(k);
  }
  out << "</div>";
  metric_glossary(out, shown);
  if (!s.naming_evidence.empty()) {
    out << "<p class=\"muted\">Named after: " << e(join(s.naming_evidence, "; ")) << "</p>";
  }
  if (!s.folded.empty()) {
    out << "<h3>Folded in</h3><p class=\"muted\">Parts that own no data and are more tied to this service than "
           "to themselves: one in-memory model, not services of their own.</p><ul>";
    for (const auto& f : s.folded) out << "<li>" << e(f) << "</li>";
    out << "</ul>";
  }
}

// Who it calls and who calls it, and its API.
void service_calls(Writer& w, const ReportContext& ctx, const Service& s, const std::string& key) {
  const std::string& name = s.name;
  auto& out = w.out;
  out << "<h3>Dependencies</h3>";
  std::vector<Row> rows;
  for (const ServiceLink& l : ctx.links()) {
    if (l.from == name)
      rows.push_back({{"out"}, service_cell(l.to), {std::to_string(l.weight)}, {l.style, "", "tag " + l.style}});
  }
  for (const ServiceLink& l : ctx.links()) {
    if (l.to == name)
      rows.push_back({{"in"}, service_cell(l.from), {std::to_string(l.weight)}, {l.style, "", "tag " + l.style}});
  }
  w.table("deps-" + key, {"Direction", "Service", "Call weight", "Style"}, rows, "No dependencies on other services.");

  out << "<h3>API</h3>";
  rows.clear();
  std::vector<ApiMember> api = s.api;
  std::sort(api.begin(), api.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const ApiMember& a : api) {
    rows.push_back({{a.endpoint},
                    {a.style},
                    {a.name},
                    w.loc(w.symbol_loc(a.symbol)),
                    {join(a.callers)},
                    {std::to_string(a.call_weight)}});
  }
  w.table("api-" + key, {"Endpoint", "Style", "Member", "Where", "Callers", "Call weight"}, rows,
          "Nothing outside this service calls it.");
}

// Its tables, its code's SQL, the foreign keys and transactions its cut breaks.
void service_data(Writer& w, const ReportContext& ctx, const Service& s, const std::string& key) {
  const std::string& name = s.name;
  const Proposal& p = ctx.proposal();
  const Model& m = ctx.model();
  auto& out = w.out;
  service_tables(w, ctx, s, key);
  if (!s.ddl.empty())
    out << "<details><summary>DDL of its own database</summary><pre>" << e(s.ddl) << "</pre></details>";

  out << "<h3>Data access by its code</h3>";
  std::vector<Row> rows;
  for (const TableAccess& a : m.data.accesses) {
    if (ctx.service_of_symbol(a.symbol) != name) continue;
    const TableOwnership* o = ctx.ownership(a.table);
    std::string owner = o ? o->owner : "";
    std::string letters = crud_letters(a);
    if (letters.empty()) letters = to_string(a.mode);  // "ddl" or "call": no data access, but shown
    // A call names a stored routine, which no service owns: its body's tables are rows of their own.
    const bool routine = a.mode == AccessMode::Call;
    rows.push_back({{routine ? a.table + "()" : a.table},
                    {letters},
                    {routine         ? "stored routine"
                     : owner == name ? "own"
                     : owner.empty() ? "unowned"
                                     : "owned by " + owner},
                    w.symbol_name(a.symbol),
                    w.loc(a.loc),
                    {a.sql, "", "sql"}});
  }
  sort_rows(rows);
  w.table("access-" + key, {"Table", "CRUD", "Ownership", "Function", "Where", "SQL"}, rows, "No SQL access.");

  std::vector<Row> fk_rows;
  for (const CrossServiceForeignKey& fk : p.foreign_keys_to_cut) {
    if (fk.table_owner == name || fk.ref_owner == name) {
      fk_rows.push_back(
          {{fk.table}, {join(fk.columns)}, {fk.ref_table}, service_cell(fk.table_owner), service_cell(fk.ref_owner)});
    }
  }
  if (!fk_rows.empty()) {
    out << "<h3>Foreign keys to cut</h3>";
    w.table("fks-" + key, {"Table", "Columns", "References", "Table owner", "Referenced owner"}, fk_rows);
  }

  out << "<h3>Distributed transactions</h3><p class=\"muted\">Transactions whose writes span several services: "
         "each becomes a saga, a sequence of local transactions, each undone by its compensation if a later "
         "step fails before the pivot.</p>";
  rows.clear();
  for (const DistributedTransaction& t : p.distributed_transactions) {
    if (std::find(t.services.begin(), t.services.end(), name) == t.services.end()) continue;
    rows.push_back({{t.function},
                    w.loc(t.loc),
                    {join(t.services)},
                    {join(t.tables)},
                    {saga_words(t), "#transactions", ""},
                    {pivot_words(t)}});
  }
  w.table("dtx-" + key, {"Function", "Where", "Services", "Tables", "Saga", "Pivot"}, rows, "None.", false,
          {"", "", "", "",
           "The saga that replaces the transaction: its steps in order (the Transactions page has them "
           "with their compensations)",
           "The step after which the saga no longer compensates: it can only go forward"});
}

}  // namespace

void service_page(Writer& w, const ReportContext& ctx, const std::string& name) {
  const Service& s = *ctx.service(name);
  const std::string key = slug(name);
  service_head(w, ctx, s, key);
  service_calls(w, ctx, s, key);
  service_data(w, ctx, s, key);
  auto& out = w.out;
  out << "<h3>Members</h3><p class=\"muted\">Least certain placement first: confidence is how stable the "
         "placement is across other clustering seeds and resolutions, times its margin over the runner-up "
         "(docs/metrics.md).</p>";
  std::map<std::string, const Placement*> placed;
  for (const auto& pl : ctx.proposal().placements) placed[pl.unit] = &pl;
  std::vector<std::pair<std::pair<double, std::string>, Row>> members;
  auto member = [&](const std::string& unit, const char* kind) {
    auto it = placed.find(unit);
    const Placement* pl = it == placed.end() ? nullptr : it->second;
    std::ostringstream conf;
    if (pl) conf << pl->confidence;
    Row row{{unit},
            {kind},
            {conf.str()},
            {pl ? pl->runner_up : ""},
            {pl ? pl->rule : "", "", "", pl ? pl->reason : ""},
            w.loc_of(unit)};
    members.emplace_back(std::make_pair(pl ? pl->confidence : 1.0, unit), std::move(row));
  };
  for (const auto& c : s.classes) member(c, "class");
  for (const auto& f : s.functions) member(f, "function");
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Row> rows;
  for (auto& m : members) rows.push_back(std::move(m.second));
  w.table("members-" + key, {"Name", "Kind", "Confidence", "Runner-up", "Placed by", "Where"}, rows, "No members.");
  if (!s.files.empty()) {
    out << "<details><summary>" << s.files.size() << " files</summary><ul class=\"plain\">";
    std::vector<std::string> files = s.files;
    std::sort(files.begin(), files.end());
    for (const auto& f : files) out << "<li class=\"loc\">" << e(ctx.rel(f)) << "</li>";
    out << "</ul></details>";
  }

  out << "<h3>Class graph</h3><button class=\"show-graph\" data-template=\"cg-" << e(key) << "\" data-target=\"cgbox-"
      << e(key) << "\">Show the class graph</button><div class=\"svgbox\" id=\"cgbox-" << e(key)
      << "\"></div><template id=\"cg-" << e(key) << "\">" << inline_svg(ctx, render_service_class_dot(ctx, name))
      << "</template></section>\n";
}

}  // namespace cleave::report::html
