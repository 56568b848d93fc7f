#include "reports/markdown/markdown_report.hpp"

#include "reports/common/escape.hpp"
#include "reports/common/fitness_words.hpp"
#include "reports/common/metric_words.hpp"
#include "reports/common/service_facts.hpp"

#include <algorithm>
#include <sstream>

namespace cleave::report {
namespace {

std::string join_escaped(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += sep;
    out += md_escape(i.empty() ? "(shared kernel)" : i);
  }
  return out;
}

// Names from the code (symbols, SQL) as code spans: verbatim, no backslashes.
std::string code(const std::string& text) { return md_code(text); }
std::string code_cell(const std::string& text) { return md_code_cell(text); }

void more(std::ostream& out, std::size_t total) {
  if (total > kMaxListed) out << "\n… and " << (total - kMaxListed) << " more (see report.html).\n";
}

void header(std::ostream& out, const ReportContext& ctx) {
  const Proposal& p = ctx.proposal();
  const ParseHealth& h = ctx.health();
  out << "# " << md_escape(ctx.project_name().empty() ? "cleave report" : ctx.project_name())
      << ": proposed services\n\n";
  for (const Finding& w : p.warnings) {
    if (w.rule == rules::kNoSql) out << "> **No SQL found.** " << md_escape(w.message) << "\n\n";
  }
  if (h.partial()) {
    std::string missing;
    if (h.failed + h.with_errors > 0) {
      missing = std::to_string(h.failed) + " of " + std::to_string(h.tus) + " translation units failed to parse and " +
                std::to_string(h.with_errors) + " parsed with errors";
    }
    if (h.unresolved_sql > 0) missing += (missing.empty() ? "" : "; ") + unresolved_sql_summary(h);
    out << "> **Warning: partial analysis.** " << missing << ". The proposal covers only what was read.\n\n";
  }

  std::vector<const Finding*> warnings;  // the no-SQL warning stands above
  for (const Finding& w : p.warnings) {
    if (w.rule != rules::kNoSql) warnings.push_back(&w);
  }
  if (!warnings.empty()) {
    out << "Configuration warnings:\n\n";
    for (std::size_t i = 0; i < warnings.size() && i < kMaxListed; ++i)
      out << "- " << md_escape(warnings[i]->message) << "\n";
    more(out, warnings.size());
    out << "\n";
  }
  out << "| Monolith | |\n|---|---|\n";
  out << "| Translation units | " << h.tus << " (" << h.clean << " clean, " << h.with_errors << " with errors, "
      << h.failed << " failed) |\n";
  out << "| Classes | " << ctx.class_count() << " |\n";
  out << "| Functions | " << ctx.function_count() << " |\n";
  out << "| Tables | " << h.tables << " |\n";
  out << "| SQL | " << sql_sites_summary(h) << " |\n";
  out << "| Schema | " << md_escape(schema_files_summary(ctx.model().data, ctx.root())) << " |\n";
  if (const std::string origins = origins_summary(ctx.model(), ctx.root()); !origins.empty())
    out << "| Not the product | " << md_escape(origins) << " |\n";
  out << "| Unresolved calls | " << h.unresolved_calls << " |\n";
  out << "| Proposed services | " << ctx.service_names().size() << " |\n\n";
}

// What extracting each service costs, in the order of extraction.
void cut_costs(std::ostream& out, const ReportContext& ctx) {
  std::vector<std::pair<CutCost, std::string>> rows;
  for (const std::string& name : ctx.service_names()) rows.emplace_back(cut_cost(ctx, name), name);
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::make_pair(!a.first.ranked, a.first.step) < std::make_pair(!b.first.ranked, b.first.step);
  });
  out << "\n### Cost of each cut\n\nWhat extracting each service means, in the order of extraction: calls "
         "that become API operations or events, tables that move to its own database, foreign keys to cut, "
         "transactions that become sagas, and its impact score ("
      << md_escape(metric_tooltip("impact_score"))
      << ")\n\n| Step | Service | API operations | Events | Tables that move | Foreign keys to cut | Sagas | Impact "
         "score |\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& [c, name] : rows) {
    out << "| " << (c.ranked ? std::to_string(c.step) : "") << " | " << md_escape(name) << " | " << c.api_operations
        << " | " << c.events << " | " << c.tables << " | " << c.foreign_keys << " | " << c.sagas << " | "
        << (c.ranked ? format_number(c.impact) : "") << " |\n";
  }
}

void services(std::ostream& out, const ReportContext& ctx) {
  const Proposal& p = ctx.proposal();
  // Several databases in the schema: the boundary its architects drew, shown beside each service.
  const bool databases =
      std::any_of(p.services.begin(), p.services.end(), [](const Service& s) { return !s.databases.empty(); });
  out << "## Services\n\n| Service | Classes | Functions | Tables owned | " << (databases ? "Databases | " : "")
      << "API | Depends on |\n|---|---|---|---|---|---|" << (databases ? "---|" : "") << "\n";
  for (const std::string& name : ctx.service_names()) {
    const Service* s = ctx.service(name);
    std::vector<std::string> tables = s->tables;
    std::sort(tables.begin(), tables.end());
    std::string deps;
    for (const ServiceLink& l : ctx.links()) {
      if (l.from != name) continue;
      if (!deps.empty()) deps += ", ";
      deps += md_escape(l.to) + " (" + std::to_string(l.weight) + ", " + md_escape(l.style) + ")";
    }
    out << "| " << md_escape(name) << " | " << s->classes.size() << " | " << s->functions.size() << " | "
        << join_escaped(tables) << " | " << (databases ? join_escaped(s->databases) + " | " : "") << s->api.size()
        << " | " << deps << " |\n";
  }
  for (const std::string& name : ctx.service_names()) {
    const Service* s = ctx.service(name);
    if (!s->stateful_core.empty())
      out << "\nStateful core, keep together: " << md_escape(name) << " " << md_escape(s->stateful_core) << ".\n";
  }
  if (!p.shared_kernel_classes.empty() || !p.shared_kernel_functions.empty()) {
    out << "\nShared kernel (a library, not a service): " << p.shared_kernel_classes.size() << " classes, "
        << p.shared_kernel_functions.size() << " functions.\n";
  }
  out << "\n"
      << kServiceMapImage
      << "\n\nThe service map ([services.svg](services.svg), written beside this file by the `svg` output): "
         "services with their sizes and extraction steps, the shared kernel and the calls between them.\n";
  cut_costs(out, ctx);
}

void ownership(std::ostream& out, const ReportContext& ctx) {
  out << "\n## Table ownership\n\n| Table | Owner | Writers | Readers | Resolution |\n|---|---|---|---|---|\n";
  for (const std::string& t : ctx.table_names()) {
    const TableOwnership* o = ctx.ownership(t);
    bool conflict = ctx.is_conflict(t);
    out << "| " << md_escape(t) << (conflict ? " **(conflict)**" : "") << " | "
        << (o && !o->owner.empty() ? md_escape(o->owner) : "(none)") << " | " << (o ? join_escaped(o->writers) : "")
        << " | " << (o ? join_escaped(o->readers) : "") << " | " << (o ? md_escape(o->resolution) : "") << " |\n";
  }

  bool folded_header = false;
  for (const std::string& name : ctx.service_names()) {
    const Service* s = ctx.service(name);
    if (s->folded.empty()) continue;
    if (!folded_header) {
      out << "\n## Folded stateless parts\n\nParts that own no table and are more tied to another service than to "
             "themselves: one in-memory model with it, not services of their own.\n\n";
      folded_header = true;
    }
    for (const auto& f : s->folded) out << "- into **" << md_escape(name) << "**: " << md_escape(f) << "\n";
  }
}

// Per service, its least certain placements (docs/metrics.md, Confidence).
void confidence(std::ostream& out, const ReportContext& ctx) {
  const auto& placements = ctx.proposal().placements;
  if (placements.empty()) return;
  out << "\n## Least certain placements\n\nPer service, the five placements least stable across other clustering "
         "seeds and resolutions, or closest to their runner-up; `cleave explain NAME` gives the evidence.\n\n"
         "| Service | Unit | Confidence | Runner-up | Placed by |\n|---|---|---|---|---|\n";
  for (const std::string& name : ctx.service_names()) {
    std::vector<const Placement*> mine;
    for (const auto& pl : placements) {
      if (pl.service == name) mine.push_back(&pl);
    }
    std::stable_sort(mine.begin(), mine.end(),
                     [](const Placement* a, const Placement* b) { return a->confidence < b->confidence; });
    for (std::size_t i = 0; i < mine.size() && i < 5; ++i) {
      out << "| " << md_escape(name) << " | " << code_cell(mine[i]->unit) << " | " << mine[i]->confidence << " | "
          << md_escape(mine[i]->runner_up) << " | " << md_escape(mine[i]->rule) << " |\n";
    }
  }
}

void plan(std::ostream& out, const ReportContext& ctx) {
  const Proposal& p = ctx.proposal();
  if (!p.extraction_order.empty()) {
    out << "\n## Extraction order\n\n";
    std::vector<ExtractionStep> steps = p.extraction_order;
    std::sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.rank < b.rank; });
    for (const ExtractionStep& s : steps) {
      out << s.rank << ". **" << md_escape(s.service) << "** (score " << format_number(s.score) << ")";
      if (!s.reasons.empty()) out << ": " << join_escaped(s.reasons, "; ");
      out << "\n";
    }
  }

  if (!p.distributed_transactions.empty()) {
    out << "\n## Distributed transactions\n\n";
    for (std::size_t i = 0; i < p.distributed_transactions.size() && i < kMaxListed; ++i) {
      const DistributedTransaction& t = p.distributed_transactions[i];
      out << "- " << code(t.function) << " (" << md_escape(ctx.where(t.loc)) << "): services "
          << join_escaped(t.services) << "; tables " << join_escaped(t.tables) << "\n";
    }
    more(out, p.distributed_transactions.size());
  }

  if (!p.split_classes.empty()) {
    out << "\n## God classes to split\n\n";
    for (const SplitClass& c : p.split_classes) {
      out << "- " << code(c.name);
      if (std::string w = ctx.where_symbol(c.name); !w.empty()) out << " (" << md_escape(w) << ")";
      if (!c.reason.empty()) out << ": " << md_escape(c.reason);
      out << "\n";
      std::map<std::string, std::vector<std::string>> by_service;
      for (const SplitMethod& sm : c.methods) by_service[sm.service].push_back(sm.method);
      for (auto& [svc, methods] : by_service) {
        std::sort(methods.begin(), methods.end());
        out << "  - to " << md_escape(svc.empty() ? "(shared kernel)" : svc) << ": " << methods.size() << " method"
            << (methods.size() == 1 ? "" : "s") << "\n";
      }
    }
  }

  if (!p.metrics.empty()) {
    out << "\n## Metrics\n\n| Metric | Value | Better | What it measures |\n|---|---|---|---|\n";
    for (const auto& [k, v] : p.metrics) {
      const MetricWords* words = metric_words(k);
      out << "| " << md_escape(metric_title(k)) << " | " << format_number(v) << " | "
          << (words ? md_escape(std::string(words->better)) : "") << " | "
          << (words ? md_escape(std::string(words->meaning)) : "") << " |\n";
    }
  }
}

std::string effort_words(const FitnessFinding& f) {
  const std::string out = report::effort_words(f.effort);
  return f.central ? out + ", central" : out;
}

// Findings in the order given (by effort), capped like every list here.
void fitness_table(std::ostream& out, const ReportContext& ctx, const std::vector<FitnessFinding>& findings,
                   bool with_via) {
  out << "| Rule | Where | Function |" << (with_via ? " Via |" : "")
      << " What | Conflicts with | Replacement | Effort |\n|---|---|---|" << (with_via ? "---|" : "")
      << "---|---|---|---|\n";
  for (std::size_t i = 0; i < findings.size() && i < kMaxListed; ++i) {
    const FitnessFinding& f = findings[i];
    out << "| " << md_escape(f.rule) << " | " << md_escape(ctx.where(f.loc)) << " | "
        << (f.function.empty() ? "(namespace scope)" : code_cell(f.function)) << " | ";
    if (with_via) out << code_cell(f.via) << " | ";
    // The construct is code; a downstream finding's is prose ("sqlite3_exec on the monolith's database").
    out << (f.downstream.empty() ? code_cell(f.what) : md_escape(f.what + " (burst on " + f.downstream + ")")) << " | "
        << md_escape(f.conflict) << " | " << md_escape(f.replacement) << " | " << effort_words(f) << " |\n";
  }
  more(out, findings.size());
}

// Per service its verdict and findings, then the shared kernel's.
void fitness(std::ostream& out, const ReportContext& ctx) {
  const Proposal& p = ctx.proposal();
  if (p.fitness.empty() && p.kernel_fitness.empty()) return;
  std::vector<const ServiceFitness*> services;
  for (const ServiceFitness& f : p.fitness) services.push_back(&f);
  std::sort(services.begin(), services.end(), [](const auto* a, const auto* b) { return a->service < b->service; });
  out << "\n## Serverless fitness\n\nWhat in each service's code assumes a long-lived process on one machine, "
         "which Lambda's stateless, ephemeral functions do not give, and what to use instead.\n\n"
         "| Service | Verdict | Findings | Would see the bursts |\n|---|---|---|---|\n";
  for (const ServiceFitness* f : services) {
    out << "| " << md_escape(f->service) << " | **" << md_escape(verdict_words(f->verdict)) << "** | "
        << f->findings.size() << " | " << join_escaped(f->downstream) << " |\n";
  }
  for (const ServiceFitness* f : services) {
    if (f->findings.empty() && f->evidence.empty()) continue;
    out << "\n### " << md_escape(f->service) << ": " << md_escape(verdict_words(f->verdict)) << "\n\n";
    if (!f->evidence.empty()) {
      out << "Why it should stay a long-running service:\n\n";
      for (const auto& line : f->evidence) out << "- " << md_escape(line) << "\n";
      out << "\n";
    }
    if (!f->findings.empty()) fitness_table(out, ctx, f->findings, true);
  }
  if (!p.kernel_fitness.empty()) {
    out << "\n### Shared kernel\n\nAlso listed under each service whose code reaches them (column Via).\n\n";
    fitness_table(out, ctx, p.kernel_fitness, false);
  }
}

void gaps(std::ostream& out, const ReportContext& ctx) {
  const Model& m = ctx.model();
  if (!m.data.notes.empty()) {
    out << "\n## What the SQL reading assumed\n\n";
    for (const auto& note : m.data.notes) out << "- " << md_escape(note) << "\n";
  }
  if (!m.data.unresolved.empty()) {
    out << "\n## Unresolved SQL\n\n| Where | Reason | Excerpt | To resolve (.cleave.yaml) |\n|---|---|---|---|\n";
    std::vector<const UnresolvedSql*> rows;
    for (const auto& u : m.data.unresolved) rows.push_back(&u);
    std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return a->loc < b->loc; });
    for (std::size_t i = 0; i < rows.size() && i < kMaxListed; ++i) {
      out << "| " << md_escape(ctx.where(rows[i]->loc)) << " | " << md_escape(rows[i]->reason) << " | "
          << code_cell(rows[i]->excerpt) << " | "
          << (rows[i]->suggestion.empty() ? std::string() : code_cell("sql: " + rows[i]->suggestion)) << " |\n";
    }
    more(out, rows.size());
  }

  const auto& unaccessed = m.data.unaccessed_tables;
  const auto& undeclared = m.data.undeclared_tables;
  if (!unaccessed.empty() || !undeclared.empty()) {
    out << "\n## Schema gaps\n\n";
    auto list = [&](const std::vector<std::string>& tables) {
      std::vector<std::string> shown(tables.begin(), tables.begin() + std::min(tables.size(), kMaxListed));
      out << join_escaped(shown) << (tables.size() > kMaxListed ? ", … (see report.html)" : "") << "\n";
    };
    if (!unaccessed.empty()) {
      out << "- Declared in a schema, accessed by no resolved SQL (" << unaccessed.size() << "): ";
      list(unaccessed);
    }
    if (!undeclared.empty()) {
      out << "- Accessed by the code, declared in no schema (" << undeclared.size() << "): ";
      list(undeclared);
    }
  }

  std::vector<const TuSummary*> broken;
  for (const auto& t : m.tus) {
    if (t.status != ParseStatus::Clean) broken.push_back(&t);
  }
  if (!broken.empty()) {
    std::sort(broken.begin(), broken.end(), [](const auto* a, const auto* b) { return a->file < b->file; });
    out << "\n## Parse failures\n\n| File | Status | Errors | First diagnostic |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < broken.size() && i < kMaxListed; ++i) {
      const TuSummary& t = *broken[i];
      out << "| " << md_escape(ctx.rel(t.file)) << " | " << to_string(t.status) << " | " << t.error_count << " | "
          << (t.diagnostics.empty()
                  ? std::string()
                  : md_escape(ctx.where(t.diagnostics.front().loc) + ": " + t.diagnostics.front().message))
          << " |\n";
    }
    more(out, broken.size());
  }
}

// One table per rule, its id, summary and remedy above it.
void findings(std::ostream& out, const ReportContext& ctx) {
  const std::vector<Finding>& all = ctx.findings();
  out << "\n## Findings\n\n";
  if (all.empty()) {
    out << "No findings.\n";
    return;
  }
  std::size_t by_severity[3] = {0, 0, 0};
  for (const Finding& f : all) ++by_severity[static_cast<std::size_t>(f.severity)];
  auto n = [](std::size_t count, const char* word) {
    return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
  };
  out << n(all.size(), "finding") << ": " << n(by_severity[2], "error") << ", " << n(by_severity[1], "warning") << ", "
      << n(by_severity[0], "note") << ".\n";
  for (const FindingGroup& g : findings_by_rule(all)) {
    out << "\n### " << md_escape(g.rule) << ": "
        << md_escape(g.entry ? std::string(g.entry->summary) : "(a rule this version does not know)") << "\n\n";
    if (g.entry) out << "What to do: " << md_escape(std::string(g.entry->remedy)) << "\n\n";
    out << "| Where | Severity | Message |\n|---|---|---|\n";
    for (std::size_t i = 0; i < g.findings.size() && i < kMaxListed; ++i) {
      const Finding& f = *g.findings[i];
      out << "| " << md_escape(ctx.where(f.location)) << " | " << to_string(f.severity) << " | " << md_escape(f.message)
          << " |\n";
    }
    more(out, g.findings.size());
  }
}

}  // namespace

std::string render_markdown(const ReportInput& input) { return render_markdown(ReportContext(input)); }

std::string render_markdown(const ReportContext& ctx) {
  std::ostringstream out;
  header(out, ctx);
  services(out, ctx);
  ownership(out, ctx);
  confidence(out, ctx);
  plan(out, ctx);
  fitness(out, ctx);
  gaps(out, ctx);
  if (ctx.has_findings()) findings(out, ctx);
  return out.str();
}

}  // namespace cleave::report
